"""Shared machinery for inferring output specs without real data.

Each backend's `compute_output_spec` supplies how to make a placeholder
tensor from a KerasTensor and how to read a result back. Unknown (None)
dimensions are filled with two different sizes; output dimensions that
change between the two runs are unknown too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kerata.src import tree
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.backend.common.stateless_scope import StatelessScope

FILLS = (83, 89)


def run_symbolic(
    fn: Callable,
    args: tuple,
    kwargs: dict,
    make_placeholder: Callable[[KerasTensor, int], Any],
    is_tensor: Callable[[Any], bool],
    to_spec: Callable[[Any], KerasTensor],
    run: Callable[[Callable], Any] | None = None,
) -> Any:
    def run_with(fill: int) -> Any:
        a, k = tree.map_structure(
            lambda x: (
                make_placeholder(x, fill) if isinstance(x, KerasTensor) else x
            ),
            (args, kwargs),
        )

        def call():
            with StatelessScope():
                return fn(*a, **k)

        out = run(call) if run is not None else call()
        return tree.map_structure(
            lambda y: to_spec(y) if is_tensor(y) else y, out
        )

    return infer_with_fills(run_with, tree.flatten((args, kwargs)))


def infer_with_fills(run_with: Callable[[int], Any], leaves: list) -> Any:
    """Runs `run_with(fill)` once, or twice with different fills when an
    input has unknown dimensions; output dimensions that differ between
    the two runs are unknown (None)."""
    first = run_with(FILLS[0])
    if not any(isinstance(x, KerasTensor) and None in x.shape for x in leaves):
        return first
    return tree.map_structure(_merge, first, run_with(FILLS[1]))


def _merge(a: Any, b: Any) -> Any:
    if not isinstance(a, KerasTensor):
        return a
    shape = tuple(da if da == db else None for da, db in zip(a.shape, b.shape))
    return KerasTensor(shape, dtype=a.dtype, sparse=a.sparse)


def placeholder_shape(x: KerasTensor, fill: int) -> tuple:
    return tuple(fill if d is None else d for d in x.shape)
