"""Public ops: `kerata.ops.numpy`, elementwise math and logic."""

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
