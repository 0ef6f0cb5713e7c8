"""`RNN`: runs a recurrent cell over the time axis of a sequence."""

from __future__ import annotations

import inspect
from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src import regularizers
from kerata.src import tree
from kerata.src.activations._serialization import deserialize_object
from kerata.src.activations._serialization import serialize_object
from kerata.src.api_export import BUILTIN_OBJECTS
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer
from kerata.src.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from kerata.src.layers.rnn.stacked_rnn_cells import StackedRNNCells

# The backend's recurrent loop and fused kernels (`lstm`, `gru`).
backend_rnn = backend.rnn


class _StateVariables:
    """Holds a stateful RNN's state variables out of weight tracking:
    Keras does not count them as weights."""

    def __init__(self, variables: list) -> None:
        self.variables = variables


@kerata_export("kerata.layers.RNN")
class RNN(Layer):
    """Base class for recurrent layers: runs `cell` over the time axis.

    The cell computes one timestep, `output, new_states = cell(inputs,
    states)`. Any object works as a cell if it has a `call(inputs, states)`
    method (optionally with a `training` argument) and a `state_size`
    attribute (an int, or a list of ints, one per state); an
    `output_size` attribute is optional (it defaults to the first state's
    size) and so is `get_initial_state(batch_size)`. A list of cells is
    stacked into a `StackedRNNCells`.

    Masked timesteps (from `Embedding(mask_zero=True)`, `Masking` or the
    `mask` argument) keep the previous states, and output the previous
    output (or zeros with `zero_output_for_mask=True`).

    Args:
        cell: An RNN cell, or a list of cells (stacked).
        return_sequences: Whether to return the output of every timestep
            (`(batch, timesteps, units)`) or only the last one.
        return_state: Whether to also return the final states, after the
            output.
        go_backwards: Whether to process the sequence backwards; the
            returned sequence is then reversed too.
        stateful: Whether the final states of a batch are the initial
            states of the next one (sample `i` continues sample `i`).
            Needs a fixed batch size; `reset_states()` zeroes them.
        unroll: Whether to unroll the loop (faster for short sequences on
            some backends, more memory).
        zero_output_for_mask: Whether masked timesteps output zeros
            instead of the previous output.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        sequences: A `(batch, timesteps, ...)` tensor.
        initial_state: Optional list of initial state tensors.
        mask: Optional `(batch, timesteps)` boolean tensor; False marks
            timesteps to skip.
        training: Whether dropout (of cells that have it) is active.

    Input shape:
        `(batch_size, timesteps, ...)`.

    Output shape:
        `(batch_size, timesteps, output_size)` with `return_sequences`,
        else `(batch_size, output_size)`; with `return_state`, a list of
        the output and the states, each `(batch_size, state_size)`.

    Example:

    >>> layer = kerata.layers.RNN(kerata.layers.SimpleRNNCell(4),
    ...                           return_sequences=True)
    >>> tuple(layer(kerata.ops.ones((2, 5, 3))).shape)
    (2, 5, 4)
    >>> layer = kerata.layers.RNN(kerata.layers.LSTMCell(4),
    ...                           return_state=True)
    >>> out, h, c = layer(kerata.ops.ones((2, 5, 3)))
    >>> tuple(out.shape), tuple(h.shape), tuple(c.shape)
    ((2, 4), (2, 4), (2, 4))
    """

    def __init__(
        self,
        cell: Any,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        zero_output_for_mask: bool = False,
        **kwargs: Any,
    ) -> None:
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not callable(getattr(cell, "call", None)):
            raise ValueError(
                "Argument `cell` should have a `call` method computing one "
                f"timestep. Received: cell={cell!r}"
            )
        state_size = getattr(cell, "state_size", None)
        if state_size is None or not isinstance(state_size, (list, tuple, int)):
            raise ValueError(
                "The RNN cell should have a `state_size` attribute: an int "
                "or a list of ints, one per state. Received: "
                f"cell={cell!r} with state_size={state_size!r}"
            )
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.zero_output_for_mask = zero_output_for_mask
        self.supports_masking = True
        self.single_state = isinstance(state_size, int)
        self.state_size = (
            [state_size] if self.single_state else list(state_size)
        )
        self._state_variables = _StateVariables(None)
        self._expected_batch_size = None

    # --- states ---
    @property
    def states(self) -> Any:
        """The state variables of a stateful layer (None otherwise)."""
        return self._state_variables.variables

    @states.setter
    def states(self, value: Any) -> None:
        self._state_variables.variables = value

    def get_initial_state(self, batch_size: Any) -> list:
        """Zero states for a batch (or the cell's own initial states)."""
        fn = getattr(self.cell, "get_initial_state", None)
        if fn is None:
            dtype = getattr(self.cell, "compute_dtype", self.compute_dtype)
            return [
                ops.zeros((batch_size, size), dtype=dtype)
                for size in self.state_size
            ]
        state = fn(batch_size=batch_size)
        return list(state) if tree.is_nested(state) else [state]

    def reset_states(self) -> None:
        """Zeroes the states of a stateful layer."""
        self.reset_state()

    def reset_state(self) -> None:
        if self.states is not None:
            for v in tree.flatten(self.states):
                v.assign(ops.zeros(v.shape, dtype=v.dtype))

    # --- building ---
    def build(self, sequences_shape: Any, initial_state_shape: Any = None):
        step_shape = (sequences_shape[0],) + tuple(sequences_shape[2:])
        if isinstance(self.cell, Layer) and not self.cell.built:
            self.cell.build(step_shape)
        if self.stateful:
            if self.states is not None:
                self.reset_state()
                return
            batch_size = sequences_shape[0]
            if batch_size is None:
                raise ValueError(
                    "When using `stateful=True` in a RNN, the batch size "
                    "must be static. Found dynamic batch size: "
                    f"sequence.shape={tuple(sequences_shape)}. Pass "
                    "`batch_shape=` to Input, or `batch_size=` to fit."
                )
            self.states = tree.map_structure(
                lambda value: backend.Variable(
                    value,
                    trainable=False,
                    dtype=self.variable_dtype,
                    name="rnn_state",
                ),
                self.get_initial_state(batch_size),
            )
            self._expected_batch_size = batch_size

    # --- calling ---
    def call(
        self,
        sequences: Any,
        initial_state: Any = None,
        mask: Any = None,
        training: bool = False,
    ) -> Any:
        if self.unroll and sequences.shape[1] is None:
            raise ValueError(
                "Cannot unroll a RNN if the time dimension is undefined. "
                "Give the Input a fixed number of timesteps."
            )
        initial_state = self._initial_state(sequences, initial_state)
        if mask is not None and isinstance(mask, (list, tuple)):
            mask = mask[0]
        if training:
            _draw_dropout_masks(self.cell, sequences, initial_state)
        try:
            last_output, outputs, states = self.inner_loop(
                sequences, initial_state, mask, training
            )
        finally:
            _reset_dropout_masks(self.cell)
        if self.stateful:
            for variable, state in zip(
                tree.flatten(self.states), tree.flatten(states)
            ):
                variable.assign(backend.stop_gradient(state))
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            return (output, *states)
        return output

    def _initial_state(self, sequences: Any, initial_state: Any) -> list:
        if initial_state is None:
            if self.stateful:
                self._check_batch_size(sequences)
                # Copies: the variables are updated in place after the call.
                return tree.map_structure(
                    lambda v: ops.copy(v.value), self.states
                )
            return self.get_initial_state(ops.shape(sequences)[0])
        if not tree.is_nested(initial_state):
            initial_state = [initial_state]
        dtype = getattr(self.cell, "compute_dtype", self.compute_dtype)
        return tree.map_structure(
            lambda x: backend.convert_to_tensor(x, dtype=dtype),
            list(initial_state),
        )

    def _check_batch_size(self, sequences: Any) -> None:
        batch_size = sequences.shape[0]
        expected = self._expected_batch_size
        if expected is not None and batch_size != expected:
            raise ValueError(
                "If an RNN is stateful, the batch size of the input "
                "sequences must be the batch size of its states. Expected "
                f"batch size: {expected}. Received batch size: {batch_size}"
            )

    def inner_loop(
        self, sequences: Any, initial_state: Any, mask: Any, training: Any
    ) -> tuple:
        """Runs the cell over the sequence; returns `(last_output,
        outputs, states)`. Subclasses override it to use fused kernels."""
        cell = self.cell
        direct = getattr(cell, "_direct_call", False) and cell.built
        call = cell.call if direct else cell
        kwargs = {}
        if _call_has_training(cell):
            kwargs["training"] = training

        def step(inputs, states):
            output, new_states = call(inputs, states, **kwargs)
            if not tree.is_nested(new_states):
                new_states = [new_states]
            return output, new_states

        return backend_rnn.rnn(
            step,
            sequences,
            initial_state,
            go_backwards=self.go_backwards,
            mask=mask,
            unroll=self.unroll,
            input_length=sequences.shape[1],
            zero_output_for_mask=self.zero_output_for_mask,
            return_all_outputs=self.return_sequences,
        )

    # --- shapes, masks, config ---
    def compute_output_shape(
        self, sequences_shape: Any, initial_state_shape: Any = None
    ) -> Any:
        batch_size, length = sequences_shape[0], sequences_shape[1]
        states_shape = []
        for size in self.state_size:
            if isinstance(size, int):
                states_shape.append((batch_size, size))
            else:
                states_shape.append([(batch_size, s) for s in size])
        output_size = getattr(self.cell, "output_size", None)
        if output_size is None:
            output_size = _first_int(self.state_size)
        if self.return_sequences:
            output_shape = (batch_size, length, output_size)
        else:
            output_shape = (batch_size, output_size)
        if self.return_state:
            return (output_shape, *states_shape)
        return output_shape

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.state_size]
        return output_mask

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "return_sequences": self.return_sequences,
                "return_state": self.return_state,
                "go_backwards": self.go_backwards,
                "stateful": self.stateful,
                "unroll": self.unroll,
                "zero_output_for_mask": self.zero_output_for_mask,
                "cell": serialize_object(self.cell),
            }
        )
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects: Any = None) -> RNN:
        config = dict(config)
        if "cell" not in config:  # LSTM, GRU, ...: the cell's arguments
            return super().from_config(config)
        cell = deserialize_cell(config.pop("cell"), custom_objects)
        return super().from_config({"cell": cell, **config})


