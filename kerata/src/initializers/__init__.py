"""`kerata.initializers`: weight initializers and their lookup by name."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import ops
from kerata.src.activations import _serialization
from kerata.src.api_export import kerata_export
from kerata.src.initializers.constant_initializers import Constant
from kerata.src.initializers.constant_initializers import Identity
from kerata.src.initializers.constant_initializers import Ones
from kerata.src.initializers.constant_initializers import Zeros
from kerata.src.initializers.initializer import Initializer
from kerata.src.initializers.random_initializers import GlorotNormal
from kerata.src.initializers.random_initializers import GlorotUniform
from kerata.src.initializers.random_initializers import HeNormal
from kerata.src.initializers.random_initializers import HeUniform
from kerata.src.initializers.random_initializers import LecunNormal
from kerata.src.initializers.random_initializers import LecunUniform
from kerata.src.initializers.random_initializers import Orthogonal
from kerata.src.initializers.random_initializers import RandomNormal
from kerata.src.initializers.random_initializers import RandomUniform
from kerata.src.initializers.random_initializers import TruncatedNormal
from kerata.src.initializers.random_initializers import VarianceScaling
from kerata.src.initializers.random_initializers import compute_fans

ALL_OBJECTS = (
    Initializer,
    Constant,
    Identity,
    Ones,
    Zeros,
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    Orthogonal,
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
    VarianceScaling,
)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update(
    {_serialization.to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS}
)
# Older and shorter names Keras also accepts.
ALL_OBJECTS_DICT.update(
    {
        "IdentityInitializer": Identity,
        "OrthogonalInitializer": Orthogonal,
        "normal": RandomNormal,
        "uniform": RandomUniform,
        "one": Ones,
        "zero": Zeros,
    }
)


@kerata_export("kerata.initializers.serialize")
def serialize(initializer: Any) -> dict | None:
    """Returns an initializer's config in Keras's dict format.

    Example:

    >>> config = kerata.initializers.serialize(kerata.initializers.Ones())
    >>> config["class_name"], config["config"]
    ('Ones', {})
    """
    return _serialization.serialize_object(initializer)


@kerata_export("kerata.initializers.deserialize")
def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    """Builds an initializer from a name or a config dict.

    Args:
        config: A name such as `"he_normal"`, or a dict from `serialize`.
        custom_objects: Optional dict of your own initializers by name.

    Example:

    >>> init = kerata.initializers.deserialize(
    ...     {"class_name": "Constant", "config": {"value": 2.0}})
    >>> kerata.ops.convert_to_numpy(init((2,))).tolist()
    [2.0, 2.0]
    """
    return _serialization.deserialize_object(
        config, ALL_OBJECTS_DICT, custom_objects, "initializer"
    )


@kerata_export("kerata.initializers.get")
def get(identifier: Any) -> Any:
    """Returns an initializer from a name, config, class, callable or array.

    A name or class gives a new instance (`"glorot_uniform"` and
    `"GlorotUniform"` both work); callables are returned as they are; a
    tensor or NumPy array gives an initializer returning that value, for
    calls with the same shape. `None` gives `None`.

    Args:
        identifier: The initializer to look up.

    Raises:
        ValueError: If the identifier is not understood.

    Example:

    >>> type(kerata.initializers.get("he_normal")).__name__
    'HeNormal'
    """
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if isinstance(identifier, type) and issubclass(identifier, Initializer):
        return identifier()
    if ops.is_tensor(identifier) or isinstance(
        identifier, (np.ndarray, np.generic)
    ):
        return _value_initializer(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret initializer identifier: {identifier!r}. "
        "Expected a name such as 'glorot_uniform', a config dict, an "
        "Initializer, a callable `fn(shape, dtype=None)` or an array."
    )


def _value_initializer(value: Any) -> Any:
    expected = tuple(value.shape)

    def initialize(shape: Any, dtype: Any = None) -> Any:
        if tuple(shape) != expected:
            raise ValueError(
                f"This initializer holds a value of shape {expected}, so it "
                f"can only fill that shape. Received: shape={tuple(shape)}"
            )
        return ops.cast(value, backend.standardize_dtype(dtype))

    return initialize
