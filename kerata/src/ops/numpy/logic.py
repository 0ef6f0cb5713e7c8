"""Public ops: `kerata.ops.numpy`, elementwise logic.

Predicates (`isnan`, `isclose`, ...), comparisons, `logical_*`,
`bitwise_*`, `where` and `select`. Dtypes follow Keras 3: comparisons and
predicates give bools; binary ops promote with `result_type`.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op


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
