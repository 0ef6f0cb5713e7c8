"""jax backend: indexing, sorting and searching."""

from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from kerata.src.backend.common import dtypes
from kerata.src.backend.jax.core import Variable
from kerata.src.backend.jax.core import convert_to_tensor
from kerata.src.backend.jax.numpy._common import _promote2


def _index(key: Any) -> Any:
    return key.value if isinstance(key, Variable) else key


def get_item(x: Any, key: Any) -> Any:
    x = convert_to_tensor(x)
    if isinstance(key, (list, tuple)):
        key = tuple(_index(k) for k in key)
    else:
        key = _index(key)
    return x[key]


def _int_indices(indices: Any) -> Any:
    indices = convert_to_tensor(indices)
    if not dtypes.is_int_dtype(dtypes.standardize_dtype(indices.dtype)):
        indices = indices.astype("int64")
    return indices


def _wrap(indices: Any, size: int) -> Any:
    # NumPy counts negative indices from the end; out-of-range ones are
    # clipped, as JAX does.
    return jnp.where(indices < 0, indices + size, indices)


def take(x: Any, indices: Any, axis: Any = None) -> Any:
    x = convert_to_tensor(x)
    indices = _int_indices(indices)
    size = x.size if axis is None else x.shape[axis]
    return jnp.take(x, _wrap(indices, size), axis=axis, mode="clip")


def take_along_axis(x: Any, indices: Any, axis: Any = None) -> Any:
    x = convert_to_tensor(x)
    indices = _int_indices(indices)
    if axis is None:
        x = x.reshape(-1)
        indices = indices.reshape(-1)
        axis = 0
    indices = _wrap(indices, x.shape[axis])
    return jnp.take_along_axis(x, indices, axis=axis, mode="clip")


def argsort(x: Any, axis: Any = -1) -> Any:
    x = convert_to_tensor(x)
    return jnp.argsort(x, axis=axis, stable=True).astype("int32")


def sort(x: Any, axis: Any = -1) -> Any:
    return jnp.sort(convert_to_tensor(x), axis=axis)


def argpartition(x: Any, kth: Any, axis: int = -1) -> Any:
    # A stable full sort is a valid partition for every kth.
    x = convert_to_tensor(x)
    n = x.shape[axis]
    kths = [kth] if isinstance(kth, int) else list(kth)
    for k in kths:
        if not -n <= int(k) < n:
            raise ValueError(
                f"`kth`={k} is out of bounds for an axis of size {n}."
            )
    return jnp.argsort(x, axis=axis, stable=True).astype("int32")


def searchsorted(sorted_sequence: Any, values: Any, side: str = "left") -> Any:
    sorted_sequence, values = _promote2(sorted_sequence, values)
    if sorted_sequence.ndim != 1:
        raise ValueError(
            "`searchsorted` takes a 1-D sorted sequence. Received: shape="
            f"{sorted_sequence.shape}"
        )
    out = jnp.searchsorted(sorted_sequence, values, side=side)
    return out.astype("int32")


def nonzero(x: Any) -> Any:
    x = convert_to_tensor(x)
    return tuple(i.astype("int32") for i in jnp.nonzero(x))


def unravel_index(indices: Any, shape: Any) -> Any:
    indices = convert_to_tensor(indices)
    if indices.dtype == jnp.bool_:
        indices = indices.astype("int32")
    coords = []
    for dim in reversed(tuple(shape)):
        coords.append(jnp.remainder(indices, dim).astype(indices.dtype))
        indices = jnp.floor_divide(indices, dim).astype(indices.dtype)
    return tuple(reversed(coords))


def digitize(x: Any, bins: Any) -> Any:
    x, bins = _promote2(x, bins)
    return jnp.digitize(x, bins).astype("int32")


def isin(
    x1: Any, x2: Any, assume_unique: bool = False, invert: bool = False
) -> Any:
    x1, x2 = _promote2(x1, x2)
    return jnp.isin(x1, x2, assume_unique=assume_unique, invert=invert)


def diagonal(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    x = convert_to_tensor(x)
    return jnp.diagonal(x, offset=offset, axis1=axis1, axis2=axis2)
