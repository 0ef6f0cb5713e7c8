"""jax backend: matrix and tensor products."""

from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from kerata.src.backend.common import dtypes
from kerata.src.backend.jax.core import convert_to_tensor
from kerata.src.backend.jax.numpy._common import _promote2
from kerata.src.backend.jax.numpy.reductions import sum as _sum


def _all_int8(xs: list) -> bool:
    return all(str(getattr(x, "dtype", None)) == "int8" for x in xs)


def matmul(x1: Any, x2: Any) -> Any:
    # Keras accumulates matmul and einsum of int8 operands in int32.
    int8 = _all_int8([x1, x2])
    x1, x2 = _promote2(x1, x2)
    if int8:
        # Widened first: XLA's int8 GPU matmul with an int32 result gave
        # doubled values on an H100 (jax 0.11.2), and int32 is exact.
        return jnp.matmul(x1.astype("int32"), x2.astype("int32"))
    return jnp.matmul(x1, x2)


def dot(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return jnp.dot(x1, x2)


def einsum(subscripts: str, *operands: Any, **kwargs: Any) -> Any:
    tensors = [convert_to_tensor(x) for x in operands]
    if _all_int8(tensors):
        # Widened first, as in `matmul`.
        tensors = [t.astype("int32") for t in tensors]
        return jnp.einsum(subscripts, *tensors)
    first = tensors[0].dtype
    if any(t.dtype != first for t in tensors):
        out = dtypes.result_type(*(t.dtype for t in tensors))
        tensors = [t.astype(out) for t in tensors]
    return jnp.einsum(subscripts, *tensors)


def tensordot(x1: Any, x2: Any, axes: Any = 2) -> Any:
    x1, x2 = _promote2(x1, x2)
    if not isinstance(axes, int):
        axes = tuple(
            a if isinstance(a, int) else tuple(int(i) for i in a) for a in axes
        )
    return jnp.tensordot(x1, x2, axes=axes)


def inner(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return jnp.inner(x1, x2)


def outer(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return jnp.outer(x1, x2)


def vdot(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return jnp.vdot(x1, x2)


def _cross3(a: list, b: list) -> Any:
    return jnp.stack(
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
    if x1.dtype == jnp.bool_:
        raise TypeError("`cross` takes numeric tensors. Received: bool.")
    x1 = jnp.moveaxis(x1, axisa, -1)
    x2 = jnp.moveaxis(x2, axisb, -1)
    n1, n2 = x1.shape[-1], x2.shape[-1]
    if n1 not in (2, 3) or n2 not in (2, 3):
        raise ValueError(
            "`cross` takes vectors of size 2 or 3 along the chosen axes. "
            f"Received: shapes {x1.shape} and {x2.shape} (vector axis last)."
        )
    a = [x1[..., i] for i in range(n1)]
    b = [x2[..., i] for i in range(n2)]
    if n1 == 2 and n2 == 2:
        return a[0] * b[1] - a[1] * b[0]  # the z component, as in NumPy
    zero = jnp.zeros((), dtype=x1.dtype)
    a += [zero] * (3 - n1)
    b += [zero] * (3 - n2)
    parts = jnp.broadcast_arrays(*a, *b)
    return jnp.moveaxis(_cross3(parts[:3], parts[3:]), -1, axisc)


def kron(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return jnp.kron(x1, x2)


def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    x = convert_to_tensor(x)
    diagonal = jnp.diagonal(x, offset=offset, axis1=axis1, axis2=axis2)
    return _sum(diagonal, axis=-1)
