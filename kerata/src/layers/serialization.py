"""`kerata.layers.serialize` and `kerata.layers.deserialize`: a layer to
and from Keras 3's config dict.

They are thin functions over `kerata.saving`'s object serialization,
imported when called because saving sits above layers in the dependency
order (it needs the layer classes to rebuild them).
"""

from __future__ import annotations

from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.serialize")
def serialize(layer: Layer) -> dict:
    """Returns a layer's config in Keras 3's format, as a Python dict.

    The dict names the class (`"module"`, `"class_name"`,
    `"registered_name"`), holds `layer.get_config()` under `"config"`
    and, for a built layer, the input shape under `"build_config"`. It is
    JSON-compatible, and `kerata.layers.deserialize` (or Keras's) reads it
    back.

    Args:
        layer: A `kerata.layers.Layer` instance.

    Returns:
        The config dict.

    Example:

    >>> config = kerata.layers.serialize(kerata.layers.Dense(4, name="d"))
    >>> config["class_name"], config["config"]["units"]
    ('Dense', 4)
    """
    from kerata.src.saving import serialization_lib

    return serialization_lib.serialize_keras_object(layer)


@kerata_export("kerata.layers.deserialize")
def deserialize(config: dict, custom_objects: dict | None = None) -> Layer:
    """Rebuilds a layer from the output of `kerata.layers.serialize`.

    Args:
        config: A config dict in Keras 3's format, as written by
            `kerata.layers.serialize` or `keras.layers.serialize`.
        custom_objects: Optional dict mapping names to your own classes and
            functions used in the config.

    Returns:
        A new layer, built when the config holds a `"build_config"`.

    Raises:
        ValueError: If the config does not describe a layer.

    Example:

    >>> config = kerata.layers.serialize(kerata.layers.Dense(4, name="d"))
    >>> layer = kerata.layers.deserialize(config)
    >>> type(layer).__name__, layer.units, layer.name
    ('Dense', 4, 'd')
    """
    from kerata.src.saving import serialization_lib

    obj = serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects
    )
    if not isinstance(obj, Layer):
        raise ValueError(
            "`kerata.layers.deserialize` expects the config of a layer, "
            f"but the config given describes {type(obj).__name__} object "
            f"{obj!r}. Received: config={config!r}"
        )
    return obj
