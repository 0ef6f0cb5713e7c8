"""`BaseConv`: the shared part of Conv1D and Conv2D."""

from __future__ import annotations

from typing import Any

from kerata.src import activations
from kerata.src import backend
from kerata.src import constraints
from kerata.src import initializers
from kerata.src import ops
from kerata.src import regularizers
from kerata.src.layers.convolutional import conv_utils
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer


class BaseConv(Layer):
    """Abstract N-d convolution layer: `activation(conv(x, kernel) + bias)`.

    Subclasses fix `rank`. The kernel has Keras's layout
    `(*kernel_size, input_channels // groups, filters)`.

    Args:
        rank: Number of spatial axes (1 for Conv1D, 2 for Conv2D).
        filters: Positive int, number of output channels.
        kernel_size: Int or tuple of `rank` ints, the window size.
        strides: Int or tuple of `rank` ints, the step of the window.
        padding: "valid" (no padding), "same" (output size
            `ceil(input / strides)`) or, for rank 1 only, "causal".
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        dilation_rate: Int or tuple of `rank` ints, the spacing between
            kernel taps. Cannot exceed 1 together with `strides`.
        groups: Positive int; the input channels are split into `groups`
            parts, each convolved with `filters // groups` filters.
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
        data_format: str | None = None,
        dilation_rate: Any = 1,
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
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = _positive_int(filters, "filters", "e.g. Conv2D(32, 3)")
        self.groups = _positive_int(groups, "groups", "e.g. groups=2")
        if self.filters % self.groups:
            raise ValueError(
                "`filters` must be divisible by `groups`. Received: "
                f"filters={filters}, groups={groups}."
            )
        self.kernel_size = conv_utils.standardize_tuple(
            kernel_size, rank, "kernel_size"
        )
        self.strides = conv_utils.standardize_tuple(strides, rank, "strides")
        self.dilation_rate = conv_utils.standardize_tuple(
            dilation_rate, rank, "dilation_rate"
        )
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "`strides > 1` cannot be combined with `dilation_rate > 1`. "
                f"Received: strides={self.strides}, "
                f"dilation_rate={self.dilation_rate}."
            )
        self.padding = conv_utils.standardize_padding(
            padding, allow_causal=rank == 1
        )
        self.data_format = backend.standardize_data_format(data_format)
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)
        self._autocast_dtype: str | None = None
        # Padding given to ops.conv; Conv1D pads causal inputs itself.
        self._op_padding = "valid" if self.padding == "causal" else self.padding
        # channels_first adds the bias as (filters, 1, ...); channels_last
        # broadcasts the (filters,) vector with no reshape.
        self._bias_shape = (
            None
            if self.data_format == "channels_last"
            else (self.filters,) + (1,) * rank
        )

    @property
    def activation(self) -> Any:
        return self._activation

    @activation.setter
    def activation(self, value: Any) -> None:
        self._activation = activations.get(value)
        # The linear activation is skipped in `call`, not applied.
        linear = activations.get("linear")
        self._act = None if self._activation is linear else self._activation

    def _input_channels(self, input_shape: Any) -> int:
        axis = -1 if self.data_format == "channels_last" else 1
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

    def build(self, input_shape: Any) -> None:
        channels = self._input_channels(input_shape)
        self._set_autocast_dtype()
        if channels % self.groups:
            raise ValueError(
                f"Layer {self.name!r}: the number of input channels must be "
                f"divisible by groups={self.groups}. Received input_shape="
                f"{tuple(input_shape)} ({channels} channels)."
            )
        # Fails early, naming the shapes, when the output would be empty.
        self.compute_output_shape(input_shape)
        self.kernel = self.add_weight(
            name="kernel",
            shape=self.kernel_size + (channels // self.groups, self.filters),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self._build_bias()
        self.built = True

    def _set_autocast_dtype(self) -> None:
        # Mixed precision keeps float32 weights and computes in the
        # compute dtype, as Keras does: the weights are cast on read.
        compute = self.compute_dtype
        self._autocast_dtype = (
            compute if compute != self.variable_dtype else None
        )

    def _build_bias(self) -> None:
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

    def call(self, inputs: Any) -> Any:
        kernel = self.kernel
        if self._autocast_dtype is not None:
            kernel = ops.cast(kernel, self._autocast_dtype)
        elif self.bias is not None:
            # One backend call with the bias fused into the convolution
            # (torch.nn.Conv2d's speed on torch); `call` never sees
            # symbolic tensors, so the op layer is skipped.
            x = backend.nn.conv_with_bias(
                inputs,
                kernel,
                self.bias,
                strides=self.strides,
                padding=self._op_padding,
                data_format=self.data_format,
                dilation_rate=self.dilation_rate,
            )
            return x if self._act is None else self._act(x)
        x = ops.conv(
            inputs,
            kernel,
            strides=self.strides,
            padding=self._op_padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return self._finish(x)

    def _finish(self, x: Any) -> Any:
        """Adds the bias and applies the activation."""
        if self.bias is not None:
            bias = self.bias
            if self._autocast_dtype is not None:
                bias = ops.cast(bias, self._autocast_dtype)
            if self._bias_shape is not None:
                bias = ops.reshape(bias, self._bias_shape)
            x = ops.add(x, bias)
        if self._act is not None:
            x = self._act(x)
        return x

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
                "kernel_size": self.kernel_size,
                "strides": self.strides,
                "padding": self.padding,
                "data_format": self.data_format,
                "dilation_rate": self.dilation_rate,
                "groups": self.groups,
            }
        )
        config.update(_weight_config(self))
        return config


def _weight_config(layer: Any) -> dict:
    """Config entries shared by convolutions and transposed convolutions."""
    return {
        "activation": activations.serialize(layer.activation),
        "use_bias": layer.use_bias,
        "kernel_initializer": initializers.serialize(layer.kernel_initializer),
        "bias_initializer": initializers.serialize(layer.bias_initializer),
        "kernel_regularizer": regularizers.serialize(layer.kernel_regularizer),
        "bias_regularizer": regularizers.serialize(layer.bias_regularizer),
        "activity_regularizer": regularizers.serialize(
            layer.activity_regularizer
        ),
        "kernel_constraint": constraints.serialize(layer.kernel_constraint),
        "bias_constraint": constraints.serialize(layer.bias_constraint),
    }


def _positive_int(value: Any, name: str, hint: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(
            f"`{name}` must be a positive int. Received: {name}={value!r}. "
            f"Pass a positive int, {hint}."
        )
    return value
