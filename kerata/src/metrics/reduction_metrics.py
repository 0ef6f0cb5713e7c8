"""Metrics that reduce values: `Sum`, `Mean` and `MeanMetricWrapper`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.backend.common import stateless_scope
from kerata.src.metrics.metric import Metric


def squeeze_or_expand_to_same_rank(
    x1: Any, x2: Any, expand_rank_1: bool = True
) -> tuple:
    """Makes ranks equal when they differ by a trailing axis of size 1."""
    rank1 = len(x1.shape)
    rank2 = len(x2.shape)
    if rank1 == rank2:
        return x1, x2
    if rank1 == rank2 + 1 and x1.shape[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            return x1, ops.expand_dims(x2, -1)
        return ops.squeeze(x1, -1), x2
    if rank2 == rank1 + 1 and x2.shape[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            return ops.expand_dims(x1, -1), x2
        return x1, ops.squeeze(x2, -1)
    return x1, x2


def reduce_to_samplewise_values(
    values: Any, sample_weight: Any, reduce_fn: Callable, dtype: str
) -> tuple:
    """Weights `values` and reduces them (and the weights) to one value
    per sample, as Keras does before accumulating."""
    values = ops.cast(values, dtype)
    if sample_weight is not None:
        sample_weight = ops.cast(sample_weight, dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(
            values, sample_weight
        )
        weight_ndim = len(sample_weight.shape)
        values_ndim = len(values.shape)
        if values_ndim > weight_ndim:
            values = reduce_fn(
                values, axis=tuple(range(weight_ndim, values_ndim))
            )
        # Broadcasting changes what the weights sum to, as in Keras.
        sample_weight = ops.broadcast_to(sample_weight, tuple(values.shape))
        values = values * sample_weight
        if weight_ndim > 1:
            sample_weight = reduce_fn(
                sample_weight, axis=tuple(range(1, weight_ndim))
            )
    values_ndim = len(values.shape)
    if values_ndim > 1:
        values = reduce_fn(values, axis=tuple(range(1, values_ndim)))
    return values, sample_weight


@kerata_export("kerata.metrics.Sum")
class Sum(Metric):
    """Sum of the (weighted) values seen so far.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.Sum()
    >>> metric.update_state([1.0, 3.0, 5.0, 7.0])
    >>> float(metric.result())
    16.0
    >>> metric.reset_state()
    >>> metric.update_state([1.0, 3.0], sample_weight=[1.0, 0.0])
    >>> float(metric.result())
    1.0
    """

    def __init__(self, name: str = "sum", dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(
            shape=(), initializer="zeros", dtype=self.dtype, name="total"
        )

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        values, _ = reduce_to_samplewise_values(
            values, sample_weight, ops.sum, self.dtype
        )
        self.total.assign_add(ops.sum(values))

    def result(self) -> Any:
        return ops.copy(self.total.value)


@kerata_export("kerata.metrics.Mean")
class Mean(Metric):
    """(Weighted) mean of the values seen so far.

    Values of rank above one are first averaged over all axes but the
    first, so each sample counts once (or by its weight).

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.Mean()
    >>> metric.update_state([1.0, 3.0, 5.0, 7.0])
    >>> float(metric.result())
    4.0
    >>> metric.reset_state()
    >>> metric.update_state([1.0, 3.0, 5.0, 7.0], sample_weight=[1, 1, 0, 0])
    >>> float(metric.result())
    2.0
    """

    def __init__(self, name: str = "mean", dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(
            shape=(), initializer="zeros", dtype=self.dtype, name="total"
        )
        self.count = self.add_variable(
            shape=(), initializer="zeros", dtype=self.dtype, name="count"
        )

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        values, sample_weight = reduce_to_samplewise_values(
            values, sample_weight, ops.mean, self.dtype
        )
        self.total.assign_add(ops.sum(values))
        if sample_weight is not None:
            num_samples = ops.sum(sample_weight)
        elif len(values.shape) >= 1:
            num_samples = self._count_tensor(values.shape[0])
        else:
            num_samples = self._count_tensor(1)
        self.count.assign_add(num_samples)

    def _count_tensor(self, n: int) -> Any:
        # Batch sizes repeat: keep one tensor per size. Making one every
        # step would copy a host number to the device each time, which
        # (on torch with CUDA) waits for the device. Not inside a
        # stateless scope: under a trace (JAX, symbolic runs) the tensor
        # would be a tracer or placeholder that must not outlive it.
        if stateless_scope.in_stateless_scope():
            return ops.cast(n, self.dtype)
        cache = self.__dict__.setdefault("_counts", {})
        tensor = cache.get(n)
        if tensor is None:
            tensor = cache[n] = backend.convert_to_tensor(
                float(n), dtype=self.dtype
            )
        return tensor

    def result(self) -> Any:
        return ops.divide_no_nan(self.total.value, self.count.value)


@kerata_export("kerata.metrics.MeanMetricWrapper")
class MeanMetricWrapper(Mean):
    """Mean of a function `fn(y_true, y_pred, **kwargs)` over samples.

    Args:
        fn: Function returning one value (or a tensor of values) per
            sample.
        name: Name of the metric.
        dtype: Dtype of the state and result.
        **kwargs: Keyword arguments passed to `fn`.

    Example:

    >>> def absolute_error(y_true, y_pred):
    ...     return kerata.ops.abs(y_true - y_pred)
    >>> metric = kerata.metrics.MeanMetricWrapper(absolute_error)
    >>> metric.update_state([1.0, 2.0], [2.0, 4.0])
    >>> float(metric.result())
    1.5
    """

    def __init__(
        self,
        fn: Callable,
        name: str | None = None,
        dtype: Any = None,
        **kwargs: Any,
    ) -> None:
        if not callable(fn):
            raise TypeError(
                "MeanMetricWrapper expects a callable `fn(y_true, y_pred)`. "
                f"Received: fn={fn!r}"
            )
        super().__init__(
            name=name or getattr(fn, "__name__", None), dtype=dtype
        )
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(
        self, y_true: Any, y_pred: Any, sample_weight: Any = None
    ) -> None:
        y_true = ops.convert_to_tensor(y_true)
        y_pred = ops.convert_to_tensor(y_pred)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self) -> dict:
        config = super().get_config()
        if type(self) is MeanMetricWrapper:
            from kerata.src.activations import _serialization

            config["fn"] = _serialization.serialize_object(self._fn)
        config.update(self._fn_kwargs)
        return config

    @classmethod
    def from_config(cls, config: dict) -> Metric:
        config = dict(config)
        if "fn" in config and cls is MeanMetricWrapper:
            return cls(_deserialize_fn(config.pop("fn")), **config)
        return cls(**config)


def _deserialize_fn(fn: Any) -> Callable:
    """A metric function from its name or its `{"class_name": "function"}`
    config; built-in names only."""
    from kerata.src.api_export import REGISTRY

    if callable(fn):
        return fn
    name = fn
    if isinstance(fn, dict) and fn.get("class_name") == "function":
        name = fn.get("config")
    found = (
        REGISTRY.get(f"kerata.metrics.{name}")
        if isinstance(name, str)
        else None
    )
    if found is None or isinstance(found, type):
        raise ValueError(
            "Could not deserialize the function of a MeanMetricWrapper: "
            "expected the name of a kerata.metrics function such as "
            f"'mean_squared_error'. Received: fn={fn!r}. Pass "
            "custom functions to the constructor instead."
        )
    return found
