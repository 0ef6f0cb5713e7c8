"""`Cropping2D`: removes entries at the borders of images."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.reshaping.base_cropping import BaseCropping


@kerata_export("kerata.layers.Cropping2D")
class Cropping2D(BaseCropping):
    """Crops images along their height and width.

    Args:
        cropping: Int, tuple of 2 ints or tuple of 2 tuples of 2 ints.
            An int crops as many rows and columns on every side; 2 ints
            `(symmetric_height_crop, symmetric_width_crop)`; 2 pairs
            `((top_crop, bottom_crop), (left_crop, right_crop))`.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, height, width, channels)` (channels_last) or
        `(batch_size, channels, height, width)` (channels_first).

    Output shape:
        The input shape with the cropped height and width.

    Example:

    >>> layer = kerata.layers.Cropping2D(cropping=((1, 0), (2, 2)))
    >>> tuple(layer(kerata.ops.ones((2, 4, 6, 3))).shape)
    (2, 3, 2, 3)
    """

    _ndim = 2

    def __init__(
        self,
        cropping: Any = ((0, 0), (0, 0)),
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(cropping, data_format=data_format, **kwargs)
