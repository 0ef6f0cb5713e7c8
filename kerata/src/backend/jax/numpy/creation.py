"""jax backend: tensor creation."""

from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from kerata.src.backend.common import dtypes
from kerata.src.backend.jax.core import convert_to_tensor
from kerata.src.backend.jax.numpy._common import _dtype_of


def _resolve(*values: Any) -> str:
    """Keras's dtype for values combined; tensors that share a dtype keep
    it (result_type would narrow a 64-bit one)."""
    found = [_dtype_of(v) for v in values]
    if all(d == found[0] for d in found) and not isinstance(found[0], type):
        return dtypes.standardize_dtype(found[0])
    return dtypes.result_type(*found)


def _float_of(*values: Any) -> str:
    name = _resolve(*values)
    return (
        name
        if dtypes.is_float_dtype(name)
        else (dtypes.result_type(name, float))
    )


def _int(x: Any) -> int:
    return int(np.asarray(x)) if not isinstance(x, int) else x


def ones(shape: Any, dtype: Any = None) -> Any:
    return jnp.ones(shape, dtype=dtypes.standardize_dtype(dtype))


def zeros(shape: Any, dtype: Any = None) -> Any:
    return jnp.zeros(shape, dtype=dtypes.standardize_dtype(dtype))


def ones_like(x: Any, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    return jnp.ones_like(
        x, dtype=None if dtype is None else dtypes.standardize_dtype(dtype)
    )


def zeros_like(x: Any, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    return jnp.zeros_like(
        x, dtype=None if dtype is None else dtypes.standardize_dtype(dtype)
    )


def full(shape: Any, fill_value: Any, dtype: Any = None) -> Any:
    return jnp.full(shape, fill_value, dtype=dtypes.standardize_dtype(dtype))


def full_like(x: Any, fill_value: Any, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    dtype = x.dtype if dtype is None else dtypes.standardize_dtype(dtype)
    return jnp.full(x.shape, fill_value, dtype=dtype)


def empty(shape: Any, dtype: Any = None) -> Any:
    return jnp.empty(shape, dtype=dtypes.standardize_dtype(dtype))


def eye(N: int, M: Any = None, k: int = 0, dtype: Any = None) -> Any:
    M = None if M is None else _int(M)
    return jnp.eye(_int(N), M, k=_int(k), dtype=dtypes.standardize_dtype(dtype))


def identity(n: int, dtype: Any = None) -> Any:
    return jnp.identity(_int(n), dtype=dtypes.standardize_dtype(dtype))


def arange(
    start: Any, stop: Any = None, step: Any = None, dtype: Any = None
) -> Any:
    if dtype is None:
        dtype = _resolve(*(v for v in (start, stop, step) if v is not None))
    return jnp.arange(
        start, stop, step=step, dtype=dtypes.standardize_dtype(dtype)
    )


def linspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    retstep: bool = False,
    dtype: Any = None,
    axis: int = 0,
) -> Any:
    if dtype is None:
        dtype = _float_of(start, stop)
    dtype = dtypes.standardize_dtype(dtype)
    compute = "float64" if dtype == "float64" else "float32"
    out = jnp.linspace(
        convert_to_tensor(start, dtype=compute),
        convert_to_tensor(stop, dtype=compute),
        num=num,
        endpoint=endpoint,
        retstep=retstep,
        dtype=compute,
        axis=axis,
    )
    if retstep:
        values, step = out
        if dtypes.is_int_dtype(dtype):
            values = jnp.floor(values)
        return values.astype(dtype), step.astype(dtype)
    if dtypes.is_int_dtype(dtype):
        out = jnp.floor(out)
    return out.astype(dtype)


def logspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    base: Any = 10,
    dtype: Any = None,
    axis: int = 0,
) -> Any:
    if dtype is None:
        dtype = _float_of(start, stop)
    dtype = dtypes.standardize_dtype(dtype)
    compute = "float64" if dtype == "float64" else "float32"
    exponents = linspace(
        start, stop, num=num, endpoint=endpoint, dtype=compute, axis=axis
    )
    return jnp.power(jnp.asarray(base, dtype=compute), exponents).astype(dtype)


def tri(N: int, M: Any = None, k: int = 0, dtype: Any = None) -> Any:
    M = None if M is None else _int(M)
    return jnp.tri(_int(N), M, k=_int(k), dtype=dtypes.standardize_dtype(dtype))


def tril(x: Any, k: int = 0) -> Any:
    return jnp.tril(convert_to_tensor(x), _int(k))


def triu(x: Any, k: int = 0) -> Any:
    return jnp.triu(convert_to_tensor(x), _int(k))


def diag(x: Any, k: int = 0) -> Any:
    x = convert_to_tensor(x)
    if x.ndim not in (1, 2):
        raise ValueError(
            "`diag` takes a 1-D tensor (to build a diagonal matrix) or a 2-D "
            f"tensor (to read a diagonal). Received: shape={x.shape}"
        )
    return jnp.diag(x, _int(k))


def diagflat(x: Any, k: int = 0) -> Any:
    return jnp.diagflat(convert_to_tensor(x), _int(k))


def meshgrid(*x: Any, indexing: str = "xy") -> Any:
    tensors = [convert_to_tensor(t) for t in x]
    return list(jnp.meshgrid(*tensors, indexing=indexing))


def array(x: Any, dtype: Any = None) -> Any:
    return convert_to_tensor(x, dtype=dtype)


def copy(x: Any) -> Any:
    return jnp.array(convert_to_tensor(x), copy=True)


def vander(x: Any, N: Any = None, increasing: bool = False) -> Any:
    x = convert_to_tensor(x)
    if x.dtype == jnp.bool_:
        raise TypeError("`vander` takes a numeric tensor. Received: bool.")
    return jnp.vander(x, N=N, increasing=increasing).astype(x.dtype)


def _window(fn, x: Any, *args: Any) -> Any:
    return fn(_int(x), *args).astype(dtypes.standardize_dtype(None))


def hamming(x: Any) -> Any:
    return _window(jnp.hamming, x)


def hanning(x: Any) -> Any:
    return _window(jnp.hanning, x)


def bartlett(x: Any) -> Any:
    return _window(jnp.bartlett, x)


def blackman(x: Any) -> Any:
    return _window(jnp.blackman, x)


def kaiser(x: Any, beta: Any) -> Any:
    return _window(jnp.kaiser, x, float(beta))
