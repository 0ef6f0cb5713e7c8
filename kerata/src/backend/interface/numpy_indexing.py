"""The backend contract for `backend.numpy` (indexing): one typed stub
per function.

Every backend's `numpy/indexing.py` defines these names with these
parameters and defaults; the public ops in `kerata/src/ops/numpy/indexing.py`
document them.
"""

from __future__ import annotations

from typing import Any


def get_item(x: Any, key: Any) -> Any: ...


def take(x: Any, indices: Any, axis: Any = None) -> Any: ...


def take_along_axis(x: Any, indices: Any, axis: Any = None) -> Any: ...


def argsort(x: Any, axis: Any = -1) -> Any: ...


def sort(x: Any, axis: Any = -1) -> Any: ...


def argpartition(x: Any, kth: Any, axis: int = -1) -> Any: ...


def searchsorted(
    sorted_sequence: Any, values: Any, side: str = "left"
) -> Any: ...


def nonzero(x: Any) -> Any: ...


def unravel_index(indices: Any, shape: Any) -> Any: ...


def digitize(x: Any, bins: Any) -> Any: ...


def isin(
    x1: Any, x2: Any, assume_unique: bool = False, invert: bool = False
) -> Any: ...


def diagonal(
    x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1
) -> Any: ...
