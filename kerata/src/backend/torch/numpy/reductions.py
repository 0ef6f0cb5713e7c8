"""torch backend: reductions and statistics."""

from __future__ import annotations

import builtins
from typing import Any

import torch

from kerata.src.backend.common import dtypes
from kerata.src.backend.torch.core import convert_to_tensor
from kerata.src.backend.torch.core import to_torch_dtype

# Keras sums small integer types in a 32-bit accumulator (JAX's rule).
# uint32 has no CPU sum kernel in torch, so unsigned sums go through int64.
_SUM_DTYPES = {
    torch.bool: (torch.int32, torch.int32),
    torch.int32: (torch.int32, torch.int32),  # torch would give int64
    torch.int8: (torch.int32, torch.int32),
    torch.int16: (torch.int32, torch.int32),
    torch.uint8: (torch.int64, torch.uint32),
    torch.uint16: (torch.int64, torch.uint32),
    torch.uint32: (torch.int64, torch.uint32),
    torch.uint64: (torch.int64, torch.uint64),
}
_LOW_FLOATS = (torch.float16, torch.bfloat16)


def _axes(axis: Any) -> Any:
    """`axis` as torch's `dim`: an int or a tuple of ints."""
    if isinstance(axis, list):
        return tuple(axis)
    return axis


def _float_dtype(x: torch.Tensor) -> torch.dtype:
    """The dtype of a float-valued statistic of `x` (floatx for ints)."""
    if x.is_floating_point():
        return x.dtype
    return to_torch_dtype(dtypes.result_type(x.dtype, float))


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    accumulate = _SUM_DTYPES.get(x.dtype)
    if axis is not None and (axis == () or axis == []):
        return x if accumulate is None else x.to(accumulate[1])
    if accumulate is None:
        if axis is None and not keepdims:
            return torch.sum(x)
        return torch.sum(x, dim=_axes(axis), keepdim=keepdims)
    out = torch.sum(x, dim=_axes(axis), keepdim=keepdims, dtype=accumulate[0])
    return out if out.dtype == accumulate[1] else out.to(accumulate[1])


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    dtype = x.dtype
    if dtype == torch.float32 or dtype == torch.float64:
        if axis is None:
            return (
                torch.mean(x, dim=None, keepdim=True)
                if keepdims
                else (torch.mean(x))
            )
        if axis == () or axis == []:
            return x
        return torch.mean(x, dim=_axes(axis), keepdim=keepdims)
    # Low-precision floats are averaged in float32 to avoid overflow.
    if x.is_floating_point():
        out_dtype = dtype
    else:
        out_dtype = to_torch_dtype(dtypes.result_type(dtype, float))
    if axis is not None and (axis == () or axis == []):
        return x.to(out_dtype)
    compute = torch.float64 if out_dtype == torch.float64 else torch.float32
    out = torch.mean(x.to(compute), dim=_axes(axis), keepdim=keepdims)
    return out.to(out_dtype)


def _extremum(fn, x: Any, axis: Any, keepdims: bool, initial: Any) -> Any:
    x = convert_to_tensor(x)
    if axis is None:
        # torch reads dim=() as "every axis".
        out = fn(x, dim=(), keepdim=keepdims)
    elif axis == () or axis == []:
        out = x
    else:
        out = fn(x, dim=_axes(axis), keepdim=keepdims)
    if initial is not None:
        best = torch.maximum if fn is torch.amax else torch.minimum
        out = best(out, torch.as_tensor(initial, dtype=out.dtype))
    return out


def max(
    x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None
) -> Any:
    return _extremum(torch.amax, x, axis, keepdims, initial)


def min(
    x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None
) -> Any:
    return _extremum(torch.amin, x, axis, keepdims, initial)


def amax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _extremum(torch.amax, x, axis, keepdims, None)


def amin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _extremum(torch.amin, x, axis, keepdims, None)


