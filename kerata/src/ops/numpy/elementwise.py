"""Public ops: `kerata.ops.numpy`, elementwise math and logic.

Dtypes follow Keras 3: binary ops promote with `result_type` (Python
scalars are weak, so `x + 1.0` keeps a float16 `x` float16); tensors that
share a dtype keep it, 64-bit included; float functions such as `sqrt`
or `sin` compute ints and bools in floatx; comparisons give bools.
"""

from __future__ import annotations

import numbers
from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op


@kerata_export("kerata.ops.add", "kerata.ops.numpy.add")
@symbolic_op
def add(x1: Any, x2: Any) -> Any:
    """Adds two tensors elementwise, with broadcasting.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A tensor of dtype `result_type(x1, x2)`. Python scalars are weak:
        `add(x, 1.0)` keeps a float16 `x` float16.

    Example:

    >>> x = kerata.ops.add([1, 2], [3, 4])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [4, 6]
    """
    return backend.numpy.add(x1, x2)


@kerata_export("kerata.ops.subtract", "kerata.ops.numpy.subtract")
@symbolic_op
def subtract(x1: Any, x2: Any) -> Any:
    """Subtracts `x2` from `x1` elementwise, with broadcasting.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A tensor of dtype `result_type(x1, x2)`. Two bool tensors raise a
        TypeError.

    Example:

    >>> x = kerata.ops.subtract([5, 7], [1, 2])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [4, 5]
    """
    return backend.numpy.subtract(x1, x2)


@kerata_export("kerata.ops.multiply", "kerata.ops.numpy.multiply")
@symbolic_op
def multiply(x1: Any, x2: Any) -> Any:
    """Multiplies two tensors elementwise, with broadcasting.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A tensor of dtype `result_type(x1, x2)`.

    Example:

    >>> x = kerata.ops.multiply([1, 2], [3, 4])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [3, 8]
    """
    return backend.numpy.multiply(x1, x2)


@kerata_export("kerata.ops.divide", "kerata.ops.numpy.divide")
@symbolic_op
def divide(x1: Any, x2: Any) -> Any:
    """True division `x1 / x2`, elementwise.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A float tensor of dtype `result_type(x1, x2, float)`. Integer inputs
        give floatx.

    Example:

    >>> x = kerata.ops.divide([1, 3], [2, 4])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.5, 0.75]
    """
    return backend.numpy.divide(x1, x2)


@kerata_export("kerata.ops.true_divide", "kerata.ops.numpy.true_divide")
@symbolic_op
def true_divide(x1: Any, x2: Any) -> Any:
    """Alias of `kerata.ops.divide`.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A float tensor of dtype `result_type(x1, x2, float)`.

    Example:

    >>> x = kerata.ops.true_divide([1, 3], [2, 4])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.5, 0.75]
    """
    return backend.numpy.true_divide(x1, x2)


@kerata_export("kerata.ops.divide_no_nan", "kerata.ops.numpy.divide_no_nan")
@symbolic_op
def divide_no_nan(x1: Any, x2: Any) -> Any:
    """Divides `x1` by `x2`, giving 0 where `x2` is 0.

    Use it for ratios whose denominator may legitimately be zero, such as
    rates over empty batches.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A float tensor of dtype `result_type(x1, x2, float)`. Zero wherever `x2
        == 0`, even where `x1` is NaN or infinite.

    Example:

    >>> x = kerata.ops.divide_no_nan([1.0, 2.0], [2.0, 0.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.5, 0.0]
    """
    return backend.numpy.divide_no_nan(x1, x2)


@kerata_export("kerata.ops.floor_divide", "kerata.ops.numpy.floor_divide")
@symbolic_op
def floor_divide(x1: Any, x2: Any) -> Any:
    """Floor division `x1 // x2`, elementwise.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A tensor of dtype `result_type(x1, x2)`. Two bool tensors give int32.

    Example:

    >>> x = kerata.ops.floor_divide([7, -7], [2, 2])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [3, -4]
    """
    return backend.numpy.floor_divide(x1, x2)


