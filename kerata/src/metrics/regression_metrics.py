"""Regression metrics: squared and absolute errors, cosine, R2."""

from __future__ import annotations

import math
from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.metrics.accuracy_metrics import _FixedConfig
from kerata.src.metrics.metric import Metric
from kerata.src.metrics.reduction_metrics import Mean
from kerata.src.metrics.reduction_metrics import MeanMetricWrapper
from kerata.src.metrics.reduction_metrics import squeeze_or_expand_to_same_rank


def _prepare(y_true: Any, y_pred: Any) -> tuple:
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(y_true, y_pred.dtype)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


@kerata_export("kerata.metrics.mean_squared_error")
def mean_squared_error(y_true: Any, y_pred: Any) -> Any:
    """Per-sample mean of squared errors over the last axis.

    Example:

    >>> mse = kerata.metrics.mean_squared_error([[0.0, 1.0]], [[1.0, 3.0]])
    >>> kerata.ops.convert_to_numpy(mse).tolist()
    [2.5]
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


@kerata_export("kerata.metrics.mean_absolute_error")
def mean_absolute_error(y_true: Any, y_pred: Any) -> Any:
    """Per-sample mean of absolute errors over the last axis.

    Example:

    >>> mae = kerata.metrics.mean_absolute_error([[0.0, 1.0]], [[1.0, 3.0]])
    >>> kerata.ops.convert_to_numpy(mae).tolist()
    [1.5]
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(ops.abs(y_true - y_pred), axis=-1)


@kerata_export("kerata.metrics.mean_absolute_percentage_error")
def mean_absolute_percentage_error(y_true: Any, y_pred: Any) -> Any:
    """Per-sample mean of `100 * |y_true - y_pred| / |y_true|` over the
    last axis (the denominator is at least epsilon).

    Example:

    >>> mape = kerata.metrics.mean_absolute_percentage_error(
    ...     [[2.0, 4.0]], [[1.0, 5.0]])
    >>> kerata.ops.convert_to_numpy(mape).tolist()
    [37.5]
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    scale = ops.maximum(ops.abs(y_true), backend.epsilon())
    return 100.0 * ops.mean(ops.abs(y_true - y_pred) / scale, axis=-1)


@kerata_export("kerata.metrics.mean_squared_logarithmic_error")
def mean_squared_logarithmic_error(y_true: Any, y_pred: Any) -> Any:
    """Per-sample mean of `(log(1 + y_pred) - log(1 + y_true))**2` over
    the last axis (values below epsilon count as epsilon).

    Example:

    >>> msle = kerata.metrics.mean_squared_logarithmic_error(
    ...     [[0.0, 1.0]], [[0.0, 1.0]])
    >>> kerata.ops.convert_to_numpy(msle).tolist()
    [0.0]
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    eps = backend.epsilon()
    first = ops.log1p(ops.maximum(y_pred, eps))
    second = ops.log1p(ops.maximum(y_true, eps))
    return ops.mean(ops.square(first - second), axis=-1)


@kerata_export("kerata.metrics.log_cosh")
def log_cosh(y_true: Any, y_pred: Any) -> Any:
    """Per-sample mean of `log(cosh(y_pred - y_true))` over the last axis.

    Example:

    >>> value = kerata.metrics.log_cosh([[0.0, 0.0]], [[1.0, -1.0]])
    >>> round(kerata.ops.convert_to_numpy(value).tolist()[0], 4)
    0.4338
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    x = y_pred - y_true
    # Stable for large |x|: log(cosh(x)) = x + softplus(-2x) - log(2).
    return ops.mean(x + ops.softplus(-2.0 * x) - math.log(2.0), axis=-1)


def _l2_normalize(x: Any, axis: int) -> Any:
    squared = ops.sum(ops.square(x), axis=axis, keepdims=True)
    return x * ops.rsqrt(ops.maximum(squared, 1e-12))


@kerata_export("kerata.metrics.cosine_similarity")
def cosine_similarity(y_true: Any, y_pred: Any, axis: int = -1) -> Any:
    """Cosine of the angle between labels and predictions along `axis`.

    Example:

    >>> cos = kerata.metrics.cosine_similarity([[0.0, 1.0]], [[1.0, 1.0]])
    >>> round(float(cos[0]), 4)
    0.7071
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.sum(
        _l2_normalize(y_true, axis) * _l2_normalize(y_pred, axis), axis=axis
    )


