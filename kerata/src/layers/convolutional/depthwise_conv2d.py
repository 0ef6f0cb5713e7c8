"""`DepthwiseConv2D`: 2-d depthwise convolution."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.convolutional.base_depthwise_conv import (
    BaseDepthwiseConv,
)


@kerata_export("kerata.layers.DepthwiseConv2D")
class DepthwiseConv2D(BaseDepthwiseConv):
    """2-d depthwise convolution: one set of windows per input channel.

    Each channel of an image is filtered on its own with
    `depth_multiplier` windows, so channels never mix; the output has
    `channels * depth_multiplier` channels, output channel
    `c * depth_multiplier + m` coming from input channel `c`. It is the
    first half of a separable convolution (MobileNet) and matches
    `torch.nn.Conv2d(groups=channels)` with Keras's kernel layout.

    Args:
        kernel_size: Int or tuple of 2 ints, the window size.
        strides: Int or tuple of 2 ints, the step of the window.
        padding: "valid" (no padding) or "same" (zero padding so that the
            output size is `ceil(input_size / strides)`).
        depth_multiplier: Positive int, the number of output channels
            made from each input channel.
        data_format: "channels_last" (`(batch, height, width, channels)`)
            or "channels_first" (`(batch, channels, height, width)`); None means
            `kerata.config.image_data_format()`.
        dilation_rate: Int or tuple of 2 ints, spacing between kernel
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
        `(batch_size, height, width, channels)` for "channels_last",
        `(batch_size, channels, height, width)` for "channels_first".

    Output shape:
        `(batch_size, new_height, new_width, channels *
        depth_multiplier)` for "channels_last", `(batch_size, channels *
        depth_multiplier, new_height, new_width)` for "channels_first".

    Example:

    >>> layer = kerata.layers.DepthwiseConv2D(3, padding="same")
    >>> tuple(layer(kerata.ops.ones((2, 8, 8, 3))).shape)
    (2, 8, 8, 3)
    >>> tuple(layer.kernel.shape)
    (3, 3, 3, 1)
    """

    def __init__(
        self,
        kernel_size: Any,
        strides: Any = (1, 1),
        padding: str = "valid",
        depth_multiplier: int = 1,
        data_format: str | None = None,
        dilation_rate: Any = (1, 1),
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
            rank=2,
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
