"""jax backend: matrix and tensor products."""

from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from kerata.src.backend.common import dtypes
from kerata.src.backend.jax.core import convert_to_tensor
from kerata.src.backend.jax.numpy._common import _promote2
from kerata.src.backend.jax.numpy.reductions import sum as _sum


def _int8_to_int32(fn, *xs: Any) -> Any:
    """Keras accumulates all-int8 matmul and einsum in int32."""
    if xs[0].dtype == jnp.int8:
        return fn(*xs, preferred_element_type="int32")
    return fn(*xs)


def matmul(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return _int8_to_int32(jnp.matmul, x1, x2)


def dot(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return jnp.dot(x1, x2)


def einsum(subscripts: str, *operands: Any, **kwargs: Any) -> Any:
    tensors = [convert_to_tensor(x) for x in operands]
    first = tensors[0].dtype
    if any(t.dtype != first for t in tensors):
        out = dtypes.result_type(*(t.dtype for t in tensors))
        tensors = [t.astype(out) for t in tensors]

    def fn(*xs: Any, **options: Any) -> Any:
        return jnp.einsum(subscripts, *xs, **options)

    return _int8_to_int32(fn, *tensors)


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


def cross(
    x1: Any,
    x2: Any,
    axisa: int = -1,
    axisb: int = -1,
    axisc: int = -1,
    axis: Any = None,
) -> Any:
    x1, x2 = _promote2(x1, x2)
    if x1.dtype == jnp.bool_:
        raise TypeError("`cross` takes numeric tensors. Received: bool.")
    return jnp.cross(x1, x2, axisa=axisa, axisb=axisb, axisc=axisc, axis=axis)


def kron(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return jnp.kron(x1, x2)


def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    x = convert_to_tensor(x)
    diagonal = jnp.diagonal(x, offset=offset, axis1=axis1, axis2=axis2)
    return _sum(diagonal, axis=-1)
