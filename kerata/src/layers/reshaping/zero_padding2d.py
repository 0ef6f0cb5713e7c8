"""`ZeroPadding2D`: adds zeros at the borders of images."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.reshaping.base_zero_padding import BaseZeroPadding


@kerata_export("kerata.layers.ZeroPadding2D")
class ZeroPadding2D(BaseZeroPadding):
    """Pads images with zeros along their height and width.

    Args:
        padding: Int, tuple of 2 ints or tuple of 2 tuples of 2 ints.
            An int adds as many rows and columns on every side; 2 ints
            `(symmetric_height_pad, symmetric_width_pad)`; 2 pairs
            `((top_pad, bottom_pad), (left_pad, right_pad))`.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, height, width, channels)` (channels_last) or
        `(batch_size, channels, height, width)` (channels_first).

    Output shape:
        The input shape with the padded height and width.

    Example:

    >>> layer = kerata.layers.ZeroPadding2D(padding=((1, 0), (0, 2)))
    >>> tuple(layer(kerata.ops.ones((2, 3, 3, 4))).shape)
    (2, 4, 5, 4)
    """

    _ndim = 2

    def __init__(
        self,
        padding: Any = (1, 1),
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(padding, data_format=data_format, **kwargs)
