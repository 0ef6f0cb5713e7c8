"""jax backend: elementwise math and logic.

Result dtypes follow Keras 3 (see `_common`): same-dtype arrays and weak
Python scalars go straight to `jnp`; float functions turn ints and bools
into floatx.
"""

from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from kerata.src.backend.jax.core import convert_to_tensor
from kerata.src.backend.jax.numpy._common import _dtype_of
from kerata.src.backend.jax.numpy._common import _floating
from kerata.src.backend.jax.numpy._common import _inexact2
from kerata.src.backend.jax.numpy._common import _name
from kerata.src.backend.jax.numpy._common import _promote2
from kerata.src.backend.jax.numpy._common import _result_dtype
from kerata.src.backend.jax.numpy._common import _weak2


def _unsupported(name: str, x: Any, expected: str) -> TypeError:
    return TypeError(
        f"`{name}` does not support tensors of dtype {_name(x.dtype)}. "
        f"Expected {expected}."
    )


def _no_bool(name: str, x: Any) -> Any:
    if x.dtype == bool:
        raise _unsupported(name, x, "a numeric tensor")
    return x


def _no_complex(name: str, x: Any) -> Any:
    if x.dtype.kind == "c":
        raise _unsupported(name, x, "a real (not complex) tensor")
    return x


def _integer(name: str, x: Any) -> Any:
    if _name(x.dtype) != "bool" and x.dtype.kind not in "iu":
        raise _unsupported(name, x, "an integer or bool tensor")
    return x


def _bool_to_int32(x1: Any, x2: Any) -> tuple:
    # Keras computes arithmetic that bool has no meaning for in int32.
    if x1.dtype == bool:
        return x1.astype("int32"), jnp.asarray(x2).astype("int32")
    return x1, x2


def _array(x: Any) -> Any:
    return convert_to_tensor(x)


