"""Accuracy metrics and the per-sample functions behind them."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.metrics.reduction_metrics import MeanMetricWrapper
from kerata.src.metrics.reduction_metrics import squeeze_or_expand_to_same_rank


def _tensors(y_true: Any, y_pred: Any) -> tuple:
    return ops.convert_to_tensor(y_true), ops.convert_to_tensor(y_pred)


@kerata_export("kerata.metrics.accuracy")
def accuracy(y_true: Any, y_pred: Any) -> Any:
    """Per-element 1.0 where `y_pred` equals `y_true`, else 0.0.

    Example:

    >>> acc = kerata.metrics.accuracy([1, 2, 3], [1, 2, 4])
    >>> kerata.ops.convert_to_numpy(acc).tolist()
    [1.0, 1.0, 0.0]
    """
    y_true, y_pred = _tensors(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return ops.cast(ops.equal(y_true, y_pred), backend.floatx())


@kerata_export("kerata.metrics.binary_accuracy")
def binary_accuracy(y_true: Any, y_pred: Any, threshold: float = 0.5) -> Any:
    """Per-sample share of labels matched by `y_pred > threshold`.

    Example:

    >>> acc = kerata.metrics.binary_accuracy([[1], [0]], [[0.9], [0.7]])
    >>> kerata.ops.convert_to_numpy(acc).tolist()
    [1.0, 0.0]
    """
    y_true, y_pred = _tensors(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    predicted = ops.cast(ops.greater(y_pred, threshold), backend.floatx())
    matches = ops.equal(ops.cast(y_true, backend.floatx()), predicted)
    return ops.mean(ops.cast(matches, backend.floatx()), axis=-1)


@kerata_export("kerata.metrics.categorical_accuracy")
def categorical_accuracy(y_true: Any, y_pred: Any) -> Any:
    """Per-sample 1.0 where the one-hot label's class is `y_pred`'s argmax.

    Example:

    >>> acc = kerata.metrics.categorical_accuracy(
    ...     [[0, 0, 1], [0, 1, 0]], [[0.1, 0.2, 0.7], [0.5, 0.3, 0.2]])
    >>> kerata.ops.convert_to_numpy(acc).tolist()
    [1.0, 0.0]
    """
    y_true, y_pred = _tensors(y_true, y_pred)
    return sparse_categorical_accuracy(ops.argmax(y_true, axis=-1), y_pred)


@kerata_export("kerata.metrics.sparse_categorical_accuracy")
def sparse_categorical_accuracy(y_true: Any, y_pred: Any) -> Any:
    """Per-sample 1.0 where the integer label is `y_pred`'s argmax.

    Example:

    >>> acc = kerata.metrics.sparse_categorical_accuracy(
    ...     [2, 1], [[0.1, 0.2, 0.7], [0.5, 0.3, 0.2]])
    >>> kerata.ops.convert_to_numpy(acc).tolist()
    [1.0, 0.0]
    """
    y_true, y_pred = _tensors(y_true, y_pred)
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        y_true = ops.squeeze(y_true, -1)
    predicted = ops.argmax(y_pred, axis=-1)
    matches = ops.equal(ops.cast(y_true, "int32"), ops.cast(predicted, "int32"))
    return ops.cast(matches, backend.floatx())


@kerata_export("kerata.metrics.top_k_categorical_accuracy")
def top_k_categorical_accuracy(y_true: Any, y_pred: Any, k: int = 5) -> Any:
    """Per-sample 1.0 where the one-hot label's class is in `y_pred`'s
    top `k`.

    Example:

    >>> acc = kerata.metrics.top_k_categorical_accuracy(
    ...     [[0, 0, 1], [0, 1, 0]], [[0.1, 0.2, 0.7], [0.5, 0.2, 0.3]], k=2)
    >>> kerata.ops.convert_to_numpy(acc).tolist()
    [1.0, 0.0]
    """
    y_true, y_pred = _tensors(y_true, y_pred)
    return sparse_top_k_categorical_accuracy(
        ops.argmax(y_true, axis=-1), y_pred, k=k
    )


@kerata_export("kerata.metrics.sparse_top_k_categorical_accuracy")
def sparse_top_k_categorical_accuracy(
    y_true: Any, y_pred: Any, k: int = 5, from_sorted_ids: bool = False
) -> Any:
    """Per-sample 1.0 where the integer label is in `y_pred`'s top `k`.

    With `from_sorted_ids=True`, `y_pred` holds class ids sorted by score
    (best first) instead of scores.

    Example:

    >>> acc = kerata.metrics.sparse_top_k_categorical_accuracy(
    ...     [2, 1], [[0.1, 0.2, 0.7], [0.5, 0.2, 0.3]], k=2)
    >>> kerata.ops.convert_to_numpy(acc).tolist()
    [1.0, 0.0]
    """
    y_true, y_pred = _tensors(y_true, y_pred)
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        y_true = ops.squeeze(y_true, -1)
    y_true = ops.cast(y_true, "int32")
    if from_sorted_ids:
        ids = ops.cast(y_pred[..., :k], "int32")
        found = ops.any(ops.equal(ops.expand_dims(y_true, -1), ids), axis=-1)
    else:
        found = ops.in_top_k(y_true, y_pred, k)
    return ops.cast(found, backend.floatx())


class _FixedConfig:
    """Mixin: configs hold only the constructor's own arguments."""

    _config_keys: tuple = ()

    def get_config(self) -> dict:
        config = {"name": self.name, "dtype": self.dtype}
        for key in self._config_keys:
            config[key] = self._fn_kwargs[key]
        return config


