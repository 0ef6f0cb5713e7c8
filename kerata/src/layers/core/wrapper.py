"""`Wrapper`: the base class of layers that hold and extend another layer."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer
from kerata.src.layers.serialization import deserialize
from kerata.src.layers.serialization import serialize


@kerata_export("kerata.layers.Wrapper")
class Wrapper(Layer):
    """Abstract base class of layers that wrap another layer.

    A wrapper keeps the wrapped layer in `self.layer` and changes how it
    is applied (over time steps, in both directions, with normalized
    weights, ...). It is not used on its own: subclass it and write
    `call`. The base class builds the wrapped layer with the wrapper's
    input shape and writes the wrapped layer's config under the `"layer"`
    key of its own config, so that `from_config` rebuilds both.

    Args:
        layer: The `kerata.layers.Layer` instance to wrap.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Raises:
        ValueError: If `layer` is not a layer.

    Example:

    >>> class Doubled(kerata.layers.Wrapper):
    ...     def call(self, x):
    ...         return 2 * self.layer(x)
    >>> layer = Doubled(kerata.layers.Dense(3, kernel_initializer="ones"))
    >>> kerata.ops.convert_to_numpy(layer(kerata.ops.ones((1, 2)))).tolist()
    [[4.0, 4.0, 4.0]]
    >>> layer.get_config()["layer"]["class_name"]
    'Dense'
    """

    def __init__(self, layer: Layer, **kwargs: Any) -> None:
        if not isinstance(layer, Layer):
            raise ValueError(
                "`layer` must be a `kerata.layers.Layer` instance. "
                f"Received: layer={layer!r} of type {type(layer).__name__}. "
                "Pass a layer, e.g. Wrapper(Dense(8))."
            )
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape: Any = None) -> None:
        if not self.layer.built:
            self.layer.build(input_shape)
            self.layer.built = True

    def get_config(self) -> dict:
        config = super().get_config()
        config["layer"] = serialize(self.layer)
        return config

    @classmethod
    def from_config(
        cls, config: dict, custom_objects: dict | None = None
    ) -> Wrapper:
        config = dict(config)
        layer = config.pop("layer")
        if not isinstance(layer, Layer):  # subclasses may have rebuilt it
            layer = deserialize(layer, custom_objects)
        return super().from_config({**config, "layer": layer})
