"""`ZeroPadding3D`: adds zeros at the borders of volumes."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.reshaping.base_zero_padding import BaseZeroPadding


@kerata_export("kerata.layers.ZeroPadding3D")
class ZeroPadding3D(BaseZeroPadding):
    """Pads volumes with zeros along their three spatial axes.

    Args:
        padding: Int, tuple of 3 ints or tuple of 3 tuples of 2 ints.
            An int adds as many zeros on every side; 3 ints pad
            symmetrically per axis; 3 pairs give `(before, after)` per
            spatial axis.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, dim1, dim2, dim3, channels)` (channels_last) or
        `(batch_size, channels, dim1, dim2, dim3)` (channels_first).

    Output shape:
        The input shape with the padded spatial axes.

    Example:

    >>> layer = kerata.layers.ZeroPadding3D(padding=(1, 0, (0, 2)))
    >>> tuple(layer(kerata.ops.ones((1, 2, 2, 2, 3))).shape)
    (1, 4, 2, 4, 3)
    """

    _ndim = 3

    def __init__(
        self,
        padding: Any = ((1, 1), (1, 1), (1, 1)),
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(padding, data_format=data_format, **kwargs)
