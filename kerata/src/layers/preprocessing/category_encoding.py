"""`CategoryEncoding`: one-hot, multi-hot or count encoding of integers."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.preprocessing import _preprocessing_base as base

_OUTPUT_MODES = ("count", "one_hot", "multi_hot")


@kerata_export("kerata.layers.CategoryEncoding")
class CategoryEncoding(base.PreprocessingLayer):
    """Encodes integer features as dense vectors of size `num_tokens`.

    Use it on integer categories already in `[0, num_tokens)` (for raw
    strings or arbitrary integers, use `StringLookup`, `IntegerLookup` or
    `Hashing` first). Values outside the range encode to zeros.

    Args:
        num_tokens: Number of categories; the size of the output's last
            axis.
        output_mode: "one_hot" (one vector per value; a last axis of size
            1 is replaced), "multi_hot" (1 where a category appears in the
            sample) or "count" (how often it appears). Defaults to
            "multi_hot".
        sparse: Must be False (no sparse tensors in kerata).
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: Integer array or tensor of rank 0 to 2.
        count_weights: Optional weights, the shape of `inputs`, summed
            instead of counting 1 per value; only for "count".

    Example:

    >>> layer = kerata.layers.CategoryEncoding(
    ...     num_tokens=4, output_mode="count")
    >>> out = layer([[0, 1], [0, 0], [1, 2], [3, 1]])
    >>> kerata.ops.convert_to_numpy(out).tolist()
    [[1.0, 1.0, 0.0, 0.0], [2.0, 0.0, 0.0, 0.0], [0.0, 1.0, 1.0, 0.0], \
[0.0, 1.0, 0.0, 1.0]]
    """

    def __init__(
        self,
        num_tokens: int | None = None,
        output_mode: str = "multi_hot",
        sparse: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        base.check_output_mode(output_mode, _OUTPUT_MODES, "CategoryEncoding")
        if num_tokens is None:
            raise ValueError(
                "CategoryEncoding needs `num_tokens`, the number of "
                "categories. If it is not known in advance, use "
                "IntegerLookup instead. Received: num_tokens=None"
            )
        if num_tokens < 1:
            raise ValueError(
                f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}"
            )
        if sparse:
            raise ValueError(
                "kerata has no sparse tensors, so `sparse` must be False. "
                f"Received: sparse={sparse}"
            )
        self.num_tokens = num_tokens
        self.output_mode = output_mode
        self.sparse = sparse

    def call(self, inputs: Any, count_weights: Any = None) -> Any:
        if count_weights is not None:
            if self.output_mode != "count":
                raise ValueError(
                    "`count_weights` is only used when `output_mode` is "
                    f"'count'. Received: output_mode={self.output_mode!r}"
                )
            count_weights = ops.convert_to_tensor(
                count_weights, dtype=self.compute_dtype
            )
        if not hasattr(inputs, "shape"):
            inputs = np.asarray(inputs)
        return base.encode_categorical(
            inputs,
            self.output_mode,
            self.num_tokens,
            self.dtype,
            count_weights=count_weights,
        )

    def compute_output_shape(self, input_shape: Any) -> tuple:
        return base.encoded_shape(
            input_shape, self.output_mode, self.num_tokens
        )

    def compute_output_spec(
        self, inputs: Any, count_weights: Any = None
    ) -> KerasTensor:
        shape = self.compute_output_shape(inputs.shape)
        return KerasTensor(shape, dtype=self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {"num_tokens": self.num_tokens, "output_mode": self.output_mode}
        )
        return config