def deserialize_cell(config: Any, custom_objects: Any = None) -> Any:
    """A cell (or a list of cells) from its Keras config dict."""
    if isinstance(config, list):
        return [deserialize_cell(c, custom_objects) for c in config]
    return deserialize_object(config, BUILTIN_OBJECTS, custom_objects, "cell")


def cell_property(name: str) -> property:
    """A read-only layer attribute that reads the cell's."""
    return property(
        lambda self: getattr(self.cell, name), doc=f"The cell's `{name}`."
    )


def flat_config(layer: RNN, drop: tuple = ()) -> dict:
    """Keras's config of LSTM, GRU, ...: the cell's arguments next to the
    layer's, without a nested cell."""
    config = layer.cell.get_config()
    for key in ("name", "trainable", "dtype") + drop:
        config.pop(key, None)
    config.update(RNN.get_config(layer))
    del config["cell"]
    config["activity_regularizer"] = regularizers.serialize(
        layer.activity_regularizer
    )
    return config


def _first_int(sizes: Any) -> int:
    return tree.flatten(sizes)[0]


def _call_has_training(cell: Any) -> bool:
    if isinstance(cell, Layer):
        return cell._sig.has_training
    return "training" in inspect.signature(cell.call).parameters


def _draw_dropout_masks(cell: Any, sequences: Any, initial_state: Any) -> None:
    """Draws the dropout masks of a call before the loop: under `jit` the
    loop body cannot create them (JAX's scan would leak them)."""
    batch = ops.shape(sequences)[0]
    if isinstance(cell, StackedRNNCells):
        input_size = ops.shape(sequences)[-1]
        for c in cell.cells:
            if isinstance(c, DropoutRNNCell):
                _draw_cell_masks(c, batch, input_size)
            input_size = getattr(c, "output_size", None) or _first_int(
                c.state_size
            )
    elif isinstance(cell, DropoutRNNCell):
        _draw_cell_masks(cell, batch, ops.shape(sequences)[-1])


def _draw_cell_masks(cell: Any, batch: int, input_size: int) -> None:
    dtype = cell.compute_dtype
    if cell.dropout > 0:
        cell.get_dropout_mask(ops.zeros((batch, input_size), dtype=dtype))
    if cell.recurrent_dropout > 0:
        size = _first_int(cell.state_size)
        cell.get_recurrent_dropout_mask(ops.zeros((batch, size), dtype=dtype))


def _reset_dropout_masks(cell: Any) -> None:
    cells = cell.cells if isinstance(cell, StackedRNNCells) else [cell]
    for c in cells:
        if isinstance(c, DropoutRNNCell):
            c.reset_dropout_mask()
            c.reset_recurrent_dropout_mask()
