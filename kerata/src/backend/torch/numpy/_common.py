from __future__ import annotations

from typing import Any

import torch

from kerata.src.backend.common import dtypes
from kerata.src.backend.torch.core import Variable
from kerata.src.backend.torch.core import cast
from kerata.src.backend.torch.core import convert_to_tensor

_Tensor = torch.Tensor


def _promote2(x1: Any, x2: Any) -> tuple:
    """Both operands as tensors of Keras's result dtype. The common case,
    two tensors of one dtype, costs two isinstance checks."""
    if isinstance(x1, Variable):
        x1 = x1.value
    if isinstance(x2, Variable):
        x2 = x2.value
    t1 = isinstance(x1, _Tensor)
    t2 = isinstance(x2, _Tensor)
    if t1 and t2:
        if x1.dtype == x2.dtype:
            return x1, x2
        out = dtypes.result_type(x1.dtype, x2.dtype)
        return cast(x1, out), cast(x2, out)
    d1 = x1.dtype if t1 else _scalar_or_dtype(x1)
    d2 = x2.dtype if t2 else _scalar_or_dtype(x2)
    out = dtypes.result_type(d1, d2)
    return convert_to_tensor(x1, out), convert_to_tensor(x2, out)


def _scalar_or_dtype(x: Any) -> Any:
    if isinstance(x, (bool, int, float, complex)):
        return type(x)
    return convert_to_tensor(x).dtype


def _shape(shape: Any) -> tuple:
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(d) for d in shape)
