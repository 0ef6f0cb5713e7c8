"""`kerata.regularizers`: weight penalties and their lookup by name."""

from __future__ import annotations

import inspect
from typing import Any

from kerata.src.activations import _serialization
from kerata.src.api_export import kerata_export
from kerata.src.regularizers.regularizers import L1
from kerata.src.regularizers.regularizers import L1L2
from kerata.src.regularizers.regularizers import L2
from kerata.src.regularizers.regularizers import OrthogonalRegularizer
from kerata.src.regularizers.regularizers import Regularizer

ALL_OBJECTS = (Regularizer, L1, L2, L1L2, OrthogonalRegularizer)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update(
    {_serialization.to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS}
)
ALL_OBJECTS_DICT["l1_l2"] = L1L2


@kerata_export("kerata.regularizers.serialize")
def serialize(regularizer: Any) -> dict | None:
    """Returns a regularizer's config in Keras's dict format.

    Example:

    >>> config = kerata.regularizers.serialize(kerata.regularizers.L2(0.5))
    >>> config["class_name"], config["config"]
    ('L2', {'l2': 0.5})
    """
    return _serialization.serialize_object(regularizer)


@kerata_export("kerata.regularizers.deserialize")
def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    """Builds a regularizer from a name or a config dict.

    Args:
        config: A name such as `"l2"`, or a dict from `serialize`.
        custom_objects: Optional dict of your own regularizers by name.

    Example:

    >>> kerata.regularizers.deserialize("l1_l2").get_config()
    {'l1': 0.0, 'l2': 0.0}
    """
    return _serialization.deserialize_object(
        config, ALL_OBJECTS_DICT, custom_objects, "regularizer"
    )


@kerata_export("kerata.regularizers.get")
def get(identifier: Any) -> Any:
    """Returns a regularizer from a name, config, class or callable.

    A name or class gives a new instance with default factors (`"l1"` and
    `"l2"` use 0.01); callables are returned as they are; `None` gives
    `None`.

    Raises:
        ValueError: If the identifier is not understood.

    Example:

    >>> kerata.regularizers.get("l2").get_config()
    {'l2': 0.01}
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
        f"Could not interpret regularizer identifier: {identifier!r}. "
        "Expected a name such as 'l2', a config dict, a Regularizer or a "
        "callable."
    )