def prod(
    x: Any, axis: Any = None, keepdims: bool = False, dtype: Any = None
) -> Any:
    x = convert_to_tensor(x)
    if dtype is not None:
        compute = out_dtype = to_torch_dtype(dtype)
    elif x.dtype in _SUM_DTYPES:
        compute, out_dtype = _SUM_DTYPES[x.dtype]
    else:
        compute = out_dtype = x.dtype
    if axis is None:
        out = torch.prod(x, dtype=compute)
        if keepdims:
            out = out.reshape((1,) * x.ndim)
        return out.to(out_dtype)
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    out = x.to(compute)
    # torch.prod reduces one axis at a time; go from the last axis so the
    # remaining positions stay valid.
    for a in sorted((a % x.ndim for a in axes), reverse=True):
        out = torch.prod(out, dim=a, keepdim=keepdims)
    return out.to(out_dtype)


def _moment(fn, x: Any, axis: Any, keepdims: bool) -> Any:
    x = convert_to_tensor(x)
    out_dtype = _float_dtype(x)
    compute = torch.float64 if out_dtype == torch.float64 else torch.float32
    if axis is not None and (axis == () or axis == []):
        return torch.zeros_like(x, dtype=out_dtype)
    out = fn(x.to(compute), dim=_axes(axis), correction=0, keepdim=keepdims)
    return out.to(out_dtype)


