"""`AdaptiveMaxPooling2D`: max pooling to a fixed size (2-d)."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


@kerata_export("kerata.layers.AdaptiveMaxPooling2D")
class AdaptiveMaxPooling2D(BaseAdaptivePooling):
    """Adaptive max pooling for 2-d data: a fixed output size.

    Chooses the windows from the input size so that the output always has
    `output_size` positions per axis: output position `i` of an axis of
    length `size` takes the maximum of inputs `floor(i * size / out)` to
    `ceil((i + 1) * size / out) - 1`. Use it to feed inputs of any size to
    a head that needs a fixed size. It matches `torch.nn.AdaptiveMaxPool2d`.

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

    >>> import numpy as np
    >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    >>> y = kerata.layers.AdaptiveMaxPooling2D(2)(x)
    >>> kerata.ops.convert_to_numpy(y)[0, :, :, 0].tolist()
    [[5.0, 7.0], [13.0, 15.0]]
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
            pool_mode="max",
            data_format=data_format,
            **kwargs,
        )