@kerata_export("kerata.ops.mod", "kerata.ops.numpy.mod")
@symbolic_op
def mod(x1: Any, x2: Any) -> Any:
    """Remainder of floor division, elementwise.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A tensor of dtype `result_type(x1, x2)`. The result has the sign of
        `x2`, as with Python's `%`. Two bool tensors give int32.

    Example:

    >>> x = kerata.ops.mod([7, -7], [3, 3])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1, 2]
    """
    return backend.numpy.mod(x1, x2)


@kerata_export("kerata.ops.power", "kerata.ops.numpy.power")
@symbolic_op
def power(x1: Any, x2: Any) -> Any:
    """Raises `x1` to the power `x2`, elementwise.

    Args:
        x1: Bases.
        x2: Exponents.

    Returns:
        A tensor of dtype `result_type(x1, x2)`. Two bool tensors give int32.

    Example:

    >>> x = kerata.ops.power([2, 3], [3, 2])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [8, 9]
    """
    return backend.numpy.power(x1, x2)


@kerata_export("kerata.ops.maximum", "kerata.ops.numpy.maximum")
@symbolic_op
def maximum(x1: Any, x2: Any) -> Any:
    """Elementwise maximum of two tensors; NaN wins.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A tensor of dtype `result_type(x1, x2)`.

    Example:

    >>> x = kerata.ops.maximum([1, 5], [3, 2])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [3, 5]
    """
    return backend.numpy.maximum(x1, x2)


@kerata_export("kerata.ops.minimum", "kerata.ops.numpy.minimum")
@symbolic_op
def minimum(x1: Any, x2: Any) -> Any:
    """Elementwise minimum of two tensors; NaN wins.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A tensor of dtype `result_type(x1, x2)`.

    Example:

    >>> x = kerata.ops.minimum([1, 5], [3, 2])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1, 2]
    """
    return backend.numpy.minimum(x1, x2)


@kerata_export("kerata.ops.negative", "kerata.ops.numpy.negative")
@symbolic_op
def negative(x: Any) -> Any:
    """Numerical negative, elementwise.

    Args:
        x: Input tensor.

    Returns:
        A tensor of `x`'s dtype. Bool input raises a TypeError (use
        `logical_not`).

    Example:

    >>> x = kerata.ops.negative([1, -2])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [-1, 2]
    """
    return backend.numpy.negative(x)


@kerata_export("kerata.ops.absolute", "kerata.ops.numpy.absolute")
@symbolic_op
def absolute(x: Any) -> Any:
    """Absolute value, elementwise.

    Args:
        x: Input tensor.

    Returns:
        A tensor of `x`'s dtype; the real dtype of the same precision for
        complex input.

    Example:

    >>> x = kerata.ops.absolute([-1.5, 2.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1.5, 2.0]
    """
    return backend.numpy.absolute(x)


@kerata_export("kerata.ops.abs", "kerata.ops.numpy.abs")
@symbolic_op
def abs(x: Any) -> Any:
    """Absolute value, elementwise; shorthand for `kerata.ops.absolute`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of `x`'s dtype (real for complex input).

    Example:

    >>> x = kerata.ops.abs([-3, 4])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [3, 4]
    """
    return backend.numpy.abs(x)


@kerata_export("kerata.ops.sign", "kerata.ops.numpy.sign")
@symbolic_op
def sign(x: Any) -> Any:
    """Sign of each element: -1, 0 or 1 (`x / |x|` for complex).

    Args:
        x: Input tensor.

    Returns:
        A tensor of `x`'s dtype. Bool input raises a TypeError.

    Example:

    >>> x = kerata.ops.sign([-2.0, 0.0, 3.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [-1.0, 0.0, 1.0]
    """
    return backend.numpy.sign(x)


@kerata_export("kerata.ops.square", "kerata.ops.numpy.square")
@symbolic_op
def square(x: Any) -> Any:
    """Square of each element.

    Args:
        x: Input tensor.

    Returns:
        A tensor of `x`'s dtype; int32 for bool input.

    Example:

    >>> x = kerata.ops.square([2, -3])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [4, 9]
    """
    return backend.numpy.square(x)


