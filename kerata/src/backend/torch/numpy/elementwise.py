"""torch backend: elementwise math and logic.

Result dtypes follow Keras 3 (see `_common`): same-dtype tensors and
weak Python scalars take fast paths straight to torch; float functions
turn ints and bools into floatx.
"""

from __future__ import annotations

import math
from typing import Any

import torch

from kerata.src.backend.torch.core import convert_to_tensor
from kerata.src.backend.torch.numpy._common import _BOOL
from kerata.src.backend.torch.numpy._common import _floating
from kerata.src.backend.torch.numpy._common import _inexact2
from kerata.src.backend.torch.numpy._common import _promote2
from kerata.src.backend.torch.numpy._common import _result_dtype
from kerata.src.backend.torch.numpy._common import _scalar_or_dtype
from kerata.src.backend.torch.numpy._common import _tensor
from kerata.src.backend.torch.numpy._common import _unwrap
from kerata.src.backend.torch.numpy._common import _weak2

_Tensor = torch.Tensor
_INT32 = torch.int32
_NUMBERS = (int, float)


def _unsupported(name: str, x: Any, expected: str) -> TypeError:
    return TypeError(
        f"`{name}` does not support tensors of dtype "
        f"{str(x.dtype).replace('torch.', '')}. Expected {expected}."
    )


def _no_bool(name: str, x: Any) -> Any:
    if x.dtype == _BOOL:
        raise _unsupported(name, x, "a numeric tensor")
    return x


def _no_complex(name: str, x: Any) -> Any:
    if x.is_complex():
        raise _unsupported(name, x, "a real (not complex) tensor")
    return x


def _bool_to_int32(x1: Any, x2: Any) -> tuple:
    # Keras computes arithmetic that bool has no meaning for in int32.
    if x1.dtype == _BOOL:
        return x1.to(_INT32), x2.to(_INT32)
    return x1, x2


