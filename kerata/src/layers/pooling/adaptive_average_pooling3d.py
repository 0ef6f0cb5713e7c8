"""`AdaptiveAveragePooling3D`: average pooling to a fixed size (3-d)."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


@kerata_export("kerata.layers.AdaptiveAveragePooling3D")
class AdaptiveAveragePooling3D(BaseAdaptivePooling):
    """Adaptive average pooling for 3-d data: a fixed output size.

    Chooses the windows from the input size so that the output always has
    `output_size` positions per axis: output position `i` of an axis of
    length `size` takes the mean of inputs `floor(i * size / out)` to
    `ceil((i + 1) * size / out) - 1`. Use it to feed inputs of any size to
    a head that needs a fixed size. It matches `torch.nn.AdaptiveAvgPool3d`.

    Args:
        output_size: Int or tuple of 3 ints, the output depth, height and
            width; an int is used for every axis.
        data_format: "channels_last" (`(batch, depth, height, width,
            channels)`) or "channels_first" (`(batch, channels, depth,
            height, width)`); None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch_size, depth, height, width, channels)` for
        "channels_last", `(batch_size, channels, depth, height, width)` for
        "channels_first".

    Output shape:
        `(batch_size, *output_size, channels)` for "channels_last",
        `(batch_size, channels, *output_size)` for "channels_first".

    Example:

    >>> layer = kerata.layers.AdaptiveAveragePooling3D(2)
    >>> tuple(layer(kerata.ops.ones((1, 5, 6, 7, 3))).shape)
    (1, 2, 2, 2, 3)
    """

    def __init__(
        self,
        output_size: Any,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            output_size,
            pool_dimensions=3,
            pool_mode="average",
            data_format=data_format,
            **kwargs,
        )
