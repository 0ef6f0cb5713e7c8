"""`GlobalMaxPooling1D`: the maximum over all steps of a sequence."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.pooling.base_global_pooling import BaseGlobalPooling


@kerata_export(
    "kerata.layers.GlobalMaxPooling1D", "kerata.layers.GlobalMaxPool1D"
)
class GlobalMaxPooling1D(BaseGlobalPooling):
    """Global max pooling for 1-d data: one maximum per channel.

    Args:
        data_format: "channels_last" (`(batch, steps, features)`) or
            "channels_first" (`(batch, features, steps)`); None means
            `kerata.config.image_data_format()`.
        keepdims: Whether the steps axis stays, with size 1.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch_size, steps, features)` for "channels_last",
        `(batch_size, features, steps)` for "channels_first".

    Output shape:
        `(batch_size, features)`, or with `keepdims=True`
        `(batch_size, 1, features)` ("channels_last") or
        `(batch_size, features, 1)` ("channels_first").

    Example:

    >>> x = kerata.ops.convert_to_tensor([[[1.0, 8.0], [3.0, 6.0]]])
    >>> y = kerata.layers.GlobalMaxPooling1D()(x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[3.0, 8.0]]
    """

    def __init__(
        self,
        data_format: str | None = None,
        keepdims: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            pool_dimensions=1,
            data_format=data_format,
            keepdims=keepdims,
            **kwargs,
        )

    def call(self, inputs: Any) -> Any:
        return ops.max(inputs, axis=self._axes, keepdims=self.keepdims)
