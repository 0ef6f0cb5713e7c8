"""Helpers for the symbolic calls of `kerata.ops.core`."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import tree


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
