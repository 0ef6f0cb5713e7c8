"""Shared code of `ZeroPadding1D/2D/3D`."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.layers.reshaping.base_cropping import BaseSpatialPairs


class BaseZeroPadding(BaseSpatialPairs):
    """Adds `(before, after)` zeros to each spatial axis."""

    _argument = "padding"

    @property
    def padding(self) -> tuple:
        return self._config_value()

    def call(self, inputs: Any) -> Any:
        pad_width = [(0, 0)] * len(inputs.shape)
        for axis, pair in zip(self._spatial_axes(), self._pairs):
            pad_width[axis] = pair
        return ops.pad(inputs, pad_width)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        shape = list(input_shape)
        for axis, (before, after) in zip(self._spatial_axes(), self._pairs):
            if shape[axis] is not None:
                shape[axis] += before + after
        return tuple(shape)