@kerata_export("kerata.ops.reciprocal", "kerata.ops.numpy.reciprocal")
@symbolic_op
def reciprocal(x: Any) -> Any:
    """Reciprocal `1 / x`, elementwise.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: `x`'s dtype for float and complex input, floatx for ints
        and bools.

    Example:

    >>> x = kerata.ops.reciprocal([2.0, 4.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.5, 0.25]
    """
    return backend.numpy.reciprocal(x)


@kerata_export("kerata.ops.clip", "kerata.ops.numpy.clip")
@symbolic_op
def clip(x: Any, x_min: Any, x_max: Any) -> Any:
    """Limits the values of a tensor to `[x_min, x_max]`.

    Args:
        x: Input tensor.
        x_min: Lower bound: a scalar or a tensor broadcastable to `x`.
        x_max: Upper bound: a scalar or a tensor broadcastable to `x`.

    Returns:
        A tensor of dtype `result_type(x, x_min, x_max)`; bool `x` counts as
        int32.

    Example:

    >>> x = kerata.ops.clip([-1, 5, 12], 0, 10)
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0, 5, 10]
    """
    return backend.numpy.clip(x, x_min, x_max)


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


@kerata_export("kerata.ops.conjugate", "kerata.ops.numpy.conjugate")
@symbolic_op
def conjugate(x: Any) -> Any:
    """Complex conjugate, elementwise; real input is returned as is.

    Args:
        x: Input tensor.

    Returns:
        A tensor of `x`'s dtype.

    Example:

    >>> x = kerata.ops.conjugate(kerata.ops.cast([1, 2], "complex64"))
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [(1-0j), (2-0j)]
    """
    return backend.numpy.conjugate(x)


@kerata_export("kerata.ops.conj", "kerata.ops.numpy.conj")
@symbolic_op
def conj(x: Any) -> Any:
    """Shorthand for `kerata.ops.conjugate`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of `x`'s dtype.

    Example:

    >>> x = kerata.ops.conj([1.0, 2.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1.0, 2.0]
    """
    return backend.numpy.conj(x)


@kerata_export("kerata.ops.real", "kerata.ops.numpy.real")
@symbolic_op
def real(x: Any) -> Any:
    """Real part of each element.

    Args:
        x: Input tensor.

    Returns:
        The real dtype of the same precision for complex input; `x` itself
        otherwise.

    Example:

    >>> x = kerata.ops.real([1.5, 2.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1.5, 2.0]
    """
    return backend.numpy.real(x)


@kerata_export("kerata.ops.imag", "kerata.ops.numpy.imag")
@symbolic_op
def imag(x: Any) -> Any:
    """Imaginary part of each element.

    Args:
        x: Input tensor.

    Returns:
        The real dtype of the same precision for complex input; zeros of `x`'s
        dtype otherwise.

    Example:

    >>> x = kerata.ops.imag([1.5, 2.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0, 0.0]
    """
    return backend.numpy.imag(x)


@kerata_export("kerata.ops.angle", "kerata.ops.numpy.angle")
@symbolic_op
def angle(x: Any) -> Any:
    """Angle (argument) of each complex element, in radians.

    Args:
        x: Input tensor. Ints and bools are computed in floatx.

    Returns:
        A float tensor: the real dtype for complex input, `x`'s dtype for
        floats, floatx for ints and bools.

    Example:

    >>> x = kerata.ops.angle([-1.0, 2.0])
    >>> kerata.ops.convert_to_numpy(x).astype("float64").round(4).tolist()
    [3.1416, 0.0]
    """
    return backend.numpy.angle(x)


@kerata_export("kerata.ops.signbit", "kerata.ops.numpy.signbit")
@symbolic_op
def signbit(x: Any) -> Any:
    """Whether the sign bit of each element is set (true for -0.0).

    Args:
        x: Input tensor.

    Returns:
        A bool tensor. Complex input raises a TypeError.

    Example:

    >>> x = kerata.ops.signbit([-1.0, 0.0, -0.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [True, False, True]
    """
    return backend.numpy.signbit(x)