@kerata_export("kerata.metrics.Accuracy")
class Accuracy(_FixedConfig, MeanMetricWrapper):
    """How often predictions equal labels.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.Accuracy()
    >>> metric.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
    >>> float(metric.result())
    0.75
    """

    def __init__(self, name: str = "accuracy", dtype: Any = None) -> None:
        super().__init__(accuracy, name=name, dtype=dtype)


@kerata_export("kerata.metrics.BinaryAccuracy")
class BinaryAccuracy(_FixedConfig, MeanMetricWrapper):
    """How often `y_pred > threshold` matches binary labels.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.
        threshold: Predictions above it count as 1.

    Example:

    >>> metric = kerata.metrics.BinaryAccuracy()
    >>> metric.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
    >>> float(metric.result())
    0.75
    """

    _config_keys = ("threshold",)

    def __init__(
        self,
        name: str = "binary_accuracy",
        dtype: Any = None,
        threshold: float = 0.5,
    ) -> None:
        super().__init__(
            binary_accuracy, name=name, dtype=dtype, threshold=threshold
        )


@kerata_export("kerata.metrics.CategoricalAccuracy")
class CategoricalAccuracy(_FixedConfig, MeanMetricWrapper):
    """How often `y_pred`'s argmax is the class of one-hot labels.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.CategoricalAccuracy()
    >>> metric.update_state([[0, 0, 1], [0, 1, 0]],
    ...                     [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(metric.result())
    0.5
    """

    def __init__(
        self, name: str = "categorical_accuracy", dtype: Any = None
    ) -> None:
        super().__init__(categorical_accuracy, name=name, dtype=dtype)


@kerata_export("kerata.metrics.SparseCategoricalAccuracy")
class SparseCategoricalAccuracy(_FixedConfig, MeanMetricWrapper):
    """How often `y_pred`'s argmax is the integer label.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.SparseCategoricalAccuracy()
    >>> metric.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
    >>> float(metric.result())
    0.5
    """

    def __init__(
        self, name: str = "sparse_categorical_accuracy", dtype: Any = None
    ) -> None:
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)


@kerata_export("kerata.metrics.TopKCategoricalAccuracy")
class TopKCategoricalAccuracy(_FixedConfig, MeanMetricWrapper):
    """How often the one-hot label's class is in `y_pred`'s top `k`.

    Args:
        k: How many top predictions count.
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.TopKCategoricalAccuracy(k=1)
    >>> metric.update_state([[0, 0, 1], [0, 1, 0]],
    ...                     [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(metric.result())
    0.5
    """

    _config_keys = ("k",)

    def __init__(
        self,
        k: int = 5,
        name: str = "top_k_categorical_accuracy",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            top_k_categorical_accuracy, name=name, dtype=dtype, k=k
        )


@kerata_export("kerata.metrics.SparseTopKCategoricalAccuracy")
class SparseTopKCategoricalAccuracy(_FixedConfig, MeanMetricWrapper):
    """How often the integer label is in `y_pred`'s top `k`.

    Args:
        k: How many top predictions count.
        name: Name of the metric.
        dtype: Dtype of the state and result.
        from_sorted_ids: Whether `y_pred` holds class ids sorted by score
            instead of scores.

    Example:

    >>> metric = kerata.metrics.SparseTopKCategoricalAccuracy(k=1)
    >>> metric.update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(metric.result())
    0.5
    """

    _config_keys = ("k",)

    def get_config(self) -> dict:
        config = super().get_config()
        # Keras writes the flag only when it is set.
        if self._fn_kwargs["from_sorted_ids"]:
            config["from_sorted_ids"] = True
        return config

    def __init__(
        self,
        k: int = 5,
        name: str = "sparse_top_k_categorical_accuracy",
        dtype: Any = None,
        from_sorted_ids: bool = False,
    ) -> None:
        super().__init__(
            sparse_top_k_categorical_accuracy,
            name=name,
            dtype=dtype,
            k=k,
            from_sorted_ids=from_sorted_ids,
        )
