"""`LSTMCell` and `LSTM`: long short-term memory (Hochreiter, 1997)."""

from __future__ import annotations

from typing import Any

from kerata.src import activations
from kerata.src import backend
from kerata.src import initializers
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.rnn.base_rnn_cell import BaseRNNCell
from kerata.src.layers.rnn.base_rnn_cell import matmul
from kerata.src.layers.rnn.rnn import RNN
from kerata.src.layers.rnn.rnn import backend_rnn
from kerata.src.layers.rnn.rnn import cell_property
from kerata.src.layers.rnn.rnn import flat_config


@kerata_export("kerata.layers.LSTMCell")
class LSTMCell(BaseRNNCell):
    """One step of `LSTM`; run it over a sequence with `RNN(cell)`.

    With `z = x @ kernel + h @ recurrent_kernel + bias` split into gates
    `i, f, c, o`: `c' = f * c + i * activation(z_c)` and
    `h' = o * activation(c')`, where `i, f, o` go through
    `recurrent_activation`.

    Args:
        units: Positive int, size of the output and of each state.
        activation: Activation of the candidate and of the output.
        recurrent_activation: Activation of the gates.
        use_bias: Whether to add a bias vector.
        kernel_initializer: Initializer of the `(input_dim, 4 * units)`
            kernel (gates i, f, c, o side by side).
        recurrent_initializer: Initializer of the recurrent kernel.
        bias_initializer: Initializer of the `(4 * units,)` bias.
        unit_forget_bias: Whether the forget gate's bias starts at 1.
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
        inputs: A `(batch, features)` tensor, one timestep.
        states: The list `[h, c]`.
        training: Whether dropout is active.

    Example:

    >>> cell = kerata.layers.LSTMCell(4)
    >>> states = [kerata.ops.zeros((2, 4)), kerata.ops.zeros((2, 4))]
    >>> out, (h, c) = cell(kerata.ops.ones((2, 3)), states)
    >>> tuple(out.shape), tuple(c.shape)
    ((2, 4), (2, 4))
    """

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        unit_forget_bias: bool = True,
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
        kwargs.pop("implementation", None)  # Keras 2's; one path here
        super().__init__(
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
            **kwargs,
        )
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias
        self.state_size = [units, units]
        self.output_size = units

    def build(self, input_shape: Any) -> None:
        bias_init = self.bias_initializer
        if self.unit_forget_bias:
            units, inner = self.units, self.bias_initializer

            def bias_init(shape: Any, dtype: Any = None) -> Any:
                ones = initializers.get("ones")
                return ops.concatenate(
                    [
                        inner((units,), dtype=dtype),
                        ones((units,), dtype=dtype),
                        inner((2 * units,), dtype=dtype),
                    ]
                )

        self._add_weights(input_shape[-1], 4, (4 * self.units,), bias_init)

    def call(self, inputs: Any, states: Any, training: bool = False):
        h_tm1, c_tm1 = states[0], states[1]
        inputs, h_tm1 = self._dropped(inputs, h_tm1, training)
        z = matmul(inputs, self.kernel, self.bias)
        z = z + backend.numpy.matmul(h_tm1, self.recurrent_kernel)
        u = self.units
        gate = self.recurrent_activation
        i = gate(z[:, :u])
        f = gate(z[:, u : 2 * u])
        c = f * c_tm1 + i * self.activation(z[:, 2 * u : 3 * u])
        o = gate(z[:, 3 * u :])
        h = o * self.activation(c)
        return h, [h, c]

    def get_config(self) -> dict:
        config = super().get_config()
        config["recurrent_activation"] = activations.serialize(
            self.recurrent_activation
        )
        config["unit_forget_bias"] = self.unit_forget_bias
        return config


