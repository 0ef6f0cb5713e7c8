"""Shared code of `UpSampling1D/2D/3D`."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.layers.convolutional.conv_utils import standardize_tuple
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer


class BaseUpSampling(Layer):
    """Repeats each entry `size[i]` times along spatial axis `i`."""

    _ndim = 1

    def __init__(
        self, size: Any, data_format: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.data_format = backend.standardize_data_format(data_format)
        self._factors = standardize_tuple(size, self._ndim, "size")
        self.size: Any = self._factors
        self.input_spec = InputSpec(ndim=self._ndim + 2)
        self.built = True

    def _spatial_axes(self) -> range:
        first = 2 if self.data_format == "channels_first" else 1
        return range(first, first + self._ndim)

    def call(self, inputs: Any) -> Any:
        for axis, factor in zip(self._spatial_axes(), self._factors):
            if factor != 1:
                inputs = ops.repeat(inputs, factor, axis=axis)
        return inputs

    def compute_output_shape(self, input_shape: Any) -> tuple:
        if len(input_shape) != self._ndim + 2:
            raise ValueError(
                f"Layer {self.name!r} expects inputs of rank "
                f"{self._ndim + 2}. Received: input_shape="
                f"{tuple(input_shape)}"
            )
        shape = list(input_shape)
        for axis, factor in zip(self._spatial_axes(), self._factors):
            if shape[axis] is not None:
                shape[axis] *= factor
        return tuple(shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"size": self.size, "data_format": self.data_format})
        return config
