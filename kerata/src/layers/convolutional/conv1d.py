"""`Conv1D`: 1-d convolution (e.g. over sequences)."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.convolutional.base_conv import BaseConv


@kerata_export("kerata.layers.Conv1D", "kerata.layers.Convolution1D")
class Conv1D(BaseConv):
    """1-d convolution layer: `activation(conv1d(inputs, kernel) + bias)`.

    Slides `filters` learned windows of length `kernel_size` along the
    steps of a sequence. With `padding="causal"`, output step `t` sees
    only input steps `<= t`, as temporal models (WaveNet) need.

    Args:
        filters: Positive int, number of output channels.
        kernel_size: Int or tuple of 1 int, the window length.
        strides: Int or tuple of 1 int, the step of the window.
        padding: "valid" (no padding), "same" (zero padding so that the
            output length is `ceil(steps / strides)`) or "causal" (zero
            padding on the left only).
        data_format: "channels_last" (`(batch, steps, channels)`) or
            "channels_first" (`(batch, channels, steps)`); None means
            `kerata.config.image_data_format()`.
        dilation_rate: Int or tuple of 1 int, spacing between kernel taps.
        groups: Positive int dividing both the input channels and
            `filters`: each group of channels gets its own filters.
        activation: Activation name or callable. None means identity.
        use_bias: Whether to add a learned bias per filter.
        kernel_initializer: Initializer of the kernel, of shape
            `(kernel_size, input_channels // groups, filters)`.
        bias_initializer: Initializer of the `(filters,)` bias.
        kernel_regularizer: Regularizer applied to the kernel.
        bias_regularizer: Regularizer applied to the bias.
        activity_regularizer: Regularizer applied to the output.
        kernel_constraint: Constraint applied to the kernel after updates.
        bias_constraint: Constraint applied to the bias after updates.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, steps, channels)` for "channels_last",
        `(batch_size, channels, steps)` for "channels_first".

    Output shape:
        `(batch_size, new_steps, filters)` for "channels_last",
        `(batch_size, filters, new_steps)` for "channels_first".

    Example:

    >>> layer = kerata.layers.Conv1D(4, 3)
    >>> tuple(layer(kerata.ops.ones((2, 10, 6))).shape)
    (2, 8, 4)
    >>> causal = kerata.layers.Conv1D(4, 3, padding="causal")
    >>> tuple(causal(kerata.ops.ones((2, 10, 6))).shape)
    (2, 10, 4)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = 1,
        groups: int = 1,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            rank=1,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            groups=groups,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
        left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
        steps = (left, 0)
        self._causal_padding = (
            ((0, 0), steps, (0, 0))
            if self.data_format == "channels_last"
            else ((0, 0), (0, 0), steps)
        )

    def call(self, inputs: Any) -> Any:
        if self.padding == "causal":
            # Left zero padding, then a "valid" convolution.
            inputs = ops.pad(inputs, self._causal_padding)
        return super().call(inputs)
