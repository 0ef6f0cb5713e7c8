"""`AveragePooling2D`: average pooling layer for 2-d data."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.pooling.base_pooling import BasePooling


@kerata_export("kerata.layers.AveragePooling2D", "kerata.layers.AvgPool2D")
class AveragePooling2D(BasePooling):
    """Average pooling for 2-d data (images): the mean of each window.

    Downsamples an image by averaging, for each channel, the
    values in each `pool_size` window.

    Args:
        pool_size: Int or tuple of 2 ints, the window size.
        strides: Int or tuple of 2 ints, the step of the window; None (the
            default) means `pool_size`.
        padding: "valid" (windows inside the input only) or "same"
            (output size `ceil(input_size / strides)`; the average covers
            only the real positions, not the padding).
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        name: Layer name.
        **kwargs: Base layer arguments (`dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, height, width, channels)` for "channels_last",
        `(batch_size, channels, height, width)` for "channels_first".

    Output shape:
        `(batch_size, pooled_height, pooled_width, channels)` for
        "channels_last", `(batch_size, channels, pooled_height,
        pooled_width)` for "channels_first".

    Example:

    >>> import numpy as np
    >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    >>> y = kerata.layers.AveragePooling2D()(x)
    >>> kerata.ops.convert_to_numpy(y)[0, :, :, 0].tolist()
    [[2.5, 4.5], [10.5, 12.5]]
    """

    def __init__(
        self,
        pool_size: Any = (2, 2),
        strides: Any = None,
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            pool_size,
            strides,
            pool_dimensions=2,
            pool_mode="average",
            padding=padding,
            data_format=data_format,
            name=name,
            **kwargs,
        )
