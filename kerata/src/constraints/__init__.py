"""`kerata.constraints`: weight constraints and their lookup by name."""

from __future__ import annotations

import inspect
from typing import Any

from kerata.src.activations import _serialization
from kerata.src.api_export import kerata_export
from kerata.src.constraints.constraints import Constraint
from kerata.src.constraints.constraints import MaxNorm
from kerata.src.constraints.constraints import MinMaxNorm
from kerata.src.constraints.constraints import NonNeg
from kerata.src.constraints.constraints import UnitNorm

ALL_OBJECTS = (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update(
    {_serialization.to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS}
)


@kerata_export("kerata.constraints.serialize")
def serialize(constraint: Any) -> dict | None:
    """Returns a constraint's config in Keras's dict format.

    Example:

    >>> config = kerata.constraints.serialize(kerata.constraints.NonNeg())
    >>> config["module"], config["class_name"]
    ('keras.constraints', 'NonNeg')
    """
    return _serialization.serialize_object(constraint)


@kerata_export("kerata.constraints.deserialize")
def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    """Builds a constraint from a name or a config dict.

    Args:
        config: A name such as `"max_norm"`, or a dict from `serialize`.
        custom_objects: Optional dict of your own constraints by name.

    Example:

    >>> kerata.constraints.deserialize("max_norm").get_config()
    {'max_value': 2, 'axis': 0}
    """
    return _serialization.deserialize_object(
        config, ALL_OBJECTS_DICT, custom_objects, "constraint"
    )


@kerata_export("kerata.constraints.get")
def get(identifier: Any) -> Any:
    """Returns a constraint from a name, config, class or callable.

    A name or class gives a new instance; callables are returned as they
    are; `None` gives `None`.

    Raises:
        ValueError: If the identifier is not understood.

    Example:

    >>> type(kerata.constraints.get("non_neg")).__name__
    'NonNeg'
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
        f"Could not interpret constraint identifier: {identifier!r}. "
        "Expected a name such as 'max_norm', a config dict, a Constraint "
        "or a callable."
    )
