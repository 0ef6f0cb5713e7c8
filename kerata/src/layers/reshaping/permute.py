"""`Permute`: reorders the axes after the batch axis."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.Permute")
class Permute(Layer):
    """Permutes the axes of the input, keeping the batch axis first.

    Args:
        dims: Tuple of ints, the new order of the non-batch axes,
            numbered from 1: `(2, 1)` swaps the two axes of a rank-3
            input.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size,) + shape`, of rank `len(dims) + 1`.

    Output shape:
        The input shape with axes 1, 2, ... reordered by `dims`.

    Example:

    >>> layer = kerata.layers.Permute((2, 1))
    >>> tuple(layer(kerata.ops.ones((4, 10, 64))).shape)
    (4, 64, 10)
    """

    def __init__(self, dims: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(
                "`dims` of a Permute layer must be a permutation of "
                f"1..{len(self.dims)} (axis 0, the batch, stays first). "
                f"Received: dims={dims!r}."
            )
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)
        self.built = True

    def call(self, inputs: Any) -> Any:
        return ops.transpose(inputs, axes=(0,) + self.dims)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def compute_output_spec(self, inputs: Any, *args: Any, **kwargs: Any):
        shape = self.compute_output_shape(inputs.shape)
        return KerasTensor(shape, dtype=inputs.dtype, sparse=inputs.sparse)

    def get_config(self) -> dict:
        config = super().get_config()
        config["dims"] = self.dims
        return config
