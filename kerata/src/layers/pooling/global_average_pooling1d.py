"""`GlobalAveragePooling1D`: the mean over all steps of a sequence."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.pooling.base_global_pooling import BaseGlobalPooling


@kerata_export(
    "kerata.layers.GlobalAveragePooling1D", "kerata.layers.GlobalAvgPool1D"
)
class GlobalAveragePooling1D(BaseGlobalPooling):
    """Global average pooling for 1-d data: one mean per channel.

    Turns a sequence into a fixed-size vector. It honours masks: with a
    mask (from `Embedding(mask_zero=True)` or `Masking`), only the unmasked
    steps are averaged, and no mask is passed on.

    Args:
        data_format: "channels_last" (`(batch, steps, features)`) or
            "channels_first" (`(batch, features, steps)`); None means
            `kerata.config.image_data_format()`.
        keepdims: Whether the steps axis stays, with size 1.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: A 3-d tensor.
        mask: Optional boolean tensor of shape `(batch_size, steps)`;
            False marks the steps to ignore.

    Input shape:
        `(batch_size, steps, features)` for "channels_last",
        `(batch_size, features, steps)` for "channels_first".

    Output shape:
        `(batch_size, features)`, or with `keepdims=True`
        `(batch_size, 1, features)` ("channels_last") or
        `(batch_size, features, 1)` ("channels_first").

    Example:

    >>> x = kerata.ops.convert_to_tensor([[[1.0, 2.0], [3.0, 6.0]]])
    >>> y = kerata.layers.GlobalAveragePooling1D()(x)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[2.0, 4.0]]
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
        self.supports_masking = True

    def call(self, inputs: Any, mask: Any = None) -> Any:
        if mask is None:
            return ops.mean(inputs, axis=self._axes, keepdims=self.keepdims)
        channel_axis = 2 if self.data_format == "channels_last" else 1
        mask = ops.expand_dims(ops.cast(mask, "bool"), channel_axis)
        # `where`, not a product, so that masked NaN or inf do not leak in.
        total = ops.sum(
            ops.where(mask, inputs, 0), axis=self._axes, keepdims=self.keepdims
        )
        count = ops.sum(
            ops.cast(mask, inputs.dtype),
            axis=self._axes,
            keepdims=self.keepdims,
        )
        return total / count

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        return None