# --- arithmetic ---------------------------------------------------------
def add(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    return torch.add(x1, x2)


def subtract(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    try:
        return torch.subtract(x1, x2)
    except RuntimeError:
        _no_bool("subtract", _tensor(x1))
        raise


def multiply(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    return torch.multiply(x1, x2)


def divide(x1: Any, x2: Any) -> Any:
    if isinstance(x1, _Tensor) and x1.is_floating_point():
        if type(x2) is float or type(x2) is int:
            return torch.divide(x1, x2)
    x1, x2 = _inexact2(x1, x2)
    return torch.divide(x1, x2)


def true_divide(x1: Any, x2: Any) -> Any:
    return divide(x1, x2)


def divide_no_nan(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2)
    zero = x2 == 0
    return torch.where(zero, 0, torch.divide(x1, torch.where(zero, 1, x2)))


def floor_divide(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    if isinstance(x2, _Tensor):
        x1, x2 = _bool_to_int32(x1, x2)
    return torch.floor_divide(x1, x2)


def mod(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    if isinstance(x2, _Tensor):
        x1, x2 = _bool_to_int32(x1, x2)
    return torch.remainder(x1, x2)


def power(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    if isinstance(x2, _Tensor):
        x1, x2 = _bool_to_int32(x1, x2)
    return torch.pow(x1, x2)


def maximum(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    if isinstance(x2, _Tensor):
        return torch.maximum(x1, x2)
    return torch.clamp_min(x1, x2)


def minimum(x1: Any, x2: Any) -> Any:
    x1, x2 = _weak2(x1, x2)
    if isinstance(x2, _Tensor):
        return torch.minimum(x1, x2)
    return torch.clamp_max(x1, x2)


def negative(x: Any) -> Any:
    x = _tensor(x)
    try:
        return torch.negative(x)
    except RuntimeError:
        _no_bool("negative", x)
        raise


def absolute(x: Any) -> Any:
    x = _tensor(x)
    if x.dtype == _BOOL:  # bools are their own absolute value
        return x
    return torch.abs(x)


abs = absolute


def sign(x: Any) -> Any:
    x = _no_bool("sign", _tensor(x))
    if x.is_complex():
        return torch.sgn(x)
    return torch.sign(x)


def square(x: Any) -> Any:
    x = _tensor(x)
    if x.dtype == _BOOL:
        x = x.to(_INT32)
    return torch.square(x)


def reciprocal(x: Any) -> Any:
    return torch.reciprocal(_floating(x))


def clip(x: Any, x_min: Any, x_max: Any) -> Any:
    if isinstance(x, _Tensor) and x.is_floating_point():
        if type(x_min) in _NUMBERS and type(x_max) in _NUMBERS:
            return torch.clamp(x, x_min, x_max)
    x = _no_complex("clip", _tensor(x))
    if x.dtype == _BOOL:
        x = x.to(_INT32)
    bounds = [_unwrap(b) for b in (x_min, x_max) if b is not None]
    types = [
        b.dtype if isinstance(b, _Tensor) else _scalar_or_dtype(b)
        for b in bounds
    ]
    out = _result_dtype(x.dtype, *types)
    x = convert_to_tensor(x, out)
    if any(isinstance(b, _Tensor) or type(b) not in _NUMBERS for b in bounds):
        # torch.clamp takes two numbers or two tensors, not one of each.
        x_min = None if x_min is None else convert_to_tensor(x_min, out)
        x_max = None if x_max is None else convert_to_tensor(x_max, out)
    return torch.clamp(x, x_min, x_max)


# --- exponents, logarithms, trigonometry ---------------------------------
def sqrt(x: Any) -> Any:
    return torch.sqrt(_floating(x))


def cbrt(x: Any) -> Any:
    x = _no_complex("cbrt", _floating(x))
    return torch.copysign(torch.abs(x).pow(1.0 / 3.0), x)


def exp(x: Any) -> Any:
    return torch.exp(_floating(x))


def exp2(x: Any) -> Any:
    return torch.exp2(_floating(x))


def expm1(x: Any) -> Any:
    return torch.expm1(_floating(x))


def log(x: Any) -> Any:
    return torch.log(_floating(x))


def log10(x: Any) -> Any:
    return torch.log10(_floating(x))


def log1p(x: Any) -> Any:
    return torch.log1p(_floating(x))


def log2(x: Any) -> Any:
    return torch.log2(_floating(x))


def logaddexp(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2, strong_scalars=True)
    return torch.logaddexp(x1, x2)


def logaddexp2(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2, strong_scalars=True)
    return torch.logaddexp2(x1, x2)


def sin(x: Any) -> Any:
    return torch.sin(_floating(x))


def cos(x: Any) -> Any:
    return torch.cos(_floating(x))


def tan(x: Any) -> Any:
    return torch.tan(_floating(x))


def arcsin(x: Any) -> Any:
    return torch.arcsin(_floating(x))


def arccos(x: Any) -> Any:
    return torch.arccos(_floating(x))


def arctan(x: Any) -> Any:
    return torch.arctan(_floating(x))


def arctan2(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2, strong_scalars=True)
    return torch.arctan2(x1, x2)


def sinh(x: Any) -> Any:
    return torch.sinh(_floating(x))


def cosh(x: Any) -> Any:
    return torch.cosh(_floating(x))


def tanh(x: Any) -> Any:
    return torch.tanh(_floating(x))


def arcsinh(x: Any) -> Any:
    return torch.arcsinh(_floating(x))


def arccosh(x: Any) -> Any:
    return torch.arccosh(_floating(x))


def arctanh(x: Any) -> Any:
    return torch.arctanh(_floating(x))


def hypot(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2)
    return torch.hypot(x1, x2)


def heaviside(x1: Any, x2: Any) -> Any:
    x1, x2 = _inexact2(x1, x2)
    return torch.heaviside(x1, x2)


def deg2rad(x: Any) -> Any:
    x = _floating(x)
    if x.is_complex():
        return x * (math.pi / 180.0)
    return torch.deg2rad(x)


# --- rounding -------------------------------------------------------------
def ceil(x: Any) -> Any:
    return torch.ceil(_no_complex("ceil", _floating(x)))


def floor(x: Any) -> Any:
    return torch.floor(_no_complex("floor", _floating(x)))


def trunc(x: Any) -> Any:
    x = _no_complex("trunc", _tensor(x))
    if x.is_floating_point():
        return torch.trunc(x)
    return x


def round(x: Any, decimals: int = 0) -> Any:
    x = _no_bool("round", _tensor(x))
    if x.is_floating_point():
        if decimals == 0:
            return torch.round(x)
        return torch.round(x, decimals=decimals)
    if x.is_complex():
        return torch.complex(round(x.real, decimals), round(x.imag, decimals))
    if decimals >= 0:  # ints hold no fractional digits
        return x
    rounded = torch.round(x.to(torch.float64), decimals=decimals)
    return rounded.to(x.dtype)


# --- complex numbers ------------------------------------------------------
def conjugate(x: Any) -> Any:
    x = _tensor(x)
    return torch.conj_physical(x) if x.is_complex() else x


conj = conjugate


def real(x: Any) -> Any:
    x = _tensor(x)
    return torch.real(x) if x.is_complex() else x


def imag(x: Any) -> Any:
    x = _tensor(x)
    return torch.imag(x) if x.is_complex() else torch.zeros_like(x)


def angle(x: Any) -> Any:
    x = _floating(x)
    if x.dtype == torch.bfloat16 and x.is_cuda:
        # torch has no bfloat16 angle kernel on CUDA.
        return torch.angle(x.float()).to(torch.bfloat16)
    return torch.angle(x)


# --- predicates and cleaning ----------------------------------------------
def signbit(x: Any) -> Any:
    return torch.signbit(_no_complex("signbit", _tensor(x)))


def isfinite(x: Any) -> Any:
    return torch.isfinite(_tensor(x))


def isinf(x: Any) -> Any:
    return torch.isinf(_tensor(x))


def isnan(x: Any) -> Any:
    return torch.isnan(_tensor(x))


def isneginf(x: Any) -> Any:
    return torch.isneginf(_no_complex("isneginf", _tensor(x)))


def isposinf(x: Any) -> Any:
    return torch.isposinf(_no_complex("isposinf", _tensor(x)))


def isclose(
    x1: Any,
    x2: Any,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    equal_nan: bool = False,
) -> Any:
    x1, x2 = _promote2(x1, x2)
    if x1.is_floating_point() or x1.is_complex():
        return torch.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)
    return torch.eq(x1, x2)


def nan_to_num(
    x: Any,
    nan: float = 0.0,
    posinf: float | None = None,
    neginf: float | None = None,
) -> Any:
    x = _tensor(x)
    if x.is_floating_point() or x.is_complex():
        return torch.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)
    return x


# --- comparisons ----------------------------------------------------------
def _compare(op: Any, flipped: Any, x1: Any, x2: Any) -> Any:
    # torch compares mixed dtypes exactly, so only non-tensors need work;
    # a Python scalar on the left swaps sides.
    if isinstance(x1, _Tensor):
        if isinstance(x2, _Tensor) or type(x2) in _NUMBERS:
            return op(x1, x2)
        return op(x1, _tensor(x2))
    if isinstance(x2, _Tensor) and type(x1) in _NUMBERS:
        return flipped(x2, x1)
    x1, x2 = _promote2(x1, x2)
    return op(x1, x2)


def equal(x1: Any, x2: Any) -> Any:
    return _compare(torch.eq, torch.eq, x1, x2)


def not_equal(x1: Any, x2: Any) -> Any:
    return _compare(torch.ne, torch.ne, x1, x2)


def greater(x1: Any, x2: Any) -> Any:
    return _compare(torch.gt, torch.lt, x1, x2)


def greater_equal(x1: Any, x2: Any) -> Any:
    return _compare(torch.ge, torch.le, x1, x2)


def less(x1: Any, x2: Any) -> Any:
    return _compare(torch.lt, torch.gt, x1, x2)


def less_equal(x1: Any, x2: Any) -> Any:
    return _compare(torch.le, torch.ge, x1, x2)


# --- logic and bits -------------------------------------------------------
def logical_and(x1: Any, x2: Any) -> Any:
    return torch.logical_and(_tensor(x1), _tensor(x2))


def logical_or(x1: Any, x2: Any) -> Any:
    return torch.logical_or(_tensor(x1), _tensor(x2))


def logical_xor(x1: Any, x2: Any) -> Any:
    return torch.logical_xor(_tensor(x1), _tensor(x2))


def logical_not(x: Any) -> Any:
    return torch.logical_not(_tensor(x))


def _integer(name: str, x: Any) -> Any:
    if x.is_floating_point() or x.is_complex():
        raise _unsupported(name, x, "an integer or bool tensor")
    return x


def _bitwise(name: str, op: Any, x: Any, y: Any) -> Any:
    x, y = _weak2(x, y)
    _integer(name, x)
    if isinstance(y, _Tensor):
        _integer(name, y)
    return op(x, y)


def bitwise_and(x: Any, y: Any) -> Any:
    return _bitwise("bitwise_and", torch.bitwise_and, x, y)


def bitwise_or(x: Any, y: Any) -> Any:
    return _bitwise("bitwise_or", torch.bitwise_or, x, y)


def bitwise_xor(x: Any, y: Any) -> Any:
    return _bitwise("bitwise_xor", torch.bitwise_xor, x, y)


def bitwise_invert(x: Any) -> Any:
    return torch.bitwise_not(_integer("bitwise_invert", _tensor(x)))


def bitwise_not(x: Any) -> Any:
    return torch.bitwise_not(_integer("bitwise_not", _tensor(x)))


def bitwise_left_shift(x: Any, y: Any) -> Any:
    return _bitwise("bitwise_left_shift", torch.bitwise_left_shift, x, y)


def left_shift(x: Any, y: Any) -> Any:
    return bitwise_left_shift(x, y)


def bitwise_right_shift(x: Any, y: Any) -> Any:
    return _bitwise("bitwise_right_shift", torch.bitwise_right_shift, x, y)


def right_shift(x: Any, y: Any) -> Any:
    return bitwise_right_shift(x, y)


# --- selection ------------------------------------------------------------
def _condition(condition: Any) -> Any:
    condition = _tensor(condition)
    if condition.dtype != _BOOL:
        condition = condition != 0
    return condition


def where(condition: Any, x1: Any = None, x2: Any = None) -> Any:
    condition = _condition(condition)
    if x1 is None and x2 is None:
        return tuple(
            i.to(_INT32) for i in torch.nonzero(condition, as_tuple=True)
        )
    if isinstance(x2, _Tensor) and not isinstance(x1, _Tensor):
        x2, x1 = _weak2(x2, x1)
    else:
        x1, x2 = _weak2(x1, x2)
    return torch.where(condition, x1, x2)


def select(condlist: Any, choicelist: Any, default: Any = 0) -> Any:
    values = [_unwrap(v) for v in (*choicelist, default)]
    out_dtype = _result_dtype(*(_dtype(v) for v in values))
    out = convert_to_tensor(values[-1], out_dtype)
    for condition, choice in zip(reversed(condlist), reversed(values[:-1])):
        choice = convert_to_tensor(choice, out_dtype)
        out = torch.where(_condition(condition), choice, out)
    return out


def _dtype(x: Any) -> Any:
    return x.dtype if isinstance(x, _Tensor) else _scalar_or_dtype(x)
