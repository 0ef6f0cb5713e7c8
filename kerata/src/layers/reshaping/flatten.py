"""`Flatten`: collapses all axes but the batch axis."""

from __future__ import annotations

import math
from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.Flatten")
class Flatten(Layer):
    """Flattens the input to shape `(batch_size, features)`.

    Args:
        data_format: "channels_last" or "channels_first". With
            "channels_first", the channel axis is moved last before
            flattening, so the feature order matches a channels-last
            model. None means `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, ...)`; a rank-1 input becomes `(batch_size, 1)`.

    Output shape:
        `(batch_size, product of the other sizes)`.

    Example:

    >>> layer = kerata.layers.Flatten()
    >>> tuple(layer(kerata.ops.ones((2, 3, 4))).shape)
    (2, 12)
    >>> layer(kerata.KerasTensor((None, 3, None))).shape
    (None, None)
    """

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = backend.standardize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)
        self._channels_first = self.data_format == "channels_first"
        self.built = True

    def call(self, inputs: Any) -> Any:
        shape = tuple(inputs.shape)
        rank = len(shape)
        if self._channels_first and rank > 2:
            inputs = ops.transpose(inputs, axes=(0, *range(2, rank), 1))
        return ops.reshape(inputs, (shape[0], math.prod(shape[1:])))

    def compute_output_shape(self, input_shape: Any) -> tuple:
        rest = tuple(input_shape[1:])
        size = None if None in rest else math.prod(rest)
        return (input_shape[0], size)

    def compute_output_spec(self, inputs: Any, *args: Any, **kwargs: Any):
        shape = self.compute_output_shape(inputs.shape)
        return KerasTensor(shape, dtype=inputs.dtype, sparse=inputs.sparse)

    def get_config(self) -> dict:
        config = super().get_config()
        config["data_format"] = self.data_format
        return config
