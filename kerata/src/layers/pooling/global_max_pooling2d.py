"""`GlobalMaxPooling2D`: the maximum over all positions of an image."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.pooling.base_global_pooling import BaseGlobalPooling


@kerata_export(
    "kerata.layers.GlobalMaxPooling2D", "kerata.layers.GlobalMaxPool2D"
)
class GlobalMaxPooling2D(BaseGlobalPooling):
    """Global max pooling for 2-d data: one maximum per channel.

    Args:
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        keepdims: Whether the height and width axes stay, with size 1.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch_size, height, width, channels)` for "channels_last",
        `(batch_size, channels, height, width)` for "channels_first".

    Output shape:
        `(batch_size, channels)`, or with `keepdims=True`
        `(batch_size, 1, 1, channels)` ("channels_last") or
        `(batch_size, channels, 1, 1)` ("channels_first").

    Example:

    >>> import numpy as np
    >>> x = np.arange(8, dtype="float32").reshape(1, 2, 2, 2)
    >>> y = kerata.layers.GlobalMaxPooling2D()(x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[6.0, 7.0]]
    """

    def __init__(
        self,
        data_format: str | None = None,
        keepdims: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            pool_dimensions=2,
            data_format=data_format,
            keepdims=keepdims,
            **kwargs,
        )

    def call(self, inputs: Any) -> Any:
        return ops.max(inputs, axis=self._axes, keepdims=self.keepdims)
