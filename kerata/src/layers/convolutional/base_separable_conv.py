"""`BaseSeparableConv`: the shared part of SeparableConv1D and
SeparableConv2D."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import constraints
from kerata.src import initializers
from kerata.src import ops
from kerata.src import regularizers
from kerata.src.layers.convolutional import conv_utils
from kerata.src.layers.convolutional.base_conv import _positive_int
from kerata.src.layers.convolutional.base_depthwise_conv import (
    BaseDepthwiseConv,
)
from kerata.src.layers.convolutional.base_depthwise_conv import (
    depthwise_as_grouped,
)


class BaseSeparableConv(BaseDepthwiseConv):
    """Abstract N-d depthwise separable convolution layer.

    A depthwise convolution (each channel filtered on its own with
    `depth_multiplier` windows) followed by a pointwise one (a 1x1
    convolution mixing the channels into `filters` outputs). Weights, with
    Keras's names and layouts: `depthwise_kernel`
    `(*kernel_size, channels, depth_multiplier)`, `pointwise_kernel`
    `(1, ..., 1, channels * depth_multiplier, filters)` and `bias`
    `(filters,)`.

    Args:
        rank: Number of spatial axes.
        depth_multiplier: Positive int, depthwise outputs per channel.
        filters: Positive int, number of output channels.
        kernel_size: Int or tuple of `rank` ints, the window size.
        strides: Int or tuple of `rank` ints, the step of the window.
        padding: "valid", "same" or, for rank 1 only, "causal".
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        dilation_rate: Int or tuple of `rank` ints.
        activation: Activation name or callable. None means identity.
        use_bias: Whether to add a learned bias per filter.
        depthwise_initializer: Initializer of the depthwise kernel.
        pointwise_initializer: Initializer of the pointwise kernel.
        bias_initializer: Initializer of the bias.
        depthwise_regularizer: Regularizer of the depthwise kernel.
        pointwise_regularizer: Regularizer of the pointwise kernel.
        bias_regularizer: Regularizer applied to the bias.
        activity_regularizer: Regularizer applied to the output.
        depthwise_constraint: Constraint of the depthwise kernel.
        pointwise_constraint: Constraint of the pointwise kernel.
        bias_constraint: Constraint applied to the bias after updates.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).
    """

    def __init__(
        self,
        rank: int,
        depth_multiplier: int,
        filters: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = 1,
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
            rank=rank,
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
        self.filters = _positive_int(filters, "filters", "e.g. filters=32")
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.pointwise_constraint = constraints.get(pointwise_constraint)

    def build(self, input_shape: Any) -> None:
        channels = self._input_channels(input_shape)
        self._set_autocast_dtype()
        self.compute_output_shape(input_shape)
        mid = channels * self.depth_multiplier
        self.depthwise_kernel = self.add_weight(
            name="depthwise_kernel",
            shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        self.pointwise_kernel = self.add_weight(
            name="pointwise_kernel",
            shape=(1,) * self.rank + (mid, self.filters),
            initializer=self.pointwise_initializer,
            regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint,
        )
        self._grouped_shape = self.kernel_size + (1, mid)
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.filters,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        else:
            self.bias = None
        self.built = True

    def call(self, inputs: Any) -> Any:
        depthwise = self.depthwise_kernel
        pointwise = self.pointwise_kernel
        if self._autocast_dtype is not None:
            depthwise = ops.cast(depthwise, self._autocast_dtype)
            pointwise = ops.cast(pointwise, self._autocast_dtype)
        depthwise = depthwise_as_grouped(depthwise, self._grouped_shape)
        # Two backend calls: the depthwise step as a grouped convolution,
        # then the 1x1 pointwise step with the bias fused in.
        x = backend.nn.conv(
            inputs,
            depthwise,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        if self.bias is None:
            x = backend.nn.conv(x, pointwise, data_format=self.data_format)
        else:
            x = backend.nn.conv_with_bias(
                x, pointwise, self.bias, data_format=self.data_format
            )
        return x if self._act is None else self._act(x)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        return conv_utils.conv_output_shape(
            input_shape,
            self.filters,
            self.kernel_size,
            self.strides,
            self.padding,
            self.data_format,
            self.dilation_rate,
        )

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "filters": self.filters,
                "pointwise_initializer": initializers.serialize(
                    self.pointwise_initializer
                ),
                "pointwise_regularizer": regularizers.serialize(
                    self.pointwise_regularizer
                ),
                "pointwise_constraint": constraints.serialize(
                    self.pointwise_constraint
                ),
            }
        )
        return config
