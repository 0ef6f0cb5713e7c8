"""The backend contract for `backend.numpy` (products): one typed stub
per function.

Every backend's `numpy/products.py` defines these names with these
parameters and defaults; the public ops in `kerata/src/ops/numpy/products.py`
document them.
"""

from __future__ import annotations

from typing import Any


def matmul(x1: Any, x2: Any) -> Any: ...


def dot(x1: Any, x2: Any) -> Any: ...


def einsum(subscripts: str, *operands: Any, **kwargs: Any) -> Any: ...


def tensordot(x1: Any, x2: Any, axes: Any = 2) -> Any: ...


def inner(x1: Any, x2: Any) -> Any: ...


def outer(x1: Any, x2: Any) -> Any: ...


def vdot(x1: Any, x2: Any) -> Any: ...


def cross(
    x1: Any,
    x2: Any,
    axisa: int = -1,
    axisb: int = -1,
    axisc: int = -1,
    axis: Any = None,
) -> Any: ...


def kron(x1: Any, x2: Any) -> Any: ...


def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any: ...
