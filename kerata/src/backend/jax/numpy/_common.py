"""Helpers shared by the jax backend's NumPy-like modules: operands
converted and promoted the way Keras 3 types its results.

kerata runs JAX with 64-bit types enabled, so JAX's own promotion would
turn `int8 + 1.0` into float64; results are typed here instead.
"""

from __future__ import annotations

from typing import Any

import jax

from kerata.src.backend.common import config
from kerata.src.backend.common import dtypes
from kerata.src.backend.jax.core import Variable
from kerata.src.backend.jax.core import convert_to_tensor

_Array = jax.Array
# Order of kinds: a Python scalar of a kind at most the array's is "weak"
# and takes the array's dtype, as in Keras (and JAX).
_SCALAR_KIND = {bool: 0, int: 1, float: 2, complex: 3}


def _promote2(x1: Any, x2: Any) -> tuple:
    """Both operands as arrays of Keras's result dtype; two arrays of one
    dtype pass through."""
    if isinstance(x1, _Array) and isinstance(x2, _Array):
        if x1.dtype == x2.dtype:
            return x1, x2
    out = _result_dtype(_dtype_of(x1), _dtype_of(x2))
    return convert_to_tensor(x1, out), convert_to_tensor(x2, out)


def _weak2(x1: Any, x2: Any) -> tuple:
    """Operands for a `jnp` function: Python ints and floats the array
    holds without promotion pass through (JAX treats them as weak, as
    Keras does); otherwise both become arrays of the result dtype."""
    if isinstance(x1, _Array):
        if isinstance(x2, _Array):
            if x1.dtype == x2.dtype:
                return x1, x2
        elif type(x2) is int or type(x2) is float:
            if _SCALAR_KIND[type(x2)] <= _kind(_name(x1.dtype)):
                return x1, x2
    return _promote2(x1, x2)


def _inexact2(x1: Any, x2: Any, strong_scalars: bool = False) -> tuple:
    """Both operands as arrays of `result_type(x1, x2, float)`: floats keep
    their dtype, ints and bools become floatx.

    `strong_scalars` types Python scalars as `convert_to_tensor` would
    (int32, floatx) rather than as weak values; Keras does so for
    `arctan2` and `logaddexp`.
    """
    if strong_scalars:
        x1 = convert_to_tensor(x1)
        x2 = convert_to_tensor(x2)
    out = _result_dtype(_dtype_of(x1), _dtype_of(x2), float)
    return convert_to_tensor(x1, out), convert_to_tensor(x2, out)


def _floating(x: Any) -> Any:
    """`x` as an array for a float function: float and complex arrays
    pass through; ints and bools become floatx."""
    x = convert_to_tensor(x)
    if _kind(_name(x.dtype)) >= 2:
        return x
    return convert_to_tensor(x, config.floatx())


def _result_dtype(*types: Any) -> Any:
    """Keras's dtype for combining `types` (dtypes, or Python types
    standing for scalars).

    Arrays that share a dtype keep it, and so do weak scalars of a kind
    that dtype holds; `dtypes.result_type` alone would narrow a 64-bit
    dtype to 32 bits.
    """
    named = [t if _is_scalar_type(t) else _name(t) for t in types]
    arrays = {t for t in named if isinstance(t, str)}
    if len(arrays) == 1:
        (only,) = arrays
        kind = _kind(only)
        if all(_SCALAR_KIND.get(t, 0) <= kind for t in named):
            return only
    return dtypes.result_type(*named)


def _is_scalar_type(t: Any) -> bool:
    return isinstance(t, type) and t in _SCALAR_KIND


def _name(dtype: Any) -> str:
    return dtypes.standardize_dtype(dtype)


def _kind(name: str) -> int:
    if name.startswith("complex"):
        return 3
    if "float" in name:
        return 2
    return 0 if name == "bool" else 1


def _dtype_of(x: Any) -> Any:
    if isinstance(x, (bool, int, float, complex)):
        return type(x)
    if isinstance(x, Variable):
        return x.dtype
    if hasattr(x, "dtype"):
        return x.dtype
    return convert_to_tensor(x).dtype
