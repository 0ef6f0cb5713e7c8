"""`Cropping1D`: removes entries at the borders of sequences."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.reshaping.base_cropping import BaseCropping


@kerata_export("kerata.layers.Cropping1D")
class Cropping1D(BaseCropping):
    """Crops a sequence along its time axis.

    Args:
        cropping: Int or tuple of 2 ints, the entries removed at the start
            and at the end of the time axis (an int removes as many from
            both).
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, axis_to_crop, features)`.

    Output shape:
        `(batch_size, cropped_axis, features)`.

    Example:

    >>> layer = kerata.layers.Cropping1D(cropping=(1, 2))
    >>> tuple(layer(kerata.ops.ones((2, 6, 3))).shape)
    (2, 3, 3)
    """

    _ndim = 1

    def __init__(self, cropping: Any = (1, 1), **kwargs: Any) -> None:
        # Keras's Cropping1D is channels_last only and has no data_format.
        super().__init__(cropping, data_format="channels_last", **kwargs)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["data_format"]
        return config