@kerata_export("kerata.ops.isfinite", "kerata.ops.numpy.isfinite")
@symbolic_op
def isfinite(x: Any) -> Any:
    """Whether each element is finite (not infinite and not NaN).

    Args:
        x: Input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> x = kerata.ops.isfinite([1.0, float("inf"), float("nan")])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [True, False, False]
    """
    return backend.numpy.isfinite(x)


@kerata_export("kerata.ops.isinf", "kerata.ops.numpy.isinf")
@symbolic_op
def isinf(x: Any) -> Any:
    """Whether each element is positive or negative infinity.

    Args:
        x: Input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> x = kerata.ops.isinf([1.0, float("-inf")])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [False, True]
    """
    return backend.numpy.isinf(x)


@kerata_export("kerata.ops.isnan", "kerata.ops.numpy.isnan")
@symbolic_op
def isnan(x: Any) -> Any:
    """Whether each element is NaN.

    Args:
        x: Input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> x = kerata.ops.isnan([1.0, float("nan")])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [False, True]
    """
    return backend.numpy.isnan(x)


@kerata_export("kerata.ops.isneginf", "kerata.ops.numpy.isneginf")
@symbolic_op
def isneginf(x: Any) -> Any:
    """Whether each element is negative infinity.

    Args:
        x: Input tensor.

    Returns:
        A bool tensor. Complex input raises a TypeError.

    Example:

    >>> x = kerata.ops.isneginf([float("-inf"), float("inf")])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [True, False]
    """
    return backend.numpy.isneginf(x)


@kerata_export("kerata.ops.isposinf", "kerata.ops.numpy.isposinf")
@symbolic_op
def isposinf(x: Any) -> Any:
    """Whether each element is positive infinity.

    Args:
        x: Input tensor.

    Returns:
        A bool tensor. Complex input raises a TypeError.

    Example:

    >>> x = kerata.ops.isposinf([float("-inf"), float("inf")])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [False, True]
    """
    return backend.numpy.isposinf(x)


@kerata_export("kerata.ops.isclose", "kerata.ops.numpy.isclose")
@symbolic_op
def isclose(
    x1: Any,
    x2: Any,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    equal_nan: bool = False,
) -> Any:
    """Whether two tensors are equal within a tolerance, elementwise.

    Args:
        x1: First input tensor.
        x2: Second input tensor.
        rtol: Relative tolerance.
        atol: Absolute tolerance.
        equal_nan: Whether NaNs in the same place count as equal.

    Returns:
        A bool tensor. Floats compare as `|x1 - x2| <= atol + rtol * |x2|`; ints
        and bools compare exactly.

    Example:

    >>> x = kerata.ops.isclose([1.0, 1.0], [1.0 + 1e-7, 1.1])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [True, False]
    """
    return backend.numpy.isclose(x1, x2, rtol, atol, equal_nan)


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


@kerata_export("kerata.ops.equal", "kerata.ops.numpy.equal")
@symbolic_op
def equal(x1: Any, x2: Any) -> Any:
    """Elementwise `x1 == x2`, with broadcasting.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> x = kerata.ops.equal([1, 2], [1, 3])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [True, False]
    """
    return backend.numpy.equal(x1, x2)


@kerata_export("kerata.ops.not_equal", "kerata.ops.numpy.not_equal")
@symbolic_op
def not_equal(x1: Any, x2: Any) -> Any:
    """Elementwise `x1 != x2`, with broadcasting.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> x = kerata.ops.not_equal([1, 2], [1, 3])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [False, True]
    """
    return backend.numpy.not_equal(x1, x2)


@kerata_export("kerata.ops.greater", "kerata.ops.numpy.greater")
@symbolic_op
def greater(x1: Any, x2: Any) -> Any:
    """Elementwise `x1 > x2`, with broadcasting.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> x = kerata.ops.greater([1, 3], [2, 2])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [False, True]
    """
    return backend.numpy.greater(x1, x2)


