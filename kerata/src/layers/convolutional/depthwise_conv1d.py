"""`DepthwiseConv1D`: 1-d depthwise convolution."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.convolutional.base_depthwise_conv import (
    BaseDepthwiseConv,
)


@kerata_export("kerata.layers.DepthwiseConv1D")
class DepthwiseConv1D(BaseDepthwiseConv):
    """1-d depthwise convolution: one set of windows per input channel.

    Each channel of a sequence is filtered on its own with
    `depth_multiplier` windows, so channels never mix; the output has
    `channels * depth_multiplier` channels, output channel
    `c * depth_multiplier + m` coming from input channel `c`. It is
    `Conv1D(groups=channels)` with far fewer weights than a full
    convolution.

    Args:
        kernel_size: Int or tuple of 1 int, the window size.
        strides: Int or tuple of 1 int, the step of the window.
        padding: "valid" (no padding), "same" (output length
            `ceil(steps / strides)`) or "causal" (zero padding on the left
            only; a kerata extension, as in tf.keras 2).
        depth_multiplier: Positive int, the number of output channels
            made from each input channel.
        data_format: "channels_last" (`(batch, steps, channels)`) or
            "channels_first" (`(batch, channels, steps)`); None means
            `kerata.config.image_data_format()`.
        dilation_rate: Int or tuple of 1 int, spacing between kernel
            taps.
        activation: Activation name or callable. None means identity.
        use_bias: Whether to add a learned bias per output channel.
        depthwise_initializer: Initializer of the kernel, of shape
            `(*kernel_size, channels, depth_multiplier)`.
        bias_initializer: Initializer of the
            `(channels * depth_multiplier,)` bias.
        depthwise_regularizer: Regularizer applied to the kernel.
        bias_regularizer: Regularizer applied to the bias.
        activity_regularizer: Regularizer applied to the output.
        depthwise_constraint: Constraint applied to the kernel after
            updates.
        bias_constraint: Constraint applied to the bias after updates.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, steps, channels)` for "channels_last",
        `(batch_size, channels, steps)` for "channels_first".

    Output shape:
        `(batch_size, new_steps, channels * depth_multiplier)` for
        "channels_last", `(batch_size, channels * depth_multiplier,
        new_steps)` for "channels_first".

    Example:

    >>> layer = kerata.layers.DepthwiseConv1D(3, depth_multiplier=2)
    >>> tuple(layer(kerata.ops.ones((2, 10, 4))).shape)
    (2, 8, 8)
    >>> tuple(layer.kernel.shape)
    (3, 4, 2)
    """

    def __init__(
        self,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        depth_multiplier: int = 1,
        data_format: str | None = None,
        dilation_rate: Any = 1,
        activation: Any = None,
        use_bias: bool = True,
        depthwise_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        depthwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            rank=1,
            depth_multiplier=depth_multiplier,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
