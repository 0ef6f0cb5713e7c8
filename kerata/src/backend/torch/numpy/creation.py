"""torch backend: tensor creation."""

from __future__ import annotations

from typing import Any

import torch

from kerata.src.backend.common import dtypes
from kerata.src.backend.torch.core import _META_MODE
from kerata.src.backend.torch.core import convert_to_tensor
from kerata.src.backend.torch.core import get_device
from kerata.src.backend.torch.core import to_torch_dtype
from kerata.src.backend.torch.numpy._common import _scalar_or_dtype
from kerata.src.backend.torch.numpy._common import _shape

_Tensor = torch.Tensor


def _device() -> torch.device:
    # While shapes are inferred symbolically, create on "meta": no memory.
    return _META if _META_MODE[0] else get_device()


_META = torch.device("meta")


def _dtype_of(x: Any) -> Any:
    return x.dtype if isinstance(x, _Tensor) else _scalar_or_dtype(x)


def _resolve(*values: Any) -> str:
    """Keras's dtype for values combined; tensors that share a dtype keep
    it (result_type would narrow a 64-bit one)."""
    found = [_dtype_of(v) for v in values]
    if all(d == found[0] for d in found) and isinstance(found[0], torch.dtype):
        return dtypes.standardize_dtype(found[0])
    return dtypes.result_type(*found)


def _int(x: Any) -> int:
    return int(x.item()) if isinstance(x, _Tensor) else int(x)


def ones(shape: Any, dtype: Any = None) -> Any:
    return torch.ones(
        _shape(shape), dtype=to_torch_dtype(dtype), device=_device()
    )


def zeros(shape: Any, dtype: Any = None) -> Any:
    return torch.zeros(
        _shape(shape), dtype=to_torch_dtype(dtype), device=_device()
    )


