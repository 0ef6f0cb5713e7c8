"""Public ops: `kerata.ops.numpy`, elementwise arithmetic.

`add`, `multiply`, `power`, `maximum`, `clip`, ... and the parts of complex
numbers (`real`, `imag`, `conj`, `angle`). Dtypes follow Keras 3: binary
ops promote with `result_type` (Python scalars are weak, so `x + 1.0`
keeps a float16 `x` float16); tensors that share a dtype keep it, 64-bit
included.
"""

from __future__ import annotations

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
