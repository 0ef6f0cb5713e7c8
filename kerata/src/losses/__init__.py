"""`kerata.losses`: loss functions and classes, and their lookup by name."""

from __future__ import annotations

import inspect
from typing import Any

from kerata.src.activations import _serialization
from kerata.src.api_export import kerata_export
from kerata.src.losses.ctc import CTC
from kerata.src.losses.ctc import ctc
from kerata.src.losses.functions import binary_crossentropy
from kerata.src.losses.functions import binary_focal_crossentropy
from kerata.src.losses.functions import categorical_crossentropy
from kerata.src.losses.functions import categorical_focal_crossentropy
from kerata.src.losses.functions import categorical_generalized_cross_entropy
from kerata.src.losses.functions import categorical_hinge
from kerata.src.losses.functions import circle
from kerata.src.losses.functions import cosine_similarity
from kerata.src.losses.functions import dice
from kerata.src.losses.functions import hinge
from kerata.src.losses.functions import huber
from kerata.src.losses.functions import kl_divergence
from kerata.src.losses.functions import log_cosh
from kerata.src.losses.functions import mean_absolute_error
from kerata.src.losses.functions import mean_absolute_percentage_error
from kerata.src.losses.functions import mean_squared_error
from kerata.src.losses.functions import mean_squared_logarithmic_error
from kerata.src.losses.functions import poisson
from kerata.src.losses.functions import sparse_categorical_crossentropy
from kerata.src.losses.functions import squared_hinge
from kerata.src.losses.functions import tversky
from kerata.src.losses.loss import Loss
from kerata.src.losses.loss import LossFunctionWrapper
from kerata.src.losses.losses import BinaryCrossentropy
from kerata.src.losses.losses import BinaryFocalCrossentropy
from kerata.src.losses.losses import CategoricalCrossentropy
from kerata.src.losses.losses import CategoricalFocalCrossentropy
from kerata.src.losses.losses import CategoricalGeneralizedCrossEntropy
from kerata.src.losses.losses import CategoricalHinge
from kerata.src.losses.losses import Circle
from kerata.src.losses.losses import CosineSimilarity
from kerata.src.losses.losses import Dice
from kerata.src.losses.losses import Hinge
from kerata.src.losses.losses import Huber
from kerata.src.losses.losses import KLDivergence
from kerata.src.losses.losses import LogCosh
from kerata.src.losses.losses import MeanAbsoluteError
from kerata.src.losses.losses import MeanAbsolutePercentageError
from kerata.src.losses.losses import MeanSquaredError
from kerata.src.losses.losses import MeanSquaredLogarithmicError
from kerata.src.losses.losses import Poisson
from kerata.src.losses.losses import SparseCategoricalCrossentropy
from kerata.src.losses.losses import SquaredHinge
from kerata.src.losses.losses import Tversky

ALL_OBJECTS = (
    Loss,
    LossFunctionWrapper,
    MeanSquaredError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError,
    Huber,
    LogCosh,
    BinaryCrossentropy,
    BinaryFocalCrossentropy,
    CategoricalCrossentropy,
    CategoricalFocalCrossentropy,
    SparseCategoricalCrossentropy,
    Hinge,
    SquaredHinge,
    CategoricalHinge,
    KLDivergence,
    Poisson,
    CosineSimilarity,
    Dice,
    Tversky,
    CTC,
    mean_squared_error,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_logarithmic_error,
    huber,
    log_cosh,
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    sparse_categorical_crossentropy,
    hinge,
    squared_hinge,
    categorical_hinge,
    kl_divergence,
    poisson,
    cosine_similarity,
    dice,
    tversky,
    ctc,
    Circle,
    CategoricalGeneralizedCrossEntropy,
    circle,
    categorical_generalized_cross_entropy,
)
ALL_OBJECTS_DICT = {obj.__name__: obj for obj in ALL_OBJECTS}
# Keras's short names and spellings of the functions.
ALL_OBJECTS_DICT.update(
    {
        "mse": mean_squared_error,
        "MSE": mean_squared_error,
        "mae": mean_absolute_error,
        "MAE": mean_absolute_error,
        "mape": mean_absolute_percentage_error,
        "MAPE": mean_absolute_percentage_error,
        "msle": mean_squared_logarithmic_error,
        "MSLE": mean_squared_logarithmic_error,
        "kld": kl_divergence,
        "KLD": kl_divergence,
        "kullback_leibler_divergence": kl_divergence,
        "logcosh": log_cosh,
        "huber_loss": huber,
    }
)


@kerata_export("kerata.losses.serialize")
def serialize(loss: Any) -> dict | None:
    """Returns a loss's config in Keras's dict format.

    Example:

    >>> config = kerata.losses.serialize(kerata.losses.Huber(delta=2.0))
    >>> config["class_name"], config["config"]["delta"]
    ('Huber', 2.0)
    """
    return _serialization.serialize_object(loss)


@kerata_export("kerata.losses.deserialize")
def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    """Builds a loss from a name or a config dict.

    Args:
        config: A name such as `"mse"` or `"Huber"`, or a dict from
            `serialize`.
        custom_objects: Optional dict of your own losses by name.

    Example:

    >>> kerata.losses.deserialize("mse").__name__
    'mean_squared_error'
    """
    return _serialization.deserialize_object(
        config, ALL_OBJECTS_DICT, custom_objects, "loss"
    )


@kerata_export("kerata.losses.get")
def get(identifier: Any) -> Any:
    """Returns a loss from a name, config, class or callable.

    A function name (`"mse"`, `"binary_crossentropy"`) gives the function,
    a class name (`"MeanSquaredError"`) or a class gives a new instance,
    and callables are returned as they are; `None` gives `None`.

    Raises:
        ValueError: If the identifier is not understood.

    Example:

    >>> kerata.losses.get("categorical_crossentropy").__name__
    'categorical_crossentropy'
    >>> kerata.losses.get("BinaryCrossentropy").name
    'binary_crossentropy'
    """
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if inspect.isclass(identifier):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret loss identifier: {identifier!r}. Expected a "
        "name such as 'mse', a config dict, a Loss or a callable."
    )
