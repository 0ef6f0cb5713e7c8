"""The backend contract for `backend.numpy` (shape): one typed stub
per function.

Every backend's `numpy/shape.py` defines these names with these
parameters and defaults; the public ops in `kerata/src/ops/numpy/shape.py`
document them.
"""

from __future__ import annotations

from typing import Any


def reshape(x: Any, newshape: Any) -> Any: ...


def transpose(x: Any, axes: Any = None) -> Any: ...


def expand_dims(x: Any, axis: Any) -> Any: ...


def squeeze(x: Any, axis: Any = None) -> Any: ...


def concatenate(xs: Any, axis: Any = 0) -> Any: ...


def stack(x: Any, axis: int = 0) -> Any: ...


def hstack(xs: Any) -> Any: ...


def vstack(xs: Any) -> Any: ...


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> Any: ...


def tile(x: Any, repeats: Any) -> Any: ...


def repeat(x: Any, repeats: Any, axis: Any = None) -> Any: ...


def flip(x: Any, axis: Any = None) -> Any: ...


def roll(x: Any, shift: Any, axis: Any = None) -> Any: ...


def rot90(array: Any, k: int = 1, axes: Any = (0, 1)) -> Any: ...


def moveaxis(x: Any, source: Any, destination: Any) -> Any: ...


def swapaxes(x: Any, axis1: int, axis2: int) -> Any: ...


def broadcast_to(x: Any, shape: Any) -> Any: ...


def ravel(x: Any) -> Any: ...


def pad(
    x: Any, pad_width: Any, mode: str = "constant", constant_values: Any = None
) -> Any: ...


def append(x1: Any, x2: Any, axis: Any = None) -> Any: ...


def ndim(x: Any) -> int: ...


def size(x: Any) -> int: ...


def diff(a: Any, n: int = 1, axis: int = -1) -> Any: ...


def trapezoid(y: Any, x: Any = None, dx: Any = 1.0, axis: int = -1) -> Any: ...
