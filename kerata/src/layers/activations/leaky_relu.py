"""`LeakyReLU`: ReLU with a small slope for negative inputs."""

from __future__ import annotations

import warnings
from typing import Any

from kerata.src import activations
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.LeakyReLU")
class LeakyReLU(Layer):
    """Leaky rectified linear unit: `x` if `x >= 0`, else
    `negative_slope * x`.

    Args:
        negative_slope: Slope for negative inputs, >= 0. Defaults to 0.3.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).
            The Keras 2 name `alpha` is accepted, with a warning.

    Example:

    >>> layer = kerata.layers.LeakyReLU(negative_slope=0.5)
    >>> x = kerata.ops.convert_to_tensor([-2.0, 0.0, 2.0])
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [-1.0, 0.0, 2.0]
    """

    def __init__(self, negative_slope: float = 0.3, **kwargs: Any) -> None:
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn(
                "Argument `alpha` of LeakyReLU is deprecated. Use "
                "`negative_slope` instead.",
                stacklevel=2,
            )
        super().__init__(**kwargs)
        if negative_slope is None or negative_slope < 0:
            raise ValueError(
                "`negative_slope` of a LeakyReLU layer must be a number "
                f">= 0. Received: negative_slope={negative_slope}"
            )
        self.negative_slope = negative_slope
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any) -> Any:
        return activations.leaky_relu(
            inputs, negative_slope=self.negative_slope
        )

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config["negative_slope"] = self.negative_slope
        return config
