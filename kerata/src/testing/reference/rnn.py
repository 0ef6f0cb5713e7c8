"""Plain-NumPy references for the recurrent layers (SimpleRNN, LSTM, GRU)
with Keras's weight layouts, masking and `go_backwards`. Imports nothing
from kerata, so a backend bug cannot hide here."""

from __future__ import annotations

import numpy as np


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def simple_rnn_step(x, states, kernel, recurrent_kernel, bias):
    (h,) = states
    out = np.tanh(x @ kernel + h @ recurrent_kernel + bias)
    return out, [out]


def lstm_step(x, states, kernel, recurrent_kernel, bias):
    """Keras's gate order along the last axis: i, f, c, o."""
    h, c = states
    z = x @ kernel + h @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
    h = _sigmoid(o) * np.tanh(c)
    return h, [h, c]


def gru_step(x, states, kernel, recurrent_kernel, bias, reset_after=True):
    """Keras's gate order along the last axis: z (update), r (reset), h."""
    (h,) = states
    units = h.shape[-1]
    if reset_after:
        input_bias, recurrent_bias = bias[0], bias[1]
    else:
        input_bias, recurrent_bias = bias, np.zeros(3 * units, h.dtype)
    x_z, x_r, x_h = np.split(x @ kernel + input_bias, 3, axis=-1)
    k_z, k_r, k_h = np.split(recurrent_kernel, 3, axis=-1)
    b_z, b_r, b_h = np.split(recurrent_bias, 3)
    z = _sigmoid(x_z + h @ k_z + b_z)
    r = _sigmoid(x_r + h @ k_r + b_r)
    if reset_after:
        hh = np.tanh(x_h + r * (h @ k_h + b_h))
    else:
        hh = np.tanh(x_h + (r * h) @ k_h)
    h = z * h + (1 - z) * hh
    return h, [h]


def run(
    step,
    inputs,
    initial_states,
    mask=None,
    go_backwards=False,
    zero_output_for_mask=False,
):
    """Runs `step(x_t, states)` over batch-major `inputs`.

    Masked timesteps keep the previous states and output the previous
    output (zeros before the first step), or zeros with
    `zero_output_for_mask`. Returns `(outputs, states)`, outputs in the
    order the steps ran (reversed with `go_backwards`).
    """
    steps = inputs.shape[1]
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    states = [np.asarray(s) for s in initial_states]
    previous = None
    outputs = []
    for t in order:
        out, new_states = step(inputs[:, t], states)
        if mask is not None:
            keep = mask[:, t][:, None]
            if previous is None or zero_output_for_mask:
                previous = np.zeros_like(out)
            out = np.where(keep, out, previous)
            new_states = [
                np.where(keep, new, old) for new, old in zip(new_states, states)
            ]
        previous = out
        states = new_states
        outputs.append(out)
    return np.stack(outputs, axis=1), states
