"""`BaseAdaptivePooling`: the shared part of the adaptive pooling layers."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer

_MODES = ("max", "average")


class BaseAdaptivePooling(Layer):
    """Abstract N-d pooling layer with a fixed output size.

    The windows follow from the input and output sizes: output position
    `i` of an axis of length `size` pools the inputs
    `[floor(i * size / out), ceil((i + 1) * size / out))`, as in
    `torch.nn.AdaptiveAvgPool2d` and Keras.

    Args:
        output_size: Int or tuple of `pool_dimensions` ints, the output
            size per spatial axis.
        pool_dimensions: Number of spatial axes.
        pool_mode: "max" or "average".
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).
    """

    def __init__(
        self,
        output_size: Any,
        pool_dimensions: int,
        pool_mode: str = "average",
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.output_size = _output_size(output_size, pool_dimensions)
        if pool_mode not in _MODES:
            raise ValueError(
                f"`pool_mode` must be one of {_MODES}. Received: "
                f"pool_mode={pool_mode!r}"
            )
        self.pool_mode = pool_mode
        self.data_format = backend.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self._pool = (
            ops.adaptive_max_pool
            if pool_mode == "max"
            else ops.adaptive_average_pool
        )

    def call(self, inputs: Any) -> Any:
        return self._pool(inputs, self.output_size, self.data_format)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        if self.data_format == "channels_last":
            return (input_shape[0], *self.output_size, input_shape[-1])
        return (input_shape[0], input_shape[1], *self.output_size)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {"output_size": self.output_size, "data_format": self.data_format}
        )
        return config


def _output_size(value: Any, n: int) -> tuple:
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,) * n
    if (
        not isinstance(value, (tuple, list))
        or len(value) != n
        or not all(
            isinstance(v, int) and not isinstance(v, bool) and v > 0
            for v in value
        )
    ):
        raise TypeError(
            f"`output_size` must be a positive int or a tuple of {n} "
            f"positive ints, one per spatial axis. Received: "
            f"output_size={value!r}"
        )
    return tuple(value)