@kerata_export("kerata.ops.greater_equal", "kerata.ops.numpy.greater_equal")
@symbolic_op
def greater_equal(x1: Any, x2: Any) -> Any:
    """Elementwise `x1 >= x2`, with broadcasting.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> x = kerata.ops.greater_equal([1, 2], [2, 2])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [False, True]
    """
    return backend.numpy.greater_equal(x1, x2)


@kerata_export("kerata.ops.less", "kerata.ops.numpy.less")
@symbolic_op
def less(x1: Any, x2: Any) -> Any:
    """Elementwise `x1 < x2`, with broadcasting.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> x = kerata.ops.less([1, 3], [2, 2])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [True, False]
    """
    return backend.numpy.less(x1, x2)


@kerata_export("kerata.ops.less_equal", "kerata.ops.numpy.less_equal")
@symbolic_op
def less_equal(x1: Any, x2: Any) -> Any:
    """Elementwise `x1 <= x2`, with broadcasting.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> x = kerata.ops.less_equal([1, 3], [2, 3])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [True, True]
    """
    return backend.numpy.less_equal(x1, x2)


@kerata_export("kerata.ops.logical_and", "kerata.ops.numpy.logical_and")
@symbolic_op
def logical_and(x1: Any, x2: Any) -> Any:
    """Elementwise logical AND; nonzero values count as true.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> x = kerata.ops.logical_and([True, True], [True, False])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [True, False]
    """
    return backend.numpy.logical_and(x1, x2)


@kerata_export("kerata.ops.logical_or", "kerata.ops.numpy.logical_or")
@symbolic_op
def logical_or(x1: Any, x2: Any) -> Any:
    """Elementwise logical OR; nonzero values count as true.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> x = kerata.ops.logical_or([True, False], [False, False])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [True, False]
    """
    return backend.numpy.logical_or(x1, x2)


@kerata_export("kerata.ops.logical_xor", "kerata.ops.numpy.logical_xor")
@symbolic_op
def logical_xor(x1: Any, x2: Any) -> Any:
    """Elementwise logical XOR; nonzero values count as true.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> x = kerata.ops.logical_xor([True, True], [True, False])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [False, True]
    """
    return backend.numpy.logical_xor(x1, x2)


@kerata_export("kerata.ops.logical_not", "kerata.ops.numpy.logical_not")
@symbolic_op
def logical_not(x: Any) -> Any:
    """Elementwise logical NOT; nonzero values count as true.

    Args:
        x: Input tensor.

    Returns:
        A bool tensor.

    Example:

    >>> x = kerata.ops.logical_not([True, False])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [False, True]
    """
    return backend.numpy.logical_not(x)


@kerata_export("kerata.ops.bitwise_and", "kerata.ops.numpy.bitwise_and")
@symbolic_op
def bitwise_and(x: Any, y: Any) -> Any:
    """Bitwise AND of integers or bools, elementwise.

    Args:
        x: Integer or bool tensor.
        y: Integer or bool tensor, or a Python int.

    Returns:
        A tensor of dtype `result_type(x, y)`. Float input raises a TypeError.

    Example:

    >>> x = kerata.ops.bitwise_and([12, 10], [10, 6])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [8, 2]
    """
    return backend.numpy.bitwise_and(x, y)


@kerata_export("kerata.ops.bitwise_or", "kerata.ops.numpy.bitwise_or")
@symbolic_op
def bitwise_or(x: Any, y: Any) -> Any:
    """Bitwise OR of integers or bools, elementwise.

    Args:
        x: Integer or bool tensor.
        y: Integer or bool tensor, or a Python int.

    Returns:
        A tensor of dtype `result_type(x, y)`. Float input raises a TypeError.

    Example:

    >>> x = kerata.ops.bitwise_or([12, 10], [10, 6])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [14, 14]
    """
    return backend.numpy.bitwise_or(x, y)


