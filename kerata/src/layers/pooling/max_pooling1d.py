"""`MaxPooling1D`: max pooling layer for 1-d data."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.pooling.base_pooling import BasePooling


@kerata_export("kerata.layers.MaxPooling1D", "kerata.layers.MaxPool1D")
class MaxPooling1D(BasePooling):
    """Max pooling for 1-d data (sequences): the largest value of each window.

    Downsamples a sequence by keeping, for each channel, the
    largest value in each window of `pool_size` steps.

    Args:
        pool_size: Int or tuple of 1 int, the window size.
        strides: Int or tuple of 1 int, the step of the window; None (the
            default) means `pool_size`.
        padding: "valid" (windows inside the input only) or "same"
            (output size `ceil(input_size / strides)`; the padding never
            wins the max).
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        name: Layer name.
        **kwargs: Base layer arguments (`dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, steps, channels)` for "channels_last",
        `(batch_size, channels, steps)` for "channels_first".

    Output shape:
        `(batch_size, pooled_steps, channels)` for "channels_last",
        `(batch_size, channels, pooled_steps)` for "channels_first".

    Example:

    >>> x = kerata.ops.convert_to_tensor([[[1.0], [3.0], [2.0], [5.0]]])
    >>> y = kerata.layers.MaxPooling1D(pool_size=2)(x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[[3.0], [5.0]]]
    """

    def __init__(
        self,
        pool_size: Any = 2,
        strides: Any = None,
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            pool_size,
            strides,
            pool_dimensions=1,
            pool_mode="max",
            padding=padding,
            data_format=data_format,
            name=name,
            **kwargs,
        )
