"""numpy backend: indexing, sorting and searching."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src.backend.numpy.core import Variable
from kerata.src.backend.numpy.core import convert_to_tensor
from kerata.src.backend.numpy.numpy._common import _promote2


def _index(key: Any) -> Any:
    return key.value if isinstance(key, Variable) else key


def get_item(x: Any, key: Any) -> Any:
    x = convert_to_tensor(x)
    if isinstance(key, (list, tuple)):
        key = tuple(_index(k) for k in key)
    else:
        key = _index(key)
    return np.asarray(x[key])


def _int_indices(indices: Any) -> np.ndarray:
    indices = convert_to_tensor(indices)
    if indices.dtype.kind not in "iu":
        indices = indices.astype(np.int64)
    return indices


def take(x: Any, indices: Any, axis: Any = None) -> Any:
    x = convert_to_tensor(x)
    return np.asarray(np.take(x, _int_indices(indices), axis=axis))


def take_along_axis(x: Any, indices: Any, axis: Any = None) -> Any:
    x = convert_to_tensor(x)
    indices = _int_indices(indices)
    if axis is None:
        x = x.reshape(-1)
        indices = indices.reshape(-1)
        axis = 0
    return np.take_along_axis(x, indices, axis=axis)


def argsort(x: Any, axis: Any = -1) -> Any:
    x = convert_to_tensor(x)
    return np.argsort(x, axis=axis, kind="stable").astype(np.int32)


def sort(x: Any, axis: Any = -1) -> Any:
    return np.sort(convert_to_tensor(x), axis=axis, kind="stable")


def argpartition(x: Any, kth: Any, axis: int = -1) -> Any:
    x = convert_to_tensor(x)
    return np.argpartition(x, kth, axis=axis).astype(np.int32)


def searchsorted(sorted_sequence: Any, values: Any, side: str = "left") -> Any:
    sorted_sequence, values = _promote2(sorted_sequence, values)
    if sorted_sequence.ndim != 1:
        raise ValueError(
            "`searchsorted` takes a 1-D sorted sequence. Received: shape="
            f"{sorted_sequence.shape}"
        )
    out = np.searchsorted(sorted_sequence, values, side=side)
    return np.asarray(out).astype(np.int32)


def nonzero(x: Any) -> Any:
    x = convert_to_tensor(x)
    return tuple(i.astype(np.int32) for i in np.nonzero(x))


def unravel_index(indices: Any, shape: Any) -> Any:
    indices = convert_to_tensor(indices)
    if indices.dtype == np.bool_:
        indices = indices.astype(np.int32)
    coords = []
    for dim in reversed(tuple(shape)):
        dtype = indices.dtype
        coords.append(np.asarray(np.remainder(indices, dim)).astype(dtype))
        indices = np.asarray(np.floor_divide(indices, dim)).astype(dtype)
    return tuple(reversed(coords))


def digitize(x: Any, bins: Any) -> Any:
    x, bins = _promote2(x, bins)
    return np.asarray(np.digitize(x, bins)).astype(np.int32)


def isin(
    x1: Any, x2: Any, assume_unique: bool = False, invert: bool = False
) -> Any:
    x1, x2 = _promote2(x1, x2)
    return np.isin(x1, x2, assume_unique=assume_unique, invert=invert)


def diagonal(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    x = convert_to_tensor(x)
    return np.diagonal(x, offset=offset, axis1=axis1, axis2=axis2)