@kerata_export("kerata.ops.bitwise_xor", "kerata.ops.numpy.bitwise_xor")
@symbolic_op
def bitwise_xor(x: Any, y: Any) -> Any:
    """Bitwise XOR of integers or bools, elementwise.

    Args:
        x: Integer or bool tensor.
        y: Integer or bool tensor, or a Python int.

    Returns:
        A tensor of dtype `result_type(x, y)`. Float input raises a TypeError.

    Example:

    >>> x = kerata.ops.bitwise_xor([12, 10], [10, 6])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [6, 12]
    """
    return backend.numpy.bitwise_xor(x, y)


@kerata_export("kerata.ops.bitwise_not", "kerata.ops.numpy.bitwise_not")
@symbolic_op
def bitwise_not(x: Any) -> Any:
    """Bitwise NOT (inversion) of integers or bools, elementwise.

    Args:
        x: Input tensor of ints or bools.

    Returns:
        A tensor of `x`'s dtype. Float input raises a TypeError.

    Example:

    >>> x = kerata.ops.bitwise_not([0, 5])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [-1, -6]
    """
    return backend.numpy.bitwise_not(x)


@kerata_export("kerata.ops.bitwise_invert", "kerata.ops.numpy.bitwise_invert")
@symbolic_op
def bitwise_invert(x: Any) -> Any:
    """Bitwise inversion of integers or bools; same as `bitwise_not`.

    Args:
        x: Input tensor of ints or bools.

    Returns:
        A tensor of `x`'s dtype. Float input raises a TypeError.

    Example:

    >>> x = kerata.ops.bitwise_invert([0, 5])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [-1, -6]
    """
    return backend.numpy.bitwise_invert(x)


@kerata_export(
    "kerata.ops.bitwise_left_shift", "kerata.ops.numpy.bitwise_left_shift"
)
@symbolic_op
def bitwise_left_shift(x: Any, y: Any) -> Any:
    """Shifts the bits of `x` left by `y`, elementwise.

    Args:
        x: Integer tensor.
        y: Shift amounts: an integer tensor or a Python int.

    Returns:
        A tensor of dtype `result_type(x, y)`. Float input raises a TypeError.

    Example:

    >>> x = kerata.ops.bitwise_left_shift([1, 3], 2)
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [4, 12]
    """
    return backend.numpy.bitwise_left_shift(x, y)


@kerata_export("kerata.ops.left_shift", "kerata.ops.numpy.left_shift")
@symbolic_op
def left_shift(x: Any, y: Any) -> Any:
    """Shifts the bits of `x` left by `y`; same as `bitwise_left_shift`.

    Args:
        x: Integer tensor.
        y: Shift amounts: an integer tensor or a Python int.

    Returns:
        A tensor of dtype `result_type(x, y)`. Float input raises a TypeError.

    Example:

    >>> x = kerata.ops.left_shift([1, 3], 2)
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [4, 12]
    """
    return backend.numpy.left_shift(x, y)


@kerata_export(
    "kerata.ops.bitwise_right_shift", "kerata.ops.numpy.bitwise_right_shift"
)
@symbolic_op
def bitwise_right_shift(x: Any, y: Any) -> Any:
    """Shifts the bits of `x` right by `y`, elementwise.

    Args:
        x: Integer tensor.
        y: Shift amounts: an integer tensor or a Python int.

    Returns:
        A tensor of dtype `result_type(x, y)`. Float input raises a TypeError.

    Example:

    >>> x = kerata.ops.bitwise_right_shift([16, -16], 2)
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [4, -4]
    """
    return backend.numpy.bitwise_right_shift(x, y)


@kerata_export("kerata.ops.right_shift", "kerata.ops.numpy.right_shift")
@symbolic_op
def right_shift(x: Any, y: Any) -> Any:
    """Shifts the bits of `x` right by `y`; same as `bitwise_right_shift`.

    Args:
        x: Integer tensor.
        y: Shift amounts: an integer tensor or a Python int.

    Returns:
        A tensor of dtype `result_type(x, y)`. Float input raises a TypeError.

    Example:

    >>> x = kerata.ops.right_shift([16, -16], 2)
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [4, -4]
    """
    return backend.numpy.right_shift(x, y)


