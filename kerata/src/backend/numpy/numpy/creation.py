"""numpy backend: tensor creation."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src.backend.common import dtypes
from kerata.src.backend.numpy.core import _np_dtype
from kerata.src.backend.numpy.core import convert_to_tensor
from kerata.src.backend.numpy.numpy._common import _dtype_of


def _resolve(*values: Any) -> str:
    """Keras's dtype for values combined; arrays that share a dtype keep
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


def ones(shape: Any, dtype: Any = None) -> Any:
    return np.ones(shape, dtype=_np_dtype(dtype))


def zeros(shape: Any, dtype: Any = None) -> Any:
    return np.zeros(shape, dtype=_np_dtype(dtype))


def ones_like(x: Any, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    return np.ones_like(x, dtype=None if dtype is None else _np_dtype(dtype))


def zeros_like(x: Any, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    return np.zeros_like(x, dtype=None if dtype is None else _np_dtype(dtype))


def full(shape: Any, fill_value: Any, dtype: Any = None) -> Any:
    return np.full(shape, fill_value, dtype=_np_dtype(dtype))


def full_like(x: Any, fill_value: Any, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    dtype = x.dtype if dtype is None else _np_dtype(dtype)
    return np.full(x.shape, fill_value, dtype=dtype)


def empty(shape: Any, dtype: Any = None) -> Any:
    return np.empty(shape, dtype=_np_dtype(dtype))


def eye(N: int, M: Any = None, k: int = 0, dtype: Any = None) -> Any:
    M = None if M is None else int(M)
    return np.eye(int(N), M, k=int(k), dtype=_np_dtype(dtype))


def identity(n: int, dtype: Any = None) -> Any:
    return np.identity(int(n), dtype=_np_dtype(dtype))


def arange(
    start: Any, stop: Any = None, step: Any = None, dtype: Any = None
) -> Any:
    if dtype is None:
        dtype = _resolve(*(v for v in (start, stop, step) if v is not None))
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    return np.arange(start, stop, step, dtype=_np_dtype(dtype))


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
    compute = np.float64 if dtype == "float64" else np.float32
    out = np.linspace(
        np.asarray(start, dtype=compute),
        np.asarray(stop, dtype=compute),
        num=num,
        endpoint=endpoint,
        retstep=retstep,
        dtype=compute,
        axis=axis,
    )
    values, step = out if retstep else (out, None)
    if dtypes.is_int_dtype(dtype):
        values = np.floor(values)
    values = values.astype(_np_dtype(dtype))
    if retstep:
        return values, np.asarray(step).astype(_np_dtype(dtype))
    return values


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
    compute = np.float64 if dtype == "float64" else np.float32
    exponents = linspace(
        start, stop, num=num, endpoint=endpoint, dtype=compute, axis=axis
    )
    out = np.power(np.asarray(base, dtype=compute), exponents)
    return out.astype(_np_dtype(dtype))


def tri(N: int, M: Any = None, k: int = 0, dtype: Any = None) -> Any:
    M = None if M is None else int(M)
    return np.tri(int(N), M, k=int(k), dtype=_np_dtype(dtype))


def tril(x: Any, k: int = 0) -> Any:
    return np.tril(convert_to_tensor(x), int(k))


def triu(x: Any, k: int = 0) -> Any:
    return np.triu(convert_to_tensor(x), int(k))


def diag(x: Any, k: int = 0) -> Any:
    x = convert_to_tensor(x)
    if x.ndim not in (1, 2):
        raise ValueError(
            "`diag` takes a 1-D tensor (to build a diagonal matrix) or a 2-D "
            f"tensor (to read a diagonal). Received: shape={x.shape}"
        )
    return np.diag(x, int(k))


def diagflat(x: Any, k: int = 0) -> Any:
    return np.diagflat(convert_to_tensor(x), int(k))


def meshgrid(*x: Any, indexing: str = "xy") -> Any:
    tensors = [convert_to_tensor(t) for t in x]
    return list(np.meshgrid(*tensors, indexing=indexing))


def array(x: Any, dtype: Any = None) -> Any:
    return convert_to_tensor(x, dtype=dtype)


def copy(x: Any) -> Any:
    return np.array(convert_to_tensor(x), copy=True)


def vander(x: Any, N: Any = None, increasing: bool = False) -> Any:
    x = convert_to_tensor(x)
    if x.dtype == np.bool_:
        raise TypeError("`vander` takes a numeric tensor. Received: bool.")
    if str(x.dtype) == "bfloat16":  # no bfloat16 kernel in NumPy
        out = np.vander(x.astype(np.float32), N=N, increasing=increasing)
        return out.astype(x.dtype)
    return np.vander(x, N=N, increasing=increasing).astype(x.dtype)


def _window(fn, x: Any, *args: Any) -> Any:
    return fn(int(x), *args).astype(_np_dtype(None))


def hamming(x: Any) -> Any:
    return _window(np.hamming, x)


def hanning(x: Any) -> Any:
    return _window(np.hanning, x)


def bartlett(x: Any) -> Any:
    return _window(np.bartlett, x)


def blackman(x: Any) -> Any:
    return _window(np.blackman, x)


def kaiser(x: Any, beta: Any) -> Any:
    return _window(np.kaiser, x, float(beta))