@kerata_export("kerata.metrics.MeanSquaredError")
class MeanSquaredError(_FixedConfig, MeanMetricWrapper):
    """Mean of squared errors.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.MeanSquaredError()
    >>> metric.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> float(metric.result())
    0.25
    """

    def __init__(
        self, name: str = "mean_squared_error", dtype: Any = None
    ) -> None:
        super().__init__(mean_squared_error, name=name, dtype=dtype)


@kerata_export("kerata.metrics.MeanAbsoluteError")
class MeanAbsoluteError(_FixedConfig, MeanMetricWrapper):
    """Mean of absolute errors.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.MeanAbsoluteError()
    >>> metric.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> float(metric.result())
    0.25
    """

    def __init__(
        self, name: str = "mean_absolute_error", dtype: Any = None
    ) -> None:
        super().__init__(mean_absolute_error, name=name, dtype=dtype)


@kerata_export("kerata.metrics.CosineSimilarity")
class CosineSimilarity(_FixedConfig, MeanMetricWrapper):
    """Mean cosine similarity between labels and predictions.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.
        axis: Axis along which the cosine is computed.

    Example:

    >>> metric = kerata.metrics.CosineSimilarity()
    >>> metric.update_state([[0.0, 1.0], [1.0, 1.0]],
    ...                     [[1.0, 0.0], [1.0, 1.0]])
    >>> round(float(metric.result()), 4)
    0.5
    """

    _config_keys = ("axis",)

    def __init__(
        self, name: str = "cosine_similarity", dtype: Any = None, axis: int = -1
    ) -> None:
        super().__init__(cosine_similarity, name=name, dtype=dtype, axis=axis)


@kerata_export("kerata.metrics.MeanAbsolutePercentageError")
class MeanAbsolutePercentageError(_FixedConfig, MeanMetricWrapper):
    """Mean absolute percentage error.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.MeanAbsolutePercentageError()
    >>> metric.update_state([[2.0, 4.0]], [[1.0, 5.0]])
    >>> float(metric.result())
    37.5
    """

    def __init__(
        self, name: str = "mean_absolute_percentage_error", dtype: Any = None
    ) -> None:
        super().__init__(mean_absolute_percentage_error, name=name, dtype=dtype)


@kerata_export("kerata.metrics.MeanSquaredLogarithmicError")
class MeanSquaredLogarithmicError(_FixedConfig, MeanMetricWrapper):
    """Mean squared logarithmic error.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.MeanSquaredLogarithmicError()
    >>> metric.update_state([[0.0, 1.0]], [[0.0, 1.0]])
    >>> float(metric.result())
    0.0
    """

    def __init__(
        self, name: str = "mean_squared_logarithmic_error", dtype: Any = None
    ) -> None:
        super().__init__(mean_squared_logarithmic_error, name=name, dtype=dtype)


@kerata_export("kerata.metrics.LogCoshError")
class LogCoshError(_FixedConfig, MeanMetricWrapper):
    """Mean of `log(cosh(y_pred - y_true))`.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.LogCoshError()
    >>> metric.update_state([[0.0, 0.0]], [[1.0, -1.0]])
    >>> round(float(metric.result()), 4)
    0.4338
    """

    def __init__(self, name: str = "logcosh", dtype: Any = None) -> None:
        super().__init__(log_cosh, name=name, dtype=dtype)


@kerata_export("kerata.metrics.RootMeanSquaredError")
class RootMeanSquaredError(Mean):
    """Square root of the mean of squared errors.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.RootMeanSquaredError()
    >>> metric.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> float(metric.result())
    0.5
    """

    def __init__(
        self, name: str = "root_mean_squared_error", dtype: Any = None
    ) -> None:
        super().__init__(name=name, dtype=dtype)

    def update_state(
        self, y_true: Any, y_pred: Any, sample_weight: Any = None
    ) -> None:
        y_true, y_pred = _prepare(y_true, y_pred)
        super().update_state(
            ops.square(y_true - y_pred), sample_weight=sample_weight
        )

    def result(self) -> Any:
        return ops.sqrt(super().result())


_R2_AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")


