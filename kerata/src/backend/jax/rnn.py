"""The recurrent loop on JAX: one `lax.scan` over timesteps (jit-friendly;
`unroll=True` asks XLA to unroll it)."""

from __future__ import annotations

import jax
import jax.numpy as jnp

from kerata.src import tree
from kerata.src.backend.jax.core import convert_to_tensor


def _expand(mask_t, x):
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
    flat = [convert_to_tensor(x) for x in tree.flatten(inputs)]
    if not time_major:
        flat = [jnp.swapaxes(x, 0, 1) for x in flat]  # (steps, batch, ...)
    steps = flat[0].shape[0]
    if go_backwards:
        flat = [jnp.flip(x, 0) for x in flat]
    constants = tuple(constants or ())
    states = tuple(initial_states)
    if mask is not None:
        mask = convert_to_tensor(mask).astype(bool)
        mask = mask.reshape(mask.shape[:2])
        if not time_major:
            mask = mask.T
        if go_backwards:
            mask = jnp.flip(mask, 0)

    if not _traced(flat, states):
        # Eagerly, a Python loop dispatches a few ops per step, while a
        # scan would compile its body again on every call.
        return _eager_loop(
            call_fn=step_function,
            flat=flat,
            inputs=inputs,
            states=states,
            constants=constants,
            mask=mask,
            zero_output_for_mask=zero_output_for_mask,
            return_all_outputs=return_all_outputs,
            time_major=time_major,
        )

    def call(x_t, states):
        output, new_states = step_function(
            tree.pack_sequence_as(inputs, x_t), states + constants
        )
        # The scan carry must keep one structure: the initial states'.
        return output, tree.pack_sequence_as(states, tree.flatten(new_states))

    if mask is None:

        def body(states, x_t):
            output, new_states = call(x_t, states)
            return new_states, output

        states, outputs = jax.lax.scan(
            body, states, flat, unroll=steps if unroll else 1
        )
    else:
        first = [x[0] for x in flat]
        spec = jax.eval_shape(lambda x, s: call(x, s)[0], first, states)
        zeros = jnp.zeros(spec.shape, spec.dtype)

        def body(carry, xs):
            states, previous = carry
            x_t, mask_t = xs
            output, new_states = call(x_t, states)
            m = _expand(mask_t, output)
            output = jnp.where(
                m, output, zeros if zero_output_for_mask else previous
            )
            flat_states = [
                jnp.where(_expand(mask_t, new), new, old)
                for new, old in zip(
                    tree.flatten(new_states), tree.flatten(states)
                )
            ]
            new_states = tree.pack_sequence_as(states, flat_states)
            return (new_states, output), output

        (states, _), outputs = jax.lax.scan(
            body, (states, zeros), (flat, mask), unroll=steps if unroll else 1
        )
    last_output = outputs[-1]
    if return_all_outputs:
        outputs = outputs if time_major else jnp.swapaxes(outputs, 0, 1)
    else:
        outputs = jnp.expand_dims(last_output, 0 if time_major else 1)
    return last_output, outputs, list(states)


def _traced(flat: list, states: tuple) -> bool:
    return any(
        isinstance(x, jax.core.Tracer) for x in flat + tree.flatten(states)
    )


def _eager_loop(
    call_fn,
    flat,
    inputs,
    states,
    constants,
    mask,
    zero_output_for_mask,
    return_all_outputs,
    time_major,
):
    outputs = []
    output = None
    for t in range(flat[0].shape[0]):
        step_inputs = tree.pack_sequence_as(inputs, [x[t] for x in flat])
        new_output, new_states = call_fn(step_inputs, states + constants)
        if mask is not None:
            m = _expand(mask[t], new_output)
            if zero_output_for_mask or output is None:
                output = jnp.zeros_like(new_output)
            new_output = jnp.where(m, new_output, output)
            new_states = tree.pack_sequence_as(
                new_states,
                [
                    jnp.where(_expand(mask[t], new), new, old)
                    for new, old in zip(
                        tree.flatten(new_states), tree.flatten(states)
                    )
                ],
            )
        output = new_output
        states = tuple(new_states)
        if return_all_outputs:
            outputs.append(output)
    if not return_all_outputs:
        outputs = [output]
    stacked = jnp.stack(outputs, axis=0 if time_major else 1)
    return output, stacked, list(states)


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
    raise NotImplementedError("The jax backend runs LSTMs with `rnn`.")


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
    raise NotImplementedError("The jax backend runs GRUs with `rnn`.")
