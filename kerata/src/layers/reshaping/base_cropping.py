"""Shared code of `Cropping1D/2D/3D` (and, through `BaseSpatialPairs`,
`ZeroPadding1D/2D/3D`): one `(before, after)` pair per spatial axis."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer


def standardize_pairs(value: Any, ndim: int, name: str) -> tuple:
    """`value` as `ndim` `(before, after)` pairs of non-negative ints.

    Accepts an int (the same amount everywhere), `ndim` ints (symmetric
    per axis) or `ndim` pairs; for one axis, also a single pair.
    """
    if ndim == 1 and not isinstance(value, int):
        value = (value,)
    if isinstance(value, int) and not isinstance(value, bool):
        pairs = ((value, value),) * ndim
    elif isinstance(value, (list, tuple)) and len(value) == ndim:
        pairs = tuple(
            (v, v)
            if isinstance(v, int)
            else tuple(v)
            if isinstance(v, (list, tuple))
            else ()
            for v in value
        )
    else:
        pairs = ()
    if len(pairs) != ndim or not all(
        len(p) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in p)
        for p in pairs
    ):
        raise ValueError(
            f"`{name}` must be an int, a tuple of {ndim} ints or a tuple "
            f"of {ndim} (before, after) pairs of ints. Received: "
            f"{name}={value!r}"
        )
    if any(v < 0 for p in pairs for v in p):
        raise ValueError(
            f"`{name}` must not be negative. Received: {name}={value!r}"
        )
    return pairs


class BaseSpatialPairs(Layer):
    """A layer with one `(before, after)` pair per spatial axis."""

    _ndim = 1
    _argument = "cropping"

    def __init__(
        self, pairs: Any, data_format: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.data_format = backend.standardize_data_format(data_format)
        self._pairs = standardize_pairs(pairs, self._ndim, self._argument)
        self.input_spec = InputSpec(ndim=self._ndim + 2)
        self.built = True

    def _spatial_axes(self) -> range:
        first = 2 if self.data_format == "channels_first" else 1
        return range(first, first + self._ndim)

    def _config_value(self) -> tuple:
        # Keras writes one pair for 1D layers, a tuple of pairs otherwise.
        return self._pairs[0] if self._ndim == 1 else self._pairs

    def get_config(self) -> dict:
        config = super().get_config()
        config[self._argument] = self._config_value()
        config["data_format"] = self.data_format
        return config


class BaseCropping(BaseSpatialPairs):
    """Removes `(before, after)` entries from each spatial axis."""

    @property
    def cropping(self) -> tuple:
        return self._config_value()

    def call(self, inputs: Any) -> Any:
        shape = tuple(inputs.shape)
        self._check(shape)
        index = [slice(None)] * len(shape)
        for axis, (before, after) in zip(self._spatial_axes(), self._pairs):
            index[axis] = slice(before, shape[axis] - after)
        return inputs[tuple(index)]

    def compute_output_shape(self, input_shape: Any) -> tuple:
        self._check(tuple(input_shape))
        shape = list(input_shape)
        for axis, (before, after) in zip(self._spatial_axes(), self._pairs):
            if shape[axis] is not None:
                shape[axis] -= before + after
        return tuple(shape)

    def _check(self, shape: tuple) -> None:
        if len(shape) != self._ndim + 2:
            raise ValueError(
                f"Layer {self.name!r} expects inputs of rank "
                f"{self._ndim + 2}. Received: input_shape={shape}"
            )
        for axis, (before, after) in zip(self._spatial_axes(), self._pairs):
            if shape[axis] is not None and before + after >= shape[axis]:
                raise ValueError(
                    f"Layer {self.name!r}: `cropping` must leave at least "
                    f"one entry on each spatial axis. Received: "
                    f"cropping={self.cropping} for input_shape={shape}"
                )
