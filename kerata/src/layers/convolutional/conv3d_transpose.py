"""`Conv3DTranspose`: 3-d transposed convolution (learned upsampling)."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.convolutional.base_conv_transpose import (
    BaseConvTranspose,
)


@kerata_export(
    "kerata.layers.Conv3DTranspose", "kerata.layers.Convolution3DTranspose"
)
class Conv3DTranspose(BaseConvTranspose):
    """3-d transposed convolution layer, sometimes called deconvolution.

    Use it to upsample volumes or video with learned weights (3-d
    decoders, segmentation networks): it maps a `Conv3D` output shape back
    to its input shape. It matches `torch.nn.ConvTranspose3d` with Keras's
    kernel layout.

    Args:
        filters: Positive int, number of output channels.
        kernel_size: Int or tuple of 3 ints, the window's depth, height and
            width.
        strides: Int or tuple of 3 ints, the upsampling factors.
        padding: "valid" or "same" (output size `input_size * strides`).
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        output_padding: None, or int or tuple of 3 ints, each smaller than
            its stride, giving the output size exactly:
            `(input_size - 1) * strides + kernel_size % 2 + output_padding`
            for "same". None infers it.
        dilation_rate: Int or tuple of 3 ints, spacing between kernel taps.
        activation: Activation name or callable. None means identity.
        use_bias: Whether to add a learned bias per filter.
        kernel_initializer: Initializer of the kernel, of shape
            `(*kernel_size, filters, input_channels)`.
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

    >>> layer = kerata.layers.Conv3DTranspose(2, 3, strides=2, padding="same")
    >>> tuple(layer(kerata.ops.ones((1, 3, 4, 4, 5))).shape)
    (1, 6, 8, 8, 2)
    >>> tuple(layer.kernel.shape)
    (3, 3, 3, 2, 5)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = (1, 1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        output_padding: Any = None,
        dilation_rate: Any = (1, 1, 1),
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
            output_padding=output_padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
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
