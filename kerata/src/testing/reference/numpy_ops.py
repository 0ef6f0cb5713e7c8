"""Plain-NumPy references for kerata's NumPy-like ops, and the dtype-table
harness shared by the golden dtype tests.

Nothing here imports kerata. `dtype_table` takes an ops module (kerata's or
Keras's) as an argument, so the same cases produce the golden table from
Keras 3 and the table that kerata's tests compare against it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

DTYPES = (
    "bool",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "int8",
    "int16",
    "int32",
    "int64",
    "bfloat16",
    "float16",
    "float32",
    "float64",
)
# Pairs for binary ops: each unordered pair once, from a shorter list.
PAIR_DTYPES = (
    "bool",
    "uint8",
    "uint32",
    "int8",
    "int16",
    "int32",
    "int64",
    "bfloat16",
    "float16",
    "float32",
    "float64",
)
PAIRS = tuple(
    (a, b)
    for i, a in enumerate(PAIR_DTYPES)
    for b in PAIR_DTYPES[i:]
)


def _name(x: Any) -> str:
    dtype = getattr(x, "dtype", None)
    if dtype is None:  # a Python value, e.g. the int from `size`
        return type(x).__name__
    name = getattr(dtype, "name", None)
    if not isinstance(name, str):
        name = str(dtype).replace("torch.", "")
    return {"bool_": "bool"}.get(name, name)


def dtype_table(
    ops: Any,
    unary: dict | None = None,
    binary: dict | None = None,
    nullary: dict | None = None,
    dtypes: tuple = DTYPES,
    pairs: tuple = PAIRS,
    on_error: Callable[[str, str, Exception], None] | None = None,
) -> dict:
    """Output dtypes of each case, as `{op: {key: dtype}}`.

    `unary[op](ops, make, dtype)`, `binary[op](ops, make, d1, d2)` and
    `nullary[op][label](ops)` return one tensor (or a tuple: the first
    item counts); `make(shape, dtype)` builds a tensor of ones. Keys are
    the dtype, "d1,d2", or the nullary label. A case that raises is left
    out, after `on_error(op, key, error)` if given.
    """

    def make(shape: tuple, dtype: str) -> Any:
        return ops.ones(shape, dtype=dtype)

    def record(op: str, key: str, fn: Callable[[], Any]) -> None:
        try:
            out = fn()
        except Exception as e:  # noqa: BLE001 - cases may be invalid
            if on_error is not None:
                on_error(op, key, e)
            return
        if isinstance(out, (tuple, list)):
            out = out[0]
        table.setdefault(op, {})[key] = _name(out)

    table: dict = {}
    for op, fn in (unary or {}).items():
        for d in dtypes:
            record(op, d, lambda fn=fn, d=d: fn(ops, make, d))
    for op, fn in (binary or {}).items():
        for d1, d2 in pairs:
            record(
                op,
                f"{d1},{d2}",
                lambda fn=fn, d1=d1, d2=d2: fn(ops, make, d1, d2),
            )
    for op, labelled in (nullary or {}).items():
        for label, fn in labelled.items():
            record(op, label, lambda fn=fn: fn(ops))
    return table


def keras_dtype_table(**kwargs: Any) -> dict:
    """`dtype_table` run on Keras 3 with the JAX backend and x64 enabled
    (Keras's documented dtype behaviour). Needs keras and jax."""
    import os

    os.environ["KERAS_BACKEND"] = "jax"
    import jax

    jax.config.update("jax_enable_x64", True)
    import keras

    return dtype_table(keras.ops, **kwargs)


# --- value references ---------------------------------------------------


def np_quantile(x: np.ndarray, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False) -> np.ndarray:
    return np.quantile(x, q, axis=axis, method=method, keepdims=keepdims)
