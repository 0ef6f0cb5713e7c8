"""`kerata.activations`: activation functions and their lookup by name."""

from __future__ import annotations

from typing import Any

from kerata.src.activations import _serialization
from kerata.src.activations.activations import celu
from kerata.src.activations.activations import elu
from kerata.src.activations.activations import exponential
from kerata.src.activations.activations import gelu
from kerata.src.activations.activations import glu
from kerata.src.activations.activations import hard_shrink
from kerata.src.activations.activations import hard_sigmoid
from kerata.src.activations.activations import hard_silu
from kerata.src.activations.activations import hard_tanh
from kerata.src.activations.activations import leaky_relu
from kerata.src.activations.activations import linear
from kerata.src.activations.activations import log_sigmoid
from kerata.src.activations.activations import log_softmax
from kerata.src.activations.activations import mish
from kerata.src.activations.activations import relu
from kerata.src.activations.activations import relu6
from kerata.src.activations.activations import selu
from kerata.src.activations.activations import sigmoid
from kerata.src.activations.activations import silu
from kerata.src.activations.activations import soft_shrink
from kerata.src.activations.activations import softmax
from kerata.src.activations.activations import softplus
from kerata.src.activations.activations import softsign
from kerata.src.activations.activations import sparse_plus
from kerata.src.activations.activations import sparse_sigmoid
from kerata.src.activations.activations import sparsemax
from kerata.src.activations.activations import squareplus
from kerata.src.activations.activations import tanh
from kerata.src.activations.activations import tanh_shrink
from kerata.src.activations.activations import threshold
from kerata.src.api_export import kerata_export

swish = silu
hard_swish = hard_silu

ALL_OBJECTS = (
    celu,
    elu,
    exponential,
    gelu,
    glu,
    hard_shrink,
    hard_sigmoid,
    hard_silu,
    hard_tanh,
    leaky_relu,
    linear,
    log_sigmoid,
    log_softmax,
    mish,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    soft_shrink,
    softmax,
    softplus,
    softsign,
    sparse_plus,
    sparse_sigmoid,
    sparsemax,
    squareplus,
    tanh,
    tanh_shrink,
    threshold,
)
ALL_OBJECTS_DICT = {fn.__name__: fn for fn in ALL_OBJECTS}
ALL_OBJECTS_DICT["swish"] = silu
ALL_OBJECTS_DICT["hard_swish"] = hard_silu
_BUILTIN_IDS = {id(fn) for fn in ALL_OBJECTS}


@kerata_export("kerata.activations.serialize")
def serialize(activation: Any) -> str | dict | None:
    """Returns an activation's name, or a config dict for custom ones.

    Built-in functions serialize to their canonical name (`swish` gives
    `"silu"`); objects with `get_config()` (such as activation layers) to
    Keras's dict format; other named functions to
    `{"class_name": "function", "config": name, ...}`.

    Example:

    >>> kerata.activations.serialize(kerata.activations.swish)
    'silu'
    """
    if id(activation) in _BUILTIN_IDS:
        return activation.__name__
    return _serialization.serialize_object(activation)


@kerata_export("kerata.activations.deserialize")
def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    """Returns the activation named, or described by a config dict.

    Args:
        config: A name such as `"relu"`, or a dict from `serialize`.
        custom_objects: Optional dict of your own activations by name.

    Example:

    >>> kerata.activations.deserialize("relu") is kerata.activations.relu
    True
    """
    return _serialization.deserialize_object(
        config, ALL_OBJECTS_DICT, custom_objects, "activation function"
    )


@kerata_export("kerata.activations.get")
def get(identifier: Any) -> Any:
    """Returns an activation function from a name, config or callable.

    `None` gives `linear`; callables are returned as they are.

    Args:
        identifier: `None`, a name, a config dict or a callable.

    Raises:
        ValueError: If the identifier is not understood.

    Example:

    >>> kerata.activations.get("swish") is kerata.activations.silu
    True
    >>> kerata.activations.get(None) is kerata.activations.linear
    True
    """
    if identifier is None:
        return linear
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(
        "Could not interpret activation function identifier: "
        f"{identifier!r}. Expected a name such as 'relu', a config dict, "
        "a callable or None."
    )
