"""`ELU`: exponential linear unit."""

from __future__ import annotations

from typing import Any

from kerata.src import activations
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.ELU")
class ELU(Layer):
    """Exponential linear unit: `x` if `x > 0`, else
    `alpha * (exp(x) - 1)`.

    Args:
        alpha: Scale of the negative part.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> layer = kerata.layers.ELU()
    >>> x = kerata.ops.convert_to_tensor([0.0, 1.0])
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [0.0, 1.0]
    """

    def __init__(self, alpha: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.alpha = alpha
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any) -> Any:
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config["alpha"] = self.alpha
        return config
