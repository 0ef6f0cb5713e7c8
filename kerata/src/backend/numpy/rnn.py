"""The recurrent loop on NumPy: a plain Python loop over timesteps."""

from __future__ import annotations

import numpy as np

from kerata.src import tree


def _expand(mask_t: np.ndarray, x: np.ndarray) -> np.ndarray:
    """A `(batch,)` step mask reshaped to broadcast against `x`."""
    return mask_t.reshape(mask_t.shape + (1,) * (x.ndim - mask_t.ndim))


def rnn(
    step_function,
    inputs,
    initial_states,
    go_backwards=False,
    mask=None,
    constants=None,
    unroll=False,
    input_length=None,
    time_major=False,
    zero_output_for_mask=False,
    return_all_outputs=True,
):
    axis = 0 if time_major else 1
    flat_inputs = [np.asarray(x) for x in tree.flatten(inputs)]
    steps = flat_inputs[0].shape[axis]
    constants = tuple(constants or ())
    if mask is not None:
        mask = np.asarray(mask).astype(bool)
        if mask.ndim > 2:
            mask = mask.reshape(mask.shape[:2])
        if not time_major:
            mask = mask.T  # (steps, batch)
    states = tuple(initial_states)
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    outputs = []
    output = None
    for t in order:
        step_inputs = tree.pack_sequence_as(
            inputs, [np.take(x, t, axis=axis) for x in flat_inputs]
        )
        new_output, new_states = step_function(step_inputs, states + constants)
        if mask is not None:
            new_output, new_states = _apply_mask(
                mask[t],
                new_output,
                output,
                new_states,
                states,
                zero_output_for_mask,
            )
        output = new_output
        states = tuple(new_states)
        if return_all_outputs:
            outputs.append(output)
    if not return_all_outputs:
        outputs = [output]
    stacked = np.stack(outputs, axis=axis)
    return output, stacked, list(states)


def _apply_mask(mask_t, output, previous, new_states, states, zero_output):
    """Masked steps keep the previous states, and output zeros or the
    previous output."""
    m = _expand(mask_t, output)
    if zero_output or previous is None:
        previous = np.zeros_like(output)
    output = np.where(m, output, previous)
    flat = [
        np.where(_expand(mask_t, new), new, old)
        for new, old in zip(tree.flatten(new_states), tree.flatten(states))
    ]
    return output, tree.pack_sequence_as(new_states, flat)


def lstm(
    inputs,
    initial_state_h,
    initial_state_c,
    mask,
    kernel,
    recurrent_kernel,
    bias,
    activation,
    recurrent_activation,
    return_sequences=False,
    go_backwards=False,
    unroll=False,
):
    raise NotImplementedError("The numpy backend has no fused LSTM.")


def gru(
    inputs,
    initial_state,
    mask,
    kernel,
    recurrent_kernel,
    bias,
    activation,
    recurrent_activation,
    return_sequences=False,
    go_backwards=False,
    unroll=False,
    reset_after=True,
):
    raise NotImplementedError("The numpy backend has no fused GRU.")
