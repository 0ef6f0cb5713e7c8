"""`UpSampling1D`: repeats each timestep."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.reshaping.base_up_sampling import BaseUpSampling


@kerata_export("kerata.layers.UpSampling1D")
class UpSampling1D(BaseUpSampling):
    """Upsamples a sequence by repeating each timestep `size` times.

    Args:
        size: Positive int, the upsampling factor.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, steps, features)`.

    Output shape:
        `(batch_size, steps * size, features)`.

    Example:

    >>> layer = kerata.layers.UpSampling1D(size=2)
    >>> y = layer(kerata.ops.convert_to_tensor([[[1.0], [2.0]]]))
    >>> kerata.ops.convert_to_numpy(y)[0, :, 0].tolist()
    [1.0, 1.0, 2.0, 2.0]
    """

    def __init__(self, size: int = 2, **kwargs: Any) -> None:
        if isinstance(size, bool) or not isinstance(size, int):
            raise TypeError(
                "`size` of an UpSampling1D layer must be an int. Received: "
                f"size={size!r} of type {type(size).__name__}."
            )
        # Keras's UpSampling1D has no data_format: steps are on axis 1.
        super().__init__(size, data_format="channels_last", **kwargs)
        self.size = size

    def get_config(self) -> dict:
        config = super().get_config()
        del config["data_format"]
        return config
