"""`Conv1DTranspose`: 1-d transposed convolution (learned upsampling)."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.convolutional.base_conv_transpose import (
    BaseConvTranspose,
)


@kerata_export(
    "kerata.layers.Conv1DTranspose", "kerata.layers.Convolution1DTranspose"
)
class Conv1DTranspose(BaseConvTranspose):
    """1-d transposed convolution layer, sometimes called deconvolution.

    Use it to upsample sequences with learned weights: it maps a `Conv1D`
    output length back to its input length.

    Args:
        filters: Positive int, number of output channels.
        kernel_size: Int or tuple of 1 int, the window length.
        strides: Int or tuple of 1 int, the upsampling factor.
        padding: "valid" or "same" (output length `steps * strides`).
        output_padding: None, or int or tuple of 1 int smaller than the
            stride, giving the output length exactly. None infers it.
        data_format: "channels_last" (`(batch, steps, channels)`) or
            "channels_first" (`(batch, channels, steps)`); None means
            `kerata.config.image_data_format()`.
        dilation_rate: Int or tuple of 1 int, spacing between kernel taps.
        activation: Activation name or callable. None means identity.
        use_bias: Whether to add a learned bias per filter.
        kernel_initializer: Initializer of the kernel, of shape
            `(kernel_size, filters, input_channels)`.
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

    >>> layer = kerata.layers.Conv1DTranspose(4, 3, strides=2)
    >>> tuple(layer(kerata.ops.ones((2, 5, 6))).shape)
    (2, 11, 4)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        output_padding: Any = None,
        data_format: str | None = None,
        dilation_rate: Any = 1,
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
