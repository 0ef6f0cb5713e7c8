"""`SeparableConv1D`: 1-d depthwise separable convolution."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.convolutional.base_separable_conv import (
    BaseSeparableConv,
)


@kerata_export(
    "kerata.layers.SeparableConv1D", "kerata.layers.SeparableConvolution1D"
)
class SeparableConv1D(BaseSeparableConv):
    """1-d depthwise separable convolution: depthwise, then pointwise.

    Filters each channel of a sequence on its own (the depthwise step),
    then mixes the channels with a 1-wide convolution (the pointwise step).
    It needs far fewer weights than a `Conv1D` with the same window and
    often works as well.

    Args:
        filters: Positive int, number of output channels.
        kernel_size: Int or tuple of 1 int, the depthwise window size.
        strides: Int or tuple of 1 int, the step of the window.
        padding: "valid" (no padding), "same" (output length
            `ceil(steps / strides)`) or "causal" (zero padding on the left
            only; a kerata extension, as in tf.keras 2).
        data_format: "channels_last" (`(batch, steps, channels)`) or
            "channels_first" (`(batch, channels, steps)`); None means
            `kerata.config.image_data_format()`.
        dilation_rate: Int or tuple of 1 int, spacing between kernel
            taps.
        depth_multiplier: Positive int, the number of depthwise outputs
            made from each input channel.
        activation: Activation name or callable. None means identity.
        use_bias: Whether to add a learned bias per filter.
        depthwise_initializer: Initializer of the depthwise kernel, of
            shape `(*kernel_size, channels, depth_multiplier)`.
        pointwise_initializer: Initializer of the pointwise kernel, of
            shape `(1, channels * depth_multiplier, filters)`.
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
        `(batch_size, steps, channels)` for "channels_last",
        `(batch_size, channels, steps)` for "channels_first".

    Output shape:
        `(batch_size, new_steps, filters)` for "channels_last",
        `(batch_size, filters, new_steps)` for "channels_first".

    Example:

    >>> layer = kerata.layers.SeparableConv1D(8, 3, depth_multiplier=2)
    >>> tuple(layer(kerata.ops.ones((2, 10, 4))).shape)
    (2, 8, 8)
    >>> [tuple(w.shape) for w in layer.weights]
    [(3, 4, 2), (1, 8, 8), (8,)]
    """

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = 1,
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
            rank=1,
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
