"""`ConvLSTMCell` and `ConvLSTM`: the shared part of ConvLSTM1D/2D/3D.

The cell is an LSTM cell whose matrix products are convolutions: the
input transform uses the layer's `strides`, `padding` and
`dilation_rate`, the recurrent transform a stride-1 "same" convolution of
the hidden state. Gates are laid out as Keras's: `i, f, c, o` along the
last axis of `kernel`, `recurrent_kernel` and `bias`.
"""

from __future__ import annotations

from typing import Any

from kerata.src import activations
from kerata.src import backend
from kerata.src import constraints
from kerata.src import initializers
from kerata.src import ops
from kerata.src import random
from kerata.src import regularizers
from kerata.src.layers.convolutional import conv_utils
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer
from kerata.src.layers.rnn.rnn import RNN

_GATES = 4


class ConvLSTMCell(Layer):
    """One step of a convolutional LSTM, on inputs of rank `rank + 2`.

    Args:
        rank: Number of spatial axes (1 or 2; 3 also works).
        filters: Positive int, number of output channels.
        kernel_size: Int or tuple of `rank` ints, the window size of both
            convolutions.
        strides: Int or tuple of `rank` ints, the input convolution's
            step. Cannot exceed 1 together with `dilation_rate`.
        padding: "valid" or "same", for the input convolution.
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        dilation_rate: Int or tuple of `rank` ints, the input
            convolution's spacing between kernel taps.
        activation: Activation of the candidate and of the output.
        recurrent_activation: Activation of the gates.
        use_bias: Whether the gates have biases.
        kernel_initializer: Initializer of the input kernel.
        recurrent_initializer: Initializer of the recurrent kernel.
        bias_initializer: Initializer of the bias.
        unit_forget_bias: Whether the forget gate's bias starts at 1
            (the other gates use `bias_initializer`).
        kernel_regularizer: Regularizer applied to the input kernel.
        recurrent_regularizer: Regularizer of the recurrent kernel.
        bias_regularizer: Regularizer applied to the bias.
        kernel_constraint: Constraint applied to the input kernel.
        recurrent_constraint: Constraint applied to the recurrent kernel.
        bias_constraint: Constraint applied to the bias.
        dropout: Float in `[0, 1]`, fraction of input units dropped in
            training (one mask, fixed over the sequence).
        recurrent_dropout: Float in `[0, 1]`, same for the hidden state.
        seed: Int seed of the dropout masks.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        inputs: One timestep, `(batch, *spatial, channels)` (or channels
            first).
        states: `[h, c]`, the previous hidden and carry states.
        training: Whether dropout is active.
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
        super().__init__(**kwargs)
        if rank not in (1, 2, 3):
            raise ValueError(
                f"ConvLSTM supports 1 to 3 spatial axes. Received: rank={rank}."
            )
        if (
            isinstance(filters, bool)
            or not isinstance(filters, int)
            or filters <= 0
        ):
            raise ValueError(
                "`filters` must be a positive int. Received: "
                f"filters={filters!r}. Pass e.g. ConvLSTM2D(16, 3)."
            )
        self.rank = rank
        self.filters = filters
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
        self.padding = conv_utils.standardize_padding(padding)
        self.data_format = backend.standardize_data_format(data_format)
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.unit_forget_bias = unit_forget_bias
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
        # Drawn once per sequence by the ConvLSTM layer, before its loop.
        self._dropout_mask: Any = None
        self._recurrent_dropout_mask: Any = None
        self.input_spec = InputSpec(ndim=rank + 2)
        self._channel_axis = -1 if self.data_format == "channels_last" else 1
        # Set in build: the (static) spatial size and the input channels.
        self.spatial_dims: tuple = ()
        self.input_dim: int | None = None

    @property
    def state_size(self) -> int:
        # Keras's marker for "shape known only after build": the states
        # come from get_initial_state.
        return -1

    def build(self, inputs_shape: Any, states_shape: Any = None) -> None:
        inputs_shape = tuple(inputs_shape)
        if self.data_format == "channels_first":
            spatial = inputs_shape[2:]
        else:
            spatial = inputs_shape[1:-1]
        channels = inputs_shape[self._channel_axis]
        if None in spatial or channels is None:
            raise ValueError(
                f"Layer {self.name!r} needs static spatial and channel "
                f"sizes. Received input_shape={inputs_shape} for "
                f"data_format={self.data_format!r}."
            )
        self.spatial_dims = tuple(spatial)
        self.input_dim = channels
        self.input_spec = InputSpec(
            ndim=self.rank + 2, shape=(None,) + inputs_shape[1:]
        )
        self.compute_output_shape(inputs_shape)  # fails early when empty
        self.kernel = self.add_weight(
            name="kernel",
            shape=self.kernel_size + (channels, self.filters * _GATES),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            name="recurrent_kernel",
            shape=self.kernel_size + (self.filters, self.filters * _GATES),
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.filters * _GATES,),
                initializer=self._bias_initializer(),
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        else:
            self.bias = None

    def _bias_initializer(self) -> Any:
        if not self.unit_forget_bias:
            return self.bias_initializer
        base = self.bias_initializer
        filters = self.filters

        def unit_forget(shape: Any, dtype: Any = None) -> Any:
            return ops.concatenate(
                [
                    base((filters,), dtype=dtype),
                    ops.ones((filters,), dtype=dtype),
                    base((filters * 2,), dtype=dtype),
                ]
            )

        return unit_forget

    def call(self, inputs: Any, states: Any, training: bool = False) -> tuple:
        # One mask per sequence, shared by the four gates (as in LSTM), so
        # that one convolution per transform computes all the gates.
        if training and 0.0 < self.dropout < 1.0:
            inputs = inputs * self.get_dropout_mask(inputs)
        return self.step(self._input_conv(inputs), states, training)

    def step(self, z_x: Any, states: Any, training: Any = False) -> tuple:
        """One step from the input transform `z_x` (the input convolution
        plus bias of all four gates) and the previous states."""
        h_prev, c_prev = states[0], states[1]
        if training and 0.0 < self.recurrent_dropout < 1.0:
            h_prev = h_prev * self.get_recurrent_dropout_mask(h_prev)
        z = z_x + self._recurrent_conv(h_prev)
        z_i, z_f, z_c, z_o = backend.numpy.split(
            z, _GATES, axis=self._channel_axis
        )
        i = self.recurrent_activation(z_i)
        f = self.recurrent_activation(z_f)
        c = f * c_prev + i * self.activation(z_c)
        o = self.recurrent_activation(z_o)
        h = o * self.activation(c)
        return h, [h, c]

    def _input_conv(self, x: Any) -> Any:
        options = {
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
        }
        if self.bias is None:
            return ops.conv(x, self.kernel, **options)
        return backend.nn.conv_with_bias(x, self.kernel, self.bias, **options)

    def _recurrent_conv(self, h: Any) -> Any:
        return ops.conv(
            h,
            self.recurrent_kernel,
            strides=1,
            padding="same",
            data_format=self.data_format,
        )

    # --- dropout masks, one per sequence ---
    # Not `DropoutRNNCell`: the RNN base draws that mixin's masks with
    # `(batch, units)` shapes, while these have the shapes of a step's
    # image and state.
    def get_dropout_mask(self, step_input: Any) -> Any:
        if self._dropout_mask is None and self.dropout > 0:
            ones = ops.ones_like(step_input)
            self._dropout_mask = random.dropout(
                ones, self.dropout, seed=self.seed_generator
            )
        return self._dropout_mask

    def get_recurrent_dropout_mask(self, step_input: Any) -> Any:
        if self._recurrent_dropout_mask is None and self.recurrent_dropout > 0:
            ones = ops.ones_like(step_input)
            self._recurrent_dropout_mask = random.dropout(
                ones, self.recurrent_dropout, seed=self.seed_generator
            )
        return self._recurrent_dropout_mask

    def reset_dropout_mask(self) -> None:
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self) -> None:
        self._recurrent_dropout_mask = None

    # --- shapes and states ---
    def compute_output_shape(
        self, inputs_shape: Any, states_shape: Any = None
    ) -> tuple:
        shape = conv_utils.conv_output_shape(
            tuple(inputs_shape),
            self.filters,
            self.kernel_size,
            self.strides,
            self.padding,
            self.data_format,
            self.dilation_rate,
        )
        return shape, [shape, shape]

    def get_initial_state(self, batch_size: Any = None) -> list:
        if self.data_format == "channels_last":
            step_shape = (batch_size, *self.spatial_dims, self.input_dim)
        else:
            step_shape = (batch_size, self.input_dim, *self.spatial_dims)
        shape = self.compute_output_shape(step_shape)[0]
        return [
            ops.zeros(shape, dtype=self.compute_dtype),
            ops.zeros(shape, dtype=self.compute_dtype),
        ]

    def get_config(self) -> dict:
        config = super().get_config()
        config["rank"] = self.rank
        config.update(_cell_config(self))
        return config


def _cell_config(cell: ConvLSTMCell) -> dict:
    """The cell's arguments, as written by both the cell and the layer."""
    return {
        "filters": cell.filters,
        "kernel_size": cell.kernel_size,
        "strides": cell.strides,
        "padding": cell.padding,
        "data_format": cell.data_format,
        "dilation_rate": cell.dilation_rate,
        "activation": activations.serialize(cell.activation),
        "recurrent_activation": activations.serialize(
            cell.recurrent_activation
        ),
        "use_bias": cell.use_bias,
        "kernel_initializer": initializers.serialize(cell.kernel_initializer),
        "recurrent_initializer": initializers.serialize(
            cell.recurrent_initializer
        ),
        "bias_initializer": initializers.serialize(cell.bias_initializer),
        "unit_forget_bias": cell.unit_forget_bias,
        "kernel_regularizer": regularizers.serialize(cell.kernel_regularizer),
        "recurrent_regularizer": regularizers.serialize(
            cell.recurrent_regularizer
        ),
        "bias_regularizer": regularizers.serialize(cell.bias_regularizer),
        "kernel_constraint": constraints.serialize(cell.kernel_constraint),
        "recurrent_constraint": constraints.serialize(
            cell.recurrent_constraint
        ),
        "bias_constraint": constraints.serialize(cell.bias_constraint),
        "dropout": cell.dropout,
        "recurrent_dropout": cell.recurrent_dropout,
        "seed": cell.seed,
    }


