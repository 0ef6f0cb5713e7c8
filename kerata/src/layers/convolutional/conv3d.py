"""`Conv3D`: 3-d convolution (e.g. over volumes or video)."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.convolutional.base_conv import BaseConv


@kerata_export("kerata.layers.Conv3D", "kerata.layers.Convolution3D")
class Conv3D(BaseConv):
    """3-d convolution layer: `activation(conv3d(inputs, kernel) + bias)`.

    Slides `filters` learned windows of size `kernel_size` over the three
    spatial axes of the input: volumes (medical scans) or video (time,
    height, width). It matches `torch.nn.Conv3d` with Keras's kernel
    layout.

    Args:
        filters: Positive int, number of output channels.
        kernel_size: Int or tuple of 3 ints, the window's depth, height and
            width.
        strides: Int or tuple of 3 ints, the step of the window.
        padding: "valid" (no padding) or "same" (zero padding so that the
            output size is `ceil(input_size / strides)`).
        data_format: "channels_last" (`(batch, depth, height, width,
            channels)`) or "channels_first" (`(batch, channels, depth,
            height, width)`); None means
            `kerata.config.image_data_format()`.
        dilation_rate: Int or tuple of 3 ints, spacing between kernel taps.
        groups: Positive int dividing both the input channels and
            `filters`: each group of channels gets its own filters.
        activation: Activation name or callable. None means identity.
        use_bias: Whether to add a learned bias per filter.
        kernel_initializer: Initializer of the kernel, of shape
            `(*kernel_size, input_channels // groups, filters)`.
        bias_initializer: Initializer of the `(filters,)` bias.
        kernel_regularizer: Regularizer applied to the kernel.
        bias_regularizer: Regularizer applied to the bias.
        activity_regularizer: Regularizer applied to the output.
        kernel_constraint: Constraint applied to the kernel after updates.
        bias_constraint: Constraint applied to the bias after updates.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, depth, height, width, channels)` for
        "channels_last", `(batch_size, channels, depth, height, width)` for
        "channels_first".

    Output shape:
        `(batch_size, new_depth, new_height, new_width, filters)` for
        "channels_last", `(batch_size, filters, new_depth, new_height,
        new_width)` for "channels_first".

    Example:

    >>> layer = kerata.layers.Conv3D(4, 3, padding="same")
    >>> tuple(layer(kerata.ops.ones((2, 6, 8, 8, 3))).shape)
    (2, 6, 8, 8, 4)
    >>> tuple(layer.kernel.shape)
    (3, 3, 3, 3, 4)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = (1, 1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = (1, 1, 1),
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
            rank=3,
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