def ones_like(x: Any, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    return torch.ones_like(
        x, dtype=None if dtype is None else to_torch_dtype(dtype)
    )


def zeros_like(x: Any, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    return torch.zeros_like(
        x, dtype=None if dtype is None else to_torch_dtype(dtype)
    )


def _filled(shape: tuple, fill_value: Any, dtype: torch.dtype) -> Any:
    if isinstance(fill_value, (bool, int, float)):
        return torch.full(shape, fill_value, dtype=dtype, device=_device())
    fill_value = convert_to_tensor(fill_value, dtype=dtype)
    return torch.broadcast_to(fill_value, shape).clone()


def full(shape: Any, fill_value: Any, dtype: Any = None) -> Any:
    return _filled(_shape(shape), fill_value, to_torch_dtype(dtype))


def full_like(x: Any, fill_value: Any, dtype: Any = None) -> Any:
    x = convert_to_tensor(x)
    out_dtype = x.dtype if dtype is None else to_torch_dtype(dtype)
    return _filled(tuple(x.shape), fill_value, out_dtype)


def empty(shape: Any, dtype: Any = None) -> Any:
    return torch.empty(
        _shape(shape), dtype=to_torch_dtype(dtype), device=_device()
    )


def eye(N: int, M: Any = None, k: int = 0, dtype: Any = None) -> Any:
    N = _int(N)
    M = N if M is None else _int(M)
    k = _int(k)
    if k == 0:
        return torch.eye(N, M, dtype=to_torch_dtype(dtype), device=_device())
    rows = torch.arange(N, device=_device())[:, None]
    cols = torch.arange(M, device=_device())[None, :]
    return (cols - rows == k).to(to_torch_dtype(dtype))


def identity(n: int, dtype: Any = None) -> Any:
    return eye(n, dtype=dtype)


def arange(
    start: Any, stop: Any = None, step: Any = None, dtype: Any = None
) -> Any:
    if dtype is None:
        dtype = _resolve(*(v for v in (start, stop, step) if v is not None))
    values = [
        v.item() if isinstance(v, _Tensor) else v for v in (start, stop, step)
    ]
    start, stop, step = values
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    if (stop - start) * step <= 0:  # NumPy gives an empty range
        return torch.empty(0, dtype=to_torch_dtype(dtype), device=_device())
    return torch.arange(
        start, stop, step, dtype=to_torch_dtype(dtype), device=_device()
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
        dtype = _resolve(start, stop)
        if not dtypes.is_float_dtype(dtype):
            dtype = dtypes.result_type(dtype, float)
    out_dtype = to_torch_dtype(dtype)
    compute = torch.float64 if out_dtype == torch.float64 else torch.float32
    start = convert_to_tensor(start, dtype=compute)
    stop = convert_to_tensor(stop, dtype=compute)
    start, stop = torch.broadcast_tensors(start, stop)
    div = (num - 1) if endpoint else num
    step = (stop - start) / div if div > 0 else stop - start
    steps = torch.arange(num, dtype=compute, device=start.device)
    steps = steps.reshape((num,) + (1,) * start.ndim)
    out = start + steps * step
    if endpoint and num > 1:
        out[-1] = stop
    out = torch.movedim(out, 0, axis)
    if not out_dtype.is_floating_point:
        out = torch.floor(out)
    out = out.to(out_dtype)
    if retstep:
        return out, step.to(out_dtype)
    return out


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
        dtype = _resolve(start, stop)
        if not dtypes.is_float_dtype(dtype):
            dtype = dtypes.result_type(dtype, float)
    out_dtype = to_torch_dtype(dtype)
    compute = torch.float64 if out_dtype == torch.float64 else torch.float32
    exponents = linspace(
        start, stop, num=num, endpoint=endpoint, dtype=compute, axis=axis
    )
    base = convert_to_tensor(base, dtype=compute)
    return torch.pow(base, exponents).to(out_dtype)


def tri(N: int, M: Any = None, k: int = 0, dtype: Any = None) -> Any:
    N = _int(N)
    M = N if M is None else _int(M)
    ones = torch.ones(N, M, dtype=torch.bool, device=_device())
    return torch.tril(ones, _int(k)).to(to_torch_dtype(dtype))


def tril(x: Any, k: int = 0) -> Any:
    return torch.tril(convert_to_tensor(x), _int(k))


def triu(x: Any, k: int = 0) -> Any:
    return torch.triu(convert_to_tensor(x), _int(k))


def diag(x: Any, k: int = 0) -> Any:
    x = convert_to_tensor(x)
    if x.ndim not in (1, 2):
        raise ValueError(
            "`diag` takes a 1-D tensor (to build a diagonal matrix) or a 2-D "
            f"tensor (to read a diagonal). Received: shape={tuple(x.shape)}"
        )
    return torch.diag(x, _int(k))


def diagflat(x: Any, k: int = 0) -> Any:
    return torch.diagflat(convert_to_tensor(x), offset=_int(k))


def meshgrid(*x: Any, indexing: str = "xy") -> Any:
    # Built from views rather than torch.meshgrid, which needs one dtype
    # (NumPy keeps each input's).
    tensors = [convert_to_tensor(t).reshape(-1) for t in x]
    n = len(tensors)
    axes = list(range(n))
    if indexing == "xy" and n >= 2:
        axes[0], axes[1] = 1, 0
    grid = [0] * n
    for t, axis in zip(tensors, axes):
        grid[axis] = t.shape[0]
    out = []
    for t, axis in zip(tensors, axes):
        shape = [1] * n
        shape[axis] = -1
        out.append(t.reshape(shape).expand(grid))
    return out


def array(x: Any, dtype: Any = None) -> Any:
    return convert_to_tensor(x, dtype=dtype)


def copy(x: Any) -> Any:
    return convert_to_tensor(x).clone()


def vander(x: Any, N: Any = None, increasing: bool = False) -> Any:
    x = convert_to_tensor(x)
    if x.dtype == torch.bool:
        raise TypeError("`vander` takes a numeric tensor. Received: bool.")
    return torch.vander(x, N=N, increasing=increasing).to(x.dtype)


def _window(fn, x: Any, **kwargs: Any) -> Any:
    return fn(
        _int(x),
        periodic=False,
        dtype=to_torch_dtype(None),
        device=_device(),
        **kwargs,
    )


def hamming(x: Any) -> Any:
    return _window(torch.hamming_window, x)


def hanning(x: Any) -> Any:
    return _window(torch.hann_window, x)


def bartlett(x: Any) -> Any:
    return _window(torch.bartlett_window, x)


def blackman(x: Any) -> Any:
    return _window(torch.blackman_window, x)


def kaiser(x: Any, beta: Any) -> Any:
    return _window(torch.kaiser_window, x, beta=float(beta))
