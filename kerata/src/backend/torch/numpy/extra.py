"""torch backend: the rarer NumPy functions (NaN-ignoring reductions,
percentiles, `fmax`/`fmod`/`gcd`, `geomspace`, `correlate`, ...).

Most are built from this backend's own functions, so their dtypes follow
the same rules as `sum`, `mean`, `quantile`, ... do.
"""

from __future__ import annotations

import math
from typing import Any

import torch

from kerata.src.backend.common import dtypes
from kerata.src.backend.torch.core import convert_to_tensor
from kerata.src.backend.torch.core import to_torch_dtype
from kerata.src.backend.torch.numpy import creation
from kerata.src.backend.torch.numpy import elementwise
from kerata.src.backend.torch.numpy import reductions
from kerata.src.backend.torch.numpy import shape
from kerata.src.backend.torch.numpy._common import _floating
from kerata.src.backend.torch.numpy._common import _inexact2
from kerata.src.backend.torch.numpy._common import _promote2
from kerata.src.backend.torch.numpy._common import _tensor

_LOW_FLOATS = (torch.float16, torch.bfloat16)


def _name(x: torch.Tensor) -> str:
    return dtypes.standardize_dtype(x.dtype)


def _widened(x: torch.Tensor) -> torch.Tensor:
    """float16/bfloat16 as float32, where torch's CPU kernels need it."""
    return x.to(torch.float32) if x.dtype in _LOW_FLOATS else x


def _is_float(x: torch.Tensor) -> bool:
    return x.is_floating_point() or x.is_complex()


def _replace_nan(x: torch.Tensor, value: float) -> torch.Tensor:
    if not _is_float(x):
        return x
    return torch.where(torch.isnan(x), value, x)


# --- elementwise ----------------------------------------------------------
def fabs(x: Any) -> Any:
    return torch.abs(_floating(x))


def rad2deg(x: Any) -> Any:
    return _floating(x) * (180.0 / math.pi)


def sinc(x: Any) -> Any:
    x = _floating(x)
    return torch.sinc(_widened(x)).to(x.dtype)


def i0(x: Any) -> Any:
    x = _floating(x)
    return torch.special.i0(_widened(x)).to(x.dtype)


def isreal(x: Any) -> Any:
    x = _tensor(x)
    if x.is_complex():
        return torch.imag(x) == 0
    return torch.ones_like(x, dtype=torch.bool)


