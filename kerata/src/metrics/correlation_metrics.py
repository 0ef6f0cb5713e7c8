"""Correlation metrics: Pearson's and Lin's concordance coefficients."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.metrics.accuracy_metrics import _FixedConfig
from kerata.src.metrics.reduction_metrics import MeanMetricWrapper
from kerata.src.metrics.reduction_metrics import squeeze_or_expand_to_same_rank


def _prepare(y_true: Any, y_pred: Any) -> tuple:
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(y_true, y_pred.dtype)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


@kerata_export("kerata.metrics.pearson_correlation")
def pearson_correlation(y_true: Any, y_pred: Any, axis: Any = -1) -> Any:
    """Pearson correlation coefficient of labels and predictions along
    `axis`.

    Both are standardised along `axis` (population standard deviation),
    and the mean of their product is returned. As in Keras, a constant
    slice has no correlation and gives NaN.

    Args:
        y_true: Labels.
        y_pred: Predictions, same shape.
        axis: Axis or tuple of axes the coefficient is computed over.

    Returns:
        The coefficients: the shape of `y_pred` without `axis`.

    Example:

    >>> r = kerata.metrics.pearson_correlation(
    ...     [[0.0, 1.0, 2.0], [1.0, 2.0, 3.0]],
    ...     [[0.0, 2.0, 4.0], [3.0, 2.0, 1.0]])
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(r).tolist()]
    [1.0, -1.0]
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    true_scaled = _standardize(y_true, axis)
    pred_scaled = _standardize(y_pred, axis)
    return ops.mean(true_scaled * pred_scaled, axis=axis)


def _standardize(x: Any, axis: Any) -> Any:
    centered = x - ops.mean(x, axis=axis, keepdims=True)
    std = ops.std(centered, axis=axis, keepdims=True)
    # Constant slices give NaN, as 0 / 0 does in Keras, but without the
    # division warning some backends raise.
    defined = ops.greater(std, 0.0)
    scaled = centered / ops.where(defined, std, 1.0)
    return ops.where(defined, scaled, float("nan"))


@kerata_export("kerata.metrics.concordance_correlation")
def concordance_correlation(y_true: Any, y_pred: Any, axis: Any = -1) -> Any:
    """Lin's concordance correlation coefficient along `axis`:
    `2 cov(t, p) / (var(t) + var(p) + (mean(t) - mean(p)) ** 2)`.

    Unlike Pearson's coefficient it is 1 only when predictions equal the
    labels, not merely when they are linearly related. Moments are
    population moments; epsilon is added to the denominator.

    Args:
        y_true: Labels.
        y_pred: Predictions, same shape.
        axis: Axis or tuple of axes the coefficient is computed over.

    Returns:
        The coefficients: the shape of `y_pred` without `axis`.

    Example:

    >>> c = kerata.metrics.concordance_correlation(
    ...     [[0.0, 1.0, 2.0], [0.0, 1.0, 2.0]],
    ...     [[0.0, 1.0, 2.0], [1.0, 2.0, 3.0]])
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(c).tolist()]
    [1.0, 0.5714]
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    true_mean = ops.mean(y_true, axis=axis, keepdims=True)
    pred_mean = ops.mean(y_pred, axis=axis, keepdims=True)
    true_centered = y_true - true_mean
    pred_centered = y_pred - pred_mean
    covariance = ops.mean(true_centered * pred_centered, axis=axis)
    denominator = (
        ops.mean(ops.square(true_centered), axis=axis)
        + ops.mean(ops.square(pred_centered), axis=axis)
        + ops.square(ops.squeeze(true_mean - pred_mean, axis=axis))
    )
    return 2.0 * covariance / (denominator + backend.epsilon())


@kerata_export("kerata.metrics.PearsonCorrelation")
class PearsonCorrelation(_FixedConfig, MeanMetricWrapper):
    """Mean over samples of the Pearson correlation coefficient.

    The coefficient of each sample's labels and predictions is computed
    along `axis` (from -1, no linear relation at 0, to 1), and averaged
    over samples.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.
        axis: Axis or tuple of axes the coefficient is computed over.

    Example:

    >>> metric = kerata.metrics.PearsonCorrelation()
    >>> metric.update_state([[0.0, 1.0, 2.0], [1.0, 2.0, 3.0]],
    ...                     [[0.0, 2.0, 4.0], [1.0, 2.0, 1.0]])
    >>> round(float(metric.result()), 4)
    0.5
    """

    _config_keys = ("axis",)

    def __init__(
        self,
        name: str = "pearson_correlation",
        dtype: Any = None,
        axis: Any = -1,
    ) -> None:
        super().__init__(pearson_correlation, name=name, dtype=dtype, axis=axis)
        self.axis = axis


@kerata_export("kerata.metrics.ConcordanceCorrelation")
class ConcordanceCorrelation(_FixedConfig, MeanMetricWrapper):
    """Mean over samples of Lin's concordance correlation coefficient.

    The coefficient measures how close predictions lie to the line
    `y_pred = y_true`: 1 means equal values.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.
        axis: Axis or tuple of axes the coefficient is computed over.

    Example:

    >>> metric = kerata.metrics.ConcordanceCorrelation()
    >>> metric.update_state([[0.0, 1.0, 2.0], [0.0, 1.0, 2.0]],
    ...                     [[0.0, 1.0, 2.0], [1.0, 2.0, 3.0]])
    >>> round(float(metric.result()), 4)
    0.7857
    """

    _config_keys = ("axis",)

    def __init__(
        self,
        name: str = "concordance_correlation",
        dtype: Any = None,
        axis: Any = -1,
    ) -> None:
        super().__init__(
            concordance_correlation, name=name, dtype=dtype, axis=axis
        )
        self.axis = axis
