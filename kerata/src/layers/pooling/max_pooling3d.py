"""`MaxPooling3D`: max pooling layer for 3-d data."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.pooling.base_pooling import BasePooling


@kerata_export("kerata.layers.MaxPooling3D", "kerata.layers.MaxPool3D")
class MaxPooling3D(BasePooling):
    """Max pooling for 3-d data (volumes, video): each window's maximum.

    Downsamples a volume by keeping, for each channel, the largest value
    in each `pool_size` window of depth, height and width.

    Args:
        pool_size: Int or tuple of 3 ints, the window size.
        strides: Int or tuple of 3 ints, the step of the window; None (the
            default) means `pool_size`.
        padding: "valid" (windows inside the input only) or "same"
            (output size `ceil(input_size / strides)`; the padding never
            wins the max).
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        name: Layer name.
        **kwargs: Base layer arguments (`dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, depth, height, width, channels)` for
        "channels_last", `(batch_size, channels, depth, height, width)` for
        "channels_first".

    Output shape:
        `(batch_size, pooled_depth, pooled_height, pooled_width,
        channels)` for "channels_last", `(batch_size, channels,
        pooled_depth, pooled_height, pooled_width)` for "channels_first".

    Example:

    >>> import numpy as np
    >>> x = np.arange(8, dtype="float32").reshape(1, 2, 2, 2, 1)
    >>> y = kerata.layers.MaxPooling3D()(x)
    >>> kerata.ops.convert_to_numpy(y).reshape(-1).tolist()
    [7.0]
    """

    def __init__(
        self,
        pool_size: Any = (2, 2, 2),
        strides: Any = None,
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            pool_size,
            strides,
            pool_dimensions=3,
            pool_mode="max",
            padding=padding,
            data_format=data_format,
            name=name,
            **kwargs,
        )
