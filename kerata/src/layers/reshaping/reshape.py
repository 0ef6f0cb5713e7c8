"""`Reshape`: gives the non-batch axes a new shape."""

from __future__ import annotations

import math
from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.Reshape")
class Reshape(Layer):
    """Reshapes each sample to `target_shape`; the batch axis stays.

    Args:
        target_shape: Tuple of ints, the new shape without the batch axis.
            One entry may be -1: its size is inferred from the others.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, ...)` with as many values per sample as
        `target_shape` holds.

    Output shape:
        `(batch_size,) + target_shape`.

    Example:

    >>> layer = kerata.layers.Reshape((3, -1))
    >>> tuple(layer(kerata.ops.ones((2, 12))).shape)
    (2, 3, 4)
    >>> layer(kerata.KerasTensor((None, 6))).shape
    (None, 3, 2)
    """

    def __init__(self, target_shape: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        target_shape = tuple(target_shape)
        if (
            not all(
                isinstance(d, int) and not isinstance(d, bool) and d >= -1
                for d in target_shape
            )
            or target_shape.count(-1) > 1
        ):
            raise ValueError(
                "`target_shape` of a Reshape layer must hold non-negative "
                "ints and at most one -1 (an inferred size). Received: "
                f"target_shape={target_shape}."
            )
        self.target_shape = target_shape
        self.built = True

    def _resolve(self, sample_shape: tuple) -> tuple:
        """`target_shape` with -1 resolved where `sample_shape` allows
        (None where it does not), checking the total size."""
        target = self.target_shape
        if None in sample_shape:
            return tuple(None if d == -1 else d for d in target)
        size = math.prod(sample_shape)
        known = math.prod(d for d in target if d != -1)
        if -1 in target and known and size % known == 0:
            return tuple(size // known if d == -1 else d for d in target)
        if -1 not in target and known == size:
            return target
        raise ValueError(
            f"Layer {self.name!r} (Reshape) cannot reshape samples of shape "
            f"{sample_shape} ({size} values) to target_shape="
            f"{target}: the total size must stay the same."
        )

    def call(self, inputs: Any) -> Any:
        shape = tuple(inputs.shape)
        return ops.reshape(inputs, (shape[0],) + self._resolve(shape[1:]))

    def compute_output_shape(self, input_shape: Any) -> tuple:
        return (input_shape[0],) + self._resolve(tuple(input_shape[1:]))

    def compute_output_spec(self, inputs: Any, *args: Any, **kwargs: Any):
        shape = self.compute_output_shape(inputs.shape)
        return KerasTensor(shape, dtype=inputs.dtype, sparse=inputs.sparse)

    def get_config(self) -> dict:
        config = super().get_config()
        config["target_shape"] = self.target_shape
        return config
