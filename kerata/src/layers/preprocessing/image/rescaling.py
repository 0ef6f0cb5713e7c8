"""`Rescaling`: multiplies inputs by a scale and adds an offset."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.Rescaling")
class Rescaling(Layer):
    """Rescales inputs: `inputs * scale + offset`.

    Typically maps pixel values from `[0, 255]` to `[0, 1]`
    (`scale=1 / 255`) or to `[-1, 1]` (`scale=1 / 127.5, offset=-1`).
    The layer works on tensors of any rank and any dtype; the output has
    the layer's compute dtype. It is active in training and inference.

    Args:
        scale: Float, or a list of floats (one per channel) broadcast
            against the channels axis (the last one, or axis -3 when
            `kerata.config.image_data_format()` is "channels_first").
        offset: Float or list of floats, added after scaling.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        Any.

    Output shape:
        The input shape.

    Example:

    >>> layer = kerata.layers.Rescaling(scale=1 / 255.0)
    >>> y = layer(kerata.ops.convert_to_tensor([[0.0, 255.0]]))
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[0.0, 1.0]]
    >>> layer = kerata.layers.Rescaling(scale=1 / 127.5, offset=-1.0)
    >>> y = layer(kerata.ops.ones((1, 2)) * 255)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[1.0, 1.0]]
    """

    def __init__(self, scale: Any, offset: Any = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scale = _check_number_or_list(scale, "scale")
        self.offset = _check_number_or_list(offset, "offset")
        self.supports_masking = True
        self.built = True

    def _broadcastable(self, value: Any, dtype: str) -> Any:
        value = np.asarray(value, dtype=dtype)
        if value.ndim and backend.image_data_format() == "channels_first":
            # Per-channel values go on axis -3 of (channels, height, width).
            value = value.reshape(value.shape + (1,) * (3 - value.ndim))
        return ops.convert_to_tensor(value, dtype=dtype)

    def call(self, inputs: Any) -> Any:
        dtype = self.compute_dtype
        outputs = ops.cast(inputs, dtype)
        # Each skipped op saves a pass over the whole batch.
        if self.scale != 1.0:
            outputs = outputs * self._broadcastable(self.scale, dtype)
        if self.offset != 0.0:
            outputs = outputs + self._broadcastable(self.offset, dtype)
        return outputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"scale": self.scale, "offset": self.offset})
        return config


def _check_number_or_list(value: Any, name: str) -> Any:
    def is_number(v: Any) -> bool:
        return isinstance(v, (int, float, np.number)) and not isinstance(
            v, (bool, np.bool_)
        )

    if is_number(value):
        return float(value)
    if isinstance(value, (list, tuple, np.ndarray)):
        flat = np.asarray(value)
        if flat.dtype.kind in "iuf" and flat.size:
            return flat.astype("float64").tolist()
    raise ValueError(
        f"`{name}` of a Rescaling layer must be a float or a list of "
        f"floats. Received: {name}={value!r}"
    )
