"""Backend-neutral dtype names and Keras's type-promotion rules.

Dtypes are plain strings ("float32", "int64", ...). `result_type` follows
the lattice Keras 3 uses (the JAX lattice): Python scalars are "weak" and
take the other operand's type, and int64/uint64 combinations that have no
exact integer type go to a float.
"""

from __future__ import annotations

import functools
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.backend.common import config

ALLOWED_DTYPES = (
    "float16",
    "float32",
    "float64",
    "bfloat16",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "int8",
    "int16",
    "int32",
    "int64",
    "bool",
    "complex64",
    "complex128",
    "string",
)
FLOAT_TYPES = ("bfloat16", "float16", "float32", "float64")
INT_TYPES = (
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "int8",
    "int16",
    "int32",
    "int64",
)
COMPLEX_TYPES = ("complex64", "complex128")

_PYTHON_TYPES = {bool: "bool", int: "int64", float: "float32", str: "string"}
_ALIASES = {
    "float": "float32",
    "double": "float64",
    "half": "float16",
    "int": "int64",
    "long": "int64",
    "bool_": "bool",
    "cfloat": "complex64",
    "cdouble": "complex128",
}


@functools.lru_cache(maxsize=512)
def _standardize_hashable(dtype: Any) -> str:
    if dtype in _PYTHON_TYPES:
        return _PYTHON_TYPES[dtype]
    if isinstance(dtype, str):
        name = dtype
    elif hasattr(dtype, "name") and isinstance(dtype.name, str):
        name = dtype.name  # numpy and jax dtypes
    else:
        name = str(dtype)  # torch.float32 -> "torch.float32"
    if name.startswith("torch."):
        name = name[len("torch.") :]
    if name.startswith("<class 'numpy."):
        name = name[len("<class 'numpy.") : -2]
    name = _ALIASES.get(name, name)
    if name not in ALLOWED_DTYPES:
        raise ValueError(
            f"Invalid dtype: {dtype!r}. Expected one of {ALLOWED_DTYPES}."
        )
    return name


@kerata_export(
    "kerata.backend.standardize_dtype", "kerata.utils.standardize_dtype"
)
def standardize_dtype(dtype: Any = None) -> str:
    """Returns the dtype's standard string name; None means floatx.

    Accepts strings, Python types and NumPy, torch or JAX dtypes.

    Example:

    >>> import numpy as np
    >>> kerata.backend.standardize_dtype(np.int32)
    'int32'
    >>> kerata.backend.standardize_dtype(float)
    'float32'
    """
    if dtype is None:
        return config.floatx()
    if isinstance(dtype, str) and dtype in ALLOWED_DTYPES:
        return dtype
    try:
        return _standardize_hashable(dtype)
    except TypeError:  # unhashable
        return _standardize_hashable(str(dtype))


def is_float_dtype(dtype: Any) -> bool:
    return standardize_dtype(dtype) in FLOAT_TYPES


def is_int_dtype(dtype: Any) -> bool:
    return standardize_dtype(dtype) in INT_TYPES


# --- promotion lattice --------------------------------------------------
_WEAK_INT, _WEAK_FLOAT, _WEAK_COMPLEX = "int", "float", "complex"
_WEAK = (_WEAK_INT, _WEAK_FLOAT, _WEAK_COMPLEX)

# Each type lists the types directly above it.
_LATTICE = {
    "bool": ["int"],
    "uint8": ["int16", "uint16"],
    "uint16": ["int32", "uint32"],
    "uint32": ["int64", "uint64"],
    "uint64": ["float"],
    "int": ["uint8", "int8"],
    "int8": ["int16"],
    "int16": ["int32"],
    "int32": ["int64"],
    "int64": ["float"],
    "float": ["bfloat16", "float16", "complex"],
    "bfloat16": ["float32"],
    "float16": ["float32"],
    "float32": ["float64", "complex64"],
    "float64": ["complex128"],
    "complex": ["complex64"],
    "complex64": ["complex128"],
    "complex128": [],
}


def _upper_bounds() -> dict[str, frozenset]:
    result = {}
    for node in _LATTICE:
        seen = {node}
        stack = [node]
        while stack:
            for parent in _LATTICE[stack.pop()]:
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        result[node] = frozenset(seen)
    return result


_UPPER = _upper_bounds()


def _least_upper_bound(*nodes: str) -> str:
    common = frozenset.intersection(*(_UPPER[n] for n in nodes))
    # The least bound is the one every other common bound lies above.
    for candidate in common:
        if all(other in _UPPER[candidate] for other in common):
            return candidate
    raise ValueError(f"{nodes} have no common dtype.")


def _weak_kind(dtype: str) -> str:
    """The weak (Python-scalar) type of the same kind as `dtype`."""
    if dtype == "bool":
        return dtype
    if "float" in dtype:
        return _WEAK_FLOAT
    if "int" in dtype:
        return _WEAK_INT
    return _WEAK_COMPLEX


def _resolve(dtype: str) -> str:
    """A concrete type of `dtype`'s kind at floatx's precision."""
    bits = config.floatx()[-2:]
    if dtype == "bool":
        return dtype
    if dtype.startswith("u"):
        return "uint" + bits
    if dtype.startswith("i"):
        return "int" + bits
    return "float" + bits


# As in Keras 3 on its non-TensorFlow backends (JAX's default), a promoted
# result is never 64-bit.
_NARROW = {
    "int64": "int32",
    "uint64": "uint32",
    "float64": "float32",
    "complex128": "complex64",
}


def _dtype_and_weak(value: Any) -> tuple[str, bool]:
    if value is int:
        return "int64", True
    if value is float:
        return "float32", True
    return standardize_dtype(value), False


@functools.lru_cache(maxsize=2048)
def _result_type_cached(floatx: str, *dtypes: Any) -> str:
    pairs = [_dtype_and_weak(d) for d in dtypes]
    names = [name for name, _ in pairs]
    weak = [w for _, w in pairs]
    if len(pairs) == 1:
        out, out_weak = pairs[0]
    elif len(set(names)) == 1 and not all(weak):
        out, out_weak = names[0], False
    elif all(weak):
        out, out_weak = _least_upper_bound(*set(names)), True
    else:
        out = _least_upper_bound(*{_weak_kind(n) if w else n for n, w in pairs})
        out_weak = out in _WEAK
    if out_weak and out != "bool":
        out = _resolve(out)
    return _NARROW.get(out, out)


@kerata_export("kerata.backend.result_type", "kerata.ops.result_type")
def result_type(*dtypes: Any) -> str:
    """Returns the dtype that results from combining the given dtypes.

    Arguments are dtypes or the Python types `int` and `float`, which
    stand for Python scalars: a scalar adopts the other operand's type
    where it fits. `None` means floatx. As in Keras 3 (and JAX by default)
    a promoted result is at most 32 bits wide: `result_type("int64")` is
    "int32". kerata's ops skip promotion when both operands already share a
    dtype, so `add` of two float64 tensors stays float64.

    Example:

    >>> kerata.ops.result_type("int32", "float16")
    'float16'
    >>> kerata.ops.result_type("int8", float)
    'float32'
    >>> kerata.ops.result_type("float16", float)
    'float16'
    """
    if not dtypes:
        return config.floatx()
    keys = tuple(
        config.floatx()
        if d is None
        else d
        if d is int or d is float
        else standardize_dtype(d)
        for d in dtypes
    )
    return _result_type_cached(config.floatx(), *keys)
