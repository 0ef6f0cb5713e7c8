"""The recurrent loop on PyTorch, and fused LSTM/GRU kernels.

`lstm` and `gru` run the whole sequence in one call to torch's own
kernels (`torch._VF.lstm` / `torch._VF.gru`, what `torch.nn.LSTM` and
`torch.nn.GRU` call; cuDNN on GPU). They raise `NotImplementedError` for
configurations those kernels cannot express, and the layer then runs the
general `rnn` loop.
"""

from __future__ import annotations

import functools
import warnings

import torch
from torch.nn.utils import rnn as rnn_utils

from kerata.src import tree
from kerata.src.backend.torch.core import convert_to_tensor

_Tensor = torch.Tensor


def _expand(mask_t: _Tensor, x: _Tensor) -> _Tensor:
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
    # Eager torch runs the same Python loop whether unrolled or not.
    axis = 0 if time_major else 1
    single = isinstance(inputs, _Tensor)
    if single:
        step_inputs = inputs.unbind(axis)
    else:
        flat = [convert_to_tensor(x).unbind(axis) for x in tree.flatten(inputs)]
        step_inputs = [tree.pack_sequence_as(inputs, xs) for xs in zip(*flat)]
    if go_backwards:
        step_inputs = step_inputs[::-1]
    constants = tuple(constants or ())
    states = tuple(initial_states)
    if mask is not None:
        mask = _step_masks(mask, axis, go_backwards)
    outputs = []
    output = None
    for t, x_t in enumerate(step_inputs):
        new_output, new_states = step_function(x_t, states + constants)
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
    return output, torch.stack(outputs, axis), list(states)


def _step_masks(mask, axis: int, go_backwards: bool) -> tuple:
    mask = convert_to_tensor(mask)
    if mask.dtype != torch.bool:
        mask = mask.bool()
    if mask.ndim > 2:
        mask = mask.reshape(mask.shape[:2])
    masks = mask.unbind(axis)
    return masks[::-1] if go_backwards else masks


def _apply_mask(mask_t, output, previous, new_states, states, zero_output):
    """Masked steps keep the previous states, and output zeros or the
    previous output."""
    m = _expand(mask_t, output)
    if zero_output or previous is None:
        output = torch.where(m, output, 0.0)
    else:
        output = torch.where(m, output, previous)
    flat = [
        torch.where(_expand(mask_t, new), new, old)
        for new, old in zip(tree.flatten(new_states), tree.flatten(states))
    ]
    return output, tree.pack_sequence_as(new_states, flat)


def _name(fn) -> str | None:
    return getattr(fn, "__name__", None)


def _check_fusable(activation, recurrent_activation, bias, unroll) -> None:
    if (
        unroll
        or bias is None
        or _name(activation) != "tanh"
        or _name(recurrent_activation) != "sigmoid"
    ):
        raise NotImplementedError(
            "torch's fused kernels need activation=tanh, "
            "recurrent_activation=sigmoid, a bias and unroll=False."
        )


def _padding(mask, steps: int) -> tuple:
    """`(lengths, side)` of a mask that pads on one side ("right" or
    "left"); `(None, None)` when nothing is masked. Raises
    NotImplementedError for any other mask."""
    mask = convert_to_tensor(mask)
    if mask.ndim > 2:
        mask = mask.reshape(mask.shape[:2])
    mask = mask.bool()
    lengths = mask.sum(1)
    positions = torch.arange(steps, device=mask.device)
    min_length = int(lengths.min())
    if min_length == steps:
        return None, None
    if min_length > 0:
        if torch.equal(mask, positions < lengths[:, None]):
            return lengths, "right"
        if torch.equal(mask, positions >= (steps - lengths)[:, None]):
            return lengths, "left"
    raise NotImplementedError(
        "torch's fused kernels need masks that pad on one side, without "
        "empty sequences."
    )


