"""`SimpleRNNCell` and `SimpleRNN`: the fully connected recurrent layer."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.layers.rnn.base_rnn_cell import BaseRNNCell
from kerata.src.layers.rnn.base_rnn_cell import matmul
from kerata.src.layers.rnn.rnn import RNN
from kerata.src.layers.rnn.rnn import cell_property
from kerata.src.layers.rnn.rnn import flat_config


@kerata_export("kerata.layers.SimpleRNNCell")
class SimpleRNNCell(BaseRNNCell):
    """One step of `SimpleRNN`: `h = activation(x @ kernel + bias +
    h_prev @ recurrent_kernel)`.

    Run it over a sequence with `kerata.layers.RNN(cell)`.

    Args:
        units: Positive int, size of the output and of the state.
        activation: Activation name or callable (default `"tanh"`).
        use_bias: Whether to add a bias vector.
        kernel_initializer: Initializer of the `(input_dim, units)` kernel.
        recurrent_initializer: Initializer of the `(units, units)`
            recurrent kernel.
        bias_initializer: Initializer of the bias.
        kernel_regularizer: Regularizer of the kernel.
        recurrent_regularizer: Regularizer of the recurrent kernel.
        bias_regularizer: Regularizer of the bias.
        kernel_constraint: Constraint of the kernel.
        recurrent_constraint: Constraint of the recurrent kernel.
        bias_constraint: Constraint of the bias.
        dropout: Float in [0, 1], fraction of the input units to drop.
        recurrent_dropout: Float in [0, 1], fraction of the recurrent
            state's units to drop.
        seed: Int seed of the dropout masks.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        sequence: A `(batch, features)` tensor, one timestep.
        states: The list `[h_prev]`.
        training: Whether dropout is active.

    Example:

    >>> cell = kerata.layers.SimpleRNNCell(4)
    >>> h = kerata.ops.zeros((2, 4))
    >>> out, [new_h] = cell(kerata.ops.ones((2, 3)), [h])
    >>> tuple(out.shape)
    (2, 4)
    """

    def __init__(self, units: int, **kwargs: Any) -> None:
        super().__init__(units, **kwargs)
        self.state_size = units
        self.output_size = units

    def build(self, input_shape: Any) -> None:
        self._add_weights(
            input_shape[-1], 1, (self.units,), self.bias_initializer
        )

    def call(self, sequence: Any, states: Any, training: bool = False):
        is_list = isinstance(states, (list, tuple))
        prev_output = states[0] if is_list else states
        inputs, prev_output = self._dropped(sequence, prev_output, training)
        h = matmul(inputs, self.kernel, self.bias)
        h = h + backend.numpy.matmul(prev_output, self.recurrent_kernel)
        if self.activation is not None:
            h = self.activation(h)
        return h, ([h] if is_list else h)


@kerata_export("kerata.layers.SimpleRNN")
class SimpleRNN(RNN):
    """Fully connected RNN: the output of a step is fed back as the next
    step's state.

    Args:
        units: Positive int, size of the output and of the state.
        activation: Activation name or callable (default `"tanh"`).
        use_bias: Whether to add a bias vector.
        kernel_initializer: Initializer of the kernel.
        recurrent_initializer: Initializer of the recurrent kernel.
        bias_initializer: Initializer of the bias.
        kernel_regularizer: Regularizer of the kernel.
        recurrent_regularizer: Regularizer of the recurrent kernel.
        bias_regularizer: Regularizer of the bias.
        activity_regularizer: Regularizer of the output.
        kernel_constraint: Constraint of the kernel.
        recurrent_constraint: Constraint of the recurrent kernel.
        bias_constraint: Constraint of the bias.
        dropout: Float in [0, 1], fraction of the input units to drop.
        recurrent_dropout: Float in [0, 1], fraction of the recurrent
            state's units to drop.
        return_sequences: Whether to return every timestep's output.
        return_state: Whether to also return the last state.
        go_backwards: Whether to process the sequence backwards.
        stateful: Whether each batch starts from the last batch's states.
        unroll: Whether to unroll the loop.
        seed: Int seed of the dropout masks.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        sequences: A `(batch, timesteps, features)` tensor.
        initial_state: Optional list with the initial state.
        mask: Optional `(batch, timesteps)` boolean mask.
        training: Whether dropout is active.

    Example:

    >>> layer = kerata.layers.SimpleRNN(4)
    >>> tuple(layer(kerata.ops.ones((2, 5, 3))).shape)
    (2, 4)
    >>> [tuple(w.shape) for w in layer.weights]
    [(3, 4), (4, 4), (4,)]
    """

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
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        cell = SimpleRNNCell(
            units,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
            name="simple_rnn_cell",
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )

    units = cell_property("units")
    activation = cell_property("activation")
    use_bias = cell_property("use_bias")
    dropout = cell_property("dropout")
    recurrent_dropout = cell_property("recurrent_dropout")

    def get_config(self) -> dict:
        return flat_config(self, drop=("seed",))
