"""`SeparableConv2D`: 2-d depthwise separable convolution."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.convolutional.base_separable_conv import (
    BaseSeparableConv,
)


@kerata_export(
    "kerata.layers.SeparableConv2D", "kerata.layers.SeparableConvolution2D"
)
class SeparableConv2D(BaseSeparableConv):
    """2-d depthwise separable convolution: depthwise, then pointwise.

    Filters each channel of an image on its own (the depthwise step),
    then mixes the channels with a 1x1 convolution (the pointwise step),
    as in Xception and MobileNet. It needs far fewer weights and
    operations than a `Conv2D` with the same window.

    Args:
        filters: Positive int, number of output channels.
        kernel_size: Int or tuple of 2 ints, the depthwise window size.
        strides: Int or tuple of 2 ints, the step of the window.
        padding: "valid" (no padding) or "same" (zero padding so that the
            output size is `ceil(input_size / strides)`).
        data_format: "channels_last" (`(batch, height, width, channels)`)
            or "channels_first" (`(batch, channels, height, width)`); None means
            `kerata.config.image_data_format()`.
        dilation_rate: Int or tuple of 2 ints, spacing between kernel
            taps.
        depth_multiplier: Positive int, the number of depthwise outputs
            made from each input channel.
        activation: Activation name or callable. None means identity.
        use_bias: Whether to add a learned bias per filter.
        depthwise_initializer: Initializer of the depthwise kernel, of
            shape `(*kernel_size, channels, depth_multiplier)`.
        pointwise_initializer: Initializer of the pointwise kernel, of
            shape `(1, 1, channels * depth_multiplier, filters)`.
        bias_initializer: Initializer of the `(filters,)` bias.
        depthwise_regularizer: Regularizer of the depthwise kernel.
        pointwise_regularizer: Regularizer of the pointwise kernel.
        bias_regularizer: Regularizer applied to the bias.
        activity_regularizer: Regularizer applied to the output.
        depthwise_constraint: Constraint of the depthwise kernel.
        pointwise_constraint: Constraint of the pointwise kernel.
        bias_constraint: Constraint applied to the bias after updates.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, height, width, channels)` for "channels_last",
        `(batch_size, channels, height, width)` for "channels_first".

    Output shape:
        `(batch_size, new_height, new_width, filters)` for
        "channels_last", `(batch_size, filters, new_height, new_width)`
        for "channels_first".

    Example:

    >>> layer = kerata.layers.SeparableConv2D(16, 3, padding="same")
    >>> tuple(layer(kerata.ops.ones((2, 8, 8, 3))).shape)
    (2, 8, 8, 16)
    >>> [tuple(w.shape) for w in layer.weights]
    [(3, 3, 3, 1), (1, 1, 3, 16), (16,)]
    """

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = (1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = (1, 1),
        depth_multiplier: int = 1,
        activation: Any = None,
        use_bias: bool = True,
        depthwise_initializer: Any = "glorot_uniform",
        pointwise_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        depthwise_regularizer: Any = None,
        pointwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        pointwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            rank=2,
            depth_multiplier=depth_multiplier,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            pointwise_constraint=pointwise_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
