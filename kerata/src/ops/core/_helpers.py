"""Helpers for the symbolic calls of `kerata.ops.core`.
"""

from __future__ import annotations
import math as _math
from typing import Any
from kerata.src import backend
from kerata.src import tree
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op
from kerata.src.ops.core.conversion import convert_to_tensor
from kerata.src.ops.core.conversion import convert_to_numpy
from kerata.src.ops.core.conversion import _cast_spec
from kerata.src.ops.core.conversion import cast
from kerata.src.ops.core.conversion import is_tensor
from kerata.src.ops.core.conversion import shape
from kerata.src.ops.core.conversion import dtype
from kerata.src.ops.core.conversion import saturate_cast
from kerata.src.ops.core.control_flow import _output_spec
from kerata.src.ops.core.control_flow import _branch_spec
from kerata.src.ops.core.control_flow import _cond_spec
from kerata.src.ops.core.control_flow import cond
from kerata.src.ops.core.control_flow import _switch_spec
from kerata.src.ops.core.control_flow import switch
from kerata.src.ops.core.control_flow import _check_scan_args
from kerata.src.ops.core.control_flow import _scan_spec
from kerata.src.ops.core.control_flow import scan
from kerata.src.ops.core.control_flow import _associative_scan_spec
from kerata.src.ops.core.control_flow import associative_scan
from kerata.src.ops.core.control_flow import _map_spec
from kerata.src.ops.core.control_flow import map
from kerata.src.ops.core.control_flow import _vectorized_map_spec
from kerata.src.ops.core.control_flow import vectorized_map
from kerata.src.ops.core.control_flow import _while_loop_spec
from kerata.src.ops.core.control_flow import while_loop
from kerata.src.ops.core.control_flow import _fori_loop_spec
from kerata.src.ops.core.control_flow import fori_loop
from kerata.src.ops.core.control_flow import stop_gradient
from kerata.src.ops.core.control_flow import custom_gradient
from kerata.src.ops.core.slicing import _slice_spec
from kerata.src.ops.core.slicing import slice
from kerata.src.ops.core.slicing import slice_update
from kerata.src.ops.core.slicing import _nested_shape
from kerata.src.ops.core.slicing import _scatter_spec
from kerata.src.ops.core.slicing import scatter
from kerata.src.ops.core.slicing import _shape_of
from kerata.src.ops.core.slicing import _check_scatter_shapes
from kerata.src.ops.core.slicing import _REDUCTIONS
from kerata.src.ops.core.slicing import scatter_update
from kerata.src.ops.core.slicing import _unstack_axis
from kerata.src.ops.core.slicing import _unstack_spec
from kerata.src.ops.core.slicing import unstack


# --- helpers for symbolic calls ---------------------------------------------
def _spec(x: Any) -> Any:
    """A KerasTensor with the shape and dtype of `x` (symbolic or real)."""
    return backend.KerasTensor(
        tuple(x.shape), dtype=backend.standardize_dtype(x.dtype)
    )


def _row_spec(x: Any) -> Any:
    """The spec of one slice `x[i]` along the leading axis."""
    return backend.KerasTensor(
        tuple(x.shape[1:]), dtype=backend.standardize_dtype(x.dtype)
    )


def _stacked_spec(y: Any, n: Any) -> Any:
    """`y`'s specs with a leading axis of size `n` added."""
    return tree.map_structure(
        lambda t: (
            None
            if t is None
            else backend.KerasTensor((n,) + tuple(t.shape), dtype=t.dtype)
        ),
        y,
    )


def _leading_size(xs: Any) -> Any:
    return tree.flatten(xs)[0].shape[0]


def _check_callable(value: Any, name: str) -> None:
    if not callable(value):
        raise TypeError(
            f"`{name}` must be a callable. Received: {name}={value!r} of "
            f"type {type(value).__name__}."
        )


def _same_specs(a: Any, b: Any) -> bool:
    try:
        tree.assert_same_structure(a, b)
    except (ValueError, TypeError):
        return False
    return all(
        (x is None and y is None)
        or (
            x is not None
            and y is not None
            and tuple(x.shape) == tuple(y.shape)
            and x.dtype == y.dtype
        )
        for x, y in zip(tree.flatten(a), tree.flatten(b))
    )
