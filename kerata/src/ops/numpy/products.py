"""Public ops: `kerata.ops.numpy`, matrix and tensor products."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op


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
