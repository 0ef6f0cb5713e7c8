"""`Activation`: applies an activation function."""

from __future__ import annotations

from typing import Any

from kerata.src import activations
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.Activation")
class Activation(Layer):
    """Applies an activation function to its input.

    Args:
        activation: Activation name (e.g. `"relu"`) or callable.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> layer = kerata.layers.Activation("relu")
    >>> x = kerata.ops.convert_to_tensor([-1.0, 0.0, 2.0])
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [0.0, 0.0, 2.0]
    """

    def __init__(self, activation: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)
        self.built = True

    def call(self, inputs: Any) -> Any:
        return self.activation(inputs)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config["activation"] = activations.serialize(self.activation)
        return config
