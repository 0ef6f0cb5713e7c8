"""Probabilistic metrics: the mean of a crossentropy, a KL divergence or a
Poisson loss over samples."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.losses import functions
from kerata.src.metrics.accuracy_metrics import _FixedConfig
from kerata.src.metrics.reduction_metrics import MeanMetricWrapper
from kerata.src.metrics.reduction_metrics import squeeze_or_expand_to_same_rank


def _smooth(y_true: Any, label_smoothing: float, num_classes: Any) -> Any:
    if not label_smoothing:
        return y_true
    return y_true * (1.0 - label_smoothing) + label_smoothing / num_classes


@kerata_export("kerata.metrics.binary_crossentropy")
def binary_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """Per-sample mean binary crossentropy over `axis`.

    Probabilities are clipped to `[epsilon, 1 - epsilon]`; with
    `from_logits=True` the loss is computed from logits directly.

    Example:

    >>> bce = kerata.metrics.binary_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])
    >>> round(kerata.ops.convert_to_numpy(bce).tolist()[0], 4)
    0.6931
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(y_true, y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_true = _smooth(y_true, label_smoothing, 2.0)
    if from_logits:
        # -y log(sigmoid(x)) - (1 - y) log(1 - sigmoid(x)), stably.
        losses = ops.softplus(y_pred) - y_true * y_pred
    else:
        eps = backend.epsilon()
        p = ops.clip(y_pred, eps, 1.0 - eps)
        losses = -(y_true * ops.log(p) + (1.0 - y_true) * ops.log(1.0 - p))
    return ops.mean(losses, axis=axis)


@kerata_export("kerata.metrics.categorical_crossentropy")
def categorical_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """Per-sample crossentropy of one-hot labels and class scores.

    Probabilities are rescaled to sum to one along `axis` and clipped to
    `[epsilon, 1 - epsilon]`.

    Example:

    >>> cce = kerata.metrics.categorical_crossentropy(
    ...     [[0.0, 1.0]], [[0.5, 0.5]])
    >>> round(kerata.ops.convert_to_numpy(cce).tolist()[0], 4)
    0.6931
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(y_true, y_pred.dtype)
    if tuple(y_true.shape) != tuple(y_pred.shape):
        raise ValueError(
            "categorical_crossentropy expects one-hot y_true of y_pred's "
            f"shape. Received: y_true.shape={tuple(y_true.shape)}, "
            f"y_pred.shape={tuple(y_pred.shape)}"
        )
    y_true = _smooth(y_true, label_smoothing, float(y_pred.shape[axis]))
    return -ops.sum(y_true * _log_probs(y_pred, from_logits, axis), axis=axis)


def _log_probs(y_pred: Any, from_logits: bool, axis: int) -> Any:
    if from_logits:
        return ops.log_softmax(y_pred, axis=axis)
    eps = backend.epsilon()
    p = y_pred / ops.sum(y_pred, axis=axis, keepdims=True)
    return ops.log(ops.clip(p, eps, 1.0 - eps))


@kerata_export("kerata.metrics.sparse_categorical_crossentropy")
def sparse_categorical_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    ignore_class: int | None = None,
    axis: int = -1,
) -> Any:
    """Per-sample crossentropy of integer labels and class scores.

    Samples labelled `ignore_class` get a loss of 0.

    Example:

    >>> cce = kerata.metrics.sparse_categorical_crossentropy(
    ...     [1], [[0.5, 0.5]])
    >>> round(kerata.ops.convert_to_numpy(cce).tolist()[0], 4)
    0.6931
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        y_true = ops.squeeze(y_true, -1)
    y_true = ops.cast(y_true, "int32")
    valid = None
    if ignore_class is not None:
        valid = ops.not_equal(y_true, ignore_class)
        y_true = ops.where(valid, y_true, 0)
    log_probs = _log_probs(y_pred, from_logits, axis)
    index = ops.expand_dims(y_true, axis)
    losses = -ops.squeeze(ops.take_along_axis(log_probs, index, axis), axis)
    if valid is not None:
        losses = ops.where(valid, losses, 0.0)
    return losses


@kerata_export("kerata.metrics.BinaryCrossentropy")
class BinaryCrossentropy(_FixedConfig, MeanMetricWrapper):
    """Mean binary crossentropy of labels and predictions.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.
        from_logits: Whether predictions are logits.
        label_smoothing: Float in `[0, 1]`; labels move toward 0.5 by it.

    Example:

    >>> metric = kerata.metrics.BinaryCrossentropy()
    >>> metric.update_state([[0.0, 1.0]], [[0.5, 0.5]])
    >>> round(float(metric.result()), 4)
    0.6931
    """

    _config_keys = ("from_logits", "label_smoothing")

    def __init__(
        self,
        name: str = "binary_crossentropy",
        dtype: Any = None,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
    ) -> None:
        super().__init__(
            binary_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
        )


@kerata_export("kerata.metrics.CategoricalCrossentropy")
class CategoricalCrossentropy(_FixedConfig, MeanMetricWrapper):
    """Mean crossentropy of one-hot labels and class scores.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.
        from_logits: Whether predictions are logits.
        label_smoothing: Float in `[0, 1]`; labels move toward uniform.
        axis: Class axis.

    Example:

    >>> metric = kerata.metrics.CategoricalCrossentropy()
    >>> metric.update_state([[0.0, 1.0]], [[0.5, 0.5]])
    >>> round(float(metric.result()), 4)
    0.6931
    """

    _config_keys = ("from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        name: str = "categorical_crossentropy",
        dtype: Any = None,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
    ) -> None:
        super().__init__(
            categorical_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


@kerata_export("kerata.metrics.SparseCategoricalCrossentropy")
class SparseCategoricalCrossentropy(_FixedConfig, MeanMetricWrapper):
    """Mean crossentropy of integer labels and class scores.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.
        from_logits: Whether predictions are logits.
        ignore_class: Optional class id whose samples add a loss of 0.
            As in Keras 3, they still count in the mean unless sample
            weights are given.
        axis: Class axis.

    Example:

    >>> metric = kerata.metrics.SparseCategoricalCrossentropy()
    >>> metric.update_state([1], [[0.5, 0.5]])
    >>> round(float(metric.result()), 4)
    0.6931
    """

    _config_keys = ("from_logits", "ignore_class", "axis")

    def __init__(
        self,
        name: str = "sparse_categorical_crossentropy",
        dtype: Any = None,
        from_logits: bool = False,
        ignore_class: int | None = None,
        axis: int = -1,
    ) -> None:
        super().__init__(
            sparse_categorical_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )

    def update_state(
        self, y_true: Any, y_pred: Any, sample_weight: Any = None
    ) -> None:
        ignore_class = self._fn_kwargs["ignore_class"]
        if ignore_class is not None and sample_weight is not None:
            # Keras 3 drops ignored samples from the mean's count only when
            # sample weights are given; without them they count as 0.
            labels = ops.convert_to_tensor(y_true)
            if len(labels.shape) > 1 and labels.shape[-1] == 1:
                labels = ops.squeeze(labels, -1)
            valid = ops.not_equal(labels, ignore_class)
            weights = ops.cast(sample_weight, self.dtype)
            sample_weight = weights * ops.cast(valid, self.dtype)
        super().update_state(y_true, y_pred, sample_weight=sample_weight)


# Keras exposes these loss functions under `keras.metrics` too.
kl_divergence = kerata_export("kerata.metrics.kl_divergence")(
    functions.kl_divergence
)
poisson = kerata_export("kerata.metrics.poisson")(functions.poisson)


@kerata_export("kerata.metrics.KLDivergence")
class KLDivergence(_FixedConfig, MeanMetricWrapper):
    """Mean Kullback-Leibler divergence `sum(y_true * log(y_true / y_pred))`
    of target and predicted distributions.

    Both are clipped to `[epsilon, 1]` first, so zeros are allowed.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.KLDivergence()
    >>> metric.update_state([[0.0, 1.0], [0.0, 0.0]],
    ...                     [[0.6, 0.4], [0.4, 0.6]])
    >>> round(float(metric.result()), 4)
    0.4581
    """

    def __init__(self, name: str = "kl_divergence", dtype: Any = None) -> None:
        super().__init__(kl_divergence, name=name, dtype=dtype)


@kerata_export("kerata.metrics.Poisson")
class Poisson(_FixedConfig, MeanMetricWrapper):
    """Mean Poisson loss `y_pred - y_true * log(y_pred)` of observed counts
    and predicted rates.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.Poisson()
    >>> metric.update_state([[0.0, 1.0], [0.0, 0.0]],
    ...                     [[1.0, 1.0], [0.0, 0.0]])
    >>> round(float(metric.result()), 4)
    0.5
    """

    def __init__(self, name: str = "poisson", dtype: Any = None) -> None:
        super().__init__(poisson, name=name, dtype=dtype)
