"""torch backend: indexing, sorting and searching."""

from __future__ import annotations

import builtins
from typing import Any

import torch

from kerata.src.backend.common import dtypes
from kerata.src.backend.torch.core import Variable
from kerata.src.backend.torch.core import convert_to_tensor
from kerata.src.backend.torch.core import to_torch_dtype
from kerata.src.backend.torch.numpy._common import _promote2

_Tensor = torch.Tensor
# Sorting and searching kernels missing in torch for these dtypes.
_SORT_VIA_INT64 = (torch.bool, torch.uint16, torch.uint32, torch.uint64)
_WIDE_UNSIGNED = (torch.uint16, torch.uint32, torch.uint64)


def _index(key: Any) -> Any:
    return key.value if isinstance(key, Variable) else key


def get_item(x: Any, key: Any) -> Any:
    x = convert_to_tensor(x)
    if isinstance(key, (list, tuple)):
        key = tuple(_index(k) for k in key)
    else:
        key = _index(key)
    return x[key]


def _int_indices(indices: Any) -> torch.Tensor:
    indices = convert_to_tensor(indices)
    if indices.dtype != torch.int64 and indices.dtype != torch.int32:
        indices = indices.to(torch.int64)
    return indices


def take(x: Any, indices: Any, axis: Any = None) -> Any:
    x = convert_to_tensor(x)
    indices = _int_indices(indices)
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    if not -x.ndim <= axis < builtins.max(x.ndim, 1):
        raise IndexError(f"axis {axis} is out of range for rank {x.ndim}")
    if x.ndim == 0:
        return x[indices]
    axis = axis % x.ndim
    # index_select (and, for an embedding table, F.embedding) instead of
    # advanced indexing: about twice as fast forward, and their backward
    # kernels beat index_put's by 3-4x. NumPy wraps negative indices.
    indices = torch.where(indices < 0, indices + x.shape[axis], indices)
    if axis == 0 and x.ndim == 2 and x.is_floating_point():
        return torch.nn.functional.embedding(indices, x)
    out = torch.index_select(x, axis, indices.reshape(-1))
    return out.reshape(x.shape[:axis] + indices.shape + x.shape[axis + 1 :])


def take_along_axis(x: Any, indices: Any, axis: Any = None) -> Any:
    x = convert_to_tensor(x)
    indices = _int_indices(indices)
    if axis is None:
        x = x.reshape(-1)
        indices = indices.reshape(-1)
        axis = 0
    # gather takes int64 indices, none negative; NumPy counts negative
    # ones from the end.
    indices = indices.to(torch.int64)
    indices = torch.where(indices < 0, indices + x.shape[axis], indices)
    return torch.take_along_dim(x, indices, dim=axis)


def _sortable(x: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    return x.to(torch.int64) if x.dtype in _SORT_VIA_INT64 else x


def argsort(x: Any, axis: Any = -1) -> Any:
    x = _sortable(x)
    if axis is None:
        x = x.reshape(-1)
        axis = -1
    if x.ndim == 0:
        return torch.zeros((), dtype=torch.int32, device=x.device)
    return torch.argsort(x, dim=axis, stable=True).to(torch.int32)


def sort(x: Any, axis: Any = -1) -> Any:
    x = convert_to_tensor(x)
    if axis is None:
        x = x.reshape(-1)
        axis = -1
    if x.ndim == 0:
        return x
    if x.dtype in _SORT_VIA_INT64:
        return torch.sort(x.to(torch.int64), dim=axis).values.to(x.dtype)
    return torch.sort(x, dim=axis, stable=True).values


def argpartition(x: Any, kth: Any, axis: int = -1) -> Any:
    # A stable full sort is a valid partition for every kth.
    x = _sortable(x)
    n = x.shape[axis]
    kths = [kth] if isinstance(kth, int) else list(kth)
    for k in kths:
        if not -n <= int(k) < n:
            raise ValueError(
                f"`kth`={k} is out of bounds for an axis of size {n}."
            )
    return torch.argsort(x, dim=axis, stable=True).to(torch.int32)


def searchsorted(sorted_sequence: Any, values: Any, side: str = "left") -> Any:
    sorted_sequence, values = _promote2(sorted_sequence, values)
    if sorted_sequence.ndim != 1:
        raise ValueError(
            "`searchsorted` takes a 1-D sorted sequence. Received: shape="
            f"{tuple(sorted_sequence.shape)}"
        )
    if sorted_sequence.dtype in _SORT_VIA_INT64:
        sorted_sequence = sorted_sequence.to(torch.int64)
        values = values.to(torch.int64)
    out = torch.searchsorted(sorted_sequence, values, side=side)
    return out.to(torch.int32)


def nonzero(x: Any) -> Any:
    x = convert_to_tensor(x)
    if x.dtype in _WIDE_UNSIGNED:
        x = x.to(torch.int64)
    return tuple(i.to(torch.int32) for i in torch.nonzero(x, as_tuple=True))


def unravel_index(indices: Any, shape: Any) -> Any:
    indices = convert_to_tensor(indices)
    if indices.dtype == torch.bool:
        indices = indices.to(torch.int32)
    coords = []
    for dim in reversed(tuple(shape)):
        coords.append(torch.remainder(indices, dim))
        indices = torch.div(indices, dim, rounding_mode="floor")
    return tuple(reversed(coords))


def digitize(x: Any, bins: Any) -> Any:
    x = convert_to_tensor(x)
    bins = convert_to_tensor(bins)
    dtype = to_torch_dtype(dtypes.result_type(x.dtype, bins.dtype))
    if dtype in _SORT_VIA_INT64:
        dtype = torch.int64
    out = torch.bucketize(x.to(dtype), bins.to(dtype), right=True)
    return out.to(torch.int32)


def isin(
    x1: Any, x2: Any, assume_unique: bool = False, invert: bool = False
) -> Any:
    x1, x2 = _promote2(x1, x2)
    if x1.dtype == torch.bool:
        x1 = x1.to(torch.uint8)
        x2 = x2.to(torch.uint8)
    return torch.isin(x1, x2, assume_unique=assume_unique, invert=invert)


def diagonal(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    x = convert_to_tensor(x)
    return torch.diagonal(x, offset=offset, dim1=axis1, dim2=axis2)
