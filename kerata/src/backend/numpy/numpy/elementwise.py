"""numpy backend: elementwise math and logic.

Result dtypes follow Keras 3 (see `_common`). NumPy's floating-point
warnings (division by zero, log of a negative, overflow) are silenced,
since the other backends return inf or NaN without a word.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src.backend.numpy.core import convert_to_tensor
from kerata.src.backend.numpy.numpy._common import _dtype_of
from kerata.src.backend.numpy.numpy._common import _floating
from kerata.src.backend.numpy.numpy._common import _inexact2
from kerata.src.backend.numpy.numpy._common import _name
from kerata.src.backend.numpy.numpy._common import _promote2
from kerata.src.backend.numpy.numpy._common import _result_dtype
from kerata.src.backend.numpy.numpy._common import _weak2

_quiet = np.errstate(all="ignore")


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
        return x1.astype("int32"), np.asarray(x2).astype("int32")
    return x1, x2


def _array(x: Any) -> Any:
    return convert_to_tensor(x)


# --- arithmetic ---------------------------------------------------------
@_quiet
def add(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    return np.add(x1, x2)


@_quiet
def subtract(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    _no_bool("subtract", np.asarray(x1))
    return np.subtract(x1, x2)


@_quiet
def multiply(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    return np.multiply(x1, x2)


@_quiet
def divide(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2)
    return np.divide(x1, x2)


def true_divide(x1: Any, x2: Any) -> Any:
    return divide(x1, x2)


@_quiet
def divide_no_nan(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2)
    zero = x2 == 0
    quotient = np.divide(x1, np.where(zero, np.ones_like(x2), x2))
    return np.where(zero, np.zeros_like(quotient), quotient)


@_quiet
def floor_divide(x1: Any, x2: Any) -> Any:
    x1, x2 = _bool_to_int32(*_weak2(x1, x2))
    return np.floor_divide(x1, x2)


@_quiet
def mod(x1: Any, x2: Any) -> Any:
    x1, x2 = _bool_to_int32(*_weak2(x1, x2))
    return np.mod(x1, x2)


@_quiet
def power(x1: Any, x2: Any) -> Any:
    x1, x2 = _bool_to_int32(*_weak2(x1, x2))
    return np.power(x1, x2)


def maximum(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    return np.maximum(x1, x2)


def minimum(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    return np.minimum(x1, x2)


def negative(x: Any) -> Any:
    return np.negative(_no_bool("negative", _array(x)))


def absolute(x: Any) -> Any:
    x = _array(x)
    if x.dtype == bool:  # bools are their own absolute value
        return x
    return np.absolute(x)


abs = absolute


def sign(x: Any) -> Any:
    return np.sign(_no_bool("sign", _array(x)))


def square(x: Any) -> Any:
    x = _array(x)
    if x.dtype == bool:
        x = x.astype("int32")
    return np.square(x)


@_quiet
def reciprocal(x: Any) -> Any:
    return np.reciprocal(_floating(x))


def clip(x: Any, x_min: Any, x_max: Any) -> Any:
    x = _no_complex("clip", _array(x))
    if x.dtype == bool:
        x = x.astype("int32")
    bounds = [b for b in (x_min, x_max) if b is not None]
    out = _result_dtype(x.dtype, *(_dtype_of(b) for b in bounds))
    x = convert_to_tensor(x, out)
    # maximum/minimum rather than np.clip, which has no bfloat16 loop.
    if x_min is not None:
        x = np.maximum(x, convert_to_tensor(x_min, out))
    if x_max is not None:
        x = np.minimum(x, convert_to_tensor(x_max, out))
    return x


# --- exponents, logarithms, trigonometry ---------------------------------
@_quiet
def sqrt(x: Any) -> Any:
    return np.sqrt(_floating(x))


def cbrt(x: Any) -> Any:
    return np.cbrt(_no_complex("cbrt", _floating(x)))


@_quiet
def exp(x: Any) -> Any:
    return np.exp(_floating(x))


@_quiet
def exp2(x: Any) -> Any:
    return np.exp2(_floating(x))


@_quiet
def expm1(x: Any) -> Any:
    return np.expm1(_floating(x))


@_quiet
def log(x: Any) -> Any:
    return np.log(_floating(x))


@_quiet
def log10(x: Any) -> Any:
    return np.log10(_floating(x))


@_quiet
def log1p(x: Any) -> Any:
    return np.log1p(_floating(x))


@_quiet
def log2(x: Any) -> Any:
    return np.log2(_floating(x))


@_quiet
def logaddexp(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2, strong_scalars=True)
    return np.logaddexp(x1, x2)


@_quiet
def logaddexp2(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2, strong_scalars=True)
    return np.logaddexp2(x1, x2)


@_quiet
def sin(x: Any) -> Any:
    return np.sin(_floating(x))


@_quiet
def cos(x: Any) -> Any:
    return np.cos(_floating(x))


@_quiet
def tan(x: Any) -> Any:
    return np.tan(_floating(x))


@_quiet
def arcsin(x: Any) -> Any:
    return np.arcsin(_floating(x))


@_quiet
def arccos(x: Any) -> Any:
    return np.arccos(_floating(x))


def arctan(x: Any) -> Any:
    return np.arctan(_floating(x))


def arctan2(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2, strong_scalars=True)
    return np.arctan2(x1, x2)


@_quiet
def sinh(x: Any) -> Any:
    return np.sinh(_floating(x))


@_quiet
def cosh(x: Any) -> Any:
    return np.cosh(_floating(x))


def tanh(x: Any) -> Any:
    return np.tanh(_floating(x))


@_quiet
def arcsinh(x: Any) -> Any:
    return np.arcsinh(_floating(x))


@_quiet
def arccosh(x: Any) -> Any:
    return np.arccosh(_floating(x))


@_quiet
def arctanh(x: Any) -> Any:
    return np.arctanh(_floating(x))


@_quiet
def hypot(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2)
    return np.hypot(x1, x2)


def heaviside(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2)
    return np.heaviside(x1, x2)


def deg2rad(x: Any) -> Any:
    x = _floating(x)
    if x.dtype.kind == "c":
        return x * np.asarray(np.pi / 180.0, dtype=x.real.dtype)
    return np.deg2rad(x)


# --- rounding -------------------------------------------------------------
def ceil(x: Any) -> Any:
    return np.ceil(_no_complex("ceil", _floating(x)))


def floor(x: Any) -> Any:
    return np.floor(_no_complex("floor", _floating(x)))


def trunc(x: Any) -> Any:
    x = _no_complex("trunc", _array(x))
    if x.dtype == bool or x.dtype.kind in "iu":
        return x
    return np.trunc(x)


@_quiet
def round(x: Any, decimals: int = 0) -> Any:
    x = _no_bool("round", _array(x))
    if x.dtype.kind in "iu" and decimals >= 0:  # ints hold no fractions
        return x
    return np.round(x, decimals)


# --- complex numbers ------------------------------------------------------
def conjugate(x: Any) -> Any:
    x = _array(x)
    return np.conjugate(x) if x.dtype.kind == "c" else x


conj = conjugate


def real(x: Any) -> Any:
    return np.real(_array(x))


def imag(x: Any) -> Any:
    return np.imag(_array(x))


def angle(x: Any) -> Any:
    x = _floating(x)
    out = x.real.dtype  # complex64 -> float32; floats keep their dtype
    return np.angle(x).astype(out)


# --- predicates and cleaning ----------------------------------------------
def signbit(x: Any) -> Any:
    return np.signbit(_no_complex("signbit", _array(x)))


def isfinite(x: Any) -> Any:
    return np.isfinite(_array(x))


def isinf(x: Any) -> Any:
    return np.isinf(_array(x))


def isnan(x: Any) -> Any:
    return np.isnan(_array(x))


def isneginf(x: Any) -> Any:
    return np.isneginf(_no_complex("isneginf", _array(x)))


def isposinf(x: Any) -> Any:
    return np.isposinf(_no_complex("isposinf", _array(x)))


@_quiet
def isclose(
    x1: Any,
    x2: Any,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    equal_nan: bool = False,
) -> Any:
    x1, x2 = _promote2(x1, x2)
    if _name(x1.dtype) == "bool" or x1.dtype.kind in "iu":
        return np.equal(x1, x2)
    return np.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def nan_to_num(
    x: Any,
    nan: float = 0.0,
    posinf: float | None = None,
    neginf: float | None = None,
) -> Any:
    x = _array(x)
    if x.dtype == bool or x.dtype.kind in "iu":
        return x
    return np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


# --- comparisons ----------------------------------------------------------
def _compare(op: Any, x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    return op(x1, x2)


def equal(x1: Any, x2: Any) -> Any:
    return _compare(np.equal, x1, x2)


def not_equal(x1: Any, x2: Any) -> Any:
    return _compare(np.not_equal, x1, x2)


def greater(x1: Any, x2: Any) -> Any:
    return _compare(np.greater, x1, x2)


def greater_equal(x1: Any, x2: Any) -> Any:
    return _compare(np.greater_equal, x1, x2)


def less(x1: Any, x2: Any) -> Any:
    return _compare(np.less, x1, x2)


def less_equal(x1: Any, x2: Any) -> Any:
    return _compare(np.less_equal, x1, x2)


# --- logic and bits -------------------------------------------------------
def logical_and(x1: Any, x2: Any) -> Any:
    return np.logical_and(_array(x1), _array(x2))


def logical_or(x1: Any, x2: Any) -> Any:
    return np.logical_or(_array(x1), _array(x2))


def logical_xor(x1: Any, x2: Any) -> Any:
    return np.logical_xor(_array(x1), _array(x2))


def logical_not(x: Any) -> Any:
    return np.logical_not(_array(x))


def _bitwise(name: str, op: Any, x: Any, y: Any) -> Any:
    x, y = _weak2(x, y)
    _integer(name, np.asarray(x))
    _integer(name, np.asarray(y))
    return op(x, y)


def bitwise_and(x: Any, y: Any) -> Any:
    return _bitwise("bitwise_and", np.bitwise_and, x, y)


def bitwise_or(x: Any, y: Any) -> Any:
    return _bitwise("bitwise_or", np.bitwise_or, x, y)


def bitwise_xor(x: Any, y: Any) -> Any:
    return _bitwise("bitwise_xor", np.bitwise_xor, x, y)


def bitwise_invert(x: Any) -> Any:
    return np.invert(_integer("bitwise_invert", _array(x)))


def bitwise_not(x: Any) -> Any:
    return np.invert(_integer("bitwise_not", _array(x)))


def bitwise_left_shift(x: Any, y: Any) -> Any:
    return _bitwise("bitwise_left_shift", np.left_shift, x, y)


def left_shift(x: Any, y: Any) -> Any:
    return bitwise_left_shift(x, y)


def bitwise_right_shift(x: Any, y: Any) -> Any:
    return _bitwise("bitwise_right_shift", np.right_shift, x, y)


def right_shift(x: Any, y: Any) -> Any:
    return bitwise_right_shift(x, y)


# --- selection ------------------------------------------------------------
def _condition(condition: Any) -> Any:
    return _array(condition).astype(bool)


def where(condition: Any, x1: Any = None, x2: Any = None) -> Any:
    condition = _condition(condition)
    if x1 is None and x2 is None:
        return tuple(i.astype("int32") for i in np.nonzero(condition))
    x1, x2 = _promote2(x1, x2)
    return np.where(condition, x1, x2)


def select(condlist: Any, choicelist: Any, default: Any = 0) -> Any:
    out_dtype = _result_dtype(
        *(_dtype_of(c) for c in choicelist), _dtype_of(default)
    )
    out = convert_to_tensor(default, out_dtype)
    for condition, choice in zip(reversed(condlist), reversed(choicelist)):
        choice = convert_to_tensor(choice, out_dtype)
        out = np.where(_condition(condition), choice, out)
    return out
