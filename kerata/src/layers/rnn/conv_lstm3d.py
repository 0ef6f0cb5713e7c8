"""`ConvLSTM3D`: a convolutional LSTM over sequences of volumes."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.rnn.conv_lstm import ConvLSTM


@kerata_export("kerata.layers.ConvLSTM3D")
class ConvLSTM3D(ConvLSTM):
    """3-D convolutional LSTM.

    An LSTM whose input and recurrent transforms are 3D convolutions,
    so that each timestep's state keeps the spatial layout of the input:
    e.g. successive scans of a medical volume or 3D radar fields.
    Gates `i, f, c, o` follow Keras's LSTM:
    `i = sigmoid(conv(x, W_i) + conv(h, U_i) + b_i)`,
    `c = f * c + i * tanh(conv(x, W_c) + conv(h, U_c) + b_c)`,
    `h = o * tanh(c)`.

    Args:
        filters: Positive int, number of output channels.
        kernel_size: Int or tuple of 3 ints, the window of both
            convolutions.
        strides: Int or tuple of 3 ints, the input convolution's step.
            Cannot exceed 1 together with `dilation_rate`.
        padding: "valid" or "same" (the recurrent convolution always
            pads "same").
        data_format: "channels_last" (`(batch, time, dim1, dim2, dim3,
            channels)`) or "channels_first" (`(batch, time, channels,
            dim1, dim2, dim3)`); None
            means `kerata.config.image_data_format()`.
        dilation_rate: Int or tuple of 3 ints, the input convolution's
            spacing between kernel taps.
        activation: Activation of the candidate and the output ("tanh").
        recurrent_activation: Activation of the gates ("sigmoid").
        use_bias: Whether the gates have biases.
        kernel_initializer: Initializer of the input kernel.
        recurrent_initializer: Initializer of the recurrent kernel.
        bias_initializer: Initializer of the bias.
        unit_forget_bias: Whether the forget gate's bias starts at 1.
        kernel_regularizer: Regularizer applied to the input kernel.
        recurrent_regularizer: Regularizer of the recurrent kernel.
        bias_regularizer: Regularizer applied to the bias.
        activity_regularizer: Regularizer applied to the output.
        kernel_constraint: Constraint applied to the input kernel.
        recurrent_constraint: Constraint applied to the recurrent kernel.
        bias_constraint: Constraint applied to the bias.
        dropout: Float in `[0, 1]`, fraction of the input's units dropped
            in training (one mask per sequence).
        recurrent_dropout: Float in `[0, 1]`, same for the hidden state.
        seed: Int seed of the dropout masks.
        return_sequences: Whether to return every timestep's output or
            only the last one.
        return_state: Whether to also return the last `h` and `c`.
        go_backwards: Whether to process the sequence backwards.
        stateful: Whether the last states of a batch are the initial
            states of the next one.
        **kwargs: `RNN` arguments (`unroll`, `zero_output_for_mask`) and
            base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        inputs: Tensor of rank 6, `(batch, time, ...)`.
        initial_state: Optional list `[h, c]` of initial states.
        mask: Optional boolean tensor of shape `(batch, time)`.
        training: Whether dropout is active.

    Input shape:
        `(batch, time, dim1, dim2, dim3, channels)` (channels_last) or
        `(batch, time, channels, dim1, dim2, dim3)` (channels_first).

    Output shape:
        `(batch, time, new_dim1, new_dim2, new_dim3, filters)` with
        `return_sequences`, else `(batch, new_dim1, new_dim2, new_dim3,
        filters)`
        (channels_last; channels first otherwise). With `return_state`,
        the output then `h` and `c`, each shaped like one output step.

    Example:

    >>> layer = kerata.layers.ConvLSTM3D(2, 3, padding="same",
    ...                                   return_sequences=True)
    >>> layer.compute_output_shape((1, 2, 4, 4, 4, 3))
    (1, 2, 4, 4, 4, 2)
    >>> layer = kerata.layers.ConvLSTM3D(2, 3, strides=2)
    >>> layer.compute_output_shape((1, 2, 9, 9, 9, 3))
    (1, 4, 4, 4, 2)
    """

    def __init__(
        self,
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
        super().__init__(
            rank=3,
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
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            **kwargs,
        )