@kerata_export("kerata.layers.LSTM")
class LSTM(RNN):
    """Long short-term memory layer (Hochreiter and Schmidhuber, 1997).

    On torch, the whole sequence runs in torch's fused LSTM kernel (cuDNN
    on GPU) whenever the configuration allows it: `activation="tanh"`,
    `recurrent_activation="sigmoid"`, `use_bias=True`,
    `recurrent_dropout=0`, `unroll=False`, and a mask, if any, that pads
    on the right. Otherwise it runs the general loop, with the same
    results.

    Args:
        units: Positive int, size of the output and of each state.
        activation: Activation of the candidate and of the output.
        recurrent_activation: Activation of the gates.
        use_bias: Whether to add a bias vector.
        kernel_initializer: Initializer of the kernel.
        recurrent_initializer: Initializer of the recurrent kernel.
        bias_initializer: Initializer of the bias.
        unit_forget_bias: Whether the forget gate's bias starts at 1.
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
        seed: Int seed of the dropout masks.
        return_sequences: Whether to return every timestep's output.
        return_state: Whether to also return the last states `h, c`.
        go_backwards: Whether to process the sequence backwards.
        stateful: Whether each batch starts from the last batch's states.
        unroll: Whether to unroll the loop.
        use_cudnn: `"auto"` uses the fused kernel when it can; True
            requires it (error otherwise); False never uses it.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        sequences: A `(batch, timesteps, features)` tensor.
        initial_state: Optional list `[h, c]` of initial states.
        mask: Optional `(batch, timesteps)` boolean mask.
        training: Whether dropout is active.

    Example:

    >>> layer = kerata.layers.LSTM(4, return_sequences=True)
    >>> tuple(layer(kerata.ops.ones((2, 5, 3))).shape)
    (2, 5, 4)
    >>> [tuple(w.shape) for w in layer.weights]
    [(3, 16), (4, 16), (16,)]
    """

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        unit_forget_bias: bool = True,
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        use_cudnn: Any = "auto",
        **kwargs: Any,
    ) -> None:
        cell = LSTMCell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
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
            name="lstm_cell",
            implementation=kwargs.pop("implementation", 2),
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
        self.use_cudnn = check_use_cudnn(use_cudnn)

    units = cell_property("units")
    activation = cell_property("activation")
    recurrent_activation = cell_property("recurrent_activation")
    use_bias = cell_property("use_bias")
    unit_forget_bias = cell_property("unit_forget_bias")
    dropout = cell_property("dropout")
    recurrent_dropout = cell_property("recurrent_dropout")

    def inner_loop(
        self, sequences: Any, initial_state: Any, mask: Any, training: Any
    ) -> tuple:
        cell = self.cell

        def fused(inputs: Any, mask: Any) -> tuple:
            return backend_rnn.lstm(
                inputs,
                initial_state[0],
                initial_state[1],
                mask,
                kernel=cell.kernel,
                recurrent_kernel=cell.recurrent_kernel,
                bias=cell.bias,
                activation=cell.activation,
                recurrent_activation=cell.recurrent_activation,
                return_sequences=self.return_sequences,
                go_backwards=self.go_backwards,
                unroll=self.unroll,
            )

        return fused_or_loop(
            self, fused, sequences, initial_state, mask, training
        )

    def get_config(self) -> dict:
        return flat_config(self)


def fused_or_loop(
    layer: RNN,
    fused: Any,
    sequences: Any,
    initial_state: Any,
    mask: Any,
    training: Any,
) -> tuple:
    """Runs `fused(inputs, mask)` (a backend kernel) when the layer's
    configuration allows it and the backend accepts it, else the general
    loop of `RNN.inner_loop`. Shared by LSTM and GRU."""
    if isinstance(mask, (list, tuple)):
        mask = mask[0]
    if layer.use_cudnn and can_fuse(layer, mask):
        try:
            return fused(
                dropped_sequences(layer.cell, sequences, training), mask
            )
        except NotImplementedError:
            pass
    if layer.use_cudnn is True:
        raise_no_fused_kernel(layer)
    return RNN.inner_loop(layer, sequences, initial_state, mask, training)


def check_use_cudnn(use_cudnn: Any) -> Any:
    if use_cudnn not in ("auto", True, False):
        raise ValueError(
            "`use_cudnn` must be 'auto', True or False. Received: "
            f"use_cudnn={use_cudnn!r}"
        )
    return use_cudnn


def can_fuse(layer: RNN, mask: Any) -> bool:
    """Whether a fused kernel may run: it cannot apply recurrent dropout,
    nor zero the outputs of masked steps."""
    cell = layer.cell
    return (
        not cell.recurrent_dropout
        and not (mask is not None and layer.zero_output_for_mask)
        and cell.activation is activations.tanh
        and cell.recurrent_activation is activations.sigmoid
    )


def dropped_sequences(cell: Any, sequences: Any, training: Any) -> Any:
    """The sequences with the call's input dropout mask, the same at every
    timestep."""
    if not (training and cell.dropout):
        return sequences
    mask = cell.get_dropout_mask(sequences[:, 0])
    return sequences * ops.expand_dims(mask, 1)


def raise_no_fused_kernel(layer: RNN) -> None:
    raise ValueError(
        f"use_cudnn=True was given to {layer.name!r}, but the fused kernel "
        f"does not support this configuration on the {backend.backend()!r} "
        "backend. Pass use_cudnn='auto' to fall back to the general loop."
    )
