"""`Masking`: marks timesteps to skip with a mask value."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.Masking")
class Masking(Layer):
    """Masks timesteps whose features all equal `mask_value`.

    For inputs of shape `(batch, timesteps, features)`, timestep `t` of
    sample `b` is masked when `inputs[b, t, :] == mask_value` everywhere.
    Masked timesteps are zeroed in the output, and layers downstream that
    support masking (e.g. RNNs) skip them.

    Args:
        mask_value: The value marking padding.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Example:

    >>> x = kerata.ops.convert_to_tensor([[[1.0, 2.0], [0.0, 0.0]]])
    >>> layer = kerata.layers.Masking(mask_value=0.0)
    >>> y = layer(x)
    >>> kerata.ops.convert_to_numpy(layer.compute_mask(x)).tolist()
    [[True, False]]
    """

    def __init__(self, mask_value: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        return ops.any(ops.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs: Any) -> Any:
        keep = ops.any(
            ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=True
        )
        # The output mask is attached by `Layer.__call__` from compute_mask.
        return ops.multiply(inputs, ops.cast(keep, inputs.dtype))

    def compute_output_shape(self, input_shape: Any) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["mask_value"] = self.mask_value
        return config
