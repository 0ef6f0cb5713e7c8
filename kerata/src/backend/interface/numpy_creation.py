"""The backend contract for `backend.numpy` (creation): one typed stub
per function.

Every backend's `numpy/creation.py` defines these names with these
parameters and defaults; the public ops in `kerata/src/ops/numpy/creation.py`
document them.
"""

from __future__ import annotations

from typing import Any


def ones(shape: Any, dtype: Any = None) -> Any: ...


def zeros(shape: Any, dtype: Any = None) -> Any: ...


def ones_like(x: Any, dtype: Any = None) -> Any: ...


def zeros_like(x: Any, dtype: Any = None) -> Any: ...


def full(shape: Any, fill_value: Any, dtype: Any = None) -> Any: ...


def full_like(x: Any, fill_value: Any, dtype: Any = None) -> Any: ...


def empty(shape: Any, dtype: Any = None) -> Any: ...


def eye(N: int, M: Any = None, k: int = 0, dtype: Any = None) -> Any: ...


def identity(n: int, dtype: Any = None) -> Any: ...


def arange(
    start: Any, stop: Any = None, step: Any = None, dtype: Any = None
) -> Any: ...


def linspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    retstep: bool = False,
    dtype: Any = None,
    axis: int = 0,
) -> Any: ...


def logspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    base: Any = 10,
    dtype: Any = None,
    axis: int = 0,
) -> Any: ...


def tri(N: int, M: Any = None, k: int = 0, dtype: Any = None) -> Any: ...


def tril(x: Any, k: int = 0) -> Any: ...


def triu(x: Any, k: int = 0) -> Any: ...


def diag(x: Any, k: int = 0) -> Any: ...


def diagflat(x: Any, k: int = 0) -> Any: ...


def meshgrid(*x: Any, indexing: str = "xy") -> Any: ...


def array(x: Any, dtype: Any = None) -> Any: ...


def copy(x: Any) -> Any: ...


def vander(x: Any, N: Any = None, increasing: bool = False) -> Any: ...


def hamming(x: Any) -> Any: ...


def hanning(x: Any) -> Any: ...


def bartlett(x: Any) -> Any: ...


def blackman(x: Any) -> Any: ...


def kaiser(x: Any, beta: Any) -> Any: ...
