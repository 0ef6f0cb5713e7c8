"""torch backend: shape manipulation."""

from __future__ import annotations

import builtins
from typing import Any

import torch

from kerata.src.backend.common import dtypes
from kerata.src.backend.torch.core import convert_to_tensor
from kerata.src.backend.torch.core import to_torch_dtype
from kerata.src.backend.torch.numpy._common import _promote2

_Tensor = torch.Tensor


def _tensors(xs: Any) -> list:
    """`xs` as tensors of one dtype (Keras's result type); the common case,
    tensors that already agree, does one comparison per tensor."""
    xs = [x if isinstance(x, _Tensor) else convert_to_tensor(x) for x in xs]
    first = xs[0].dtype
    for x in xs:
        if x.dtype != first:
            out = to_torch_dtype(dtypes.result_type(*(t.dtype for t in xs)))
            return [t.to(out) for t in xs]
    return xs


def reshape(x: Any, newshape: Any) -> Any:
    return convert_to_tensor(x).reshape(newshape)


_REVERSED = [tuple(range(n - 1, -1, -1)) for n in range(9)]


def transpose(x: Any, axes: Any = None) -> Any:
    x = convert_to_tensor(x)
    if axes is None:
        ndim = x.ndim
        if ndim < 9:
            return x.permute(_REVERSED[ndim])
        return x.permute(tuple(range(ndim - 1, -1, -1)))
    return x.permute(axes)


def expand_dims(x: Any, axis: Any) -> Any:
    x = convert_to_tensor(x)
    if isinstance(axis, int):
        return x.unsqueeze(axis)
    ndim = x.ndim + len(axis)
    for a in sorted(a % ndim for a in axis):
        x = x.unsqueeze(a)
    return x


def squeeze(x: Any, axis: Any = None) -> Any:
    x = convert_to_tensor(x)
    if axis is None:
        return x.squeeze()
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    for a in axes:
        # torch silently keeps axes of size > 1; NumPy and Keras refuse.
        if x.shape[a] != 1:
            raise ValueError(
                f"Cannot squeeze axis {a} of a tensor of shape "
                f"{tuple(x.shape)}: its size is {x.shape[a]}, not 1."
            )
    return x.squeeze(axes)


def concatenate(xs: Any, axis: Any = 0) -> Any:
    xs = _tensors(xs)
    if axis is None:
        return torch.cat([x.reshape(-1) for x in xs])
    return torch.cat(xs, dim=axis)


def stack(x: Any, axis: int = 0) -> Any:
    return torch.stack(_tensors(x), dim=axis)


def hstack(xs: Any) -> Any:
    xs = _tensors(xs)
    if xs[0].ndim <= 1:
        return torch.cat([x.reshape(-1) for x in xs])
    return torch.cat(xs, dim=1)


def vstack(xs: Any) -> Any:
    xs = _tensors(xs)
    return torch.cat([torch.atleast_2d(x) for x in xs], dim=0)


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> Any:
    x = convert_to_tensor(x)
    if isinstance(indices_or_sections, int):
        size = x.shape[axis]
        if size % indices_or_sections:
            raise ValueError(
                f"Cannot split an axis of size {size} into "
                f"{indices_or_sections} equal sections. Pass a number of "
                "sections that divides it, or a list of split indices."
            )
    else:
        indices_or_sections = [int(i) for i in indices_or_sections]
    return list(torch.tensor_split(x, indices_or_sections, dim=axis))


def tile(x: Any, repeats: Any) -> Any:
    x = convert_to_tensor(x)
    if isinstance(repeats, int):
        repeats = (repeats,)
    return torch.tile(x, tuple(int(r) for r in repeats))


def repeat(x: Any, repeats: Any, axis: Any = None) -> Any:
    x = convert_to_tensor(x)
    if not isinstance(repeats, int):
        repeats = convert_to_tensor(repeats).to(torch.int64)
        if repeats.ndim == 0:
            repeats = int(repeats)
    return torch.repeat_interleave(x, repeats, dim=axis)


def flip(x: Any, axis: Any = None) -> Any:
    x = convert_to_tensor(x)
    if axis is None:
        return torch.flip(x, tuple(range(x.ndim)))
    return torch.flip(x, (axis,) if isinstance(axis, int) else tuple(axis))


