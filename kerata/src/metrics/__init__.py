"""`kerata.metrics`: stateful metrics and their lookup by name."""

from __future__ import annotations

from typing import Any

from kerata.src.activations import _serialization
from kerata.src.api_export import kerata_export
from kerata.src.metrics.accuracy_metrics import Accuracy
from kerata.src.metrics.accuracy_metrics import BinaryAccuracy
from kerata.src.metrics.accuracy_metrics import CategoricalAccuracy
from kerata.src.metrics.accuracy_metrics import SparseCategoricalAccuracy
from kerata.src.metrics.accuracy_metrics import SparseTopKCategoricalAccuracy
from kerata.src.metrics.accuracy_metrics import TopKCategoricalAccuracy
from kerata.src.metrics.confusion_metrics import AUC
from kerata.src.metrics.confusion_metrics import FalseNegatives
from kerata.src.metrics.confusion_metrics import FalsePositives
from kerata.src.metrics.confusion_metrics import Precision
from kerata.src.metrics.confusion_metrics import PrecisionAtRecall
from kerata.src.metrics.confusion_metrics import Recall
from kerata.src.metrics.confusion_metrics import RecallAtPrecision
from kerata.src.metrics.confusion_metrics import SensitivityAtSpecificity
from kerata.src.metrics.confusion_metrics import SpecificityAtSensitivity
from kerata.src.metrics.confusion_metrics import TrueNegatives
from kerata.src.metrics.confusion_metrics import TruePositives
from kerata.src.metrics.correlation_metrics import ConcordanceCorrelation
from kerata.src.metrics.correlation_metrics import PearsonCorrelation
from kerata.src.metrics.f_score_metrics import F1Score
from kerata.src.metrics.f_score_metrics import FBetaScore
from kerata.src.metrics.hinge_metrics import CategoricalHinge
from kerata.src.metrics.hinge_metrics import Hinge
from kerata.src.metrics.hinge_metrics import SquaredHinge
from kerata.src.metrics.iou_metrics import BinaryIoU
from kerata.src.metrics.iou_metrics import IoU
from kerata.src.metrics.iou_metrics import MeanIoU
from kerata.src.metrics.iou_metrics import OneHotIoU
from kerata.src.metrics.iou_metrics import OneHotMeanIoU
from kerata.src.metrics.metric import Metric
from kerata.src.metrics.probabilistic_metrics import BinaryCrossentropy
from kerata.src.metrics.probabilistic_metrics import CategoricalCrossentropy
from kerata.src.metrics.probabilistic_metrics import KLDivergence
from kerata.src.metrics.probabilistic_metrics import Poisson
from kerata.src.metrics.probabilistic_metrics import (
    SparseCategoricalCrossentropy,
)
from kerata.src.metrics.reduction_metrics import Mean
from kerata.src.metrics.reduction_metrics import MeanMetricWrapper
from kerata.src.metrics.reduction_metrics import Sum
from kerata.src.metrics.regression_metrics import CosineSimilarity
from kerata.src.metrics.regression_metrics import LogCoshError
from kerata.src.metrics.regression_metrics import MeanAbsoluteError
from kerata.src.metrics.regression_metrics import MeanAbsolutePercentageError
from kerata.src.metrics.regression_metrics import MeanSquaredError
from kerata.src.metrics.regression_metrics import MeanSquaredLogarithmicError
from kerata.src.metrics.regression_metrics import R2Score
from kerata.src.metrics.regression_metrics import RootMeanSquaredError

ALL_OBJECTS = (
    Metric,
    Mean,
    Sum,
    MeanMetricWrapper,
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    TopKCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    TruePositives,
    FalsePositives,
    TrueNegatives,
    FalseNegatives,
    Precision,
    Recall,
    AUC,
    SensitivityAtSpecificity,
    SpecificityAtSensitivity,
    PrecisionAtRecall,
    RecallAtPrecision,
    F1Score,
    FBetaScore,
    IoU,
    MeanIoU,
    BinaryIoU,
    OneHotIoU,
    OneHotMeanIoU,
    MeanSquaredError,
    RootMeanSquaredError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError,
    LogCoshError,
    CosineSimilarity,
    R2Score,
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
    KLDivergence,
    Poisson,
    Hinge,
    SquaredHinge,
    CategoricalHinge,
    PearsonCorrelation,
    ConcordanceCorrelation,
)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update(
    {_serialization.to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS}
)
# Short names Keras also accepts.
ALL_OBJECTS_DICT.update(
    {
        "acc": Accuracy,
        "mse": MeanSquaredError,
        "MSE": MeanSquaredError,
        "mae": MeanAbsoluteError,
        "MAE": MeanAbsoluteError,
        "mape": MeanAbsolutePercentageError,
        "MAPE": MeanAbsolutePercentageError,
        "msle": MeanSquaredLogarithmicError,
        "MSLE": MeanSquaredLogarithmicError,
        "logcosh": LogCoshError,
        "bce": BinaryCrossentropy,
        "BCE": BinaryCrossentropy,
        "auc": AUC,
        "f1_score": F1Score,
        "fbeta_score": FBetaScore,
        "kld": KLDivergence,
        "KLD": KLDivergence,
    }
)


@kerata_export("kerata.metrics.serialize")
def serialize(metric: Any) -> dict | None:
    """Returns a metric's config in Keras's dict format.

    Example:

    >>> config = kerata.metrics.serialize(kerata.metrics.Mean(name="m"))
    >>> config["class_name"], config["config"]["name"]
    ('Mean', 'm')
    """
    return _serialization.serialize_object(metric)


@kerata_export("kerata.metrics.deserialize")
def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    """Builds a metric from a name or a config dict.

    Args:
        config: A name such as `"accuracy"`, or a dict from `serialize`.
        custom_objects: Optional dict of your own metrics by name.

    Example:

    >>> metric = kerata.metrics.deserialize(
    ...     {"class_name": "Precision", "config": {"thresholds": 0.7}})
    >>> metric.thresholds
    [0.7]
    """
    return _serialization.deserialize_object(
        config, ALL_OBJECTS_DICT, custom_objects, "metric"
    )


@kerata_export("kerata.metrics.get")
def get(identifier: Any) -> Any:
    """Returns a metric from a name, a config dict or a callable.

    Names give new instances (`"accuracy"`, `"acc"`, `"Accuracy"`,
    `"mse"`, ...); callables are returned as they are; `None` gives
    `None`.

    Args:
        identifier: The metric to look up.

    Raises:
        ValueError: If the identifier is not understood.

    Example:

    >>> kerata.metrics.get("acc").name
    'accuracy'
    """
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(
        "Could not interpret metric identifier: expected a name, a config "
        f"dict or a callable. Received: {identifier!r}"
    )