# --- arithmetic ---------------------------------------------------------
def add(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    return jnp.add(x1, x2)


def subtract(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    _no_bool("subtract", jnp.asarray(x1))
    return jnp.subtract(x1, x2)


def multiply(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    return jnp.multiply(x1, x2)


def divide(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2)
    return jnp.divide(x1, x2)


def true_divide(x1: Any, x2: Any) -> Any:
    return divide(x1, x2)


def divide_no_nan(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2)
    zero = x2 == 0
    quotient = jnp.divide(x1, jnp.where(zero, jnp.ones_like(x2), x2))
    return jnp.where(zero, jnp.zeros_like(quotient), quotient)


def floor_divide(x1: Any, x2: Any) -> Any:
    x1, x2 = _bool_to_int32(*_weak2(x1, x2))
    return jnp.floor_divide(x1, x2)


def mod(x1: Any, x2: Any) -> Any:
    x1, x2 = _bool_to_int32(*_weak2(x1, x2))
    return jnp.mod(x1, x2)


def power(x1: Any, x2: Any) -> Any:
    x1, x2 = _bool_to_int32(*_weak2(x1, x2))
    return jnp.power(x1, x2)


def maximum(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    return jnp.maximum(x1, x2)


def minimum(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    return jnp.minimum(x1, x2)


def negative(x: Any) -> Any:
    return jnp.negative(_no_bool("negative", _array(x)))


def absolute(x: Any) -> Any:
    x = _array(x)
    if x.dtype == bool:  # bools are their own absolute value
        return x
    return jnp.absolute(x)


abs = absolute


def sign(x: Any) -> Any:
    return jnp.sign(_no_bool("sign", _array(x)))


def square(x: Any) -> Any:
    x = _array(x)
    if x.dtype == bool:
        x = x.astype("int32")
    return jnp.square(x)


def reciprocal(x: Any) -> Any:
    return jnp.reciprocal(_floating(x))


def clip(x: Any, x_min: Any, x_max: Any) -> Any:
    x = _no_complex("clip", _array(x))
    if x.dtype == bool:
        x = x.astype("int32")
    bounds = [b for b in (x_min, x_max) if b is not None]
    out = _result_dtype(x.dtype, *(_dtype_of(b) for b in bounds))
    x = convert_to_tensor(x, out)
    x_min = None if x_min is None else convert_to_tensor(x_min, out)
    x_max = None if x_max is None else convert_to_tensor(x_max, out)
    return jnp.clip(x, x_min, x_max)


# --- exponents, logarithms, trigonometry ---------------------------------
def sqrt(x: Any) -> Any:
    return jnp.sqrt(_floating(x))


def cbrt(x: Any) -> Any:
    return jnp.cbrt(_no_complex("cbrt", _floating(x)))


def exp(x: Any) -> Any:
    return jnp.exp(_floating(x))


def exp2(x: Any) -> Any:
    return jnp.exp2(_floating(x))


def expm1(x: Any) -> Any:
    return jnp.expm1(_floating(x))


def log(x: Any) -> Any:
    return jnp.log(_floating(x))


def log10(x: Any) -> Any:
    return jnp.log10(_floating(x))


def log1p(x: Any) -> Any:
    return jnp.log1p(_floating(x))


def log2(x: Any) -> Any:
    return jnp.log2(_floating(x))


def logaddexp(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2, strong_scalars=True)
    return jnp.logaddexp(x1, x2)


def logaddexp2(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2, strong_scalars=True)
    return jnp.logaddexp2(x1, x2)


def sin(x: Any) -> Any:
    return jnp.sin(_floating(x))


def cos(x: Any) -> Any:
    return jnp.cos(_floating(x))


def tan(x: Any) -> Any:
    return jnp.tan(_floating(x))


def arcsin(x: Any) -> Any:
    return jnp.arcsin(_floating(x))


def arccos(x: Any) -> Any:
    return jnp.arccos(_floating(x))


def arctan(x: Any) -> Any:
    return jnp.arctan(_floating(x))


def arctan2(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2, strong_scalars=True)
    return jnp.arctan2(x1, x2)


def sinh(x: Any) -> Any:
    return jnp.sinh(_floating(x))


def cosh(x: Any) -> Any:
    return jnp.cosh(_floating(x))


def tanh(x: Any) -> Any:
    return jnp.tanh(_floating(x))


def arcsinh(x: Any) -> Any:
    return jnp.arcsinh(_floating(x))


def arccosh(x: Any) -> Any:
    return jnp.arccosh(_floating(x))


def arctanh(x: Any) -> Any:
    return jnp.arctanh(_floating(x))


def hypot(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2)
    return jnp.hypot(x1, x2)


def heaviside(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2)
    return jnp.heaviside(x1, x2)


def deg2rad(x: Any) -> Any:
    x = _floating(x)
    if x.dtype.kind == "c":
        return x * jnp.asarray(jnp.pi / 180.0, dtype=x.real.dtype)
    return jnp.deg2rad(x)


# --- rounding -------------------------------------------------------------
def ceil(x: Any) -> Any:
    return jnp.ceil(_no_complex("ceil", _floating(x)))


def floor(x: Any) -> Any:
    return jnp.floor(_no_complex("floor", _floating(x)))


def trunc(x: Any) -> Any:
    x = _no_complex("trunc", _array(x))
    if x.dtype == bool or x.dtype.kind in "iu":
        return x
    return jnp.trunc(x)


def round(x: Any, decimals: int = 0) -> Any:
    x = _no_bool("round", _array(x))
    if x.dtype.kind not in "iu":
        return jnp.round(x, decimals)
    if decimals >= 0:  # ints hold no fractional digits
        return x
    # jnp.round cannot round ints to tens; float64 holds them exactly.
    return jnp.round(x.astype("float64"), decimals).astype(x.dtype)


# --- complex numbers ------------------------------------------------------
def conjugate(x: Any) -> Any:
    x = _array(x)
    return jnp.conjugate(x) if x.dtype.kind == "c" else x


conj = conjugate


def real(x: Any) -> Any:
    return jnp.real(_array(x))


def imag(x: Any) -> Any:
    return jnp.imag(_array(x))


def angle(x: Any) -> Any:
    x = _floating(x)
    out = x.real.dtype  # complex64 -> float32; floats keep their dtype
    return jnp.angle(x).astype(out)


# --- predicates and cleaning ----------------------------------------------
def signbit(x: Any) -> Any:
    return jnp.signbit(_no_complex("signbit", _array(x)))


def isfinite(x: Any) -> Any:
    return jnp.isfinite(_array(x))


def isinf(x: Any) -> Any:
    return jnp.isinf(_array(x))


def isnan(x: Any) -> Any:
    return jnp.isnan(_array(x))


def isneginf(x: Any) -> Any:
    return jnp.isneginf(_no_complex("isneginf", _array(x)))


def isposinf(x: Any) -> Any:
    return jnp.isposinf(_no_complex("isposinf", _array(x)))


def isclose(
    x1: Any,
    x2: Any,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    equal_nan: bool = False,
) -> Any:
    x1, x2 = _promote2(x1, x2)
    if _name(x1.dtype) == "bool" or x1.dtype.kind in "iu":
        return jnp.equal(x1, x2)
    return jnp.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def nan_to_num(
    x: Any,
    nan: float = 0.0,
    posinf: float | None = None,
    neginf: float | None = None,
) -> Any:
    x = _array(x)
    if x.dtype == bool or x.dtype.kind in "iu":
        return x
    return jnp.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


# --- comparisons ----------------------------------------------------------
def _compare(op: Any, x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    return op(x1, x2)


def equal(x1: Any, x2: Any) -> Any:
    return _compare(jnp.equal, x1, x2)


def not_equal(x1: Any, x2: Any) -> Any:
    return _compare(jnp.not_equal, x1, x2)


def greater(x1: Any, x2: Any) -> Any:
    return _compare(jnp.greater, x1, x2)


def greater_equal(x1: Any, x2: Any) -> Any:
    return _compare(jnp.greater_equal, x1, x2)


def less(x1: Any, x2: Any) -> Any:
    return _compare(jnp.less, x1, x2)


def less_equal(x1: Any, x2: Any) -> Any:
    return _compare(jnp.less_equal, x1, x2)


# --- logic and bits -------------------------------------------------------
def logical_and(x1: Any, x2: Any) -> Any:
    return jnp.logical_and(_array(x1), _array(x2))


def logical_or(x1: Any, x2: Any) -> Any:
    return jnp.logical_or(_array(x1), _array(x2))


def logical_xor(x1: Any, x2: Any) -> Any:
    return jnp.logical_xor(_array(x1), _array(x2))


def logical_not(x: Any) -> Any:
    return jnp.logical_not(_array(x))


def _bitwise(name: str, op: Any, x: Any, y: Any) -> Any:
    x, y = _weak2(x, y)
    _integer(name, jnp.asarray(x))
    _integer(name, jnp.asarray(y))
    return op(x, y)


def bitwise_and(x: Any, y: Any) -> Any:
    return _bitwise("bitwise_and", jnp.bitwise_and, x, y)


def bitwise_or(x: Any, y: Any) -> Any:
    return _bitwise("bitwise_or", jnp.bitwise_or, x, y)


def bitwise_xor(x: Any, y: Any) -> Any:
    return _bitwise("bitwise_xor", jnp.bitwise_xor, x, y)


def bitwise_invert(x: Any) -> Any:
    return jnp.invert(_integer("bitwise_invert", _array(x)))


def bitwise_not(x: Any) -> Any:
    return jnp.invert(_integer("bitwise_not", _array(x)))


def bitwise_left_shift(x: Any, y: Any) -> Any:
    return _bitwise("bitwise_left_shift", jnp.left_shift, x, y)


def left_shift(x: Any, y: Any) -> Any:
    return bitwise_left_shift(x, y)


def bitwise_right_shift(x: Any, y: Any) -> Any:
    return _bitwise("bitwise_right_shift", jnp.right_shift, x, y)


def right_shift(x: Any, y: Any) -> Any:
    return bitwise_right_shift(x, y)


# --- selection ------------------------------------------------------------
def _condition(condition: Any) -> Any:
    return _array(condition).astype(bool)


def where(condition: Any, x1: Any = None, x2: Any = None) -> Any:
    condition = _condition(condition)
    if x1 is None and x2 is None:
        return tuple(i.astype("int32") for i in jnp.nonzero(condition))
    x1, x2 = _promote2(x1, x2)
    return jnp.where(condition, x1, x2)


def select(condlist: Any, choicelist: Any, default: Any = 0) -> Any:
    out_dtype = _result_dtype(
        *(_dtype_of(c) for c in choicelist), _dtype_of(default)
    )
    out = convert_to_tensor(default, out_dtype)
    for condition, choice in zip(reversed(condlist), reversed(choicelist)):
        choice = convert_to_tensor(choice, out_dtype)
        out = jnp.where(_condition(condition), choice, out)
    return out
