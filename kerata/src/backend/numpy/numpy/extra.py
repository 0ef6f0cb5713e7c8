"""numpy backend: the rarer NumPy functions (NaN-ignoring reductions,
percentiles, `fmax`/`fmod`/`gcd`, `geomspace`, `correlate`, ...).

NumPy computes them directly; the results are cast to Keras's dtypes,
which follow `sum`, `mean`, `quantile`, ... of this backend.
"""

from __future__ import annotations

import contextlib
import warnings
from typing import Any

import numpy as np

from kerata.src.backend.common import dtypes
from kerata.src.backend.numpy.core import _np_dtype
from kerata.src.backend.numpy.core import convert_to_tensor
from kerata.src.backend.numpy.numpy import elementwise
from kerata.src.backend.numpy.numpy import reductions
from kerata.src.backend.numpy.numpy import shape
from kerata.src.backend.numpy.numpy._common import _floating
from kerata.src.backend.numpy.numpy._common import _inexact2
from kerata.src.backend.numpy.numpy._common import _promote2


def _name(x: np.ndarray) -> str:
    return dtypes.standardize_dtype(x.dtype)


def _is_float(x: np.ndarray) -> bool:
    return x.dtype.kind in "fc" or _name(x) == "bfloat16"


def _axis(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def _compute_float(x: Any) -> tuple:
    """`x` in its float compute dtype, and the dtype of the result."""
    x = _floating(x)
    out = x.dtype
    compute = np.float64 if _name(x) == "float64" else np.float32
    if x.dtype.kind == "c":
        compute = x.dtype
    return x.astype(compute), out


def _replace_nan(x: np.ndarray, value: float) -> np.ndarray:
    if not _is_float(x):
        return x
    return np.where(np.isnan(x), np.asarray(value, x.dtype), x)


# --- elementwise ----------------------------------------------------------
def _float_unary(fn: Any, x: Any) -> Any:
    x, out = _compute_float(x)
    return np.asarray(fn(x)).astype(out)


def fabs(x: Any) -> Any:
    return _float_unary(np.abs, x)


def rad2deg(x: Any) -> Any:
    return _float_unary(np.rad2deg, x)


def sinc(x: Any) -> Any:
    return _float_unary(np.sinc, x)


def i0(x: Any) -> Any:
    return _float_unary(np.i0, x)


def isreal(x: Any) -> Any:
    return np.asarray(np.isreal(convert_to_tensor(x)))


def fmax(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return np.asarray(np.fmax(x1, x2)).astype(x1.dtype)


def fmin(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return np.asarray(np.fmin(x1, x2)).astype(x1.dtype)


def fmod(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    if x1.dtype == np.bool_:
        x1, x2 = x1.astype(np.int32), x2.astype(np.int32)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.fmod(x1, x2)).astype(x1.dtype)


def _integers(name: str, x1: Any, x2: Any) -> tuple:
    x1, x2 = _promote2(x1, x2)
    if _is_float(x1) or x1.dtype == np.bool_:
        raise TypeError(
            f"`{name}` takes integer tensors. Received dtype {_name(x1)} "
            "after promotion; cast float inputs to an integer dtype first."
        )
    return x1, x2


def gcd(x1: Any, x2: Any) -> Any:
    x1, x2 = _integers("gcd", x1, x2)
    return np.asarray(np.gcd(x1, x2)).astype(x1.dtype)


def lcm(x1: Any, x2: Any) -> Any:
    x1, x2 = _integers("lcm", x1, x2)
    return np.asarray(np.lcm(x1, x2)).astype(x1.dtype)


def ldexp(x1: Any, x2: Any) -> Any:
    x2 = convert_to_tensor(x2)
    if _is_float(x2) or x2.dtype == np.bool_:
        raise TypeError(
            "`ldexp` takes an integer exponent `x2`. Received: x2 of dtype "
            f"{_name(x2)}."
        )
    x1, out = _compute_float(x1)
    return np.asarray(np.ldexp(x1, x2.astype(np.int32))).astype(out)


def nextafter(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2)
    if _name(x1) == "bfloat16":
        # NumPy has no bfloat16 nextafter; step the bit pattern instead.
        return _nextafter_bits(x1, x2)
    return np.asarray(np.nextafter(x1, x2))


def _nextafter_bits(x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    x1, x2 = np.broadcast_arrays(x1, x2)
    bits = x1.view(np.uint16).astype(np.int32)
    wide1, wide2 = x1.astype(np.float32), x2.astype(np.float32)
    up = (wide2 > wide1) == (wide1 >= 0)
    step = np.where(up, 1, -1)
    # From +-0 the next value is the smallest subnormal of x2's sign.
    zero = wide1 == 0
    bits = np.where(zero, np.where(wide2 > 0, 1, 0x8001), bits + step)
    bits = np.where(wide1 == wide2, x1.view(np.uint16), bits)
    out = bits.astype(np.uint16).view(x1.dtype)
    return np.where(np.isnan(wide1) | np.isnan(wide2), np.nan, out).astype(
        x1.dtype
    )


def allclose(
    x1: Any,
    x2: Any,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    equal_nan: bool = False,
) -> Any:
    close = elementwise.isclose(x1, x2, rtol, atol, equal_nan)
    return np.asarray(np.all(close))


# --- creation -------------------------------------------------------------
def empty_like(x: Any, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    dtype = x.dtype if dtype is None else _np_dtype(dtype)
    return np.empty_like(x, dtype=dtype)


def _dtype_key(x: Any) -> Any:
    if isinstance(x, (bool, int, float)):
        return type(x)
    return convert_to_tensor(x).dtype


def geomspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    dtype: Any = None,
    axis: int = 0,
) -> Any:
    if dtype is None:
        dtype = dtypes.result_type(_dtype_key(start), _dtype_key(stop), float)
    start = np.asarray(convert_to_tensor(start), np.float64)
    stop = np.asarray(convert_to_tensor(stop), np.float64)
    out = np.geomspace(start, stop, num=num, endpoint=endpoint, axis=axis)
    return out.astype(_np_dtype(dtype))


# --- shape ----------------------------------------------------------------
def _need_ndim(name: str, x: np.ndarray, ndim: int) -> None:
    if x.ndim < ndim:
        raise ValueError(
            f"`{name}` needs a tensor of rank >= {ndim}. Received: a tensor "
            f"of shape {tuple(x.shape)}."
        )


def fliplr(x: Any) -> Any:
    x = convert_to_tensor(x)
    _need_ndim("fliplr", x, 2)
    return np.flip(x, 1)


def flipud(x: Any) -> Any:
    x = convert_to_tensor(x)
    _need_ndim("flipud", x, 1)
    return np.flip(x, 0)


def array_split(x: Any, indices_or_sections: Any, axis: int = 0) -> Any:
    x = convert_to_tensor(x)
    if not isinstance(indices_or_sections, int):
        indices_or_sections = [int(i) for i in indices_or_sections]
    return np.array_split(x, indices_or_sections, axis=axis)


def hsplit(x: Any, indices_or_sections: Any) -> Any:
    x = convert_to_tensor(x)
    _need_ndim("hsplit", x, 1)
    return shape.split(x, indices_or_sections, axis=1 if x.ndim > 1 else 0)


def vsplit(x: Any, indices_or_sections: Any) -> Any:
    x = convert_to_tensor(x)
    _need_ndim("vsplit", x, 2)
    return shape.split(x, indices_or_sections, axis=0)


def dsplit(x: Any, indices_or_sections: Any) -> Any:
    x = convert_to_tensor(x)
    _need_ndim("dsplit", x, 3)
    return shape.split(x, indices_or_sections, axis=2)


def dstack(xs: Any) -> Any:
    xs = [convert_to_tensor(x) for x in xs]
    return shape.concatenate([np.atleast_3d(x) for x in xs], axis=2)


# --- reductions -----------------------------------------------------------
def nansum(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = _replace_nan(convert_to_tensor(x), 0)
    return reductions.sum(x, axis, keepdims)


def nanprod(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = _replace_nan(convert_to_tensor(x), 1)
    return reductions.prod(x, axis=axis, keepdims=keepdims)


def nancumsum(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    x = _replace_nan(convert_to_tensor(x), 0)
    return reductions.cumsum(x, axis, dtype)


def nancumprod(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    x = _replace_nan(convert_to_tensor(x), 1)
    return reductions.cumprod(x, axis, dtype)


def _nan_extreme(fn: Any, fill: float, x: Any, axis: Any, keepdims: bool):
    x = convert_to_tensor(x)
    if not _is_float(x):
        return fn(x, axis=axis, keepdims=keepdims)
    out = fn(_replace_nan(x, fill), axis=axis, keepdims=keepdims)
    all_nan = np.all(np.isnan(x), axis=_axis(axis), keepdims=keepdims)
    return np.asarray(np.where(all_nan, np.nan, out)).astype(out.dtype)


def nanmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _nan_extreme(reductions.max, -np.inf, x, axis, keepdims)


def nanmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _nan_extreme(reductions.min, np.inf, x, axis, keepdims)


def nanargmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = _replace_nan(convert_to_tensor(x), -np.inf)
    return reductions.argmax(x, axis=axis, keepdims=keepdims)


def nanargmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = _replace_nan(convert_to_tensor(x), np.inf)
    return reductions.argmin(x, axis=axis, keepdims=keepdims)


def _nan_statistic(fn: Any, x: Any, axis: Any, keepdims: bool, **kw: Any):
    x, out = _compute_float(x)
    with _quiet():
        result = fn(x, axis=_axis(axis), keepdims=keepdims, **kw)
    return np.asarray(result).astype(out)


@contextlib.contextmanager
def _quiet():
    """All-NaN slices give NaN, as on the other backends, without
    NumPy's RuntimeWarnings."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def nanmean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _nan_statistic(np.nanmean, x, axis, keepdims)


def nanvar(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _nan_statistic(np.nanvar, x, axis, keepdims)


def nanstd(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _nan_statistic(np.nanstd, x, axis, keepdims)


def nanmedian(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _nan_statistic(np.nanmedian, x, axis, keepdims)


def nanquantile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any:
    q = np.asarray(convert_to_tensor(q), np.float64)
    return _nan_statistic(np.nanquantile, x, axis, keepdims, q=q, method=method)


def nanpercentile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any:
    q = np.asarray(convert_to_tensor(q), np.float64) / 100.0
    return nanquantile(x, q, axis=axis, method=method, keepdims=keepdims)


def percentile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any:
    q = np.asarray(convert_to_tensor(q), np.float64) / 100.0
    return reductions.quantile(
        x, q, axis=axis, method=method, keepdims=keepdims
    )


def ptp(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    if x.dtype == np.bool_:
        raise TypeError(
            "`ptp` subtracts the minimum from the maximum, which bool "
            "tensors do not support. Cast `x` to a numeric dtype first."
        )
    high = reductions.max(x, axis=axis, keepdims=keepdims)
    low = reductions.min(x, axis=axis, keepdims=keepdims)
    return np.asarray(high - low).astype(x.dtype)


# --- statistics and linear algebra ---------------------------------------
def corrcoef(x: Any) -> Any:
    x, out = _compute_float(x)
    with np.errstate(all="ignore"):
        return np.asarray(np.corrcoef(x)).astype(out)


def correlate(x1: Any, x2: Any, mode: str = "valid") -> Any:
    if mode not in ("valid", "same", "full"):
        raise ValueError(
            "`mode` must be one of 'valid', 'same' or 'full'. "
            f"Received: mode={mode!r}"
        )
    x1, x2 = _inexact2(x1, x2)
    out = x1.dtype
    compute: Any = np.float64 if _name(x1) == "float64" else np.float32
    if x1.dtype.kind == "c":
        compute = x1.dtype
    a: Any = x1.astype(compute)
    v: Any = x2.astype(compute)
    how: Any = mode  # checked above; NumPy's stubs want a Literal
    return np.asarray(np.correlate(a, v, how)).astype(out)


def slogdet(x: Any) -> Any:
    x, out = _compute_float(x)
    sign, logabsdet = np.linalg.slogdet(x)
    return np.asarray(sign).astype(out), np.asarray(logabsdet).astype(out)


def view(x: Any, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    if dtype is None:
        return x
    return np.ascontiguousarray(x).view(_np_dtype(dtype))


def unique(
    x: Any,
    sorted: bool = True,
    return_index: bool = False,
    return_inverse: bool = False,
    return_counts: bool = False,
    axis: Any = None,
    size: Any = None,
    fill_value: Any = None,
) -> Any:
    x = convert_to_tensor(x)
    # NumPy always sorts; `sorted=False` allows any order, so sorted is fine.
    values, *extras = np.unique(
        x, return_index=True, return_inverse=True, return_counts=True, axis=axis
    )
    index, inverse, counts = (a.astype(np.int32) for a in extras)
    if size is not None:
        dim = 0 if axis is None else axis % x.ndim
        values, index, counts = _fit_unique(
            values, index, counts, dim, size, fill_value
        )
    outputs = [values]
    for wanted, extra in (
        (return_index, index),
        (return_inverse, inverse),
        (return_counts, counts),
    ):
        if wanted:
            outputs.append(extra)
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


def _fit_unique(values, index, counts, dim, size, fill_value) -> tuple:
    """Truncates or pads the unique values (along `dim`) to `size`."""
    found = values.shape[dim]
    if found >= size:
        keep = [slice(None)] * values.ndim
        keep[dim] = slice(0, size)
        return values[tuple(keep)], index[:size], counts[:size]
    pads = [(0, 0)] * values.ndim
    pads[dim] = (0, size - found)
    fill = 0 if fill_value is None else fill_value
    values = np.pad(values, pads, constant_values=fill)
    index = np.pad(index, (0, size - found))
    counts = np.pad(counts, (0, size - found))
    return values, index, counts


def vectorize(pyfunc: Any, *, excluded: Any = None, signature: Any = None):
    vectorized = np.vectorize(
        pyfunc, excluded=set(excluded or ()), signature=signature
    )

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        out = vectorized(*args, **kwargs)
        if isinstance(out, tuple):
            return tuple(np.asarray(o) for o in out)
        return np.asarray(out)

    return wrapped
