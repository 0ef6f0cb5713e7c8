"""Public ops: `kerata.ops.numpy`, elementwise math functions.

Roots, exponentials, logarithms, trigonometric and hyperbolic functions,
rounding and `nan_to_num`. Dtypes follow Keras 3: float functions such as
`sqrt` or `sin` compute ints and bools in floatx; binary ones promote with
`result_type`.
"""

from __future__ import annotations

import numbers
from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op


@kerata_export("kerata.ops.sqrt", "kerata.ops.numpy.sqrt")
@symbolic_op
def sqrt(x: Any) -> Any:
    """Non-negative square root, elementwise.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.sqrt([4.0, 9.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [2.0, 3.0]
    """
    return backend.numpy.sqrt(x)


@kerata_export("kerata.ops.cbrt", "kerata.ops.numpy.cbrt")
@symbolic_op
def cbrt(x: Any) -> Any:
    """Real cube root, elementwise (negative for negative input).

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools. Complex input raises a TypeError.

    Example:

    >>> x = kerata.ops.cbrt([-8.0, 27.0])
    >>> kerata.ops.convert_to_numpy(x).astype("float64").round(4).tolist()
    [-2.0, 3.0]
    """
    return backend.numpy.cbrt(x)


@kerata_export("kerata.ops.exp", "kerata.ops.numpy.exp")
@symbolic_op
def exp(x: Any) -> Any:
    """Exponential `e ** x`, elementwise.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.exp([0.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1.0]
    """
    return backend.numpy.exp(x)


@kerata_export("kerata.ops.exp2", "kerata.ops.numpy.exp2")
@symbolic_op
def exp2(x: Any) -> Any:
    """Base-2 exponential `2 ** x`, elementwise.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.exp2([3.0, -1.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [8.0, 0.5]
    """
    return backend.numpy.exp2(x)


@kerata_export("kerata.ops.expm1", "kerata.ops.numpy.expm1")
@symbolic_op
def expm1(x: Any) -> Any:
    """`exp(x) - 1`, elementwise; accurate for small `x`.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.expm1([0.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0]
    """
    return backend.numpy.expm1(x)


@kerata_export("kerata.ops.log", "kerata.ops.numpy.log")
@symbolic_op
def log(x: Any) -> Any:
    """Natural logarithm, elementwise.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.log([1.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0]
    """
    return backend.numpy.log(x)


@kerata_export("kerata.ops.log10", "kerata.ops.numpy.log10")
@symbolic_op
def log10(x: Any) -> Any:
    """Base-10 logarithm, elementwise.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.log10([1.0, 100.0])
    >>> kerata.ops.convert_to_numpy(x).astype("float64").round(4).tolist()
    [0.0, 2.0]
    """
    return backend.numpy.log10(x)


@kerata_export("kerata.ops.log1p", "kerata.ops.numpy.log1p")
@symbolic_op
def log1p(x: Any) -> Any:
    """`log(1 + x)`, elementwise; accurate for small `x`.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.log1p([0.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0]
    """
    return backend.numpy.log1p(x)


@kerata_export("kerata.ops.log2", "kerata.ops.numpy.log2")
@symbolic_op
def log2(x: Any) -> Any:
    """Base-2 logarithm, elementwise.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.log2([8.0, 0.5])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [3.0, -1.0]
    """
    return backend.numpy.log2(x)


@kerata_export("kerata.ops.logaddexp", "kerata.ops.numpy.logaddexp")
@symbolic_op
def logaddexp(x1: Any, x2: Any) -> Any:
    """`log(exp(x1) + exp(x2))`, computed without overflow.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A float tensor of dtype `result_type(x1, x2, float)`. As in Keras, a
        Python float counts as floatx here.

    Example:

    >>> x = kerata.ops.logaddexp([0.0], [0.0])
    >>> kerata.ops.convert_to_numpy(x).astype("float64").round(4).tolist()
    [0.6931]
    """
    return backend.numpy.logaddexp(x1, x2)


@kerata_export("kerata.ops.logaddexp2", "kerata.ops.numpy.logaddexp2")
@symbolic_op
def logaddexp2(x1: Any, x2: Any) -> Any:
    """`log2(2 ** x1 + 2 ** x2)`, computed without overflow.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A float tensor of dtype `result_type(x1, x2, float)`. As in Keras, a
        Python float counts as floatx here.

    Example:

    >>> x = kerata.ops.logaddexp2([1.0], [1.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [2.0]
    """
    return backend.numpy.logaddexp2(x1, x2)


