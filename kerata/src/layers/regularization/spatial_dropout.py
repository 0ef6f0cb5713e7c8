"""`SpatialDropout1D/2D/3D`: dropout of whole feature maps."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.input_spec import assert_input_compatibility
from kerata.src.layers.layer import Layer
from kerata.src.layers.regularization.dropout import Dropout


class _SpatialDropout(Dropout):
    """Dropout whose mask is shared by all positions of a channel."""

    _rank = 3

    def __init__(
        self,
        rate: float,
        data_format: str | None = None,
        seed: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = backend.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self._rank)

    def call(self, inputs: Any, training: bool = False) -> Any:
        if not (training and self.rate > 0):
            return inputs
        shape = tuple(inputs.shape)
        if len(shape) != self._rank:
            assert_input_compatibility(self.input_spec, inputs, self.name)
        # (batch, 1, ..., 1, channels) or (batch, channels, 1, ..., 1)
        ones = (1,) * (self._rank - 2)
        if self.data_format == "channels_first":
            noise_shape = (shape[0], shape[1]) + ones
        else:
            noise_shape = (shape[0],) + ones + (shape[-1],)
        return random.dropout(
            inputs, self.rate, noise_shape=noise_shape, seed=self.seed_generator
        )

    def get_config(self) -> dict:
        # Keras writes these keys only (no `trainable`, no `noise_shape`).
        return {
            "rate": self.rate,
            "seed": self.seed,
            "name": self.name,
            "dtype": Layer.get_config(self)["dtype"],
        }


@kerata_export("kerata.layers.SpatialDropout1D")
class SpatialDropout1D(_SpatialDropout):
    """Dropout that drops whole channels of a sequence.

    Each example keeps or drops a channel at every timestep at once. Use
    it after convolutions, where neighbouring timesteps are correlated and
    element-wise `Dropout` would barely regularize.

    Args:
        rate: Float in `[0, 1]`, the fraction of channels to drop.
        seed: Int seed for reproducible dropout masks.
        name: Layer name.
        dtype: Dtype or policy name.

    Call arguments:
        inputs: 3D tensor.
        training: Whether to drop (True) or pass the input through.

    Input shape:
        `(batch_size, timesteps, channels)`.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.SpatialDropout1D(0.5, seed=0)
    >>> y = kerata.ops.convert_to_numpy(
    ...     layer(kerata.ops.ones((2, 3, 4)), training=True))
    >>> bool((y == y[:, :1, :]).all())
    True
    """

    _rank = 3

    def __init__(
        self,
        rate: float,
        seed: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        # Keras's SpatialDropout1D has no data_format: channels last.
        self.data_format = "channels_last"


@kerata_export("kerata.layers.SpatialDropout2D")
class SpatialDropout2D(_SpatialDropout):
    """Dropout that drops whole 2D feature maps.

    Each example keeps or drops a channel at every pixel at once. Use it
    after convolutions, where neighbouring pixels are correlated and
    element-wise `Dropout` would barely regularize.

    Args:
        rate: Float in `[0, 1]`, the fraction of channels to drop.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `kerata.config.image_data_format()`.
        seed: Int seed for reproducible dropout masks.
        name: Layer name.
        dtype: Dtype or policy name.

    Call arguments:
        inputs: 4D tensor.
        training: Whether to drop (True) or pass the input through.

    Input shape:
        `(batch_size, rows, cols, channels)` (channels_last) or
        `(batch_size, channels, rows, cols)` (channels_first).

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.SpatialDropout2D(0.5, seed=0)
    >>> y = kerata.ops.convert_to_numpy(
    ...     layer(kerata.ops.ones((2, 3, 3, 4)), training=True))
    >>> bool((y == y[:, :1, :1, :]).all())
    True
    """

    _rank = 4

    def get_config(self) -> dict:
        config = super().get_config()
        config["data_format"] = self.data_format
        return config


@kerata_export("kerata.layers.SpatialDropout3D")
class SpatialDropout3D(_SpatialDropout):
    """Dropout that drops whole 3D feature maps.

    Each example keeps or drops a channel at every voxel at once. Use it
    after 3D convolutions, where neighbouring voxels are correlated.

    Args:
        rate: Float in `[0, 1]`, the fraction of channels to drop.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `kerata.config.image_data_format()`.
        seed: Int seed for reproducible dropout masks.
        name: Layer name.
        dtype: Dtype or policy name.

    Call arguments:
        inputs: 5D tensor.
        training: Whether to drop (True) or pass the input through.

    Input shape:
        `(batch_size, dim1, dim2, dim3, channels)` (channels_last) or
        `(batch_size, channels, dim1, dim2, dim3)` (channels_first).

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.SpatialDropout3D(0.5, seed=0)
    >>> tuple(layer(kerata.ops.ones((1, 2, 2, 2, 3)), training=True).shape)
    (1, 2, 2, 2, 3)
    """

    _rank = 5

    def get_config(self) -> dict:
        config = super().get_config()
        config["data_format"] = self.data_format
        return config
