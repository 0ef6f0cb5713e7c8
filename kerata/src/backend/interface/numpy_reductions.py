"""The backend contract for `backend.numpy` (reductions): one typed stub
per function.

Every backend's `numpy/reductions.py` defines these names with these
parameters and defaults; the public ops in `kerata/src/ops/numpy/reductions.py`
document them.
"""

from __future__ import annotations

from typing import Any


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def max(
    x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None
) -> Any: ...


def min(
    x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None
) -> Any: ...


def amax(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def amin(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def prod(
    x: Any, axis: Any = None, keepdims: bool = False, dtype: Any = None
) -> Any: ...


def var(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def std(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def all(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def any(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def argmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def argmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def cumsum(x: Any, axis: Any = None, dtype: Any = None) -> Any: ...


def cumprod(x: Any, axis: Any = None, dtype: Any = None) -> Any: ...


def quantile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any: ...


def median(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def average(x: Any, axis: Any = None, weights: Any = None) -> Any: ...


def count_nonzero(x: Any, axis: Any = None) -> Any: ...


def bincount(
    x: Any, weights: Any = None, minlength: int = 0, sparse: bool = False
) -> Any: ...


def histogram(x: Any, bins: int = 10, range: Any = None) -> Any: ...
