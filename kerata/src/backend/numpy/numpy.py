"""numpy backend: numpy functions (see backend/interface/numpy.py)."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src.backend.common import dtypes
from kerata.src.backend.numpy.core import _np_dtype
from kerata.src.backend.numpy.core import convert_to_tensor


def _promote2(x1: Any, x2: Any) -> tuple:
    out = dtypes.result_type(_dtype_of(x1), _dtype_of(x2))
    return convert_to_tensor(x1, out), convert_to_tensor(x2, out)


def _dtype_of(x: Any) -> Any:
    if isinstance(x, (bool, int, float, complex)):
        return type(x)
    if hasattr(x, "dtype"):
        return x.dtype
    return convert_to_tensor(x).dtype


def add(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return np.add(x1, x2)


def matmul(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return np.matmul(x1, x2)


def ones(shape: Any, dtype: Any = None) -> Any:
    return np.ones(shape, dtype=_np_dtype(dtype))


def zeros(shape: Any, dtype: Any = None) -> Any:
    return np.zeros(shape, dtype=_np_dtype(dtype))