@kerata_export("kerata.ops.sin", "kerata.ops.numpy.sin")
@symbolic_op
def sin(x: Any) -> Any:
    """Sine, elementwise (radians).

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.sin([0.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0]
    """
    return backend.numpy.sin(x)


@kerata_export("kerata.ops.cos", "kerata.ops.numpy.cos")
@symbolic_op
def cos(x: Any) -> Any:
    """Cosine, elementwise (radians).

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.cos([0.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1.0]
    """
    return backend.numpy.cos(x)


@kerata_export("kerata.ops.tan", "kerata.ops.numpy.tan")
@symbolic_op
def tan(x: Any) -> Any:
    """Tangent, elementwise (radians).

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.tan([0.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0]
    """
    return backend.numpy.tan(x)


@kerata_export("kerata.ops.arcsin", "kerata.ops.numpy.arcsin")
@symbolic_op
def arcsin(x: Any) -> Any:
    """Inverse sine, elementwise; values in `[-pi/2, pi/2]`.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.arcsin([0.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0]
    """
    return backend.numpy.arcsin(x)


@kerata_export("kerata.ops.arccos", "kerata.ops.numpy.arccos")
@symbolic_op
def arccos(x: Any) -> Any:
    """Inverse cosine, elementwise; values in `[0, pi]`.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.arccos([1.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0]
    """
    return backend.numpy.arccos(x)


@kerata_export("kerata.ops.arctan", "kerata.ops.numpy.arctan")
@symbolic_op
def arctan(x: Any) -> Any:
    """Inverse tangent, elementwise; values in `(-pi/2, pi/2)`.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.arctan([0.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0]
    """
    return backend.numpy.arctan(x)


@kerata_export("kerata.ops.sinh", "kerata.ops.numpy.sinh")
@symbolic_op
def sinh(x: Any) -> Any:
    """Hyperbolic sine, elementwise.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.sinh([0.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0]
    """
    return backend.numpy.sinh(x)


@kerata_export("kerata.ops.cosh", "kerata.ops.numpy.cosh")
@symbolic_op
def cosh(x: Any) -> Any:
    """Hyperbolic cosine, elementwise.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.cosh([0.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1.0]
    """
    return backend.numpy.cosh(x)


@kerata_export("kerata.ops.tanh", "kerata.ops.numpy.tanh")
@symbolic_op
def tanh(x: Any) -> Any:
    """Hyperbolic tangent, elementwise.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.tanh([0.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0]
    """
    return backend.numpy.tanh(x)


@kerata_export("kerata.ops.arcsinh", "kerata.ops.numpy.arcsinh")
@symbolic_op
def arcsinh(x: Any) -> Any:
    """Inverse hyperbolic sine, elementwise.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.arcsinh([0.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0]
    """
    return backend.numpy.arcsinh(x)


@kerata_export("kerata.ops.arccosh", "kerata.ops.numpy.arccosh")
@symbolic_op
def arccosh(x: Any) -> Any:
    """Inverse hyperbolic cosine, elementwise (`x >= 1`).

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.arccosh([1.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0]
    """
    return backend.numpy.arccosh(x)


@kerata_export("kerata.ops.arctanh", "kerata.ops.numpy.arctanh")
@symbolic_op
def arctanh(x: Any) -> Any:
    """Inverse hyperbolic tangent, elementwise (`|x| < 1`).

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.arctanh([0.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0]
    """
    return backend.numpy.arctanh(x)


@kerata_export("kerata.ops.arctan2", "kerata.ops.numpy.arctan2")
@symbolic_op
def arctan2(x1: Any, x2: Any) -> Any:
    """Angle of the point `(x2, x1)`, choosing the quadrant correctly.

    Args:
        x1: y-coordinates.
        x2: x-coordinates.

    Returns:
        A float tensor of dtype `result_type(x1, x2, float)`. Values in `[-pi,
        pi]`. As in Keras, a Python float counts as floatx here.

    Example:

    >>> x = kerata.ops.arctan2([1.0], [-1.0])
    >>> kerata.ops.convert_to_numpy(x).astype("float64").round(4).tolist()
    [2.3562]
    """
    return backend.numpy.arctan2(x1, x2)


