from __future__ import annotations

from typing import Any

from kerata.src.backend.common import dtypes
from kerata.src.backend.jax.core import convert_to_tensor


def _promote2(x1: Any, x2: Any) -> tuple:
    d1 = _dtype_of(x1)
    d2 = _dtype_of(x2)
    out = dtypes.result_type(d1, d2)
    return convert_to_tensor(x1, out), convert_to_tensor(x2, out)


def _dtype_of(x: Any) -> Any:
    if isinstance(x, (bool, int, float, complex)):
        return type(x)
    if hasattr(x, "dtype"):
        return x.dtype
    return convert_to_tensor(x).dtype