def _fused(kernel_fn, x, hx, params, mask, go_backwards):
    """Runs a fused kernel over batch-major `x`; returns the outputs
    `(batch, steps, units)`, with Keras's values at masked steps, and the
    final states `(1, batch, units)`."""
    steps = x.shape[1]
    if x.is_cuda:
        # cuDNN views its weights and inputs as flat, dense buffers; on the
        # CPU the kernels take the transposed views as they are.
        x = x.contiguous()
        params = tuple(p.contiguous() for p in params)
        hx = tuple(h.contiguous() for h in hx)
    if go_backwards:
        x = x.flip(1)
        if mask is not None:
            mask = convert_to_tensor(mask).flip(1)
    lengths, side = (None, None) if mask is None else _padding(mask, steps)
    # `train` must be on for cuDNN to keep what backward needs; with no
    # dropout it changes nothing else.
    train = torch.is_grad_enabled()
    if x.is_cuda:
        kernel_fn = functools.partial(_quiet_cudnn, kernel_fn)
    if lengths is None:
        out = kernel_fn(x, hx, params, True, 1, 0.0, train, False, True)
        return out[0], out[1:]
    positions = torch.arange(steps, device=x.device)[None]  # (1, steps)
    lengths = lengths.to(x.device)
    offset = (steps - lengths)[:, None]  # (batch, 1)
    if side == "left":
        # Moves each sequence's valid steps to the front.
        x = _gather_steps(x, torch.clamp(positions + offset, max=steps - 1))
    packed = rnn_utils.pack_padded_sequence(
        x, lengths.cpu(), batch_first=True, enforce_sorted=False
    )
    order, unorder = packed.sorted_indices, packed.unsorted_indices
    hx = tuple(h.index_select(1, order) for h in hx)
    out = kernel_fn(
        packed.data, packed.batch_sizes, hx, params, True, 1, 0.0, train, False
    )
    outputs, _ = rnn_utils.pad_packed_sequence(
        rnn_utils.PackedSequence(out[0], packed.batch_sizes, order, unorder),
        batch_first=True,
        total_length=steps,
    )
    if side == "right":
        # Keras carries the last valid output through the masked steps.
        index = torch.minimum(positions, (lengths - 1)[:, None])
        outputs = _gather_steps(outputs, index)
    else:
        # Masked leading steps output zeros: no output came before them.
        index = torch.clamp(positions - offset, min=0)
        outputs = _gather_steps(outputs, index)
        outputs = torch.where((positions >= offset)[..., None], outputs, 0.0)
    return outputs, tuple(h.index_select(1, unorder) for h in out[1:])


def _quiet_cudnn(kernel_fn, *args):
    """Calls a fused kernel on CUDA. cuDNN copies weights that are not
    one flat buffer (kerata's are views of the layer's variables) into
    one, and warns each time; the copy is the intended cost here."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="RNN module weights are not part of single"
        )
        return kernel_fn(*args)


def _gather_steps(x, index):
    """`x[b, index[b, t]]` for a `(batch, steps)` index."""
    return x.gather(1, index[:, :, None].expand(-1, -1, x.shape[-1]))


def _weights(x, *weights):
    out = []
    for w in weights:
        w = convert_to_tensor(w)
        out.append(w if w.dtype == x.dtype else w.to(x.dtype))
    return out


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
    _check_fusable(activation, recurrent_activation, bias, unroll)
    x = convert_to_tensor(inputs)
    if x.device.type == "meta":
        raise NotImplementedError("No fused kernel on meta tensors.")
    kernel, recurrent_kernel, bias, h, c = _weights(
        x, kernel, recurrent_kernel, bias, initial_state_h, initial_state_c
    )
    # Keras's gate order (i, f, c, o) is torch's (i, f, g, o); torch keeps
    # (4 * units, input_dim) weights, the transposed views of Keras's.
    params = (kernel.t(), recurrent_kernel.t(), bias, torch.zeros_like(bias))
    outputs, (h, c) = _fused(
        torch._VF.lstm, x, (h[None], c[None]), params, mask, go_backwards
    )
    return h[0], outputs, [h[0], c[0]]


def _zrh_to_rzh(w: _Tensor, units: int) -> _Tensor:
    """Keras's GRU gate order (z, r, h) on the last axis to torch's
    (r, z, n)."""
    return torch.cat(
        (w[..., units : 2 * units], w[..., :units], w[..., 2 * units :]), -1
    )


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
    _check_fusable(activation, recurrent_activation, bias, unroll)
    if not reset_after:
        raise NotImplementedError(
            "torch's fused GRU applies the reset gate after the matmul "
            "(reset_after=True) only."
        )
    x = convert_to_tensor(inputs)
    if x.device.type == "meta":
        raise NotImplementedError("No fused kernel on meta tensors.")
    kernel, recurrent_kernel, bias, h = _weights(
        x, kernel, recurrent_kernel, bias, initial_state
    )
    units = recurrent_kernel.shape[0]
    bias = _zrh_to_rzh(bias, units)  # (2, 3 * units): input, recurrent
    params = (
        _zrh_to_rzh(kernel, units).t(),
        _zrh_to_rzh(recurrent_kernel, units).t(),
        bias[0],
        bias[1],
    )
    outputs, (h,) = _fused(
        _gru_kernel, x, (h[None],), params, mask, go_backwards
    )
    return h[0], outputs, [h[0]]


def _gru_kernel(x, *args):
    # torch's GRU takes its single state as a tensor, not a tuple, and
    # returns (outputs, h): adapt it to the LSTM calling convention.
    if isinstance(args[0], _Tensor):  # packed: (batch_sizes, hx, ...)
        batch_sizes, hx, *rest = args
        return torch._VF.gru(x, batch_sizes, hx[0], *rest)
    hx, *rest = args
    return torch._VF.gru(x, hx[0], *rest)
