"""jax backend: reductions and statistics.

kerata runs JAX with 64-bit types enabled, where JAX's own defaults would
widen results to 64 bits; every function here states Keras's dtype.
"""

from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from kerata.src.backend.common import dtypes
from kerata.src.backend.jax.core import convert_to_tensor

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


def _compute(name: str) -> str:
    return "float64" if name == "float64" else "float32"


def _sum_dtype(x: Any, dtype: Any) -> str:
    if dtype is not None:
        return dtypes.standardize_dtype(dtype)
    name = _name(x)
    return _SUM_DTYPES.get(name, name)


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    return jnp.sum(
        x, axis=_axis(axis), keepdims=keepdims, dtype=_sum_dtype(x, None)
    )


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    out = _float_name(x)
    # Low-precision floats are averaged in float32 to avoid overflow.
    result = jnp.mean(
        x, axis=_axis(axis), keepdims=keepdims, dtype=_compute(out)
    )
    return result.astype(out)


def max(
    x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None
) -> Any:
    x = convert_to_tensor(x)
    return jnp.max(x, axis=_axis(axis), keepdims=keepdims, initial=initial)


def min(
    x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None
) -> Any:
    x = convert_to_tensor(x)
    return jnp.min(x, axis=_axis(axis), keepdims=keepdims, initial=initial)


def amax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return jnp.amax(convert_to_tensor(x), axis=_axis(axis), keepdims=keepdims)


def amin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return jnp.amin(convert_to_tensor(x), axis=_axis(axis), keepdims=keepdims)


def prod(
    x: Any, axis: Any = None, keepdims: bool = False, dtype: Any = None
) -> Any:
    x = convert_to_tensor(x)
    return jnp.prod(
        x, axis=_axis(axis), keepdims=keepdims, dtype=_sum_dtype(x, dtype)
    )


def _moment(fn, x: Any, axis: Any, keepdims: bool) -> Any:
    x = convert_to_tensor(x)
    out = _float_name(x)
    x = x.astype(_compute(out))
    return fn(x, axis=_axis(axis), keepdims=keepdims).astype(out)


def var(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _moment(jnp.var, x, axis, keepdims)


def std(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _moment(jnp.std, x, axis, keepdims)


def all(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return jnp.all(convert_to_tensor(x), axis=_axis(axis), keepdims=keepdims)


def any(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return jnp.any(convert_to_tensor(x), axis=_axis(axis), keepdims=keepdims)


def argmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    return jnp.argmax(x, axis=axis, keepdims=keepdims).astype("int32")


def argmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    return jnp.argmin(x, axis=axis, keepdims=keepdims).astype("int32")


def _cumulative_dtype(x: Any, dtype: Any) -> str:
    if dtype is not None:
        return dtypes.standardize_dtype(dtype)
    name = _name(x)
    return "int32" if name == "bool" else name


def cumsum(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    return jnp.cumsum(x, axis=axis, dtype=_cumulative_dtype(x, dtype))


def cumprod(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    return jnp.cumprod(x, axis=axis, dtype=_cumulative_dtype(x, dtype))


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
    q = convert_to_tensor(q, dtype=compute)
    result = jnp.quantile(
        x.astype(compute), q, axis=_axis(axis), method=method, keepdims=keepdims
    )
    return result.astype(out)


def median(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = convert_to_tensor(x)
    out = _float_name(x)
    result = jnp.median(
        x.astype(_compute(out)), axis=_axis(axis), keepdims=keepdims
    )
    return result.astype(out)


def average(x: Any, axis: Any = None, weights: Any = None) -> Any:
    x = convert_to_tensor(x)
    if weights is None:
        out = _float_name(x)
        return jnp.mean(x.astype(out), axis=axis)
    weights = convert_to_tensor(weights)
    if x.dtype == weights.dtype and dtypes.is_float_dtype(_name(x)):
        out = _name(x)
    else:
        out = dtypes.result_type(x.dtype, weights.dtype, float)
    return jnp.average(x.astype(out), axis=axis, weights=weights.astype(out))


def count_nonzero(x: Any, axis: Any = None) -> Any:
    x = convert_to_tensor(x)
    return jnp.count_nonzero(x, axis=_axis(axis)).astype("int32")


def bincount(
    x: Any, weights: Any = None, minlength: int = 0, sparse: bool = False
) -> Any:
    if sparse:
        raise ValueError("The jax backend does not support sparse tensors.")
    x = convert_to_tensor(x)
    if not dtypes.is_int_dtype(_name(x)) and _name(x) != "bool":
        raise TypeError(
            "`bincount` counts non-negative integers. Received: x of dtype "
            f"{_name(x)}."
        )
    out = "int32" if weights is None else _name(convert_to_tensor(weights))
    if weights is not None:
        weights = convert_to_tensor(weights)
    # The number of bins depends on the values, so this is not traceable.
    length = int(jnp.max(x)) + 1 if x.size else 0
    length = length if length > minlength else minlength
    if x.ndim == 1:
        return jnp.bincount(x, weights=weights, length=length).astype(out)
    rows = [
        jnp.bincount(
            x[i], weights=None if weights is None else weights[i], length=length
        )
        for i in range(x.shape[0])
    ]
    return jnp.stack(rows).astype(out)


def histogram(x: Any, bins: int = 10, range: Any = None) -> Any:
    x = convert_to_tensor(x)
    out = _float_name(x)
    counts, edges = jnp.histogram(
        x.astype(_compute(out)).reshape(-1), bins=bins, range=range
    )
    return counts.astype(out), edges.astype(out)
