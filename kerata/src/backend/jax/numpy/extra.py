"""jax backend: the rarer NumPy functions (NaN-ignoring reductions,
percentiles, `fmax`/`fmod`/`gcd`, `geomspace`, `correlate`, ...).

`jax.numpy` computes them directly; the results are cast to Keras's
dtypes, which follow `sum`, `mean`, `quantile`, ... of this backend.
"""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp

from kerata.src.backend.common import dtypes
from kerata.src.backend.jax.core import convert_to_tensor
from kerata.src.backend.jax.numpy import elementwise
from kerata.src.backend.jax.numpy import reductions
from kerata.src.backend.jax.numpy import shape
from kerata.src.backend.jax.numpy._common import _floating
from kerata.src.backend.jax.numpy._common import _inexact2
from kerata.src.backend.jax.numpy._common import _promote2


def _name(x: jax.Array) -> str:
    return dtypes.standardize_dtype(x.dtype)


def _is_float(x: jax.Array) -> bool:
    return x.dtype.kind in "fc" or _name(x) == "bfloat16"


def _axis(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def _compute_float(x: Any) -> tuple:
    """`x` in its float compute dtype, and the dtype of the result."""
    x = _floating(x)
    out = x.dtype
    compute = jnp.float64 if _name(x) == "float64" else jnp.float32
    if x.dtype.kind == "c":
        compute = x.dtype
    return x.astype(compute), out


def _replace_nan(x: jax.Array, value: float) -> jax.Array:
    if not _is_float(x):
        return x
    return jnp.where(jnp.isnan(x), jnp.asarray(value, x.dtype), x)


# --- elementwise ----------------------------------------------------------
def _float_unary(fn: Any, x: Any) -> Any:
    x, out = _compute_float(x)
    return jnp.asarray(fn(x)).astype(out)


def fabs(x: Any) -> Any:
    return _float_unary(jnp.abs, x)


def rad2deg(x: Any) -> Any:
    return _float_unary(jnp.rad2deg, x)


def sinc(x: Any) -> Any:
    return _float_unary(jnp.sinc, x)


def i0(x: Any) -> Any:
    return _float_unary(jnp.i0, x)


def isreal(x: Any) -> Any:
    return jnp.asarray(jnp.isreal(convert_to_tensor(x)))


def fmax(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return jnp.asarray(jnp.fmax(x1, x2)).astype(x1.dtype)


def fmin(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return jnp.asarray(jnp.fmin(x1, x2)).astype(x1.dtype)


def fmod(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    if x1.dtype == jnp.bool_:
        x1, x2 = x1.astype(jnp.int32), x2.astype(jnp.int32)
    return jnp.fmod(x1, x2).astype(x1.dtype)


def _integers(name: str, x1: Any, x2: Any) -> tuple:
    x1, x2 = _promote2(x1, x2)
    if _is_float(x1) or x1.dtype == jnp.bool_:
        raise TypeError(
            f"`{name}` takes integer tensors. Received dtype {_name(x1)} "
            "after promotion; cast float inputs to an integer dtype first."
        )
    return x1, x2


def gcd(x1: Any, x2: Any) -> Any:
    x1, x2 = _integers("gcd", x1, x2)
    return jnp.asarray(jnp.gcd(x1, x2)).astype(x1.dtype)


def lcm(x1: Any, x2: Any) -> Any:
    x1, x2 = _integers("lcm", x1, x2)
    return jnp.asarray(jnp.lcm(x1, x2)).astype(x1.dtype)


def ldexp(x1: Any, x2: Any) -> Any:
    x2 = convert_to_tensor(x2)
    if _is_float(x2) or x2.dtype == jnp.bool_:
        raise TypeError(
            "`ldexp` takes an integer exponent `x2`. Received: x2 of dtype "
            f"{_name(x2)}."
        )
    x1, out = _compute_float(x1)
    return jnp.asarray(jnp.ldexp(x1, x2.astype(jnp.int32))).astype(out)


def nextafter(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2)
    return jnp.nextafter(x1, x2)


def allclose(
    x1: Any,
    x2: Any,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    equal_nan: bool = False,
) -> Any:
    close = elementwise.isclose(x1, x2, rtol, atol, equal_nan)
    return jnp.asarray(jnp.all(close))


# --- creation -------------------------------------------------------------
def empty_like(x: Any, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    dtype = x.dtype if dtype is None else dtype
    return jnp.empty_like(x, dtype=dtype)


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
    start = convert_to_tensor(start, "float64")
    stop = convert_to_tensor(stop, "float64")
    out = jnp.geomspace(start, stop, num=num, endpoint=endpoint, axis=axis)
    return out.astype(dtype)


# --- shape ----------------------------------------------------------------
def _need_ndim(name: str, x: jax.Array, ndim: int) -> None:
    if x.ndim < ndim:
        raise ValueError(
            f"`{name}` needs a tensor of rank >= {ndim}. Received: a tensor "
            f"of shape {tuple(x.shape)}."
        )


def fliplr(x: Any) -> Any:
    x = convert_to_tensor(x)
    _need_ndim("fliplr", x, 2)
    return jnp.flip(x, 1)


def flipud(x: Any) -> Any:
    x = convert_to_tensor(x)
    _need_ndim("flipud", x, 1)
    return jnp.flip(x, 0)


def array_split(x: Any, indices_or_sections: Any, axis: int = 0) -> Any:
    x = convert_to_tensor(x)
    if not isinstance(indices_or_sections, int):
        indices_or_sections = [int(i) for i in indices_or_sections]
    return jnp.array_split(x, indices_or_sections, axis=axis)


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
    return shape.concatenate([jnp.atleast_3d(x) for x in xs], axis=2)


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
    all_nan = jnp.all(jnp.isnan(x), axis=_axis(axis), keepdims=keepdims)
    return jnp.asarray(jnp.where(all_nan, jnp.nan, out)).astype(out.dtype)


def nanmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _nan_extreme(reductions.max, -jnp.inf, x, axis, keepdims)


def nanmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _nan_extreme(reductions.min, jnp.inf, x, axis, keepdims)


def nanargmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = _replace_nan(convert_to_tensor(x), -jnp.inf)
    return reductions.argmax(x, axis=axis, keepdims=keepdims)


def nanargmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = _replace_nan(convert_to_tensor(x), jnp.inf)
    return reductions.argmin(x, axis=axis, keepdims=keepdims)


def _nan_statistic(fn: Any, x: Any, axis: Any, keepdims: bool, **kw: Any):
    x, out = _compute_float(x)
    result = fn(x, axis=_axis(axis), keepdims=keepdims, **kw)
    return jnp.asarray(result).astype(out)


def nanmean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _nan_statistic(jnp.nanmean, x, axis, keepdims)


def nanvar(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _nan_statistic(jnp.nanvar, x, axis, keepdims)


def nanstd(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _nan_statistic(jnp.nanstd, x, axis, keepdims)


def nanmedian(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _nan_statistic(jnp.nanmedian, x, axis, keepdims)


def nanquantile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any:
    q = convert_to_tensor(q, "float64")
    return _nan_statistic(
        jnp.nanquantile, x, axis, keepdims, q=q, method=method
    )


def nanpercentile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any:
    q = convert_to_tensor(q, "float64") / 100.0
    return nanquantile(x, q, axis=axis, method=method, keepdims=keepdims)


def percentile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any:
    q = convert_to_tensor(q, "float64") / 100.0
    return reductions.quantile(
        x, q, axis=axis, method=method, keepdims=keepdims
    )


def ptp(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    if x.dtype == jnp.bool_:
        raise TypeError(
            "`ptp` subtracts the minimum from the maximum, which bool "
            "tensors do not support. Cast `x` to a numeric dtype first."
        )
    high = reductions.max(x, axis=axis, keepdims=keepdims)
    low = reductions.min(x, axis=axis, keepdims=keepdims)
    return jnp.asarray(high - low).astype(x.dtype)


# --- statistics and linear algebra ---------------------------------------
def corrcoef(x: Any) -> Any:
    x, out = _compute_float(x)
    return jnp.corrcoef(x).astype(out)


def correlate(x1: Any, x2: Any, mode: str = "valid") -> Any:
    if mode not in ("valid", "same", "full"):
        raise ValueError(
            "`mode` must be one of 'valid', 'same' or 'full'. "
            f"Received: mode={mode!r}"
        )
    x1, x2 = _inexact2(x1, x2)
    out = x1.dtype
    compute = jnp.float64 if _name(x1) == "float64" else jnp.float32
    if x1.dtype.kind == "c":
        compute = x1.dtype
    result = jnp.correlate(x1.astype(compute), x2.astype(compute), mode)
    return jnp.asarray(result).astype(out)


def slogdet(x: Any) -> Any:
    x, out = _compute_float(x)
    sign, logabsdet = jnp.linalg.slogdet(x)
    return jnp.asarray(sign).astype(out), jnp.asarray(logabsdet).astype(out)


def view(x: Any, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    if dtype is None:
        return x
    return x.view(dtypes.standardize_dtype(dtype))


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
    # jnp.unique always sorts; `sorted=False` allows any order.
    values, index, inverse, counts = jnp.unique(
        x, return_index=True, return_inverse=True, return_counts=True, axis=axis
    )
    index, inverse, counts = (
        a.astype(jnp.int32) for a in (index, inverse, counts)
    )
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
    values = jnp.pad(values, pads, constant_values=fill)
    index = jnp.pad(index, (0, size - found))
    counts = jnp.pad(counts, (0, size - found))
    return values, index, counts


def vectorize(pyfunc: Any, *, excluded: Any = None, signature: Any = None):
    return jnp.vectorize(
        pyfunc, excluded=frozenset(excluded or ()), signature=signature
    )
