"""`BaseConvTranspose`: the shared part of Conv1DTranspose and
Conv2DTranspose."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.layers.convolutional import conv_utils
from kerata.src.layers.convolutional.base_conv import BaseConv


class BaseConvTranspose(BaseConv):
    """Abstract N-d transposed convolution ("deconvolution") layer.

    It maps each input position to a `kernel_size` window of the output,
    the way the gradient of a convolution does, so it reverses the shape
    change of a `BaseConv` with the same arguments. The kernel has Keras's
    layout `(*kernel_size, filters, input_channels)`.

    Args:
        rank: Number of spatial axes.
        filters: Positive int, number of output channels.
        kernel_size: Int or tuple of `rank` ints, the window size.
        strides: Int or tuple of `rank` ints, the upsampling factor.
        padding: "valid" or "same" (output size `input * strides`).
        output_padding: None, or int or tuple of `rank` ints, each smaller
            than its stride, added to the output size.
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        dilation_rate: Int or tuple of `rank` ints.
        activation: Activation name or callable. None means identity.
        use_bias: Whether to add a learned bias per filter.
        kernel_initializer: Initializer of the kernel.
        bias_initializer: Initializer of the bias.
        kernel_regularizer: Regularizer applied to the kernel.
        bias_regularizer: Regularizer applied to the bias.
        activity_regularizer: Regularizer applied to the output.
        kernel_constraint: Constraint applied to the kernel after updates.
        bias_constraint: Constraint applied to the bias after updates.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).
    """

    def __init__(
        self,
        rank: int,
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
        padding = conv_utils.standardize_padding(padding)
        super().__init__(
            rank=rank,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
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
        if output_padding is None:
            self.output_padding = None
        else:
            self.output_padding = conv_utils.standardize_tuple(
                output_padding, rank, "output_padding", allow_zero=True
            )
            for i, (extra, stride) in enumerate(
                zip(self.output_padding, self.strides)
            ):
                if extra >= stride:
                    raise ValueError(
                        "Each `output_padding` value must be smaller than "
                        f"its stride. At axis {i}: output_padding={extra}, "
                        f"strides={stride}. Received: output_padding="
                        f"{self.output_padding}, strides={self.strides}."
                    )

    def build(self, input_shape: Any) -> None:
        channels = self._input_channels(input_shape)
        self._set_autocast_dtype()
        self.kernel = self.add_weight(
            name="kernel",
            shape=self.kernel_size + (self.filters, channels),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self._build_bias()
        self.built = True

    def call(self, inputs: Any) -> Any:
        kernel = self.kernel
        if self._autocast_dtype is not None:
            kernel = ops.cast(kernel, self._autocast_dtype)
        x = ops.conv_transpose(
            inputs,
            kernel,
            strides=self.strides,
            padding=self.padding,
            output_padding=self.output_padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return self._finish(x)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        return conv_utils.conv_transpose_output_shape(
            input_shape,
            self.filters,
            self.kernel_size,
            self.strides,
            self.padding,
            self.output_padding,
            self.data_format,
            self.dilation_rate,
        )

    def get_config(self) -> dict:
        config = super().get_config()
        del config["groups"]  # transposed convolutions have no groups
        config["output_padding"] = self.output_padding
        return config
