"""`FBetaScore` and `F1Score`."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.metrics.metric import Metric

_AVERAGES = (None, "micro", "macro", "weighted")


@kerata_export("kerata.metrics.FBetaScore")
class FBetaScore(Metric):
    """F-beta score of multi-class or multi-label predictions.

    `(1 + beta**2) * precision * recall / (beta**2 * precision + recall)`,
    per class, from counts accumulated over batches. Labels are one-hot
    (or multi-hot) of shape `(batch_size, num_classes)`.

    Args:
        average: None (one score per class), `"micro"` (counts pooled
            over classes), `"macro"` (mean over classes) or `"weighted"`
            (mean weighted by each class's number of positive labels).
        beta: Weight of recall against precision, > 0.
        threshold: Predictions above it are positive. When None, each
            sample's highest prediction is positive (and no other).
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.FBetaScore(beta=2.0, threshold=0.5)
    >>> metric.update_state([[1, 1, 1], [1, 0, 0], [1, 1, 0]],
    ...                     [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6],
    ...                      [0.6, 0.8, 0.0]])
    >>> [round(v, 4) for v in
    ...  kerata.ops.convert_to_numpy(metric.result()).tolist()]
    [0.3846, 0.9091, 0.8333]
    """

    def __init__(
        self,
        average: str | None = None,
        beta: float = 1.0,
        threshold: float | None = None,
        name: str = "fbeta_score",
        dtype: Any = None,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        if average not in _AVERAGES:
            raise ValueError(
                f"`average` must be one of {_AVERAGES}. Received: "
                f"average={average!r}"
            )
        if not isinstance(beta, (int, float)) or beta <= 0:
            raise ValueError(
                f"`beta` must be a float > 0. Received: beta={beta!r}"
            )
        if threshold is not None and not 0.0 < threshold <= 1.0:
            raise ValueError(
                "`threshold` must be a float in (0, 1] or None. Received: "
                f"threshold={threshold!r}"
            )
        self.average = average
        self.beta = float(beta)
        self.threshold = threshold
        self.axis = 0 if average != "micro" else None
        self._built = False

    def _build(self, num_classes: int) -> None:
        shape = (num_classes,) if self.average != "micro" else ()
        for name in (
            "true_positives",
            "false_positives",
            "false_negatives",
            "intermediate_weights",
        ):
            variable = self.add_variable(
                shape=shape, initializer="zeros", name=name
            )
            setattr(self, name, variable)
        self._num_classes = num_classes
        self._built = True

    def update_state(
        self, y_true: Any, y_pred: Any, sample_weight: Any = None
    ) -> None:
        y_true = ops.cast(y_true, self.dtype)
        y_pred = ops.cast(y_pred, self.dtype)
        if len(y_pred.shape) != 2 or tuple(y_true.shape) != tuple(y_pred.shape):
            raise ValueError(
                f"{type(self).__name__} expects y_true and y_pred of one "
                "shape (batch_size, num_classes). Received: "
                f"y_true.shape={tuple(y_true.shape)}, "
                f"y_pred.shape={tuple(y_pred.shape)}"
            )
        num_classes = int(y_pred.shape[-1])
        if not self._built:
            self._build(num_classes)
        elif num_classes != self._num_classes:
            raise ValueError(
                f"{type(self).__name__} was built for {self._num_classes} "
                f"classes; received y_pred.shape={tuple(y_pred.shape)}."
            )
        if self.threshold is None:
            best = ops.max(y_pred, axis=-1, keepdims=True)
            # Only the highest prediction is positive; an all-zero row has
            # no positive.
            positive = ops.logical_and(y_pred >= best, ops.abs(y_pred) > 1e-9)
        else:
            positive = y_pred > self.threshold
        y_pred = ops.cast(positive, self.dtype)
        if sample_weight is not None:
            weights = ops.cast(sample_weight, self.dtype)
            if len(weights.shape) == 1:
                weights = ops.expand_dims(weights, 1)
            weights = ops.broadcast_to(weights, tuple(y_pred.shape))
        else:
            weights = ops.ones_like(y_pred)

        def total(x: Any) -> Any:
            return ops.sum(x * weights, axis=self.axis)

        self.true_positives.assign_add(total(y_pred * y_true))
        self.false_positives.assign_add(total(y_pred * (1.0 - y_true)))
        self.false_negatives.assign_add(total((1.0 - y_pred) * y_true))
        self.intermediate_weights.assign_add(total(y_true))

    def result(self) -> Any:
        if not self._built:
            return ops.zeros((), dtype=self.dtype)
        tp = self.true_positives.value
        precision = ops.divide_no_nan(tp, tp + self.false_positives.value)
        recall = ops.divide_no_nan(tp, tp + self.false_negatives.value)
        beta2 = self.beta**2
        score = ops.divide_no_nan(
            precision * recall, beta2 * precision + recall
        ) * (1.0 + beta2)
        if self.average == "weighted":
            weights = self.intermediate_weights.value
            weights = ops.divide_no_nan(weights, ops.sum(weights))
            return ops.sum(score * weights)
        if self.average == "macro":
            return ops.mean(score)
        return score

    def get_config(self) -> dict:
        return {
            "name": self.name,
            "dtype": self.dtype,
            "average": self.average,
            "beta": self.beta,
            "threshold": self.threshold,
        }


@kerata_export("kerata.metrics.F1Score")
class F1Score(FBetaScore):
    """F1 score (harmonic mean of precision and recall), per class or
    averaged.

    Args:
        average: None, `"micro"`, `"macro"` or `"weighted"`; see
            `FBetaScore`.
        threshold: Predictions above it are positive; None makes each
            sample's highest prediction the positive one.
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.F1Score(threshold=0.5)
    >>> metric.update_state([[1, 1, 1], [1, 0, 0], [1, 1, 0]],
    ...                     [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6],
    ...                      [0.6, 0.8, 0.0]])
    >>> [round(v, 4) for v in
    ...  kerata.ops.convert_to_numpy(metric.result()).tolist()]
    [0.5, 0.8, 0.6667]
    """

    def __init__(
        self,
        average: str | None = None,
        threshold: float | None = None,
        name: str = "f1_score",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            average=average,
            beta=1.0,
            threshold=threshold,
            name=name,
            dtype=dtype,
        )

    def get_config(self) -> dict:
        config = super().get_config()
        del config["beta"]
        return config