def fmax(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    if x1.dtype == torch.bool:
        return torch.logical_or(x1, x2)
    return torch.fmax(x1, x2)


def fmin(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    if x1.dtype == torch.bool:
        return torch.logical_and(x1, x2)
    return torch.fmin(x1, x2)


def fmod(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    if x1.dtype == torch.bool:
        x1, x2 = x1.to(torch.int32), x2.to(torch.int32)
    return torch.fmod(x1, x2)


def _integers(name: str, x1: Any, x2: Any) -> tuple:
    x1, x2 = _promote2(x1, x2)
    if _is_float(x1) or x1.dtype == torch.bool:
        raise TypeError(
            f"`{name}` takes integer tensors. Received dtype {_name(x1)} "
            "after promotion; cast float inputs to an integer dtype first."
        )
    return x1, x2


def gcd(x1: Any, x2: Any) -> Any:
    return torch.gcd(*_integers("gcd", x1, x2))


def lcm(x1: Any, x2: Any) -> Any:
    return torch.lcm(*_integers("lcm", x1, x2))


def ldexp(x1: Any, x2: Any) -> Any:
    x2 = _tensor(x2)
    if _is_float(x2) or x2.dtype == torch.bool:
        raise TypeError(
            "`ldexp` takes an integer exponent `x2`. Received: x2 of dtype "
            f"{_name(x2)}."
        )
    x1 = _floating(x1)
    return torch.ldexp(x1, x2.to(torch.int32)).to(x1.dtype)


def nextafter(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2)
    return torch.nextafter(x1, x2)


def allclose(
    x1: Any,
    x2: Any,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    equal_nan: bool = False,
) -> Any:
    close = elementwise.isclose(x1, x2, rtol, atol, equal_nan)
    return reductions.all(close)


# --- creation -------------------------------------------------------------
def empty_like(x: Any, dtype: Any = None) -> Any:
    x = _tensor(x)
    dtype = x.dtype if dtype is None else to_torch_dtype(dtype)
    return torch.empty_like(x, dtype=dtype)


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
    start = convert_to_tensor(start, dtype=torch.float64)
    stop = convert_to_tensor(stop, dtype=torch.float64)
    out = creation.logspace(
        torch.log10(torch.abs(start)),
        torch.log10(torch.abs(stop)),
        num=num,
        endpoint=endpoint,
        dtype="float64",
        axis=0,
    ) * torch.sign(start)
    if num > 0:
        out[0] = start
        if endpoint and num > 1:
            out[-1] = stop
    return torch.movedim(out, 0, axis).to(to_torch_dtype(dtype))


# --- shape ----------------------------------------------------------------
def _need_ndim(name: str, x: torch.Tensor, ndim: int) -> None:
    if x.ndim < ndim:
        raise ValueError(
            f"`{name}` needs a tensor of rank >= {ndim}. Received: a tensor "
            f"of shape {tuple(x.shape)}."
        )


def fliplr(x: Any) -> Any:
    x = convert_to_tensor(x)
    _need_ndim("fliplr", x, 2)
    return torch.flip(x, (1,))


def flipud(x: Any) -> Any:
    x = convert_to_tensor(x)
    _need_ndim("flipud", x, 1)
    return torch.flip(x, (0,))


def array_split(x: Any, indices_or_sections: Any, axis: int = 0) -> Any:
    x = convert_to_tensor(x)
    if not isinstance(indices_or_sections, int):
        indices_or_sections = [int(i) for i in indices_or_sections]
    return list(torch.tensor_split(x, indices_or_sections, dim=axis))


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
    return shape.concatenate([torch.atleast_3d(x) for x in xs], axis=2)


# --- reductions -----------------------------------------------------------
def nansum(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return reductions.sum(_replace_nan(_tensor(x), 0), axis, keepdims)


def nanprod(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return reductions.prod(
        _replace_nan(_tensor(x), 1), axis=axis, keepdims=keepdims
    )


def nancumsum(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    return reductions.cumsum(_replace_nan(_tensor(x), 0), axis, dtype)


def nancumprod(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    return reductions.cumprod(_replace_nan(_tensor(x), 1), axis, dtype)


def _nan_extreme(fn: Any, fill: float, x: Any, axis: Any, keepdims: bool):
    x = _tensor(x)
    if not _is_float(x):
        return fn(x, axis=axis, keepdims=keepdims)
    out = fn(_replace_nan(x, fill), axis=axis, keepdims=keepdims)
    all_nan = reductions.all(torch.isnan(x), axis=axis, keepdims=keepdims)
    return torch.where(all_nan, math.nan, out)


def nanmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _nan_extreme(reductions.max, -math.inf, x, axis, keepdims)


def nanmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return _nan_extreme(reductions.min, math.inf, x, axis, keepdims)


def nanargmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = _replace_nan(_tensor(x), -math.inf)
    return reductions.argmax(x, axis=axis, keepdims=keepdims)


def nanargmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = _replace_nan(_tensor(x), math.inf)
    return reductions.argmin(x, axis=axis, keepdims=keepdims)


def _compute_float(x: Any) -> tuple:
    """`x` in its float compute dtype, and the dtype of the result."""
    x = _floating(x)
    out = x.dtype
    return x.to(torch.float64 if out == torch.float64 else torch.float32), out


def nanmean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x, out = _compute_float(x)
    axis = tuple(axis) if isinstance(axis, list) else axis
    return torch.nanmean(x, dim=axis, keepdim=keepdims).to(out)


def nanvar(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x, out = _compute_float(x)
    axis = tuple(axis) if isinstance(axis, list) else axis
    mean = torch.nanmean(x, dim=axis, keepdim=True)
    squared = torch.square(x - mean)
    return torch.nanmean(squared, dim=axis, keepdim=keepdims).to(out)


def nanstd(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x, out = _compute_float(x)
    return torch.sqrt(nanvar(x, axis, keepdims)).to(out)


def nanquantile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any:
    x, out = _compute_float(x)
    q = convert_to_tensor(q, dtype=x.dtype)
    flat, keep_shape = reductions._flatten_axes(x, axis)
    result = torch.nanquantile(flat, q, dim=-1, interpolation=method)
    if keepdims:
        result = result.reshape(tuple(q.shape) + keep_shape)
    return result.to(out)


def nanpercentile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any:
    q = convert_to_tensor(q, dtype=torch.float64) / 100.0
    return nanquantile(x, q, axis=axis, method=method, keepdims=keepdims)


def nanmedian(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return nanquantile(x, 0.5, axis=axis, keepdims=keepdims)


def percentile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any:
    q = convert_to_tensor(q, dtype=torch.float64) / 100.0
    return reductions.quantile(
        x, q, axis=axis, method=method, keepdims=keepdims
    )


def ptp(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    x = _tensor(x)
    if x.dtype == torch.bool:
        raise TypeError(
            "`ptp` subtracts the minimum from the maximum, which bool "
            "tensors do not support. Cast `x` to a numeric dtype first."
        )
    high = reductions.max(x, axis=axis, keepdims=keepdims)
    return high - reductions.min(x, axis=axis, keepdims=keepdims)


# --- statistics and linear algebra ---------------------------------------
def corrcoef(x: Any) -> Any:
    x, out = _compute_float(x)
    return torch.corrcoef(x).to(out)


def correlate(x1: Any, x2: Any, mode: str = "valid") -> Any:
    x1, x2 = _inexact2(x1, x2)
    out = x1.dtype
    x1, x2 = _widened(x1), _widened(x2)
    n = x2.shape[0]
    padded = torch.nn.functional.pad(x1, (n - 1, n - 1))
    # conv1d is a cross-correlation (it does not flip its kernel).
    full = torch.nn.functional.conv1d(
        padded[None, None], torch.conj(x2)[None, None]
    )[0, 0]
    start, stop = _correlate_bounds(x1.shape[0], n, mode)
    return full[start:stop].to(out)


def _correlate_bounds(m: int, n: int, mode: str) -> tuple:
    """Slice of the full correlation kept by `mode` (NumPy's rule)."""
    full = m + n - 1
    if mode == "full":
        return 0, full
    if mode == "same":
        size = max(m, n)
        start = (full - size) // 2 if m >= n else (full - size + 1) // 2
        return start, start + size
    if mode == "valid":
        size = max(m, n) - min(m, n) + 1
        return min(m, n) - 1, min(m, n) - 1 + size
    raise ValueError(
        "`mode` must be one of 'valid', 'same' or 'full'. "
        f"Received: mode={mode!r}"
    )


def slogdet(x: Any) -> Any:
    x, out = _compute_float(x)
    sign, logabsdet = torch.linalg.slogdet(x)
    return sign.to(out), logabsdet.to(out)


def view(x: Any, dtype: Any = None) -> Any:
    x = _tensor(x)
    if dtype is None:
        return x
    return x.view(to_torch_dtype(dtype))


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
    x = _tensor(x)
    # torch.unique sorts on CPU and CUDA; `sorted=False` allows any order.
    values, inverse, counts = torch.unique(
        x, sorted=True, return_inverse=True, return_counts=True, dim=axis
    )
    # First occurrence of each unique value: the smallest position whose
    # inverse points at it.
    positions = torch.arange(inverse.numel(), device=x.device)
    index = torch.full(
        (counts.shape[0],), inverse.numel(), dtype=positions.dtype
    ).to(x.device)
    index = index.scatter_reduce(
        0, inverse.reshape(-1), positions, reduce="amin"
    )
    index, inverse, counts = (
        a.to(torch.int32) for a in (index, inverse, counts)
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
        return values.narrow(dim, 0, size), index[:size], counts[:size]
    pad_shape = list(values.shape)
    pad_shape[dim] = size - found
    fill = 0 if fill_value is None else fill_value
    filler = torch.full(pad_shape, fill, dtype=values.dtype).to(values.device)
    values = torch.cat([values, filler], dim=dim)
    index = torch.nn.functional.pad(index, (0, size - found))
    counts = torch.nn.functional.pad(counts, (0, size - found))
    return values, index, counts


def vectorize(pyfunc: Any, *, excluded: Any = None, signature: Any = None):
    excluded = set(excluded or ())

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        positions = [i for i in range(len(args)) if i not in excluded]
        tensors = [_tensor(args[i]) for i in positions]
        core_dims = _core_dims(signature, len(tensors))
        loop = torch.broadcast_shapes(
            *(t.shape[: t.ndim - n] for t, n in zip(tensors, core_dims))
        )
        # Every vectorized argument gets the broadcast loop shape, merged
        # into one leading axis that torch.vmap maps over.
        flat = []
        for t, n in zip(tensors, core_dims):
            core = tuple(t.shape[t.ndim - n :])
            flat.append(t.expand(*loop, *core).reshape(-1, *core))

        def call(*values: Any) -> Any:
            full = list(args)
            for i, v in zip(positions, values):
                full[i] = v
            return pyfunc(*full, **kwargs)

        out = torch.vmap(call)(*flat)
        if isinstance(out, (tuple, list)):
            return type(out)(o.reshape(*loop, *o.shape[1:]) for o in out)
        return out.reshape(*loop, *out.shape[1:])

    return wrapped


def _core_dims(signature: Any, count: int) -> list:
    """Number of core (not looped over) axes of each input, from a
    signature such as "(m,n),(n)->(m)"; 0 for all without one."""
    if signature is None:
        return [0] * count
    inputs = signature.replace(" ", "").split("->")[0]
    groups = inputs[1:-1].split("),(") if inputs else []
    dims = [len([d for d in g.split(",") if d]) for g in groups]
    if len(dims) != count:
        raise ValueError(
            f"`signature` {signature!r} describes {len(dims)} inputs; "
            f"the function received {count} vectorized inputs."
        )
    return dims