def roll(x: Any, shift: Any, axis: Any = None) -> Any:
    x = convert_to_tensor(x)
    if axis is None:
        return torch.roll(x, shift)
    return torch.roll(x, shift, dims=axis)


def rot90(array: Any, k: int = 1, axes: Any = (0, 1)) -> Any:
    array = convert_to_tensor(array)
    return torch.rot90(array, k=k, dims=tuple(axes))


def moveaxis(x: Any, source: Any, destination: Any) -> Any:
    return torch.movedim(convert_to_tensor(x), source, destination)


def swapaxes(x: Any, axis1: int, axis2: int) -> Any:
    return torch.swapaxes(convert_to_tensor(x), axis1, axis2)


def broadcast_to(x: Any, shape: Any) -> Any:
    return torch.broadcast_to(convert_to_tensor(x), tuple(shape))


def ravel(x: Any) -> Any:
    return torch.ravel(convert_to_tensor(x))


def _pad_widths(pad_width: Any, ndim: int) -> list:
    """NumPy's `pad_width` forms as one (before, after) pair per axis."""
    if isinstance(pad_width, _Tensor):
        pad_width = pad_width.tolist()
    if isinstance(pad_width, int):
        return [(pad_width, pad_width)] * ndim
    pad_width = list(pad_width)
    if builtins.all(isinstance(p, int) for p in pad_width):
        # (n,) or (before, after): the same for every axis.
        pair = (pad_width[0], pad_width[-1])
        return [tuple(int(v) for v in pair)] * ndim
    widths = [
        (int(p), int(p)) if isinstance(p, int) else tuple(int(v) for v in p)
        for p in pad_width
    ]
    widths = [w * 2 if len(w) == 1 else w for w in widths]
    if len(widths) == 1:
        return widths * ndim
    return widths


def _mirror_index(n: int, before: int, after: int, symmetric: bool) -> list:
    """Source positions for NumPy's "reflect"/"symmetric" padding."""
    period = 2 * n if symmetric else builtins.max(2 * (n - 1), 1)
    out = []
    for i in range(-before, n + after):
        m = i % period
        out.append(builtins.min(m, period - m - (1 if symmetric else 0)))
    return out


def pad(
    x: Any,
    pad_width: Any,
    mode: str = "constant",
    constant_values: Any = None,
) -> Any:
    x = convert_to_tensor(x)
    widths = _pad_widths(pad_width, x.ndim)
    if mode == "constant":
        flat = []
        for before, after in reversed(widths):
            flat += [before, after]
        value = 0 if constant_values is None else constant_values
        return torch.nn.functional.pad(x, flat, value=value)
    # Reflection is a gather along each padded axis: works for every dtype
    # and for pads wider than the axis (NumPy reflects repeatedly).
    symmetric = mode == "symmetric"
    for axis, (before, after) in enumerate(widths):
        if before or after:
            index = _mirror_index(x.shape[axis], before, after, symmetric)
            index = torch.tensor(index, dtype=torch.int64, device=x.device)
            x = torch.index_select(x, axis, index)
    return x


def append(x1: Any, x2: Any, axis: Any = None) -> Any:
    x1, x2 = _promote2(x1, x2)
    if axis is None:
        return torch.cat([x1.reshape(-1), x2.reshape(-1)])
    return torch.cat([x1, x2], dim=axis)


def ndim(x: Any) -> int:
    return convert_to_tensor(x).ndim


def size(x: Any) -> int:
    return convert_to_tensor(x).numel()


def diff(a: Any, n: int = 1, axis: int = -1) -> Any:
    return torch.diff(convert_to_tensor(a), n=n, dim=axis)


def trapezoid(y: Any, x: Any = None, dx: Any = 1.0, axis: int = -1) -> Any:
    y = convert_to_tensor(y)
    if y.is_floating_point():
        out_dtype = y.dtype
    else:
        out_dtype = to_torch_dtype(dtypes.result_type(y.dtype, float))
    compute = torch.float64 if out_dtype == torch.float64 else torch.float32
    y = y.to(compute)
    if x is not None:
        x = convert_to_tensor(x).to(compute)
        out = torch.trapezoid(y, x, dim=axis)
    else:
        if isinstance(dx, _Tensor):
            dx = dx.item()
        out = torch.trapezoid(y, dx=dx, dim=axis)
    return out.to(out_dtype)
