"""numpy backend: reductions and statistics.

NumPy widens many results to 64 bits; every function here states Keras's
dtype instead.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from kerata.src.backend.common import dtypes
from kerata.src.backend.numpy.core import _np_dtype
from kerata.src.backend.numpy.core import convert_to_tensor

# Keras sums small integer types in a 32-bit accumulator.
_SUM_DTYPES = {
    "bool": "int32",
    "int8": "int32",
    "int16": "int32",
    "uint8": "uint32",
    "uint16": "uint32",
}


def _axis(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def _name(x: Any) -> str:
    return dtypes.standardize_dtype(x.dtype)


def _float_name(x: Any) -> str:
    """The dtype of a float-valued statistic of `x` (floatx for ints)."""
    name = _name(x)
    if dtypes.is_float_dtype(name):
        return name
    return dtypes.result_type(name, float)


def _compute(name: str) -> Any:
    return np.float64 if name == "float64" else np.float32


def _sum_dtype(x: Any, dtype: Any) -> Any:
    if dtype is not None:
        return _np_dtype(dtype)
    name = _name(x)
    return _np_dtype(_SUM_DTYPES.get(name, name))


def _asarray(x: Any) -> np.ndarray:
    # Reductions of 0-d inputs give NumPy scalars; keep arrays throughout.
    return np.asarray(x)


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    out = np.sum(
        x, axis=_axis(axis), keepdims=keepdims, dtype=_sum_dtype(x, None)
    )
    return _asarray(out)


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    out = _float_name(x)
    # Low-precision floats are averaged in float32 to avoid overflow.
    result = np.mean(
        x, axis=_axis(axis), keepdims=keepdims, dtype=_compute(out)
    )
    return _asarray(result).astype(_np_dtype(out))


def max(
    x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None
) -> Any:
    x = convert_to_tensor(x)
    if initial is None:
        return _asarray(np.max(x, axis=_axis(axis), keepdims=keepdims))
    return _asarray(
        np.max(x, axis=_axis(axis), keepdims=keepdims, initial=initial)
    )


def min(
    x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None
) -> Any:
    x = convert_to_tensor(x)
    if initial is None:
        return _asarray(np.min(x, axis=_axis(axis), keepdims=keepdims))
    return _asarray(
        np.min(x, axis=_axis(axis), keepdims=keepdims, initial=initial)
    )


def amax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return max(x, axis=axis, keepdims=keepdims)


def amin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return min(x, axis=axis, keepdims=keepdims)


def prod(
    x: Any, axis: Any = None, keepdims: bool = False, dtype: Any = None
) -> Any:
    x = convert_to_tensor(x)
    out = np.prod(
        x, axis=_axis(axis), keepdims=keepdims, dtype=_sum_dtype(x, dtype)
    )
    return _asarray(out)


def _moment(fn, x: Any, axis: Any, keepdims: bool) -> Any:
    x = convert_to_tensor(x)
    out = _float_name(x)
    x = x.astype(_compute(out))
    return _asarray(fn(x, axis=_axis(axis), keepdims=keepdims)).astype(
        _np_dtype(out)
    )


def var(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _moment(np.var, x, axis, keepdims)


def std(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _moment(np.std, x, axis, keepdims)


def all(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    return _asarray(np.all(x, axis=_axis(axis), keepdims=keepdims))


def any(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    return _asarray(np.any(x, axis=_axis(axis), keepdims=keepdims))


def argmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    return _asarray(np.argmax(x, axis=axis, keepdims=keepdims)).astype(np.int32)


def argmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    return _asarray(np.argmin(x, axis=axis, keepdims=keepdims)).astype(np.int32)


def _cumulative_dtype(x: Any, dtype: Any) -> Any:
    if dtype is not None:
        return _np_dtype(dtype)
    name = _name(x)
    return _np_dtype("int32" if name == "bool" else name)


def cumsum(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    return np.cumsum(x, axis=axis, dtype=_cumulative_dtype(x, dtype))


def cumprod(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    return np.cumprod(x, axis=axis, dtype=_cumulative_dtype(x, dtype))


def quantile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any:
    x = convert_to_tensor(x)
    out = _float_name(x)
    compute = _compute(out)
    q = np.asarray(q, dtype=compute)
    result = np.quantile(
        x.astype(compute), q, axis=_axis(axis), method=method, keepdims=keepdims
    )
    return _asarray(result).astype(_np_dtype(out))


def median(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    out = _float_name(x)
    result = np.median(
        x.astype(_compute(out)), axis=_axis(axis), keepdims=keepdims
    )
    return _asarray(result).astype(_np_dtype(out))


def average(x: Any, axis: Any = None, weights: Any = None) -> Any:
    x = convert_to_tensor(x)
    if weights is None:
        out = _float_name(x)
        compute = _compute(out)
        result = np.mean(x.astype(compute), axis=axis)
        return _asarray(result).astype(_np_dtype(out))
    weights = convert_to_tensor(weights)
    if x.dtype == weights.dtype and dtypes.is_float_dtype(_name(x)):
        out = _name(x)
    else:
        out = dtypes.result_type(x.dtype, weights.dtype, float)
    compute = _compute(out)
    x = x.astype(compute)
    weights = weights.astype(compute)
    if axis is not None and weights.shape != x.shape:
        # 1-D weights apply along `axis`.
        shape = [1] * x.ndim
        shape[axis] = -1
        weights = weights.reshape(shape)
    # Written out (not np.average) so zero weights give NaN, as on the
    # other backends, instead of raising.
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.sum(x * weights, axis=axis) / np.sum(
            np.broadcast_to(weights, x.shape), axis=axis
        )
    return _asarray(result).astype(_np_dtype(out))


def count_nonzero(x: Any, axis: Any = None) -> Any:
    x = convert_to_tensor(x)
    return _asarray(np.count_nonzero(x, axis=_axis(axis))).astype(np.int32)


def bincount(
    x: Any, weights: Any = None, minlength: int = 0, sparse: bool = False
) -> Any:
    if sparse:
        raise ValueError("The numpy backend does not support sparse tensors.")
    x = convert_to_tensor(x)
    if not dtypes.is_int_dtype(_name(x)) and _name(x) != "bool":
        raise TypeError(
            "`bincount` counts non-negative integers. Received: x of dtype "
            f"{_name(x)}."
        )
    if weights is None:
        out = np.int32
    else:
        weights = convert_to_tensor(weights)
        out = weights.dtype
        weights = weights.astype(np.float64)
    if x.ndim == 1:
        return np.bincount(x, weights=weights, minlength=minlength).astype(out)
    length = builtins.max(int(x.max()) + 1 if x.size else 0, minlength)
    rows = [
        np.bincount(
            row,
            weights=None if weights is None else weights[i],
            minlength=length,
        )
        for i, row in enumerate(x)
    ]
    return np.stack(rows).astype(out)


def histogram(x: Any, bins: int = 10, range: Any = None) -> Any:
    x = convert_to_tensor(x)
    out = _np_dtype(_float_name(x))
    counts, edges = np.histogram(
        x.astype(_compute(_float_name(x))).reshape(-1), bins=bins, range=range
    )
    return counts.astype(out), edges.astype(out)
