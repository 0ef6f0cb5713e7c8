"""`BasePooling`: the shared part of max and average pooling layers."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.layers.convolutional import conv_utils
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer

_MODES = ("max", "average")


class BasePooling(Layer):
    """Abstract N-d max or average pooling layer.

    Args:
        pool_size: Int or tuple of `pool_dimensions` ints, the window size.
        strides: Int, tuple of ints, or None (the default: `pool_size`).
        pool_dimensions: Number of spatial axes.
        pool_mode: "max" or "average".
        padding: "valid" or "same". With "same", the padded positions are
            ignored: they never win a max and do not count in an average.
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        name: Layer name.
        **kwargs: Base layer arguments (`dtype`, `trainable`, ...).
    """

    def __init__(
        self,
        pool_size: Any,
        strides: Any,
        pool_dimensions: int,
        pool_mode: str = "max",
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=name, **kwargs)
        self.pool_size = conv_utils.standardize_tuple(
            pool_size, pool_dimensions, "pool_size"
        )
        self.strides = conv_utils.standardize_tuple(
            pool_size if strides is None else strides,
            pool_dimensions,
            "strides",
        )
        if pool_mode not in _MODES:
            raise ValueError(
                f"`pool_mode` must be one of {_MODES}. Received: "
                f"pool_mode={pool_mode!r}"
            )
        self.pool_mode = pool_mode
        self.padding = conv_utils.standardize_padding(padding)
        self.data_format = backend.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self._pool = ops.max_pool if pool_mode == "max" else ops.average_pool

    def call(self, inputs: Any) -> Any:
        return self._pool(
            inputs,
            pool_size=self.pool_size,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
        )

    def compute_output_shape(self, input_shape: Any) -> tuple:
        return conv_utils.pooling_output_shape(
            input_shape,
            self.pool_size,
            self.strides,
            self.padding,
            self.data_format,
        )

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "pool_size": self.pool_size,
                "padding": self.padding,
                "strides": self.strides,
                "data_format": self.data_format,
            }
        )
        return config
