"""torch backend: matrix and tensor products."""

from __future__ import annotations

from typing import Any

import torch

from kerata.src.backend.common import dtypes
from kerata.src.backend.torch.core import convert_to_tensor
from kerata.src.backend.torch.core import to_torch_dtype
from kerata.src.backend.torch.numpy._common import _promote2
from kerata.src.backend.torch.numpy.reductions import sum as _sum

# torch has no bool or wide-unsigned matmul kernels on CPU and no integer
# ones on GPUs: those products run in a wider type and are cast back.
_NO_CPU_KERNEL = (torch.bool, torch.uint16, torch.uint32, torch.uint64)


def _exact(fn, xs: list, out_dtype: torch.dtype) -> Any:
    """Runs an integer or bool product `fn(*xs)` and returns `out_dtype`."""
    dtype = xs[0].dtype
    if xs[0].device.type not in ("cpu", "meta"):
        compute = torch.float64
    elif dtype in _NO_CPU_KERNEL:
        compute = torch.int64
    else:
        compute = out_dtype
    if compute != dtype:
        xs = [x.to(compute) for x in xs]
    out = fn(*xs)
    if out_dtype == torch.bool:
        return out != 0
    return out.to(out_dtype)


def _is_int8(x: Any) -> bool:
    # Tensors, Variables (str dtype) and NumPy arrays alike.
    dtype = getattr(x, "dtype", None)
    return dtype == torch.int8 or str(dtype) == "int8"


def _pair(fn, x1: Any, x2: Any, widen_int8: bool = False) -> Any:
    t1, t2 = _promote2(x1, x2)
    if t1.is_floating_point() or t1.is_complex():
        return fn(t1, t2)
    out_dtype = t1.dtype
    # Keras accumulates matmul and einsum of two int8 operands in int32.
    if widen_int8 and out_dtype == torch.int8:
        if _is_int8(x1) and _is_int8(x2):
            out_dtype = torch.int32
    return _exact(fn, [t1, t2], out_dtype)


def matmul(x1: Any, x2: Any) -> Any:
    return _pair(torch.matmul, x1, x2, widen_int8=True)


def _dot(x1: torch.Tensor, x2: torch.Tensor) -> Any:
    if x1.ndim == 0 or x2.ndim == 0:
        return x1 * x2
    if x2.ndim <= 2:
        return torch.matmul(x1, x2)
    # N-D . M-D: sum over the last axis of x1 and the second-to-last of x2.
    return torch.tensordot(x1, x2, dims=([x1.ndim - 1], [x2.ndim - 2]))


def dot(x1: Any, x2: Any) -> Any:
    return _pair(_dot, x1, x2)


def einsum(subscripts: str, *operands: Any, **kwargs: Any) -> Any:
    tensors = [convert_to_tensor(x) for x in operands]
    first = tensors[0].dtype
    all_int8 = first == torch.int8
    if any(t.dtype != first for t in tensors):
        all_int8 = False
        dtype = to_torch_dtype(dtypes.result_type(*(t.dtype for t in tensors)))
        tensors = [t.to(dtype) for t in tensors]

    def fn(*xs: Any) -> Any:
        return torch.einsum(subscripts, *xs)

    dtype = tensors[0].dtype
    if dtype.is_floating_point or dtype.is_complex:
        return fn(*tensors)
    out_dtype = torch.int32 if all_int8 else dtype
    return _exact(fn, tensors, out_dtype)


def _axes_pair(axes: Any) -> Any:
    if isinstance(axes, int):
        return axes
    a, b = axes
    a = [a] if isinstance(a, int) else [int(i) for i in a]
    b = [b] if isinstance(b, int) else [int(i) for i in b]
    return a, b


def tensordot(x1: Any, x2: Any, axes: Any = 2) -> Any:
    dims = _axes_pair(axes)
    return _pair(lambda a, b: torch.tensordot(a, b, dims=dims), x1, x2)


def _inner(x1: torch.Tensor, x2: torch.Tensor) -> Any:
    if x1.ndim == 0 or x2.ndim == 0:
        return x1 * x2
    return torch.inner(x1, x2)


def inner(x1: Any, x2: Any) -> Any:
    return _pair(_inner, x1, x2)


def outer(x1: Any, x2: Any) -> Any:
    return _pair(lambda a, b: torch.outer(a.reshape(-1), b.reshape(-1)), x1, x2)


def vdot(x1: Any, x2: Any) -> Any:
    return _pair(lambda a, b: torch.vdot(a.reshape(-1), b.reshape(-1)), x1, x2)


def _cross3(a: list, b: list) -> torch.Tensor:
    return torch.stack(
        [
            a[1] * b[2] - a[2] * b[1],
            a[2] * b[0] - a[0] * b[2],
            a[0] * b[1] - a[1] * b[0],
        ],
        dim=-1,
    )


def cross(
    x1: Any,
    x2: Any,
    axisa: int = -1,
    axisb: int = -1,
    axisc: int = -1,
    axis: Any = None,
) -> Any:
    if axis is not None:
        axisa = axisb = axisc = axis
    x1, x2 = _promote2(x1, x2)
    if x1.dtype == torch.bool:
        raise TypeError("`cross` takes numeric tensors. Received: bool.")
    x1 = torch.movedim(x1, axisa, -1)
    x2 = torch.movedim(x2, axisb, -1)
    n1, n2 = x1.shape[-1], x2.shape[-1]
    if n1 not in (2, 3) or n2 not in (2, 3):
        raise ValueError(
            "`cross` takes vectors of size 2 or 3 along the chosen axes. "
            f"Received: shapes {tuple(x1.shape)} and {tuple(x2.shape)} "
            "(vector axis last)."
        )
    a = list(torch.unbind(x1, -1))
    b = list(torch.unbind(x2, -1))
    if n1 == 2 and n2 == 2:
        return a[0] * b[1] - a[1] * b[0]  # the z component, as in NumPy
    zero = torch.zeros((), dtype=x1.dtype, device=x1.device)
    a += [zero] * (3 - n1)
    b += [zero] * (3 - n2)
    a, b = _broadcast_lists(a, b)
    return torch.movedim(_cross3(a, b), -1, axisc)


def _broadcast_lists(a: list, b: list) -> tuple:
    out = torch.broadcast_tensors(*a, *b)
    return list(out[:3]), list(out[3:])


def kron(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return torch.kron(x1, x2)


def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    x = convert_to_tensor(x)
    diagonal = torch.diagonal(x, offset=offset, dim1=axis1, dim2=axis2)
    return _sum(diagonal, axis=-1)