@kerata_export("kerata.ops.hypot", "kerata.ops.numpy.hypot")
@symbolic_op
def hypot(x1: Any, x2: Any) -> Any:
    """Hypotenuse `sqrt(x1 ** 2 + x2 ** 2)`, elementwise.

    Args:
        x1: First leg.
        x2: Second leg.

    Returns:
        A float tensor of dtype `result_type(x1, x2, float)`.

    Example:

    >>> x = kerata.ops.hypot([3.0], [4.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [5.0]
    """
    return backend.numpy.hypot(x1, x2)


@kerata_export("kerata.ops.heaviside", "kerata.ops.numpy.heaviside")
@symbolic_op
def heaviside(x1: Any, x2: Any) -> Any:
    """Heaviside step: 0 where `x1 < 0`, `x2` where `x1 == 0`, 1 where `x1 > 0`.

    Args:
        x1: Input tensor.
        x2: Value used where `x1` is 0.

    Returns:
        A float tensor of dtype `result_type(x1, x2, float)`.

    Example:

    >>> x = kerata.ops.heaviside([-1.0, 0.0, 2.0], 0.5)
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0, 0.5, 1.0]
    """
    return backend.numpy.heaviside(x1, x2)


@kerata_export("kerata.ops.deg2rad", "kerata.ops.numpy.deg2rad")
@symbolic_op
def deg2rad(x: Any) -> Any:
    """Converts angles from degrees to radians.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.deg2rad([180.0])
    >>> kerata.ops.convert_to_numpy(x).astype("float64").round(4).tolist()
    [3.1416]
    """
    return backend.numpy.deg2rad(x)


@kerata_export("kerata.ops.ceil", "kerata.ops.numpy.ceil")
@symbolic_op
def ceil(x: Any) -> Any:
    """Ceiling of each element.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools. Complex input raises a TypeError.

    Example:

    >>> x = kerata.ops.ceil([1.2, -1.2])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [2.0, -1.0]
    """
    return backend.numpy.ceil(x)


@kerata_export("kerata.ops.floor", "kerata.ops.numpy.floor")
@symbolic_op
def floor(x: Any) -> Any:
    """Floor of each element.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools. Complex input raises a TypeError.

    Example:

    >>> x = kerata.ops.floor([1.7, -1.2])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1.0, -2.0]
    """
    return backend.numpy.floor(x)


@kerata_export("kerata.ops.trunc", "kerata.ops.numpy.trunc")
@symbolic_op
def trunc(x: Any) -> Any:
    """Rounds each element toward zero.

    Args:
        x: Input tensor.

    Returns:
        A tensor of `x`'s dtype (ints and bools are returned unchanged). Complex
        input raises a TypeError.

    Example:

    >>> x = kerata.ops.trunc([1.7, -1.7])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1.0, -1.0]
    """
    return backend.numpy.trunc(x)


@kerata_export("kerata.ops.round", "kerata.ops.numpy.round")
@symbolic_op
def round(x: Any, decimals: int = 0) -> Any:
    """Rounds to the given number of decimals, halves to even.

    Args:
        x: Input tensor.
        decimals: Number of decimal places; negative values round to tens,
            hundreds, ...

    Returns:
        A tensor of `x`'s dtype. Bool input raises a TypeError.

    Example:

    >>> x = kerata.ops.round([0.5, 1.5, 2.5])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0, 2.0, 2.0]
    >>> x = kerata.ops.round([1234, 1250], -2)
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1200, 1200]
    """
    _check_decimals(decimals)
    return backend.numpy.round(x, decimals)


@kerata_export("kerata.ops.nan_to_num", "kerata.ops.numpy.nan_to_num")
@symbolic_op
def nan_to_num(
    x: Any,
    nan: float = 0.0,
    posinf: float | None = None,
    neginf: float | None = None,
) -> Any:
    """Replaces NaN and infinities with finite numbers.

    Args:
        x: Input tensor.
        nan: Value for NaN.
        posinf: Value for positive infinity; None means the dtype's largest
            finite value.
        neginf: Value for negative infinity; None means the dtype's lowest
            finite value.

    Returns:
        A tensor of `x`'s dtype.

    Example:

    >>> x = kerata.ops.nan_to_num([float("nan"), 1.0, float("inf")], posinf=9.0)
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0, 1.0, 9.0]
    """
    return backend.numpy.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def _check_decimals(decimals: Any) -> None:
    if not isinstance(decimals, numbers.Integral) or isinstance(decimals, bool):
        raise TypeError(
            "`decimals` must be a Python int. "
            f"Received: decimals={decimals!r} of type {type(decimals).__name__}"
        )
