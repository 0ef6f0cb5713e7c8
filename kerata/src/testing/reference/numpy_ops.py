"""The dtype-table harness of the golden dtype tests of kerata's NumPy-like
ops (their values are checked against NumPy itself).

Nothing here imports kerata. `dtype_table` takes an ops module (kerata's or
Keras's) as an argument, so the same cases produce the golden table from
Keras 3 and the table that kerata's tests compare against it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Keras 3 defines its dtype behaviour as JAX's with 64-bit types disabled,
# and tests only the dtypes below; kerata's tests add 64-bit cases by hand.
DTYPES = (
    "bool",
    "uint8",
    "uint16",
    "uint32",
    "int8",
    "int16",
    "int32",
    "bfloat16",
    "float16",
    "float32",
)
# Pairs for binary ops: each unordered pair once.
PAIR_DTYPES = (
    "bool",
    "uint8",
    "uint32",
    "int8",
    "int16",
    "int32",
    "bfloat16",
    "float16",
    "float32",
)
PAIRS = tuple(
    (a, b) for i, a in enumerate(PAIR_DTYPES) for b in PAIR_DTYPES[i:]
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
    make: Callable[[tuple, str], Any] | None = None,
) -> dict:
    """Output dtypes of each case, as `{op: {key: dtype}}`.

    `unary[op](ops, make, dtype)`, `binary[op](ops, make, d1, d2)` and
    `nullary[op][label](ops)` return one tensor (or a tuple: the first
    item counts); `make(shape, dtype)` builds an input, by default a
    tensor of ones. Keys are the dtype, "d1,d2", or the nullary label. A
    case that raises is left out, after `on_error(op, key, error)` if
    given.
    """

    def ones(shape: tuple, dtype: str) -> Any:
        return ops.ones(shape, dtype=dtype)

    make = make or ones

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
    """`dtype_table` run on Keras 3 with the JAX backend in its default
    32-bit mode, which defines Keras's dtype rules. Needs keras and jax."""
    import os
    import sys

    os.environ["KERAS_BACKEND"] = "jax"
    os.environ["JAX_ENABLE_X64"] = "0"
    jax = sys.modules.get("jax")
    if jax is not None and jax.config.jax_enable_x64:
        raise RuntimeError(
            "JAX runs in 64-bit mode in this process (kerata's jax backend "
            "turns it on); generate golden tables with KERATA_BACKEND=torch "
            "or numpy."
        )
    import keras

    return dtype_table(keras.ops, **kwargs)


# Unsigned types that some frameworks (torch) store but barely compute on;
# tests skip them where a backend lacks the kernels.
OPTIONAL_DTYPES = ("uint16", "uint32", "uint64")


def supports(ops: Any, dtype: str) -> bool:
    """Whether `ops` computes on `dtype` (always True outside
    OPTIONAL_DTYPES)."""
    if dtype not in OPTIONAL_DTYPES:
        return True
    try:
        x = ops.ones((2,), dtype=dtype)
        ops.max(x)
        ops.flip(x)
    except Exception:  # noqa: BLE001 - a missing kernel raises anything
        return False
    return True


def golden_mismatches(
    ops: Any,
    op: str,
    expected: dict,
    unary: dict | None = None,
    binary: dict | None = None,
    nullary: dict | None = None,
    make: Callable[[tuple, str], Any] | None = None,
) -> list:
    """Compares `op`'s output dtypes under `ops` with a golden table row;
    returns a list of readable mismatches (empty when all agree).

    `make(shape, dtype)` builds the inputs (see `dtype_table`); symbolic
    inputs check the dtype inference, which runs the same backend code
    without computing."""

    def ok(key: str) -> bool:
        return all(supports(ops, d) for d in key.split(",") if d in DTYPES)

    errors: dict = {}
    got = dtype_table(
        ops,
        unary={op: unary[op]} if unary and op in unary else None,
        binary={op: binary[op]} if binary and op in binary else None,
        nullary={op: nullary[op]} if nullary and op in nullary else None,
        dtypes=tuple(d for d in DTYPES if d in expected and ok(d)),
        pairs=tuple(
            p for p in PAIRS if ",".join(p) in expected and ok(",".join(p))
        ),
        on_error=lambda _, key, error: errors.__setitem__(key, error),
        make=make,
    ).get(op, {})
    problems = []
    for key, want in expected.items():
        if not ok(key):
            continue
        have = got.get(key)
        if have != want:
            detail = have if key not in errors else repr(errors[key])
            problems.append(f"{op}[{key}]: got {detail}, expected {want}")
    return problems


def write_golden(path: str, **cases: Any) -> None:
    """Regenerates a golden dtype table from Keras 3 (needs keras, jax)."""
    import json

    table = keras_dtype_table(**cases)
    with open(path, "w") as f:
        json.dump(table, f, indent=1, sort_keys=True)
        f.write("\n")
