"""numpy backend: matrix and tensor products."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src.backend.common import dtypes
from kerata.src.backend.numpy.core import _np_dtype
from kerata.src.backend.numpy.core import convert_to_tensor
from kerata.src.backend.numpy.numpy._common import _promote2
from kerata.src.backend.numpy.numpy.reductions import sum as _sum


def _all_int8(xs: list) -> bool:
    return all(str(getattr(x, "dtype", None)) == "int8" for x in xs)


def _bfloat16_via_float32(fn, *xs: Any) -> Any:
    """NumPy has no bfloat16 kernels for some products: compute in float32
    and round back."""
    dtype = xs[0].dtype
    if dtype.kind == "V" or str(dtype) == "bfloat16":
        return fn(*(x.astype(np.float32) for x in xs)).astype(dtype)
    return fn(*xs)


def matmul(x1: Any, x2: Any) -> Any:
    # Keras accumulates matmul and einsum of int8 operands in int32.
    int8 = _all_int8([x1, x2])
    x1, x2 = _promote2(x1, x2)
    if int8:
        return np.matmul(x1.astype(np.int32), x2.astype(np.int32))
    return _bfloat16_via_float32(np.matmul, x1, x2)


def dot(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return np.asarray(np.dot(x1, x2))


def einsum(subscripts: str, *operands: Any, **kwargs: Any) -> Any:
    tensors = [convert_to_tensor(x) for x in operands]
    if _all_int8(tensors):
        tensors = [t.astype(np.int32) for t in tensors]
    first = tensors[0].dtype
    if any(t.dtype != first for t in tensors):
        out = _np_dtype(dtypes.result_type(*(t.dtype for t in tensors)))
        tensors = [t.astype(out) for t in tensors]

    def fn(*xs: Any) -> Any:
        return np.asarray(np.einsum(subscripts, *xs))

    return _bfloat16_via_float32(fn, *tensors)


def tensordot(x1: Any, x2: Any, axes: Any = 2) -> Any:
    x1, x2 = _promote2(x1, x2)
    return np.tensordot(x1, x2, axes=axes)


def inner(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return np.asarray(np.inner(x1, x2))


def outer(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return np.outer(x1, x2)


def vdot(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return np.asarray(np.vdot(x1, x2))


def _cross3(a: list, b: list) -> Any:
    return np.stack(
        [
            a[1] * b[2] - a[2] * b[1],
            a[2] * b[0] - a[0] * b[2],
            a[0] * b[1] - a[1] * b[0],
        ],
        axis=-1,
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
    if x1.dtype == np.bool_:
        raise TypeError("`cross` takes numeric tensors. Received: bool.")
    x1 = np.moveaxis(x1, axisa, -1)
    x2 = np.moveaxis(x2, axisb, -1)
    n1, n2 = x1.shape[-1], x2.shape[-1]
    if n1 not in (2, 3) or n2 not in (2, 3):
        raise ValueError(
            "`cross` takes vectors of size 2 or 3 along the chosen axes. "
            f"Received: shapes {x1.shape} and {x2.shape} (vector axis last)."
        )
    # Written out rather than np.cross, which warns about 2-vectors.
    a = [x1[..., i] for i in range(n1)]
    b = [x2[..., i] for i in range(n2)]
    if n1 == 2 and n2 == 2:
        return np.asarray(a[0] * b[1] - a[1] * b[0])
    zero = np.zeros((), dtype=x1.dtype)
    a += [zero] * (3 - n1)
    b += [zero] * (3 - n2)
    parts = np.broadcast_arrays(*a, *b)
    return np.moveaxis(_cross3(parts[:3], parts[3:]), -1, axisc)


def kron(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return np.kron(x1, x2)


def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    x = convert_to_tensor(x)
    diagonal = np.diagonal(x, offset=offset, axis1=axis1, axis2=axis2)
    return _sum(diagonal, axis=-1)
