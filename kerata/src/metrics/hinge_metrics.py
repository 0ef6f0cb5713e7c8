"""Hinge metrics: the mean of a hinge loss over samples."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.losses import functions
from kerata.src.metrics.accuracy_metrics import _FixedConfig
from kerata.src.metrics.reduction_metrics import MeanMetricWrapper

# Keras exposes the loss functions under `keras.metrics` too.
hinge = kerata_export("kerata.metrics.hinge")(functions.hinge)
squared_hinge = kerata_export("kerata.metrics.squared_hinge")(
    functions.squared_hinge
)
categorical_hinge = kerata_export("kerata.metrics.categorical_hinge")(
    functions.categorical_hinge
)


@kerata_export("kerata.metrics.Hinge")
class Hinge(_FixedConfig, MeanMetricWrapper):
    """Mean hinge loss `maximum(1 - y_true * y_pred, 0)` over samples.

    Labels are expected in {-1, 1}; labels in {0, 1} are mapped to
    {-1, 1} first.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.Hinge()
    >>> metric.update_state([[0.0, 1.0], [0.0, 0.0]],
    ...                     [[0.6, 0.4], [0.4, 0.6]])
    >>> round(float(metric.result()), 4)
    1.3
    """

    def __init__(self, name: str = "hinge", dtype: Any = None) -> None:
        super().__init__(hinge, name=name, dtype=dtype)


@kerata_export("kerata.metrics.SquaredHinge")
class SquaredHinge(_FixedConfig, MeanMetricWrapper):
    """Mean squared hinge loss `maximum(1 - y_true * y_pred, 0) ** 2`.

    Labels are expected in {-1, 1}; labels in {0, 1} are mapped to
    {-1, 1} first.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.SquaredHinge()
    >>> metric.update_state([[0.0, 1.0], [0.0, 0.0]],
    ...                     [[0.6, 0.4], [0.4, 0.6]])
    >>> round(float(metric.result()), 4)
    1.86
    """

    def __init__(self, name: str = "squared_hinge", dtype: Any = None) -> None:
        super().__init__(squared_hinge, name=name, dtype=dtype)


@kerata_export("kerata.metrics.CategoricalHinge")
class CategoricalHinge(_FixedConfig, MeanMetricWrapper):
    """Mean categorical hinge loss `maximum(neg - pos + 1, 0)`.

    `pos` is the score of the true class of a one-hot label and `neg` the
    best score among the other classes.

    Args:
        name: Name of the metric.
        dtype: Dtype of the state and result.

    Example:

    >>> metric = kerata.metrics.CategoricalHinge()
    >>> metric.update_state([[0.0, 1.0], [0.0, 0.0]],
    ...                     [[0.6, 0.4], [0.4, 0.6]])
    >>> round(float(metric.result()), 4)
    1.4
    """

    def __init__(
        self, name: str = "categorical_hinge", dtype: Any = None
    ) -> None:
        super().__init__(categorical_hinge, name=name, dtype=dtype)
