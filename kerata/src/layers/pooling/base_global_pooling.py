"""`BaseGlobalPooling`: the shared part of global pooling layers."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer


class BaseGlobalPooling(Layer):
    """Abstract layer reducing every spatial axis to one value per channel.

    Args:
        pool_dimensions: Number of spatial axes.
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        keepdims: Whether the spatial axes stay, with size 1.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).
    """

    def __init__(
        self,
        pool_dimensions: int,
        data_format: str | None = None,
        keepdims: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.data_format = backend.standardize_data_format(data_format)
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        first = 1 if self.data_format == "channels_last" else 2
        # The spatial axes that are reduced.
        self._axes = tuple(range(first, first + pool_dimensions))

    def compute_output_shape(self, input_shape: Any) -> tuple:
        spatial = len(input_shape) - 2
        if self.data_format == "channels_last":
            channels = input_shape[-1]
            if self.keepdims:
                return (input_shape[0],) + (1,) * spatial + (channels,)
        else:
            channels = input_shape[1]
            if self.keepdims:
                return (input_shape[0], channels) + (1,) * spatial
        return (input_shape[0], channels)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {"data_format": self.data_format, "keepdims": self.keepdims}
        )
        return config