def _check_decimals(decimals: Any) -> None:
    if not isinstance(decimals, numbers.Integral) or isinstance(decimals, bool):
        raise TypeError(
            "`decimals` must be a Python int. "
            f"Received: decimals={decimals!r} of type {type(decimals).__name__}"
        )


def _where_spec(condition: Any, x1: Any = None, x2: Any = None) -> Any:
    if x1 is None and x2 is None:
        # One index tensor per axis; how many elements match is unknown.
        return tuple(
            backend.KerasTensor((None,), dtype="int32")
            for _ in range(len(condition.shape))
        )
    return backend.compute_output_spec(backend.numpy.where, condition, x1, x2)


@symbolic_op(spec=_where_spec)
def _where(condition: Any, x1: Any = None, x2: Any = None) -> Any:
    return backend.numpy.where(condition, x1, x2)


@kerata_export("kerata.ops.where", "kerata.ops.numpy.where")
def where(condition: Any, x1: Any = None, x2: Any = None) -> Any:
    """Elements of `x1` where `condition` holds, else of `x2`.

    Called with `condition` alone, returns the indices of its nonzero
    elements instead, as `numpy.nonzero` does.

    Args:
        condition: Bool tensor (nonzero values count as true).
        x1: Values taken where `condition` is true.
        x2: Values taken where `condition` is false.

    Returns:
        With `x1` and `x2`: a tensor of dtype `result_type(x1, x2)` and the
        broadcast shape of all three. With `condition` alone: a tuple of
        int32 index tensors, one per axis of `condition`.

    Raises:
        ValueError: If only one of `x1` and `x2` is given.

    Example:

    >>> c = [True, False, True]
    >>> kerata.ops.convert_to_numpy(kerata.ops.where(c, 1, 0)).tolist()
    [1, 0, 1]
    >>> [i.tolist() for i in map(kerata.ops.convert_to_numpy,
    ...                          kerata.ops.where(c))]
    [[0, 2]]
    """
    if (x1 is None) != (x2 is None):
        raise ValueError(
            "`x1` and `x2` must be given together (to choose elements) or "
            "both left out (to get the indices of nonzero elements). "
            f"Received: x1={_describe(x1)}, x2={_describe(x2)}"
        )
    return _where(condition, x1, x2)


@kerata_export("kerata.ops.select", "kerata.ops.numpy.select")
@symbolic_op
def select(condlist: Any, choicelist: Any, default: Any = 0) -> Any:
    """Picks, elementwise, from the first choice whose condition holds.

    Where no condition holds, the result is `default`.

    Args:
        condlist: List of bool tensors.
        choicelist: List of tensors, as long as `condlist`.
        default: Value (scalar or tensor) where no condition holds.

    Returns:
        A tensor of dtype `result_type(*choicelist, default)` and the
        broadcast shape of all inputs.

    Raises:
        ValueError: If `condlist` and `choicelist` differ in length or are
            empty.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-2, 0, 3])
    >>> out = kerata.ops.select(
    ...     [kerata.ops.less(x, 0), kerata.ops.greater(x, 0)], [-x, x], -1
    ... )
    >>> kerata.ops.convert_to_numpy(out).tolist()
    [2, -1, 3]
    """
    if not isinstance(condlist, (list, tuple)) or not isinstance(
        choicelist, (list, tuple)
    ):
        raise TypeError(
            "`condlist` and `choicelist` must be lists of tensors. Received: "
            f"condlist of type {type(condlist).__name__}, choicelist of type "
            f"{type(choicelist).__name__}"
        )
    if len(condlist) != len(choicelist) or not condlist:
        raise ValueError(
            "`condlist` and `choicelist` must be non-empty lists of the same "
            f"length. Received: len(condlist)={len(condlist)}, "
            f"len(choicelist)={len(choicelist)}"
        )
    return backend.numpy.select(condlist, choicelist, default)


def _describe(x: Any) -> str:
    return "None" if x is None else f"<{type(x).__name__}>"
