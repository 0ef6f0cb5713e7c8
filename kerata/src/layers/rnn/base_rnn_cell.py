"""Arguments and config shared by `SimpleRNNCell`, `LSTMCell` and
`GRUCell`."""

from __future__ import annotations

from typing import Any

from kerata.src import activations
from kerata.src import backend
from kerata.src import constraints
from kerata.src import initializers
from kerata.src import ops
from kerata.src import random
from kerata.src import regularizers
from kerata.src.layers.layer import Layer
from kerata.src.layers.rnn.dropout_rnn_cell import DropoutRNNCell


class BaseRNNCell(Layer, DropoutRNNCell):
    """A cell with `kernel`, `recurrent_kernel` and `bias` weights.

    Subclasses set `state_size`/`output_size`, create the weights in
    `build` with `_add_weights` and compute one step in `call`.
    """

    # The RNN layer calls `call` directly for these cells: `__call__`'s
    # per-step bookkeeping is not needed once the cell is built.
    _direct_call = True

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        if isinstance(units, bool) or not isinstance(units, int) or units <= 0:
            raise ValueError(
                "`units` must be a positive int. Received: "
                f"units={units!r}. Pass the size of the cell's output, "
                f"e.g. {type(self).__name__}(32)."
            )
        super().__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self.seed = seed
        self.seed_generator = random.SeedGenerator(seed)

    def _add_weights(
        self, input_dim: int, gates: int, bias_shape: Any, bias_init: Any
    ) -> None:
        if input_dim is None:
            raise ValueError(
                f"Cell {self.name!r} needs the size of the input's last "
                "axis to create its kernel. Received input_dim=None."
            )
        self.kernel = self.add_weight(
            shape=(input_dim, gates * self.units),
            name="kernel",
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, gates * self.units),
            name="recurrent_kernel",
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                shape=bias_shape,
                name="bias",
                initializer=bias_init,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        else:
            self.bias = None

    def _dropped(self, inputs: Any, h_tm1: Any, training: Any) -> tuple:
        """The step input and previous output with this call's dropout
        masks applied (in training only)."""
        if training:
            if self.dropout > 0:
                inputs = inputs * self.get_dropout_mask(inputs)
            if self.recurrent_dropout > 0:
                h_tm1 = h_tm1 * self.get_recurrent_dropout_mask(h_tm1)
        return inputs, h_tm1

    def get_initial_state(self, batch_size: Any = None) -> list:
        sizes = self.state_size
        sizes = sizes if isinstance(sizes, (list, tuple)) else [sizes]
        return [
            ops.zeros((batch_size, size), dtype=self.compute_dtype)
            for size in sizes
        ]

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
                "recurrent_initializer": initializers.serialize(
                    self.recurrent_initializer
                ),
                "bias_initializer": initializers.serialize(
                    self.bias_initializer
                ),
                "kernel_regularizer": regularizers.serialize(
                    self.kernel_regularizer
                ),
                "recurrent_regularizer": regularizers.serialize(
                    self.recurrent_regularizer
                ),
                "bias_regularizer": regularizers.serialize(
                    self.bias_regularizer
                ),
                "kernel_constraint": constraints.serialize(
                    self.kernel_constraint
                ),
                "recurrent_constraint": constraints.serialize(
                    self.recurrent_constraint
                ),
                "bias_constraint": constraints.serialize(self.bias_constraint),
                "dropout": self.dropout,
                "recurrent_dropout": self.recurrent_dropout,
                "seed": self.seed,
            }
        )
        return config


def matmul(x: Any, kernel: Any, bias: Any = None) -> Any:
    """`x @ kernel + bias` in one backend kernel."""
    return backend.nn.linear(x, kernel, bias)