@kerata_export("kerata.metrics.R2Score")
class R2Score(Metric):
    """Coefficient of determination, `1 - SS_res / SS_tot`, per output.

    Args:
        class_aggregation: How scores of several outputs combine: None
            (one score per output), `"uniform_average"` or
            `"variance_weighted_average"`.
        num_regressors: Number of regressors, for the adjusted R2; 0
            gives the plain R2.
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.R2Score()
    >>> metric.update_state([[1.0], [4.0], [3.0]], [[2.0], [4.0], [4.0]])
    >>> round(float(metric.result()), 4)
    0.5714
    """

    def __init__(
        self,
        class_aggregation: str | None = "uniform_average",
        num_regressors: int = 0,
        name: str = "r2_score",
        dtype: Any = None,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        if class_aggregation not in _R2_AGGREGATIONS:
            raise ValueError(
                "`class_aggregation` must be one of "
                f"{_R2_AGGREGATIONS}. Received: "
                f"class_aggregation={class_aggregation!r}"
            )
        if not isinstance(num_regressors, int) or num_regressors < 0:
            raise ValueError(
                "`num_regressors` must be an int >= 0. Received: "
                f"num_regressors={num_regressors!r}"
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable(
            shape=(), initializer="zeros", name="num_samples"
        )
        self._built = False

    def _build(self, num_outputs: int) -> None:
        def add(name: str) -> Any:
            return self.add_variable(
                shape=(num_outputs,), initializer="zeros", name=name
            )

        self.squared_sum = add("squared_sum")
        self.sum = add("sum")
        self.total_mse = add("residual")
        self.count = add("count")
        self._built = True

    def update_state(
        self, y_true: Any, y_pred: Any, sample_weight: Any = None
    ) -> None:
        y_true = ops.cast(y_true, self.dtype)
        y_pred = ops.cast(y_pred, self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        if len(y_true.shape) == 1:
            y_true = ops.expand_dims(y_true, 1)
            y_pred = ops.expand_dims(y_pred, 1)
        if len(y_true.shape) != 2 or tuple(y_true.shape) != tuple(y_pred.shape):
            raise ValueError(
                "R2Score expects y_true and y_pred of one shape, "
                "(num_samples,) or (num_samples, num_outputs). Received: "
                f"y_true.shape={tuple(y_true.shape)}, "
                f"y_pred.shape={tuple(y_pred.shape)}"
            )
        num_outputs = int(y_true.shape[1])
        if not self._built:
            self._build(num_outputs)
        elif num_outputs != self.sum.shape[0]:
            raise ValueError(
                f"R2Score was built for {self.sum.shape[0]} outputs; "
                f"received y_true.shape={tuple(y_true.shape)}."
            )
        if sample_weight is None:
            sample_weight = ops.ones_like(y_true)
        else:
            sample_weight = ops.cast(sample_weight, self.dtype)
            if len(sample_weight.shape) == 1:
                sample_weight = ops.expand_dims(sample_weight, 1)
            sample_weight = ops.broadcast_to(sample_weight, tuple(y_true.shape))
        weighted = y_true * sample_weight
        self.sum.assign_add(ops.sum(weighted, axis=0))
        self.squared_sum.assign_add(ops.sum(y_true * weighted, axis=0))
        self.total_mse.assign_add(
            ops.sum(ops.square(y_true - y_pred) * sample_weight, axis=0)
        )
        self.count.assign_add(ops.sum(sample_weight, axis=0))
        self.num_samples.assign_add(ops.cast(y_true.shape[0], self.dtype))

    def result(self) -> Any:
        if not self._built:
            return ops.zeros((), dtype=self.dtype)
        mean = ops.divide_no_nan(self.sum.value, self.count.value)
        total = self.squared_sum.value - self.sum.value * mean
        raw = 1.0 - ops.divide_no_nan(self.total_mse.value, total)
        # Constant labels make the score undefined; Keras reports 0 there.
        raw = ops.where(ops.equal(total, 0.0), 0.0, raw)
        if self.class_aggregation == "uniform_average":
            score = ops.mean(raw)
        elif self.class_aggregation == "variance_weighted_average":
            score = ops.divide_no_nan(ops.sum(total * raw), ops.sum(total))
        else:
            score = raw
        if self.num_regressors:
            n = self.num_samples.value
            p = float(self.num_regressors)
            adjusted = 1.0 - (1.0 - score) * ops.divide_no_nan(
                n - 1.0, n - p - 1.0
            )
            score = ops.where(n - p - 1.0 > 0, adjusted, score)
        return score

    def get_config(self) -> dict:
        return {
            "name": self.name,
            "dtype": self.dtype,
            "class_aggregation": self.class_aggregation,
            "num_regressors": self.num_regressors,
        }
