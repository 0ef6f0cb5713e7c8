"""`AdaptiveMaxPooling1D`: max pooling to a fixed size (1-d)."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


@kerata_export("kerata.layers.AdaptiveMaxPooling1D")
class AdaptiveMaxPooling1D(BaseAdaptivePooling):
    """Adaptive max pooling for 1-d data: a fixed output size.

    Chooses the windows from the input size so that the output always has
    `output_size` positions per axis: output position `i` of an axis of
    length `size` takes the maximum of inputs `floor(i * size / out)` to
    `ceil((i + 1) * size / out) - 1`. Use it to feed inputs of any size to
    a head that needs a fixed size. It matches `torch.nn.AdaptiveMaxPool1d`.

    Args:
        output_size: Int or tuple of 1 int, the output length; an int
            is used for every axis.
        data_format: "channels_last" (`(batch, steps, channels)`) or
            "channels_first" (`(batch, channels, steps)`); None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch_size, steps, channels)` for "channels_last",
        `(batch_size, channels, steps)` for "channels_first".

    Output shape:
        `(batch_size, output_size, channels)` for "channels_last",
        `(batch_size, channels, output_size)` for "channels_first".

    Example:

    >>> x = kerata.ops.convert_to_tensor([[[0.0], [5.0], [2.0], [3.0], [4.0]]])
    >>> y = kerata.layers.AdaptiveMaxPooling1D(2)(x)
    >>> kerata.ops.convert_to_numpy(y)[0, :, 0].tolist()
    [5.0, 4.0]
    """

    def __init__(
        self,
        output_size: Any,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            output_size,
            pool_dimensions=1,
            pool_mode="max",
            data_format=data_format,
            **kwargs,
        )
