"""`ZeroPadding1D`: adds zeros at the borders of sequences."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.reshaping.base_zero_padding import BaseZeroPadding


@kerata_export("kerata.layers.ZeroPadding1D")
class ZeroPadding1D(BaseZeroPadding):
    """Pads a sequence with zeros along its time axis.

    Args:
        padding: Int or tuple of 2 ints, the zeros added at the start and
            at the end of the time axis (an int adds as many to both).
        data_format: `"channels_last"` (time on axis 1) or
            `"channels_first"` (time on axis 2); None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, axis_to_pad, features)` (channels_last) or
        `(batch_size, features, axis_to_pad)` (channels_first).

    Output shape:
        The input shape with the padded time axis.

    Example:

    >>> layer = kerata.layers.ZeroPadding1D(padding=(1, 2))
    >>> y = layer(kerata.ops.ones((1, 2, 1)))
    >>> kerata.ops.convert_to_numpy(y)[0, :, 0].tolist()
    [0.0, 1.0, 1.0, 0.0, 0.0]
    """

    _ndim = 1

    def __init__(
        self, padding: Any = 1, data_format: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(padding, data_format=data_format, **kwargs)
