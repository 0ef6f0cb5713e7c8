"""Helpers shared by the torch backend's NumPy-like modules: operands
converted and promoted the way Keras 3 types its results."""

from __future__ import annotations

from typing import Any

import torch

from kerata.src.backend.common import config
from kerata.src.backend.common import dtypes
from kerata.src.backend.torch.core import Variable
from kerata.src.backend.torch.core import convert_to_tensor
from kerata.src.backend.torch.core import to_torch_dtype

_Tensor = torch.Tensor
_BOOL = torch.bool
# Order of kinds: a Python scalar of a kind at most the tensor's is
# "weak" and takes the tensor's dtype, as in Keras (and JAX).
_SCALAR_KIND = {bool: 0, int: 1, float: 2, complex: 3}


def _promote2(x1: Any, x2: Any) -> tuple:
    """Both operands as tensors of Keras's result dtype. The common case,
    two tensors of one dtype, costs two isinstance checks."""
    if isinstance(x1, Variable):
        x1 = x1.value
    if isinstance(x2, Variable):
        x2 = x2.value
    t1 = isinstance(x1, _Tensor)
    t2 = isinstance(x2, _Tensor)
    if t1 and t2 and x1.dtype == x2.dtype:
        return x1, x2
    d1 = x1.dtype if t1 else _scalar_or_dtype(x1)
    d2 = x2.dtype if t2 else _scalar_or_dtype(x2)
    out = _result_dtype(d1, d2)
    return convert_to_tensor(x1, out), convert_to_tensor(x2, out)


def _weak2(x1: Any, x2: Any) -> tuple:
    """Operands for torch functions that take `(tensor, tensor or number)`.

    A Python int or float that the tensor can hold without promotion is
    passed through: torch treats such scalars as weak, as Keras does, so
    `add(x, 1.0)` on a float tensor costs one dtype test. Otherwise both
    become tensors of the result dtype.
    """
    if isinstance(x1, _Tensor):
        if isinstance(x2, _Tensor):
            if x1.dtype == x2.dtype:
                return x1, x2
        elif type(x2) is int:
            if x1.dtype != _BOOL:
                return x1, x2
        elif type(x2) is float and x1.is_floating_point():
            return x1, x2
    return _promote2(x1, x2)


def _inexact2(x1: Any, x2: Any, strong_scalars: bool = False) -> tuple:
    """Both operands as tensors of `result_type(x1, x2, float)`: floats
    keep their dtype, ints and bools become floatx.

    `strong_scalars` types Python scalars as `convert_to_tensor` would
    (int32, floatx) rather than as weak values; Keras does so for
    `arctan2` and `logaddexp`.
    """
    if isinstance(x1, _Tensor) and isinstance(x2, _Tensor):
        if x1.dtype == x2.dtype and x1.is_floating_point():
            return x1, x2
    x1 = _tensor(x1) if strong_scalars else _unwrap(x1)
    x2 = _tensor(x2) if strong_scalars else _unwrap(x2)
    d1 = x1.dtype if isinstance(x1, _Tensor) else _scalar_or_dtype(x1)
    d2 = x2.dtype if isinstance(x2, _Tensor) else _scalar_or_dtype(x2)
    out = _result_dtype(d1, d2, float)
    return convert_to_tensor(x1, out), convert_to_tensor(x2, out)


def _floating(x: Any) -> Any:
    """`x` as a tensor for a float function: float and complex tensors
    pass through; ints and bools become floatx."""
    if isinstance(x, _Tensor) and x.is_floating_point():
        return x
    x = _tensor(x)
    if x.is_floating_point() or x.is_complex():
        return x
    return x.to(to_torch_dtype(config.floatx()))


def _tensor(x: Any) -> Any:
    if isinstance(x, _Tensor):
        return x
    return convert_to_tensor(x)


def _unwrap(x: Any) -> Any:
    """Variables as tensors; everything else unchanged."""
    return x.value if isinstance(x, Variable) else x


def _result_dtype(*types: Any) -> Any:
    """Keras's dtype for combining `types` (torch dtypes, or Python types
    standing for scalars).

    Tensors that share a dtype keep it, and so do weak scalars of a kind
    that dtype holds; `dtypes.result_type` alone would narrow a 64-bit
    dtype to 32 bits.
    """
    first = None
    for t in types:
        if isinstance(t, torch.dtype):
            if first is None:
                first = t
            elif t != first:
                return dtypes.result_type(*types)
    if first is not None:
        kind = _kind(first)
        if all(_SCALAR_KIND.get(t, 0) <= kind for t in types):
            return first
    return dtypes.result_type(*types)


def _kind(dtype: torch.dtype) -> int:
    if dtype.is_complex:
        return 3
    if dtype.is_floating_point:
        return 2
    return 0 if dtype == _BOOL else 1


def _scalar_or_dtype(x: Any) -> Any:
    if isinstance(x, (bool, int, float, complex)):
        return type(x)
    return convert_to_tensor(x).dtype


def _shape(shape: Any) -> tuple:
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(d) for d in shape)