def var(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _moment(torch.var, x, axis, keepdims)


def std(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _moment(torch.std, x, axis, keepdims)


def all(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    if x.dtype == torch.uint8:  # torch keeps uint8 here, NumPy gives bool
        x = x.to(torch.bool)
    if axis == () or axis == []:
        return x.to(torch.bool)
    if axis is None:
        out = torch.all(x)
        return out.reshape((1,) * x.ndim) if keepdims else out
    return torch.all(x, dim=_axes(axis), keepdim=keepdims)


def any(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    if x.dtype == torch.uint8:  # torch keeps uint8 here, NumPy gives bool
        x = x.to(torch.bool)
    if axis == () or axis == []:
        return x.to(torch.bool)
    if axis is None:
        out = torch.any(x)
        return out.reshape((1,) * x.ndim) if keepdims else out
    return torch.any(x, dim=_axes(axis), keepdim=keepdims)


def _arg(fn, x: Any, axis: Any, keepdims: bool) -> Any:
    x = convert_to_tensor(x)
    if x.dtype == torch.bool or x.dtype in _UNSIGNED_WIDE:
        x = x.to(torch.int64)
    if axis is None:
        out = fn(x)
        if keepdims:
            out = out.reshape((1,) * x.ndim)
    else:
        out = fn(x, dim=axis, keepdim=keepdims)
    return out.to(torch.int32)


_UNSIGNED_WIDE = (torch.uint16, torch.uint32, torch.uint64)


def argmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _arg(torch.argmax, x, axis, keepdims)


def argmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _arg(torch.argmin, x, axis, keepdims)


def _cumulative(fn, x: Any, axis: Any, dtype: Any) -> Any:
    x = convert_to_tensor(x)
    if dtype is not None:
        out_dtype = to_torch_dtype(dtype)
    elif x.dtype == torch.bool:
        out_dtype = torch.int32
    else:
        out_dtype = x.dtype
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    return fn(x, dim=axis, dtype=out_dtype)


def cumsum(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    return _cumulative(torch.cumsum, x, axis, dtype)


def cumprod(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    return _cumulative(torch.cumprod, x, axis, dtype)


def _flatten_axes(x: torch.Tensor, axis: Any) -> tuple:
    """Moves the reduced axes to the end and merges them into one.

    Returns the new tensor and the kept shape with ones at the reduced
    axes (for keepdims)."""
    if axis is None:
        return x.reshape(-1), (1,) * x.ndim
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    axes = tuple(sorted(a % x.ndim for a in axes))
    kept = [a for a in range(x.ndim) if a not in axes]
    keep_shape = tuple(1 if a in axes else x.shape[a] for a in range(x.ndim))
    moved = x.permute(*kept, *axes)
    return moved.reshape(*(x.shape[a] for a in kept), -1), keep_shape


def quantile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any:
    x = convert_to_tensor(x)
    out_dtype = _float_dtype(x)
    compute = torch.float64 if out_dtype == torch.float64 else torch.float32
    q = convert_to_tensor(q, dtype=compute)
    flat, keep_shape = _flatten_axes(x.to(compute), axis)
    out = torch.quantile(flat, q, dim=-1, interpolation=method)
    if keepdims:
        out = out.reshape(tuple(q.shape) + keep_shape)
    return out.to(out_dtype)


def median(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return quantile(x, 0.5, axis=axis, keepdims=keepdims)


def average(x: Any, axis: Any = None, weights: Any = None) -> Any:
    x = convert_to_tensor(x)
    if weights is None:
        out_dtype = _float_dtype(x)
        return torch.mean(x.to(out_dtype), dim=axis)
    weights = convert_to_tensor(weights)
    if x.dtype == weights.dtype and x.is_floating_point():
        out_dtype = x.dtype
    else:
        out_dtype = to_torch_dtype(
            dtypes.result_type(x.dtype, weights.dtype, float)
        )
    x = x.to(out_dtype)
    weights = weights.to(out_dtype)
    if axis is not None and weights.shape != x.shape:
        # 1-D weights apply along `axis`.
        shape = [1] * x.ndim
        shape[axis] = -1
        weights = weights.reshape(shape)
    return torch.sum(x * weights, dim=axis) / torch.sum(
        weights.expand_as(x), dim=axis
    )


def count_nonzero(x: Any, axis: Any = None) -> Any:
    x = convert_to_tensor(x)
    if axis == () or axis == []:
        return (x != 0).to(torch.int32)
    return torch.count_nonzero(x, dim=_axes(axis)).to(torch.int32)


def bincount(
    x: Any, weights: Any = None, minlength: int = 0, sparse: bool = False
) -> Any:
    if sparse:
        raise ValueError("The torch backend does not support sparse tensors.")
    x = convert_to_tensor(x)
    if x.is_floating_point() or x.is_complex():
        raise TypeError(
            "`bincount` counts non-negative integers. Received: x of dtype "
            f"{dtypes.standardize_dtype(x.dtype)}."
        )
    if weights is not None:
        weights = convert_to_tensor(weights)
        out_dtype = weights.dtype
        weights = weights.to(torch.float64)
    else:
        out_dtype = torch.int32
    x = x.to(torch.int64)
    if x.ndim == 1:
        out = torch.bincount(x, weights=weights, minlength=minlength)
        return out.to(out_dtype)
    # Batched: shift each row into its own range of bins, count once.
    depth = builtins.max(int(x.max()) + 1 if x.numel() else 0, minlength)
    offsets = torch.arange(x.shape[0], device=x.device)[:, None] * depth
    flat_weights = None if weights is None else weights.reshape(-1)
    out = torch.bincount(
        (x + offsets).reshape(-1),
        weights=flat_weights,
        minlength=depth * x.shape[0],
    )
    return out.reshape(x.shape[0], depth).to(out_dtype)


def histogram(x: Any, bins: int = 10, range: Any = None) -> Any:
    x = convert_to_tensor(x)
    out_dtype = _float_dtype(x)
    compute = torch.float64 if out_dtype == torch.float64 else torch.float32
    x = x.to(compute)
    if range is None:
        low, high = x.min(), x.max()
    else:
        low = torch.as_tensor(range[0], dtype=compute, device=x.device)
        high = torch.as_tensor(range[1], dtype=compute, device=x.device)
    # Bin edges as NumPy computes them; equal limits widen by 0.5 each way.
    same = low == high
    low = torch.where(same, low - 0.5, low)
    high = torch.where(same, high + 0.5, high)
    edges = torch.linspace(0, 1, bins + 1, dtype=compute, device=x.device)
    edges = low + edges * (high - low)
    edges[-1] = high
    index = torch.searchsorted(edges, x, right=True) - 1
    # The last bin is closed on the right.
    index = torch.where(x == high, bins - 1, index)
    inside = (index >= 0) & (index < bins) & (x >= low) & (x <= high)
    counts = torch.zeros(bins, dtype=compute, device=x.device)
    counts.index_add_(0, index[inside], torch.ones_like(x[inside]))
    return counts.to(out_dtype), edges.to(out_dtype)
