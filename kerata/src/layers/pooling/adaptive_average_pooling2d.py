"""`AdaptiveAveragePooling2D`: average pooling to a fixed size (2-d)."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


@kerata_export("kerata.layers.AdaptiveAveragePooling2D")
class AdaptiveAveragePooling2D(BaseAdaptivePooling):
    """Adaptive average pooling for 2-d data: a fixed output size.

    Chooses the windows from the input size so that the output always has
    `output_size` positions per axis: output position `i` of an axis of
    length `size` takes the mean of inputs `floor(i * size / out)` to
    `ceil((i + 1) * size / out) - 1`. Use it to feed inputs of any size to
    a head that needs a fixed size. It matches `torch.nn.AdaptiveAvgPool2d`.

    Args:
        output_size: Int or tuple of 2 ints, the output height and width; an int
            is used for every axis.
        data_format: "channels_last" (`(batch, height, width, channels)`)
            or "channels_first" (`(batch, channels, height, width)`); None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch_size, height, width, channels)` for "channels_last",
        `(batch_size, channels, height, width)` for "channels_first".

    Output shape:
        `(batch_size, *output_size, channels)` for "channels_last",
        `(batch_size, channels, *output_size)` for "channels_first".

    Example:

    >>> layer = kerata.layers.AdaptiveAveragePooling2D((2, 3))
    >>> tuple(layer(kerata.ops.ones((4, 7, 9, 3))).shape)
    (4, 2, 3, 3)
    """

    def __init__(
        self,
        output_size: Any,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            output_size,
            pool_dimensions=2,
            pool_mode="average",
            data_format=data_format,
            **kwargs,
        )
