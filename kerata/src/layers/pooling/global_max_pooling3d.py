"""`GlobalMaxPooling3D`: the maximum over all positions of a volume."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.pooling.base_global_pooling import BaseGlobalPooling


@kerata_export(
    "kerata.layers.GlobalMaxPooling3D", "kerata.layers.GlobalMaxPool3D"
)
class GlobalMaxPooling3D(BaseGlobalPooling):
    """Global max pooling for 3-d data: one maximum per channel.

    Reduces each feature map of a volume (or video) over depth, height
    and width, e.g. before the `Dense` head of a 3-d classifier.

    Args:
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        keepdims: Whether the depth, height and width axes stay, with
            size 1.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch_size, depth, height, width, channels)` for
        "channels_last", `(batch_size, channels, depth, height, width)` for
        "channels_first".

    Output shape:
        `(batch_size, channels)`, or with `keepdims=True`
        `(batch_size, 1, 1, 1, channels)` ("channels_last") or
        `(batch_size, channels, 1, 1, 1)` ("channels_first").

    Example:

    >>> import numpy as np
    >>> x = np.arange(16, dtype="float32").reshape(1, 2, 2, 2, 2)
    >>> y = kerata.layers.GlobalMaxPooling3D()(x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[14.0, 15.0]]
    """

    def __init__(
        self,
        data_format: str | None = None,
        keepdims: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            pool_dimensions=3,
            data_format=data_format,
            keepdims=keepdims,
            **kwargs,
        )

    def call(self, inputs: Any) -> Any:
        return ops.max(inputs, axis=self._axes, keepdims=self.keepdims)
