"""`GRUCell` and `GRU`: the gated recurrent unit (Cho et al., 2014)."""

from __future__ import annotations

from typing import Any

from kerata.src import activations
from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.layers.rnn.base_rnn_cell import BaseRNNCell
from kerata.src.layers.rnn.base_rnn_cell import matmul
from kerata.src.layers.rnn.lstm import check_use_cudnn
from kerata.src.layers.rnn.lstm import fused_or_loop
from kerata.src.layers.rnn.rnn import RNN
from kerata.src.layers.rnn.rnn import backend_rnn
from kerata.src.layers.rnn.rnn import cell_property
from kerata.src.layers.rnn.rnn import flat_config


@kerata_export("kerata.layers.GRUCell")
class GRUCell(BaseRNNCell):
    """One step of `GRU`; run it over a sequence with `RNN(cell)`.

    Gates `z` (update) and `r` (reset) mix the previous state and a
    candidate `hh`: `h' = z * h + (1 - z) * hh`. With `reset_after=True`
    (the default, and cuDNN's form) the reset gate multiplies the
    recurrent projection `h @ recurrent_kernel_h + recurrent_bias_h`;
    otherwise it multiplies `h` before the projection.

    Args:
        units: Positive int, size of the output and of the state.
        activation: Activation of the candidate.
        recurrent_activation: Activation of the gates.
        use_bias: Whether to add biases.
        kernel_initializer: Initializer of the `(input_dim, 3 * units)`
            kernel (gates z, r, h side by side).
        recurrent_initializer: Initializer of the recurrent kernel.
        bias_initializer: Initializer of the bias: `(2, 3 * units)`
            (input and recurrent biases) with `reset_after`, else
            `(3 * units,)`.
        kernel_regularizer: Regularizer of the kernel.
        recurrent_regularizer: Regularizer of the recurrent kernel.
        bias_regularizer: Regularizer of the bias.
        kernel_constraint: Constraint of the kernel.
        recurrent_constraint: Constraint of the recurrent kernel.
        bias_constraint: Constraint of the bias.
        dropout: Float in [0, 1], fraction of the input units to drop.
        recurrent_dropout: Float in [0, 1], fraction of the recurrent
            state's units to drop.
        reset_after: Whether to apply the reset gate after the recurrent
            matmul.
        seed: Int seed of the dropout masks.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        inputs: A `(batch, features)` tensor, one timestep.
        states: The list `[h]`.
        training: Whether dropout is active.

    Example:

    >>> cell = kerata.layers.GRUCell(4)
    >>> out, [h] = cell(kerata.ops.ones((2, 3)), [kerata.ops.zeros((2, 4))])
    >>> tuple(out.shape)
    (2, 4)
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
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        reset_after: bool = True,
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
        self.reset_after = reset_after
        self.state_size = units
        self.output_size = units

    def build(self, input_shape: Any) -> None:
        units = self.units
        bias_shape = (2, 3 * units) if self.reset_after else (3 * units,)
        self._add_weights(input_shape[-1], 3, bias_shape, self.bias_initializer)

    def call(self, inputs: Any, states: Any, training: bool = False):
        is_list = isinstance(states, (list, tuple))
        h_tm1 = states[0] if is_list else states
        inputs, h_dropped = self._dropped(inputs, h_tm1, training)
        u = self.units
        bias = self.bias
        if bias is not None and self.reset_after:
            input_bias, recurrent_bias = bias[0], bias[1]
        else:
            input_bias, recurrent_bias = bias, None
        x = matmul(inputs, self.kernel, input_bias)  # (batch, 3 * units)
        recurrent_kernel = self.recurrent_kernel
        if self.reset_after:
            inner = matmul(h_dropped, recurrent_kernel, recurrent_bias)
        else:
            inner = backend.numpy.matmul(
                h_dropped, recurrent_kernel[:, : 2 * u]
            )
        gate = self.recurrent_activation
        z = gate(x[:, :u] + inner[:, :u])
        r = gate(x[:, u : 2 * u] + inner[:, u : 2 * u])
        if self.reset_after:
            recurrent_h = r * inner[:, 2 * u :]
        else:
            recurrent_h = backend.numpy.matmul(
                r * h_dropped, recurrent_kernel[:, 2 * u :]
            )
        hh = self.activation(x[:, 2 * u :] + recurrent_h)
        h = z * h_tm1 + (1 - z) * hh
        return h, ([h] if is_list else h)

    def get_config(self) -> dict:
        config = super().get_config()
        config["recurrent_activation"] = activations.serialize(
            self.recurrent_activation
        )
        config["reset_after"] = self.reset_after
        return config


@kerata_export("kerata.layers.GRU")
class GRU(RNN):
    """Gated recurrent unit layer (Cho et al., 2014).

    On torch, the whole sequence runs in torch's fused GRU kernel (cuDNN
    on GPU) whenever the configuration allows it: `activation="tanh"`,
    `recurrent_activation="sigmoid"`, `use_bias=True`,
    `reset_after=True`, `recurrent_dropout=0`, `unroll=False`, and a
    mask, if any, that pads on the right. Otherwise it runs the general
    loop, with the same results.

    Args:
        units: Positive int, size of the output and of the state.
        activation: Activation of the candidate.
        recurrent_activation: Activation of the gates.
        use_bias: Whether to add biases.
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
        seed: Int seed of the dropout masks.
        return_sequences: Whether to return every timestep's output.
        return_state: Whether to also return the last state.
        go_backwards: Whether to process the sequence backwards.
        stateful: Whether each batch starts from the last batch's states.
        unroll: Whether to unroll the loop.
        reset_after: Whether to apply the reset gate after the recurrent
            matmul (True: cuDNN's form, bias of shape `(2, 3 * units)`).
        use_cudnn: `"auto"` uses the fused kernel when it can; True
            requires it (error otherwise); False never uses it.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        sequences: A `(batch, timesteps, features)` tensor.
        initial_state: Optional list with the initial state.
        mask: Optional `(batch, timesteps)` boolean mask.
        training: Whether dropout is active.

    Example:

    >>> layer = kerata.layers.GRU(4)
    >>> tuple(layer(kerata.ops.ones((2, 5, 3))).shape)
    (2, 4)
    >>> [tuple(w.shape) for w in layer.weights]
    [(3, 12), (4, 12), (2, 12)]
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
        reset_after: bool = True,
        use_cudnn: Any = "auto",
        **kwargs: Any,
    ) -> None:
        cell = GRUCell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
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
            reset_after=reset_after,
            seed=seed,
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
            name="gru_cell",
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
    reset_after = cell_property("reset_after")
    dropout = cell_property("dropout")
    recurrent_dropout = cell_property("recurrent_dropout")

    def inner_loop(
        self, sequences: Any, initial_state: Any, mask: Any, training: Any
    ) -> tuple:
        cell = self.cell

        def fused(inputs: Any, mask: Any) -> tuple:
            return backend_rnn.gru(
                inputs,
                initial_state[0],
                mask,
                kernel=cell.kernel,
                recurrent_kernel=cell.recurrent_kernel,
                bias=cell.bias,
                activation=cell.activation,
                recurrent_activation=cell.recurrent_activation,
                return_sequences=self.return_sequences,
                go_backwards=self.go_backwards,
                unroll=self.unroll,
                reset_after=cell.reset_after,
            )

        return fused_or_loop(
            self, fused, sequences, initial_state, mask, training
        )

    def get_config(self) -> dict:
        return flat_config(self)
