"""`Cropping3D`: removes entries at the borders of volumes."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.reshaping.base_cropping import BaseCropping


@kerata_export("kerata.layers.Cropping3D")
class Cropping3D(BaseCropping):
    """Crops volumes along their three spatial axes.

    Args:
        cropping: Int, tuple of 3 ints or tuple of 3 tuples of 2 ints.
            An int crops as many entries on every side; 3 ints crop
            symmetrically per axis; 3 pairs give `(before, after)` per
            spatial axis.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, dim1, dim2, dim3, channels)` (channels_last) or
        `(batch_size, channels, dim1, dim2, dim3)` (channels_first).

    Output shape:
        The input shape with the cropped spatial axes.

    Example:

    >>> layer = kerata.layers.Cropping3D(cropping=(1, (0, 1), 0))
    >>> tuple(layer(kerata.ops.ones((1, 4, 4, 4, 2))).shape)
    (1, 2, 3, 4, 2)
    """

    _ndim = 3

    def __init__(
        self,
        cropping: Any = ((1, 1), (1, 1), (1, 1)),
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(cropping, data_format=data_format, **kwargs)
