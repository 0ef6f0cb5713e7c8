"""Public ops: `kerata.ops.numpy`, tensor creation."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export


@kerata_export("kerata.ops.ones", "kerata.ops.numpy.ones")
def ones(shape: Any, dtype: Any = None) -> Any:
    """A tensor of ones.

    Example:

    >>> kerata.ops.convert_to_numpy(kerata.ops.ones((2,))).tolist()
    [1.0, 1.0]
    """
    return backend.numpy.ones(shape, dtype=dtype)


@kerata_export("kerata.ops.zeros", "kerata.ops.numpy.zeros")
def zeros(shape: Any, dtype: Any = None) -> Any:
    """A tensor of zeros.

    Example:

    >>> kerata.ops.convert_to_numpy(kerata.ops.zeros((2,))).tolist()
    [0.0, 0.0]
    """
    return backend.numpy.zeros(shape, dtype=dtype)
