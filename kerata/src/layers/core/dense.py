"""`Dense`: the fully connected layer."""

from __future__ import annotations

from typing import Any

from kerata.src import activations
from kerata.src import backend
from kerata.src import constraints
from kerata.src import initializers
from kerata.src import regularizers
from kerata.src.api_export import kerata_export
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.Dense")
class Dense(Layer):
    """Fully connected layer: `activation(inputs @ kernel + bias)`.

    The kernel is applied to the last axis, so inputs of rank 3 or more
    are projected position by position, with the same kernel.

    Args:
        units: Positive int, size of the output's last axis.
        activation: Activation name or callable. `None` means identity.
        use_bias: Whether to add a learned bias vector.
        kernel_initializer: Initializer of the `(input_dim, units)` kernel.
        bias_initializer: Initializer of the bias.
        kernel_regularizer: Regularizer applied to the kernel.
        bias_regularizer: Regularizer applied to the bias.
        activity_regularizer: Regularizer applied to the output.
        kernel_constraint: Constraint applied to the kernel after updates.
        bias_constraint: Constraint applied to the bias after updates.
        lora_rank: Not supported yet; must be None.
        lora_alpha: Not supported yet; ignored without `lora_rank`.
        quantization_config: Not supported yet; must be None.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, ..., input_dim)`.

    Output shape:
        `(batch_size, ..., units)`.

    Example:

    >>> layer = kerata.layers.Dense(4)
    >>> tuple(layer(kerata.ops.ones((2, 3))).shape)
    (2, 4)
    >>> [tuple(w.shape) for w in layer.weights]
    [(3, 4), (4,)]
    """

    def __init__(
        self,
        units: int,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        lora_rank: int | None = None,
        lora_alpha: float | None = None,
        quantization_config: Any = None,
        **kwargs: Any,
    ) -> None:
        _reject_unsupported(
            lora_rank=lora_rank, quantization_config=quantization_config
        )
        if isinstance(units, bool) or not isinstance(units, int) or units <= 0:
            raise ValueError(
                "`units` must be a positive int. Received: "
                f"units={units!r}. Pass the size of the output's last axis, "
                "e.g. Dense(64)."
            )
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.units = units
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    @property
    def activation(self) -> Any:
        return self._activation

    @activation.setter
    def activation(self, value: Any) -> None:
        self._activation = activations.get(value)
        # The linear activation is skipped in `call`, not applied.
        linear = activations.get("linear")
        self._act = None if self._activation is linear else self._activation

    def build(self, input_shape: Any) -> None:
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"Layer {self.name!r} needs the size of the input's last "
                f"axis to create its kernel. Received input_shape="
                f"{tuple(input_shape)}."
            )
        self.kernel = self.add_weight(
            name="kernel",
            shape=(input_dim, self.units),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.units,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        else:
            self.bias = None
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True

    def call(self, inputs: Any) -> Any:
        # `call` never sees symbolic tensors (symbolic calls go through
        # compute_output_shape), so the backend's fused matmul-plus-bias
        # is called directly: torch.nn.Linear's speed on torch.
        x = backend.nn.linear(inputs, self.kernel, self.bias)
        if self._act is not None:
            x = self._act(x)
        return x

    def compute_output_shape(self, input_shape: Any) -> tuple:
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "units": self.units,
                "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(
                    self.kernel_initializer
                ),
                "bias_initializer": initializers.serialize(
                    self.bias_initializer
                ),
                "kernel_regularizer": regularizers.serialize(
                    self.kernel_regularizer
                ),
                "bias_regularizer": regularizers.serialize(
                    self.bias_regularizer
                ),
                "kernel_constraint": constraints.serialize(
                    self.kernel_constraint
                ),
                "bias_constraint": constraints.serialize(self.bias_constraint),
                "quantization_config": None,
            }
        )
        return config


def _reject_unsupported(**arguments: Any) -> None:
    """Raises for Keras arguments (LoRA, quantization) kerata lacks."""
    for name, value in arguments.items():
        if value is not None:
            raise NotImplementedError(
                f"kerata does not support `{name}` yet. Received: "
                f"{name}={value!r}. Pass None (the default)."
            )
