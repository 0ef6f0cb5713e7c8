"""`BaseDepthwiseConv`: the shared part of DepthwiseConv1D and
DepthwiseConv2D."""

from __future__ import annotations

from typing import Any

from kerata.src import activations
from kerata.src import backend
from kerata.src import constraints
from kerata.src import initializers
from kerata.src import ops
from kerata.src import regularizers
from kerata.src.layers.convolutional import conv_utils
from kerata.src.layers.convolutional.base_conv import _positive_int
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer


def depthwise_as_grouped(kernel: Any, shape: tuple) -> Any:
    """A depthwise kernel `(*window, channels, multiplier)` as the kernel
    `(*window, 1, channels * multiplier)` of a grouped convolution with one
    group per channel: output channel `c * multiplier + m`, Keras's order.
    On torch the reshape is a view, not a copy."""
    return backend.numpy.reshape(kernel, shape)


class BaseDepthwiseConv(Layer):
    """Abstract N-d depthwise convolution layer.

    Each input channel is convolved with its own `depth_multiplier`
    windows and nothing mixes channels, so the output has
    `channels * depth_multiplier` channels. The kernel is named `kernel`
    and has Keras's layout `(*kernel_size, channels, depth_multiplier)`.

    Args:
        rank: Number of spatial axes.
        depth_multiplier: Positive int, output channels per input channel.
        kernel_size: Int or tuple of `rank` ints, the window size.
        strides: Int or tuple of `rank` ints, the step of the window.
        padding: "valid", "same" or, for rank 1 only, "causal".
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        dilation_rate: Int or tuple of `rank` ints.
        activation: Activation name or callable. None means identity.
        use_bias: Whether to add a learned bias per output channel.
        depthwise_initializer: Initializer of the kernel.
        bias_initializer: Initializer of the bias.
        depthwise_regularizer: Regularizer applied to the kernel.
        bias_regularizer: Regularizer applied to the bias.
        activity_regularizer: Regularizer applied to the output.
        depthwise_constraint: Constraint applied to the kernel after
            updates.
        bias_constraint: Constraint applied to the bias after updates.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).
    """

    def __init__(
        self,
        rank: int,
        depth_multiplier: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
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
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.depth_multiplier = _positive_int(
            depth_multiplier, "depth_multiplier", "e.g. depth_multiplier=2"
        )
        _init_window(self, rank, kernel_size, strides, padding, dilation_rate)
        self.data_format = backend.standardize_data_format(data_format)
        self.activation = activation
        self.use_bias = use_bias
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)
        self._autocast_dtype: str | None = None
        self._grouped_shape: tuple = ()

    @property
    def activation(self) -> Any:
        return self._activation

    @activation.setter
    def activation(self, value: Any) -> None:
        self._activation = activations.get(value)
        # The linear activation is skipped in `call`, not applied.
        linear = activations.get("linear")
        self._act = None if self._activation is linear else self._activation

    def _channel_axis(self) -> int:
        return -1 if self.data_format == "channels_last" else 1

    def _input_channels(self, input_shape: Any) -> int:
        axis = self._channel_axis()
        channels = input_shape[axis]
        if channels is None:
            raise ValueError(
                f"Layer {self.name!r} needs the number of input channels "
                f"(axis {axis} for data_format={self.data_format!r}) to "
                f"create its kernel. Received input_shape="
                f"{tuple(input_shape)}."
            )
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={axis: channels})
        return channels

    def _set_autocast_dtype(self) -> None:
        # Mixed precision keeps float32 weights and computes in the
        # compute dtype: the weights are cast on read.
        compute = self.compute_dtype
        self._autocast_dtype = (
            compute if compute != self.variable_dtype else None
        )

    def build(self, input_shape: Any) -> None:
        channels = self._input_channels(input_shape)
        self._set_autocast_dtype()
        # Fails early, naming the shapes, when the output would be empty.
        self.compute_output_shape(input_shape)
        self.kernel = self.add_weight(
            name="kernel",
            shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        out_channels = channels * self.depth_multiplier
        self._grouped_shape = self.kernel_size + (1, out_channels)
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(out_channels,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        else:
            self.bias = None
        self.built = True

    def call(self, inputs: Any) -> Any:
        kernel = self.kernel
        if self._autocast_dtype is not None:
            kernel = ops.cast(kernel, self._autocast_dtype)
        kernel = depthwise_as_grouped(kernel, self._grouped_shape)
        # A grouped convolution with the bias fused in (one backend call;
        # `call` never sees symbolic tensors, so the op layer is skipped).
        if self.bias is None:
            x = backend.nn.conv(
                inputs,
                kernel,
                strides=self.strides,
                padding=self.padding,
                data_format=self.data_format,
                dilation_rate=self.dilation_rate,
            )
        else:
            x = backend.nn.conv_with_bias(
                inputs,
                kernel,
                self.bias,
                strides=self.strides,
                padding=self.padding,
                data_format=self.data_format,
                dilation_rate=self.dilation_rate,
            )
        return x if self._act is None else self._act(x)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        channels = input_shape[self._channel_axis()]
        return conv_utils.conv_output_shape(
            input_shape,
            None if channels is None else channels * self.depth_multiplier,
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
                "depth_multiplier": self.depth_multiplier,
                "kernel_size": self.kernel_size,
                "strides": self.strides,
                "padding": self.padding,
                "data_format": self.data_format,
                "dilation_rate": self.dilation_rate,
                "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "depthwise_initializer": initializers.serialize(
                    self.depthwise_initializer
                ),
                "bias_initializer": initializers.serialize(
                    self.bias_initializer
                ),
                "depthwise_regularizer": regularizers.serialize(
                    self.depthwise_regularizer
                ),
                "bias_regularizer": regularizers.serialize(
                    self.bias_regularizer
                ),
                "activity_regularizer": regularizers.serialize(
                    self.activity_regularizer
                ),
                "depthwise_constraint": constraints.serialize(
                    self.depthwise_constraint
                ),
                "bias_constraint": constraints.serialize(self.bias_constraint),
            }
        )
        return config


def _init_window(
    layer: Any,
    rank: int,
    kernel_size: Any,
    strides: Any,
    padding: str,
    dilation_rate: Any,
) -> None:
    """Sets the window arguments shared with the separable convolutions.

    "causal" padding (rank 1) is a kerata extension, as in tf.keras 2:
    Keras 3 accepts it for Conv1D only.
    """
    layer.kernel_size = conv_utils.standardize_tuple(
        kernel_size, rank, "kernel_size"
    )
    layer.strides = conv_utils.standardize_tuple(strides, rank, "strides")
    layer.dilation_rate = conv_utils.standardize_tuple(
        dilation_rate, rank, "dilation_rate"
    )
    layer.padding = conv_utils.standardize_padding(
        padding, allow_causal=rank == 1
    )
