"""Metrics from confusion-matrix counts at thresholds: TP/FP/TN/FN,
`Precision`, `Recall`, `AUC`, and one rate at a bound on another
(`SensitivityAtSpecificity`, `PrecisionAtRecall`, ...)."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.metrics.metric import Metric
from kerata.src.metrics.reduction_metrics import squeeze_or_expand_to_same_rank

_NEG_INF = -1e10


def _parse_thresholds(thresholds: Any, default: float) -> list:
    if thresholds is None:
        return [default]
    values = (
        [thresholds] if isinstance(thresholds, (int, float)) else thresholds
    )
    values = [float(t) for t in values]
    if not values or any(not 0.0 <= t <= 1.0 for t in values):
        raise ValueError(
            "Threshold values must be floats in [0, 1]. Received: "
            f"thresholds={thresholds!r}"
        )
    return values


def _filter_top_k(x: Any, k: int) -> Any:
    """Keeps the `k` largest values along the last axis, the rest -> -inf."""
    kth = ops.top_k(x, k)[0][..., -1:]
    return ops.where(x >= kth, x, _NEG_INF)


def confusion_counts(
    y_true: Any,
    y_pred: Any,
    thresholds: Any,
    sample_weight: Any = None,
    dtype: str = "float32",
    multi_label: bool = False,
    label_weights: Any = None,
    top_k: int | None = None,
    class_id: int | None = None,
    evenly_spaced: bool = False,
    epsilon_ends: bool = True,
) -> dict:
    """Weighted TP/FP/TN/FN counts of `y_pred > threshold` per threshold.

    `evenly_spaced=True` promises evenly spaced thresholds and takes a
    faster path: AUC's `[-eps, 1/(T-1), ..., 1+eps]`, or with
    `epsilon_ends=False` `[0, 1/(T-1), ..., 1]`.

    Returns:
        Dict with keys "tp", "fp", "tn", "fn" of shape
        `(num_thresholds,)`, or `(num_thresholds, num_labels)` with
        `multi_label=True`.
    """
    y_true = ops.cast(y_true, dtype)
    y_pred = ops.cast(y_pred, dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    if tuple(y_true.shape) != tuple(y_pred.shape):
        raise ValueError(
            "y_true and y_pred must have the same shape. Received: "
            f"y_true.shape={tuple(y_true.shape)}, "
            f"y_pred.shape={tuple(y_pred.shape)}"
        )
    if top_k is not None:
        y_pred = _filter_top_k(y_pred, top_k)
    if class_id is not None:
        y_true = y_true[..., class_id]
        y_pred = y_pred[..., class_id]
    weights = None
    if sample_weight is not None:
        weights = ops.cast(sample_weight, dtype)
        _, weights = squeeze_or_expand_to_same_rank(y_pred, weights)
        # Per-sample weights apply to every label of the sample.
        for _ in range(len(y_pred.shape) - len(weights.shape)):
            weights = ops.expand_dims(weights, -1)
        weights = ops.broadcast_to(weights, tuple(y_pred.shape))
    if multi_label:
        num_labels = int(y_pred.shape[-1])
        y_true = ops.reshape(y_true, (-1, num_labels))
        y_pred = ops.reshape(y_pred, (-1, num_labels))
        thresholds = ops.reshape(thresholds, (-1, 1, 1))
        if weights is not None:
            weights = ops.reshape(weights, (-1, num_labels))
    else:
        y_true = ops.reshape(y_true, (-1,))
        y_pred = ops.reshape(y_pred, (-1,))
        thresholds = ops.reshape(thresholds, (-1, 1))
        if weights is not None:
            weights = ops.reshape(weights, (-1,))
        if label_weights is not None:
            # Not multi-label: a label's weight scales its samples' weights.
            label_weights = ops.broadcast_to(
                ops.cast(label_weights, dtype), (y_pred.shape[0],)
            )
            weights = (
                label_weights if weights is None else weights * (label_weights)
            )
    label = ops.not_equal(y_true, 0.0)
    if evenly_spaced:
        return _bucket_counts(
            label,
            y_pred,
            weights,
            int(thresholds.shape[0]),
            dtype,
            epsilon_ends,
        )
    predicted = ops.greater(y_pred, thresholds)  # (thresholds, samples, ...)
    cases = {
        "tp": ops.logical_and(predicted, label),
        "fp": ops.logical_and(predicted, ops.logical_not(label)),
        "tn": ops.logical_and(
            ops.logical_not(predicted), ops.logical_not(label)
        ),
        "fn": ops.logical_and(ops.logical_not(predicted), label),
    }
    counts = {}
    for key, case in cases.items():
        case = ops.cast(case, dtype)
        if weights is not None:
            case = case * weights
        counts[key] = ops.sum(case, axis=1)
    return counts


def _bucket_counts(
    label: Any,
    y_pred: Any,
    weights: Any,
    num_thresholds: int,
    dtype: str,
    epsilon_ends: bool = True,
) -> dict:
    """The counts of `confusion_counts` for AUC's evenly spaced thresholds
    `[-eps, 1/(T-1), ..., (T-2)/(T-1), 1+eps]`, in O(samples + T) memory,
    or with `epsilon_ends=False` for `[0, 1/(T-1), ..., 1]`.

    Each prediction falls in one bucket `b`, the number of thresholds
    below it; it is positive at threshold `i` exactly when `i < b`, so the
    counts are reversed cumulative sums of per-bucket weight totals.
    """
    last = num_thresholds - 1
    if epsilon_ends:
        eps = backend.epsilon()
        inner = ops.clip(ops.ceil(y_pred * float(last)) - 1.0, 0.0, last - 1.0)
        bucket = ops.where(y_pred > -eps, inner + 1.0, 0.0)
        bucket = ops.cast(
            ops.where(y_pred > 1.0 + eps, last + 1.0, bucket), "int32"
        )
    else:
        # As in Keras, predictions are clipped to [0, 1] first; p is above
        # the first ceil(p * (T - 1)) thresholds.
        clipped = ops.clip(y_pred, 0.0, 1.0)
        bucket = ops.cast(ops.ceil(clipped * float(last)), "int32")
    buckets = ops.arange(num_thresholds + 1, dtype="int32")
    hot = ops.cast(ops.equal(ops.expand_dims(bucket, -1), buckets), dtype)
    positive = ops.cast(label, dtype)
    if weights is None:
        weights = ops.ones_like(positive)
    pos = positive * weights  # (samples,) or (samples, labels)
    neg = (1.0 - positive) * weights

    def above(w: Any) -> Any:
        if len(w.shape) == 1:
            hist = ops.matmul(ops.expand_dims(w, 0), hot)[0]  # (T + 1,)
        else:
            hist = ops.einsum("nl,nlt->tl", w, hot)  # (T + 1, labels)
        # Weight of buckets above each threshold: reversed cumsum.
        return ops.flip(ops.cumsum(ops.flip(hist, 0), axis=0), 0)[1:]

    tp = above(pos)
    fp = above(neg)
    return {
        "tp": tp,
        "fp": fp,
        "fn": ops.sum(pos, axis=0) - tp,
        "tn": ops.sum(neg, axis=0) - fp,
    }


class _ThresholdMetric(Metric):
    """Shared plumbing: thresholds kept as a device tensor."""

    def _set_thresholds(self, thresholds: list) -> None:
        self.thresholds = thresholds
        self._thresholds_tensor = ops.convert_to_tensor(
            np.asarray(thresholds, dtype=self.dtype)
        )
        self._single = len(thresholds) == 1

    def _counts(self, y_true: Any, y_pred: Any, sample_weight: Any, **kw):
        return confusion_counts(
            y_true,
            y_pred,
            self._thresholds_tensor,
            sample_weight=sample_weight,
            dtype=self.dtype,
            **kw,
        )

    def _maybe_scalar(self, x: Any) -> Any:
        return x[0] if self._single else ops.copy(x)


class _ConfusionMatrixConditionCount(_ThresholdMetric):
    _condition = ""

    def __init__(
        self, thresholds: Any = None, name: str | None = None, dtype: Any = None
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self._set_thresholds(_parse_thresholds(thresholds, 0.5))
        self.accumulator = self.add_variable(
            shape=(len(self.thresholds),),
            initializer="zeros",
            name="accumulator",
        )

    def update_state(
        self, y_true: Any, y_pred: Any, sample_weight: Any = None
    ) -> None:
        counts = self._counts(y_true, y_pred, sample_weight)
        self.accumulator.assign_add(counts[self._condition])

    def result(self) -> Any:
        return self._maybe_scalar(self.accumulator.value)

    def get_config(self) -> dict:
        return {**super().get_config(), "thresholds": self.init_thresholds}


_COUNT_DOC = """Weighted count of {what}.

    With one threshold the result is a scalar; with a list, one count per
    threshold. A prediction is positive when it is above the threshold.

    Args:
        thresholds: Float or list of floats in `[0, 1]`; defaults to 0.5.
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.{cls}()
    >>> metric.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> float(metric.result())
    {value}
    """


@kerata_export("kerata.metrics.TruePositives")
class TruePositives(_ConfusionMatrixConditionCount):
    __doc__ = _COUNT_DOC.format(
        what="true positives", cls="TruePositives", value="2.0"
    )
    _condition = "tp"


@kerata_export("kerata.metrics.FalsePositives")
class FalsePositives(_ConfusionMatrixConditionCount):
    __doc__ = _COUNT_DOC.format(
        what="false positives", cls="FalsePositives", value="1.0"
    )
    _condition = "fp"


@kerata_export("kerata.metrics.TrueNegatives")
class TrueNegatives(_ConfusionMatrixConditionCount):
    __doc__ = _COUNT_DOC.format(
        what="true negatives", cls="TrueNegatives", value="0.0"
    )
    _condition = "tn"


@kerata_export("kerata.metrics.FalseNegatives")
class FalseNegatives(_ConfusionMatrixConditionCount):
    __doc__ = _COUNT_DOC.format(
        what="false negatives", cls="FalseNegatives", value="1.0"
    )
    _condition = "fn"


class _PrecisionRecall(_ThresholdMetric):
    _second = ""

    def __init__(
        self,
        thresholds: Any = None,
        top_k: int | None = None,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        if top_k is not None and (not isinstance(top_k, int) or top_k < 1):
            raise ValueError(
                f"`top_k` must be a positive int or None. Received: {top_k!r}"
            )
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        if thresholds is None and top_k is not None:
            # Every prediction left by the top-k filter counts.
            self._set_thresholds([_NEG_INF])
        else:
            self._set_thresholds(_parse_thresholds(thresholds, 0.5))
        size = (len(self.thresholds),)
        self.true_positives = self.add_variable(
            shape=size, initializer="zeros", name="true_positives"
        )
        second = {"fp": "false_positives", "fn": "false_negatives"}
        self._other = self.add_variable(
            shape=size, initializer="zeros", name=second[self._second]
        )

    def update_state(
        self, y_true: Any, y_pred: Any, sample_weight: Any = None
    ) -> None:
        counts = self._counts(
            y_true,
            y_pred,
            sample_weight,
            top_k=self.top_k,
            class_id=self.class_id,
        )
        self.true_positives.assign_add(counts["tp"])
        self._other.assign_add(counts[self._second])

    def result(self) -> Any:
        tp = self.true_positives.value
        value = ops.divide_no_nan(tp, tp + self._other.value)
        return self._maybe_scalar(value)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "thresholds": self.init_thresholds,
            "top_k": self.top_k,
            "class_id": self.class_id,
        }


@kerata_export("kerata.metrics.Precision")
class Precision(_PrecisionRecall):
    """Share of positive predictions that are right: `TP / (TP + FP)`.

    Args:
        thresholds: Float or list of floats in `[0, 1]`; predictions
            above it are positive. Defaults to 0.5 (or, with `top_k`,
            any prediction in the top `k`).
        top_k: Only the `k` highest predictions of each sample count.
        class_id: Only this class (last-axis index) is scored.
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.Precision()
    >>> metric.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> round(float(metric.result()), 4)
    0.6667
    """

    _second = "fp"

    @property
    def false_positives(self) -> Any:
        return self._other


@kerata_export("kerata.metrics.Recall")
class Recall(_PrecisionRecall):
    """Share of positive labels found: `TP / (TP + FN)`.

    Args:
        thresholds: Float or list of floats in `[0, 1]`; predictions
            above it are positive. Defaults to 0.5 (or, with `top_k`,
            any prediction in the top `k`).
        top_k: Only the `k` highest predictions of each sample count.
        class_id: Only this class (last-axis index) is scored.
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.Recall()
    >>> metric.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> round(float(metric.result()), 4)
    0.6667
    """

    _second = "fn"

    @property
    def false_negatives(self) -> Any:
        return self._other


_CURVES = ("ROC", "PR")
_SUMMATIONS = ("interpolation", "minoring", "majoring")


@kerata_export("kerata.metrics.AUC")
class AUC(_ThresholdMetric):
    """Area under the ROC or precision-recall curve, from thresholds.

    The curve is approximated by confusion counts at `num_thresholds`
    evenly spaced thresholds (or the given `thresholds`), so the value
    is exact when predictions fall between thresholds. ROC areas are
    summed with the trapezoid rule; PR areas with `"interpolation"` use
    Davis & Goadrich's interpolation.

    Args:
        num_thresholds: Number of thresholds (> 1), when `thresholds` is
            None.
        curve: `"ROC"` or `"PR"`.
        summation_method: `"interpolation"`, `"minoring"` (lower sums) or
            `"majoring"` (upper sums).
        name: Name of the metric.
        dtype: Dtype of the state and result.
        thresholds: Optional list of thresholds in `[0, 1]`; a threshold
            just below 0 and one just above 1 are added.
        multi_label: Whether each label of the last axis gets its own
            curve (the areas are then averaged); otherwise all labels are
            pooled.
        num_labels: Number of labels with `multi_label=True`; inferred
            from the first batch when None.
        label_weights: Optional per-label weights.
        from_logits: Whether predictions are logits (a sigmoid is
            applied first).

    Example:

    >>> metric = kerata.metrics.AUC()
    >>> metric.update_state([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> round(float(metric.result()), 4)
    0.75
    """

    def __init__(
        self,
        num_thresholds: int = 200,
        curve: str = "ROC",
        summation_method: str = "interpolation",
        name: str | None = None,
        dtype: Any = None,
        thresholds: Any = None,
        multi_label: bool = False,
        num_labels: int | None = None,
        label_weights: Any = None,
        from_logits: bool = False,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        curve = str(curve).upper()
        if curve not in _CURVES:
            raise ValueError(
                f"`curve` must be one of {_CURVES}. Received: curve={curve!r}"
            )
        if summation_method not in _SUMMATIONS:
            raise ValueError(
                f"`summation_method` must be one of {_SUMMATIONS}. "
                f"Received: summation_method={summation_method!r}"
            )
        self.curve = curve
        self.summation_method = summation_method
        self.multi_label = multi_label
        self.num_labels = num_labels
        self._init_num_labels = num_labels
        self.from_logits = from_logits
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            inner = sorted(_parse_thresholds(thresholds, 0.5))
            self.num_thresholds = len(inner) + 2
        else:
            if not isinstance(num_thresholds, int) or num_thresholds <= 1:
                raise ValueError(
                    "`num_thresholds` must be an int > 1. Received: "
                    f"num_thresholds={num_thresholds!r}"
                )
            self.num_thresholds = num_thresholds
            inner = [
                (i + 1) / (num_thresholds - 1)
                for i in range(num_thresholds - 2)
            ]
        eps = backend.epsilon()
        self._set_thresholds([0.0 - eps] + inner + [1.0 + eps])
        self._single = False
        self.label_weights = (
            None
            if label_weights is None
            else ops.convert_to_tensor(
                np.asarray(label_weights, dtype=self.dtype)
            )
        )
        self._label_weights_config = (
            None
            if label_weights is None
            else np.asarray(label_weights).tolist()
        )
        self._built = False
        if not multi_label:
            self._build(None)
        elif num_labels is not None:
            self._build(num_labels)

    def _build(self, num_labels: int | None) -> None:
        shape = (self.num_thresholds,)
        if num_labels is not None:
            shape = (self.num_thresholds, num_labels)
        names = ("true_positives", "false_positives")
        names += ("true_negatives", "false_negatives")
        for name in names:
            setattr(
                self,
                name,
                self.add_variable(shape=shape, initializer="zeros", name=name),
            )
        self._built = True

    def update_state(
        self, y_true: Any, y_pred: Any, sample_weight: Any = None
    ) -> None:
        y_pred = ops.convert_to_tensor(y_pred)
        if not self._built:
            self.num_labels = int(y_pred.shape[-1])
            self._build(self.num_labels)
        if self.from_logits:
            y_pred = ops.sigmoid(y_pred)
        counts = self._counts(
            y_true,
            y_pred,
            sample_weight,
            multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights,
            evenly_spaced=not self._init_from_thresholds,
        )
        self.true_positives.assign_add(counts["tp"])
        self.false_positives.assign_add(counts["fp"])
        self.true_negatives.assign_add(counts["tn"])
        self.false_negatives.assign_add(counts["fn"])

    def _interpolate_pr_auc(self, tp: Any, fp: Any, fn: Any) -> Any:
        # Davis & Goadrich (2006): precision is interpolated along the
        # number of positive predictions between neighbouring thresholds.
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        slope = ops.divide_no_nan(dtp, ops.maximum(dp, 0.0))
        intercept = tp[1:] - slope * p[1:]
        both_positive = ops.logical_and(p[:-1] > 0, p[1:] > 0)
        ratio = ops.where(
            both_positive,
            ops.divide_no_nan(p[:-1], ops.maximum(p[1:], 0.0)),
            ops.ones_like(p[1:]),
        )
        increments = ops.divide_no_nan(
            slope * (dtp + intercept * ops.log(ratio)),
            ops.maximum(tp[1:] + fn[1:], 0.0),
        )
        return ops.sum(increments, axis=0)

    def result(self) -> Any:
        if not self._built:
            return ops.zeros((), dtype=self.dtype)
        tp = self.true_positives.value
        fp = self.false_positives.value
        tn = self.true_negatives.value
        fn = self.false_negatives.value
        if self.curve == "PR" and self.summation_method == "interpolation":
            by_label = self._interpolate_pr_auc(tp, fp, fn)
        else:
            recall = ops.divide_no_nan(tp, tp + fn)
            if self.curve == "ROC":
                x = ops.divide_no_nan(fp, fp + tn)
                y = recall
            else:
                x = recall
                y = ops.divide_no_nan(tp, tp + fp)
            if self.summation_method == "interpolation":
                heights = (y[:-1] + y[1:]) / 2.0
            elif self.summation_method == "minoring":
                heights = ops.minimum(y[:-1], y[1:])
            else:
                heights = ops.maximum(y[:-1], y[1:])
            by_label = ops.sum((x[:-1] - x[1:]) * heights, axis=0)
        if not self.multi_label:
            return by_label
        if self.label_weights is None:
            return ops.mean(by_label)
        return ops.divide_no_nan(
            ops.sum(by_label * self.label_weights),
            ops.sum(self.label_weights),
        )

    def get_config(self) -> dict:
        config = {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self._init_num_labels,
            "label_weights": self._label_weights_config,
            "from_logits": self.from_logits,
        }
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return config


class _RateAtRate(_ThresholdMetric):
    """Best value of one rate among thresholds where another rate reaches
    `value`; subclasses name the two rates."""

    _bound_name = ""
    _bounded = ""
    _maximized = ""

    def __init__(
        self,
        value: float,
        num_thresholds: int = 200,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(
                f"`{self._bound_name}` must be a float in [0, 1]. Received: "
                f"{self._bound_name}={value!r}"
            )
        if not 0.0 <= value <= 1.0:
            raise ValueError(
                f"`{self._bound_name}` must be in the range [0, 1]. "
                f"Received: {self._bound_name}={value!r}"
            )
        if (
            isinstance(num_thresholds, bool)
            or not isinstance(num_thresholds, int)
            or num_thresholds < 1
        ):
            raise ValueError(
                "`num_thresholds` must be a positive int. Received: "
                f"num_thresholds={num_thresholds!r}"
            )
        super().__init__(name=name, dtype=dtype)
        self.value = value
        setattr(self, self._bound_name, value)
        self.num_thresholds = num_thresholds
        self.class_id = class_id
        if num_thresholds == 1:
            thresholds = [0.5]
        else:
            step = num_thresholds - 1
            inner = [(i + 1) / step for i in range(num_thresholds - 2)]
            thresholds = [0.0] + inner + [1.0]
        self._set_thresholds(thresholds)
        self._single = False
        names = ("true_positives", "false_positives")
        names += ("true_negatives", "false_negatives")
        for variable_name in names:
            variable = self.add_variable(
                shape=(num_thresholds,),
                initializer="zeros",
                name=variable_name,
            )
            setattr(self, variable_name, variable)

    def update_state(
        self, y_true: Any, y_pred: Any, sample_weight: Any = None
    ) -> None:
        y_pred = ops.convert_to_tensor(y_pred)
        if self.class_id is not None and len(y_pred.shape) < 2:
            raise ValueError(
                "With `class_id`, y_pred must have shape (num_samples, "
                f"num_classes). Received: y_pred.shape={tuple(y_pred.shape)}"
            )
        counts = self._counts(
            y_true,
            y_pred,
            sample_weight,
            class_id=self.class_id,
            evenly_spaced=self.num_thresholds > 1,
            epsilon_ends=False,
        )
        self.true_positives.assign_add(counts["tp"])
        self.false_positives.assign_add(counts["fp"])
        self.true_negatives.assign_add(counts["tn"])
        self.false_negatives.assign_add(counts["fn"])

    def _rates(self) -> dict:
        tp = self.true_positives.value
        fp = self.false_positives.value
        tn = self.true_negatives.value
        fn = self.false_negatives.value
        return {
            "sensitivity": ops.divide_no_nan(tp, tp + fn),
            "specificity": ops.divide_no_nan(tn, tn + fp),
            "precision": ops.divide_no_nan(tp, tp + fp),
        }

    def result(self) -> Any:
        rates = self._rates()
        feasible = ops.greater_equal(rates[self._bounded], self.value)
        # No feasible threshold gives 0.
        return ops.max(ops.where(feasible, rates[self._maximized], 0.0))

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "class_id": self.class_id,
            "num_thresholds": self.num_thresholds,
            self._bound_name: self.value,
        }


_RATE_DOC = """Best {maximized} among thresholds where {bounded} is at least
    `{bound}`.

    Confusion counts are accumulated at `num_thresholds` evenly spaced
    thresholds in `[0, 1]` (predictions are clipped to `[0, 1]`; a
    prediction is positive when above a threshold); the result is the
    largest {maximized} over the thresholds whose {bounded} reaches
    `{bound}`, or 0 when none does. {definitions}

    Args:
        {bound}: Float in `[0, 1]`, the lower bound on {bounded}.
        num_thresholds: Number of thresholds; 1 means the single
            threshold 0.5.
        class_id: Only this class (last-axis index) is scored.
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.{cls}({bound}={value})
    >>> metric.update_state([0, 0, 0, 1, 1], [0.0, 0.3, 0.8, 0.3, 0.8])
    >>> round(float(metric.result()), 4)
    {result}
    """
_SENSITIVITY = "Sensitivity (recall) is `TP / (TP + FN)`."
_SPECIFICITY = "Specificity is `TN / (TN + FP)`."
_PRECISION = "Precision is `TP / (TP + FP)`."


@kerata_export("kerata.metrics.SensitivityAtSpecificity")
class SensitivityAtSpecificity(_RateAtRate):
    __doc__ = _RATE_DOC.format(
        maximized="sensitivity",
        bounded="specificity",
        bound="specificity",
        definitions=f"{_SENSITIVITY} {_SPECIFICITY}",
        cls="SensitivityAtSpecificity",
        value=0.5,
        result=0.5,
    )
    _bound_name = "specificity"
    _bounded = "specificity"
    _maximized = "sensitivity"

    def __init__(
        self,
        specificity: float,
        num_thresholds: int = 200,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(specificity, num_thresholds, class_id, name, dtype)


@kerata_export("kerata.metrics.SpecificityAtSensitivity")
class SpecificityAtSensitivity(_RateAtRate):
    __doc__ = _RATE_DOC.format(
        maximized="specificity",
        bounded="sensitivity",
        bound="sensitivity",
        definitions=f"{_SENSITIVITY} {_SPECIFICITY}",
        cls="SpecificityAtSensitivity",
        value=0.8,
        result=0.3333,
    )
    _bound_name = "sensitivity"
    _bounded = "sensitivity"
    _maximized = "specificity"

    def __init__(
        self,
        sensitivity: float,
        num_thresholds: int = 200,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)


@kerata_export("kerata.metrics.PrecisionAtRecall")
class PrecisionAtRecall(_RateAtRate):
    __doc__ = _RATE_DOC.format(
        maximized="precision",
        bounded="recall",
        bound="recall",
        definitions=f"{_PRECISION} Recall is `TP / (TP + FN)`.",
        cls="PrecisionAtRecall",
        value=0.8,
        result=0.5,
    )
    _bound_name = "recall"
    _bounded = "sensitivity"
    _maximized = "precision"

    def __init__(
        self,
        recall: float,
        num_thresholds: int = 200,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(recall, num_thresholds, class_id, name, dtype)


@kerata_export("kerata.metrics.RecallAtPrecision")
class RecallAtPrecision(_RateAtRate):
    __doc__ = _RATE_DOC.format(
        maximized="recall",
        bounded="precision",
        bound="precision",
        definitions=f"Recall is `TP / (TP + FN)`. {_PRECISION}",
        cls="RecallAtPrecision",
        value=0.5,
        result=1.0,
    )
    _bound_name = "precision"
    _bounded = "precision"
    _maximized = "sensitivity"

    def __init__(
        self,
        precision: float,
        num_thresholds: int = 200,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(precision, num_thresholds, class_id, name, dtype)
