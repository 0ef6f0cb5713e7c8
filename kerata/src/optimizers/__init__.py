"""`kerata.optimizers`: update rules and their lookup by name."""

from __future__ import annotations

import inspect
from typing import Any

from kerata.src.activations import _serialization
from kerata.src.api_export import kerata_export
from kerata.src.optimizers.adadelta import Adadelta
from kerata.src.optimizers.adafactor import Adafactor
from kerata.src.optimizers.adagrad import Adagrad
from kerata.src.optimizers.adam import Adam
from kerata.src.optimizers.adamax import Adamax
from kerata.src.optimizers.adamw import AdamW
from kerata.src.optimizers.base_optimizer import Optimizer
from kerata.src.optimizers.ftrl import Ftrl
from kerata.src.optimizers.lamb import Lamb
from kerata.src.optimizers.lion import Lion
from kerata.src.optimizers.loss_scale_optimizer import LossScaleOptimizer
from kerata.src.optimizers.muon import Muon
from kerata.src.optimizers.nadam import Nadam
from kerata.src.optimizers.rmsprop import RMSprop
from kerata.src.optimizers.sgd import SGD

ALL_OBJECTS = (
    Optimizer,
    LossScaleOptimizer,
    Muon,
    SGD,
    Adam,
    AdamW,
    RMSprop,
    Adagrad,
    Adamax,
    Nadam,
    Adadelta,
    Lion,
    Lamb,
    Ftrl,
    Adafactor,
)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({cls.__name__.lower(): cls for cls in ALL_OBJECTS})


@kerata_export("kerata.optimizers.serialize")
def serialize(optimizer: Any) -> dict | None:
    """Returns an optimizer's config in Keras's dict format.

    Example:

    >>> config = kerata.optimizers.serialize(kerata.optimizers.SGD())
    >>> config["class_name"], config["config"]["momentum"]
    ('SGD', 0.0)
    """
    return _serialization.serialize_object(optimizer)


@kerata_export("kerata.optimizers.deserialize")
def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    """Builds an optimizer from a name or a config dict.

    Args:
        config: A name such as `"adam"`, or a dict from `serialize`.
        custom_objects: Optional dict of your own optimizers by name.

    Example:

    >>> kerata.optimizers.deserialize("adam").get_config()["beta_1"]
    0.9
    """
    return _serialization.deserialize_object(
        config, ALL_OBJECTS_DICT, custom_objects, "optimizer"
    )


@kerata_export("kerata.optimizers.get")
def get(identifier: Any) -> Any:
    """Returns an optimizer from a name, config dict, class or instance.

    A name or class gives a new instance with default arguments; an
    `Optimizer` instance is returned as it is.

    Raises:
        ValueError: If the identifier is not understood.

    Example:

    >>> type(kerata.optimizers.get("sgd")).__name__
    'SGD'
    """
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if inspect.isclass(identifier) and issubclass(identifier, Optimizer):
        return identifier()
    raise ValueError(
        f"Could not interpret optimizer identifier: {identifier!r}. "
        "Expected a name such as 'adam', a config dict, an Optimizer class "
        "or instance."
    )
