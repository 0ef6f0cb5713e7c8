"""`UpSampling3D`: repeats the entries of volumes."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.reshaping.base_up_sampling import BaseUpSampling


@kerata_export("kerata.layers.UpSampling3D")
class UpSampling3D(BaseUpSampling):
    """Upsamples volumes by repeating entries `size[i]` times along
    spatial axis `i` (nearest-neighbour upsampling).

    Args:
        size: Int or tuple of 3 positive ints, the factors of the three
            spatial axes.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, dim1, dim2, dim3, channels)` (channels_last) or
        `(batch_size, channels, dim1, dim2, dim3)` (channels_first).

    Output shape:
        The input shape with each spatial size multiplied by its factor.

    Example:

    >>> layer = kerata.layers.UpSampling3D(size=(1, 2, 3))
    >>> tuple(layer(kerata.ops.ones((2, 1, 2, 3, 4))).shape)
    (2, 1, 4, 9, 4)
    """

    _ndim = 3

    def __init__(
        self,
        size: Any = (2, 2, 2),
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(size, data_format=data_format, **kwargs)
