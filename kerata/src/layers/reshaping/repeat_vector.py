"""`RepeatVector`: repeats a vector `n` times along a new axis."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.input_spec import assert_input_compatibility
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.RepeatVector")
class RepeatVector(Layer):
    """Repeats each input vector `n` times.

    Args:
        n: Positive int, the number of repetitions.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, features)`.

    Output shape:
        `(batch_size, n, features)`.

    Example:

    >>> layer = kerata.layers.RepeatVector(3)
    >>> tuple(layer(kerata.ops.ones((2, 5))).shape)
    (2, 3, 5)
    """

    def __init__(self, n: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(
                "`n` of a RepeatVector layer must be an int. Received: "
                f"n={n!r} of type {type(n).__name__}."
            )
        if n <= 0:
            raise ValueError(
                "`n` of a RepeatVector layer must be positive. Received: "
                f"n={n}."
            )
        self.n = n
        self.input_spec = InputSpec(ndim=2)
        self.built = True

    def call(self, inputs: Any) -> Any:
        if len(inputs.shape) != 2:
            # A rank-3 input would repeat without error: check the spec.
            assert_input_compatibility(self.input_spec, inputs, self.name)
        return ops.repeat(ops.expand_dims(inputs, 1), self.n, axis=1)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        return (input_shape[0], self.n, input_shape[1])

    def compute_output_spec(self, inputs: Any, *args: Any, **kwargs: Any):
        shape = self.compute_output_shape(inputs.shape)
        return KerasTensor(shape, dtype=inputs.dtype, sparse=inputs.sparse)

    def get_config(self) -> dict:
        config = super().get_config()
        config["n"] = self.n
        return config