class ConvLSTM(RNN):
    """Abstract convolutional LSTM layer: `RNN(ConvLSTMCell(...))`.

    Subclasses fix `rank`. The input convolution of every timestep runs
    as one convolution over `batch * timesteps` images before the loop,
    so that the loop itself only computes the recurrent convolution.

    Args:
        rank: Number of spatial axes (1 for ConvLSTM1D, 2 for ConvLSTM2D).
        filters, kernel_size, strides, padding, data_format,
            dilation_rate, activation, recurrent_activation, use_bias,
            kernel_initializer, recurrent_initializer, bias_initializer,
            unit_forget_bias, kernel_regularizer, recurrent_regularizer,
            bias_regularizer, kernel_constraint, recurrent_constraint,
            bias_constraint, dropout, recurrent_dropout, seed: As for
            `ConvLSTMCell`.
        activity_regularizer: Regularizer applied to the output.
        return_sequences: Whether to return every timestep's output or
            only the last one.
        return_state: Whether to also return the last `h` and `c`.
        go_backwards: Whether to process the sequence backwards (the
            returned sequence is reversed too).
        stateful: Whether the last states of a batch are the initial
            states of the next one.
        **kwargs: `RNN` and base layer arguments (`unroll`, `name`,
            `dtype`, ...).
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
        **kwargs: Any,
    ) -> None:
        cell = ConvLSTMCell(
            rank=rank,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
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
            name="conv_lstm_cell",
            dtype=kwargs.get("dtype"),
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.rank = rank
        self.input_spec = InputSpec(ndim=rank + 3)

    def call(
        self,
        sequences: Any,
        initial_state: Any = None,
        mask: Any = None,
        training: bool = False,
    ) -> Any:
        if not training:
            return super().call(
                sequences, initial_state=initial_state, mask=mask
            )
        # Masks are drawn before the loop: a jitted JAX loop body cannot
        # create them.
        self._draw_dropout_masks(sequences)
        try:
            return super().call(
                sequences, initial_state=initial_state, mask=mask, training=True
            )
        finally:
            self.cell.reset_dropout_mask()
            self.cell.reset_recurrent_dropout_mask()

    def _draw_dropout_masks(self, sequences: Any) -> None:
        """Draws the masks with the shapes of one step's input and state."""
        cell = self.cell
        shape = tuple(sequences.shape)
        step_shape = (shape[0], *shape[2:])
        dtype = cell.compute_dtype
        if cell.dropout > 0:
            cell.get_dropout_mask(ops.zeros(step_shape, dtype=dtype))
        if cell.recurrent_dropout > 0:
            state_shape = cell.compute_output_shape(step_shape)[0]
            cell.get_recurrent_dropout_mask(ops.zeros(state_shape, dtype=dtype))

    def inner_loop(
        self, sequences: Any, initial_state: Any, mask: Any, training: Any
    ) -> tuple:
        cell = self.cell
        if training and 0.0 < cell.dropout < 1.0:
            # The same mask at every step, broadcast over the time axis.
            mask_x = cell.get_dropout_mask(sequences[:, 0])
            sequences = sequences * ops.expand_dims(mask_x, 1)
        # The input convolution of all timesteps at once, on
        # (batch * steps, ...) images: the loop only runs the recurrent one.
        shape = tuple(sequences.shape)
        batch, steps = shape[0], shape[1]
        folded = backend.numpy.reshape(sequences, (batch * steps, *shape[2:]))
        z_x = cell._input_conv(folded)  # (batch * steps, *out_step)
        z_x = backend.numpy.reshape(z_x, (batch, steps, *z_x.shape[1:]))

        def step(z_t: Any, states: Any) -> tuple:
            return cell.step(z_t, states, training)

        return backend.rnn.rnn(
            step,
            z_x,
            initial_state,
            go_backwards=self.go_backwards,
            mask=mask,
            unroll=self.unroll,
            input_length=steps,
            zero_output_for_mask=self.zero_output_for_mask,
            return_all_outputs=self.return_sequences,
        )

    def compute_output_shape(
        self, sequences_shape: Any, initial_state_shape: Any = None
    ) -> Any:
        sequences_shape = tuple(sequences_shape)
        batch, steps = sequences_shape[0], sequences_shape[1]
        step_shape = (batch, *sequences_shape[2:])
        state_shape = self.cell.compute_output_shape(step_shape)[0]
        if self.return_sequences:
            output_shape = (batch, steps, *state_shape[1:])
        else:
            output_shape = state_shape
        if self.return_state:
            return output_shape, state_shape, state_shape
        return output_shape

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask, None, None]
        return output_mask

    def get_config(self) -> dict:
        config = super().get_config()
        del config["cell"]
        config.update(_cell_config(self.cell))
        config["activity_regularizer"] = regularizers.serialize(
            self.activity_regularizer
        )
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects: Any = None) -> Any:
        # No nested cell config: the arguments rebuild the cell.
        return super(RNN, cls).from_config(config)


def _delegate(name: str) -> property:
    return property(
        lambda self: getattr(self.cell, name),
        doc=f"The cell's `{name}`.",
    )


for _name in (
    "filters",
    "kernel_size",
    "strides",
    "padding",
    "data_format",
    "dilation_rate",
    "activation",
    "recurrent_activation",
    "use_bias",
    "kernel_initializer",
    "recurrent_initializer",
    "bias_initializer",
    "unit_forget_bias",
    "kernel_regularizer",
    "recurrent_regularizer",
    "bias_regularizer",
    "kernel_constraint",
    "recurrent_constraint",
    "bias_constraint",
    "dropout",
    "recurrent_dropout",
):
    setattr(ConvLSTM, _name, _delegate(_name))
