"""Public ops: `kerata.ops.numpy`."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op


@kerata_export("kerata.ops.add", "kerata.ops.numpy.add")
@symbolic_op
def add(x1: Any, x2: Any) -> Any:
    """Adds two tensors elementwise, with broadcasting.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        The elementwise sum, of dtype `result_type(x1, x2)`.

    Example:

    >>> kerata.ops.convert_to_numpy(kerata.ops.add([1, 2], [3, 4])).tolist()
    [4, 6]
    """
    return backend.numpy.add(x1, x2)


@kerata_export("kerata.ops.matmul", "kerata.ops.numpy.matmul")
@symbolic_op
def matmul(x1: Any, x2: Any) -> Any:
    """Matrix product of two tensors, batched over leading axes.

    Example:

    >>> a = kerata.ops.ones((2, 3))
    >>> b = kerata.ops.ones((3, 4))
    >>> tuple(kerata.ops.matmul(a, b).shape)
    (2, 4)
    """
    return backend.numpy.matmul(x1, x2)


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
