"""Public ops: `kerata.ops.numpy`, the rarer NumPy functions.

`fmax`/`fmin`/`fmod`, `gcd`/`lcm`, `ldexp`,
`nextafter`, `geomspace`, `correlate`, `corrcoef`, `slogdet` and the
`*split`/`dstack`/`flip*` shape helpers. The NaN-ignoring reductions and
quantiles are in `nan_reductions.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.ops.numpy.reductions import AXIS_ERRORS
from kerata.src.ops.numpy.reductions import check_axis
from kerata.src.ops.operation import symbolic_op


@kerata_export("kerata.ops.fabs", "kerata.ops.numpy.fabs")
@symbolic_op
def fabs(x: Any) -> Any:
    """Absolute value, elementwise, as a float tensor.

    Args:
        x: Input tensor.

    Returns:
        A float tensor: float inputs keep their dtype, ints and
            bools give floatx.

    Example:

    >>> x = kerata.ops.fabs([-1, 2])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1.0, 2.0]
    """
    return backend.numpy.fabs(x)


@kerata_export("kerata.ops.rad2deg", "kerata.ops.numpy.rad2deg")
@symbolic_op
def rad2deg(x: Any) -> Any:
    """Converts angles from radians to degrees, elementwise.

    Args:
        x: Angles in radians.

    Returns:
        A float tensor (floatx for integer inputs).

    Example:

    >>> x = kerata.ops.rad2deg([0.0, 3.141592653589793])
    >>> [round(v) for v in kerata.ops.convert_to_numpy(x).tolist()]
    [0, 180]
    """
    return backend.numpy.rad2deg(x)


@kerata_export("kerata.ops.sinc", "kerata.ops.numpy.sinc")
@symbolic_op
def sinc(x: Any) -> Any:
    """Normalized sinc, `sin(pi * x) / (pi * x)`, with `sinc(0) = 1`.

    Args:
        x: Input tensor.

    Returns:
        A float tensor (floatx for integer inputs).

    Example:

    >>> x = kerata.ops.sinc([0.0, 0.5])
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(x).tolist()]
    [1.0, 0.6366]
    """
    return backend.numpy.sinc(x)


@kerata_export("kerata.ops.i0", "kerata.ops.numpy.i0")
@symbolic_op
def i0(x: Any) -> Any:
    """Modified Bessel function of the first kind, order 0, elementwise.

    Args:
        x: Input tensor.

    Returns:
        A float tensor (floatx for integer inputs).

    Example:

    >>> x = kerata.ops.i0([0.0, 1.0])
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(x).tolist()]
    [1.0, 1.2661]
    """
    return backend.numpy.i0(x)


@kerata_export("kerata.ops.isreal", "kerata.ops.numpy.isreal")
@symbolic_op
def isreal(x: Any) -> Any:
    """Whether each element has a zero imaginary part.

    Args:
        x: Input tensor.

    Returns:
        A bool tensor of `x`'s shape; all True for real dtypes.

    Example:

    >>> x = kerata.ops.isreal([1.0, 2.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [True, True]
    """
    return backend.numpy.isreal(x)


@kerata_export("kerata.ops.fmax", "kerata.ops.numpy.fmax")
@symbolic_op
def fmax(x1: Any, x2: Any) -> Any:
    """Elementwise maximum that ignores NaNs.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A tensor of dtype `result_type(x1, x2)`. Where one
            operand is NaN the other is returned; NaN only where
            both are.

    Example:

    >>> x = kerata.ops.fmax([1.0, float('nan')], [0.0, 2.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1.0, 2.0]
    """
    return backend.numpy.fmax(x1, x2)


@kerata_export("kerata.ops.fmin", "kerata.ops.numpy.fmin")
@symbolic_op
def fmin(x1: Any, x2: Any) -> Any:
    """Elementwise minimum that ignores NaNs.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A tensor of dtype `result_type(x1, x2)`. Where one
            operand is NaN the other is returned; NaN only where
            both are.

    Example:

    >>> x = kerata.ops.fmin([1.0, float('nan')], [0.0, 2.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [0.0, 2.0]
    """
    return backend.numpy.fmin(x1, x2)


@kerata_export("kerata.ops.fmod", "kerata.ops.numpy.fmod")
@symbolic_op
def fmod(x1: Any, x2: Any) -> Any:
    """Remainder of division, with the sign of the dividend (C's `fmod`).

    Args:
        x1: Dividend tensor.
        x2: Divisor tensor.

    Returns:
        A tensor of dtype `result_type(x1, x2)` (int32 for two
            bools). Unlike `mod`, `fmod(-5, 3)` is -2.

    Example:

    >>> x = kerata.ops.fmod([-5, 5], 3)
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [-2, 2]
    """
    return backend.numpy.fmod(x1, x2)


@kerata_export("kerata.ops.gcd", "kerata.ops.numpy.gcd")
@symbolic_op
def gcd(x1: Any, x2: Any) -> Any:
    """Greatest common divisor of integer tensors, elementwise.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        An integer tensor of dtype `result_type(x1, x2)`.

    Raises:
        TypeError: If the promoted dtype is not an integer
            dtype.

    Example:

    >>> x = kerata.ops.gcd([12, 18], 8)
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [4, 2]
    """
    return backend.numpy.gcd(x1, x2)


@kerata_export("kerata.ops.lcm", "kerata.ops.numpy.lcm")
@symbolic_op
def lcm(x1: Any, x2: Any) -> Any:
    """Least common multiple of integer tensors, elementwise.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        An integer tensor of dtype `result_type(x1, x2)`.

    Raises:
        TypeError: If the promoted dtype is not an integer
            dtype.

    Example:

    >>> x = kerata.ops.lcm([4, 6], 10)
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [20, 30]
    """
    return backend.numpy.lcm(x1, x2)


@kerata_export("kerata.ops.ldexp", "kerata.ops.numpy.ldexp")
@symbolic_op
def ldexp(x1: Any, x2: Any) -> Any:
    """Computes `x1 * 2**x2`, elementwise.

    Args:
        x1: Mantissa tensor.
        x2: Integer exponent tensor.

    Returns:
        A float tensor of `x1`'s float dtype (floatx for integer
            `x1`).

    Raises:
        TypeError: If `x2` is not an integer tensor.

    Example:

    >>> x = kerata.ops.ldexp([1.0, 3.0], [2, 1])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [4.0, 6.0]
    """
    return backend.numpy.ldexp(x1, x2)


@kerata_export("kerata.ops.nextafter", "kerata.ops.numpy.nextafter")
@symbolic_op
def nextafter(x1: Any, x2: Any) -> Any:
    """The next representable float after `x1` in the direction of `x2`.

    Args:
        x1: Start values.
        x2: Direction values.

    Returns:
        A float tensor of dtype `result_type(x1, x2, float)`.

    Example:

    >>> x = kerata.ops.nextafter([1.0], [2.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()[0] > 1.0
    True
    """
    return backend.numpy.nextafter(x1, x2)


@kerata_export("kerata.ops.allclose", "kerata.ops.numpy.allclose")
@symbolic_op
def allclose(
    x1: Any,
    x2: Any,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    equal_nan: bool = False,
) -> Any:
    """Whether two tensors are equal within a tolerance, everywhere.

    Args:
        x1: First input tensor.
        x2: Second input tensor.
        rtol: Relative tolerance.
        atol: Absolute tolerance.
        equal_nan: Whether NaNs in the same places count as
            equal.

    Returns:
        A scalar bool tensor: `all(abs(x1 - x2) <= atol + rtol *
            abs(x2))`.

    Example:

    >>> x = kerata.ops.allclose([1.0, 2.0], [1.0, 2.0 + 1e-9])
    >>> bool(kerata.ops.convert_to_numpy(x))
    True
    """
    return backend.numpy.allclose(
        x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan
    )


@kerata_export("kerata.ops.empty_like", "kerata.ops.numpy.empty_like")
@symbolic_op
def empty_like(x: Any, dtype: Any = None) -> Any:
    """A tensor of `x`'s shape whose values are not initialized.

    Args:
        x: Tensor whose shape (and, by default, dtype) to use.
        dtype: Dtype of the result; `x`'s by default.

    Returns:
        An uninitialized tensor; write to it before reading its
            values.

    Example:

    >>> x = kerata.ops.empty_like(kerata.ops.ones((2, 3)))
    >>> tuple(x.shape)
    (2, 3)
    """
    return backend.numpy.empty_like(x, dtype=dtype)


@kerata_export("kerata.ops.fliplr", "kerata.ops.numpy.fliplr")
@symbolic_op
def fliplr(x: Any) -> Any:
    """Reverses the order of columns (axis 1).

    Args:
        x: Input tensor of rank >= 2.

    Returns:
        A tensor of `x`'s shape and dtype.

    Raises:
        ValueError: If `x` has rank below 2.

    Example:

    >>> x = kerata.ops.fliplr([[1, 2], [3, 4]])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [[2, 1], [4, 3]]
    """
    return backend.numpy.fliplr(x)


@kerata_export("kerata.ops.flipud", "kerata.ops.numpy.flipud")
@symbolic_op
def flipud(x: Any) -> Any:
    """Reverses the order of rows (axis 0).

    Args:
        x: Input tensor of rank >= 1.

    Returns:
        A tensor of `x`'s shape and dtype.

    Raises:
        ValueError: If `x` is a scalar.

    Example:

    >>> x = kerata.ops.flipud([[1, 2], [3, 4]])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [[3, 4], [1, 2]]
    """
    return backend.numpy.flipud(x)


@kerata_export("kerata.ops.array_split", "kerata.ops.numpy.array_split")
@symbolic_op
def array_split(x: Any, indices_or_sections: Any, axis: int = 0) -> Any:
    """Splits a tensor into parts along an axis; the parts may differ in size.

    Args:
        x: Input tensor.
        indices_or_sections: An int N (N parts, the first `size
            % N` one longer) or a sorted list of indices where
            to split.
        axis: The axis to split.

    Returns:
        A list of tensors.

    Example:

    >>> parts = kerata.ops.array_split(kerata.ops.arange(5), 2)
    >>> [kerata.ops.convert_to_numpy(p).tolist() for p in parts]
    [[0, 1, 2], [3, 4]]
    """
    return backend.numpy.array_split(x, indices_or_sections, axis=axis)


@kerata_export("kerata.ops.hsplit", "kerata.ops.numpy.hsplit")
@symbolic_op
def hsplit(x: Any, indices_or_sections: Any) -> Any:
    """Splits a tensor horizontally: along axis 1, or axis 0 for 1-D tensors.

    Args:
        x: Input tensor.
        indices_or_sections: An int N (N equal parts; it must
            divide the axis) or a sorted list of indices where
            to split.

    Returns:
        A list of tensors.

    Example:

    >>> parts = kerata.ops.hsplit(kerata.ops.ones((2, 4)), 2)
    >>> [tuple(p.shape) for p in parts]
    [(2, 2), (2, 2)]
    """
    return backend.numpy.hsplit(x, indices_or_sections)


@kerata_export("kerata.ops.vsplit", "kerata.ops.numpy.vsplit")
@symbolic_op
def vsplit(x: Any, indices_or_sections: Any) -> Any:
    """Splits a tensor vertically, along axis 0.

    Args:
        x: Input tensor of rank >= 2.
        indices_or_sections: An int N (N equal parts; it must
            divide the axis) or a sorted list of indices where
            to split.

    Returns:
        A list of tensors.

    Example:

    >>> parts = kerata.ops.vsplit(kerata.ops.ones((4, 2)), 2)
    >>> [tuple(p.shape) for p in parts]
    [(2, 2), (2, 2)]
    """
    return backend.numpy.vsplit(x, indices_or_sections)


@kerata_export("kerata.ops.dsplit", "kerata.ops.numpy.dsplit")
@symbolic_op
def dsplit(x: Any, indices_or_sections: Any) -> Any:
    """Splits a tensor depth-wise, along axis 2.

    Args:
        x: Input tensor of rank >= 3.
        indices_or_sections: An int N (N equal parts; it must
            divide the axis) or a sorted list of indices where
            to split.

    Returns:
        A list of tensors.

    Example:

    >>> parts = kerata.ops.dsplit(kerata.ops.ones((1, 2, 4)), 2)
    >>> [tuple(p.shape) for p in parts]
    [(1, 2, 2), (1, 2, 2)]
    """
    return backend.numpy.dsplit(x, indices_or_sections)


@kerata_export("kerata.ops.dstack", "kerata.ops.numpy.dstack")
@symbolic_op
def dstack(xs: Any) -> Any:
    """Stacks tensors depth-wise (along axis 2).

    Args:
        xs: Sequence of tensors. 1-D tensors of shape `(N,)`
            count as `(1, N, 1)` and 2-D ones of shape `(M, N)`
            as `(M, N, 1)`.

    Returns:
        The concatenation along axis 2, of the promoted dtype.

    Example:

    >>> x = kerata.ops.dstack([[1, 2], [3, 4]])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [[[1, 3], [2, 4]]]
    """
    return backend.numpy.dstack(xs)


@kerata_export("kerata.ops.corrcoef", "kerata.ops.numpy.corrcoef")
@symbolic_op
def corrcoef(x: Any) -> Any:
    """Pearson correlation coefficients between the rows of `x`.

    Args:
        x: A 1-D or 2-D tensor; each row is a variable, each
            column an observation.

    Returns:
        A float tensor of shape `(rows, rows)` (a scalar for 1-D
            input).

    Example:

    >>> x = kerata.ops.corrcoef([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.round(x)).tolist()
    [[1.0, -1.0], [-1.0, 1.0]]
    """
    return backend.numpy.corrcoef(x)


@kerata_export("kerata.ops.correlate", "kerata.ops.numpy.correlate")
@symbolic_op
def correlate(x1: Any, x2: Any, mode: str = "valid") -> Any:
    """Cross-correlation of two 1-D tensors, as `numpy.correlate`.

    Args:
        x1: First 1-D tensor.
        x2: Second 1-D tensor.
        mode: "valid" (only full overlaps), "same" (the length
            of the longer input) or "full" (every overlap).

    Returns:
        A 1-D float tensor of dtype `result_type(x1, x2,
            float)`.

    Raises:
        ValueError: If `mode` is not one of the three, or an
            input is not 1-D.

    Example:

    >>> x = kerata.ops.correlate([1.0, 2.0, 3.0], [0.0, 1.0], mode="full")
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1.0, 2.0, 3.0, 0.0]
    """
    if mode not in ("valid", "same", "full"):
        raise ValueError(
            f"`mode` must be 'valid', 'same' or 'full'. Received: mode={mode!r}"
        )
    _check_1d("correlate", x1=x1, x2=x2)
    return backend.numpy.correlate(x1, x2, mode=mode)


@kerata_export("kerata.ops.slogdet", "kerata.ops.numpy.slogdet")
@symbolic_op
def slogdet(x: Any) -> Any:
    """Sign and natural log of the absolute determinant of square matrices.

    Args:
        x: Tensor of shape `(..., M, M)`.

    Returns:
        A tuple `(sign, logabsdet)` of float tensors of shape
            `(...)`; `det = sign * exp(logabsdet)`.

    Example:

    >>> sign, logdet = kerata.ops.slogdet([[2.0, 0.0], [0.0, -3.0]])
    >>> float(sign), round(float(logdet), 4)
    (-1.0, 1.7918)
    """
    return backend.numpy.slogdet(x)


@kerata_export("kerata.ops.geomspace", "kerata.ops.numpy.geomspace")
@symbolic_op
def geomspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    dtype: Any = None,
    axis: int = 0,
) -> Any:
    """Numbers spaced evenly on a log scale (a geometric progression).

    Args:
        start: First value of the sequence (nonzero).
        stop: Last value, or the value the sequence stops before
            when `endpoint` is False.
        num: Number of values.
        endpoint: Whether `stop` is included.
        dtype: Dtype of the result; by default
            `result_type(start, stop, float)`.
        axis: Axis of the result holding the samples, when
            `start` or `stop` are tensors.

    Returns:
        A tensor of `num` values along `axis`.

    Example:

    >>> x = kerata.ops.geomspace(1.0, 1000.0, num=4)
    >>> [round(v) for v in kerata.ops.convert_to_numpy(x).tolist()]
    [1, 10, 100, 1000]
    """
    if not isinstance(num, int) or isinstance(num, bool) or num < 0:
        raise ValueError(
            f"`num` must be a non-negative int. Received: num={num!r}"
        )
    return backend.numpy.geomspace(
        start, stop, num=num, endpoint=endpoint, dtype=dtype, axis=axis
    )


@kerata_export("kerata.ops.view", "kerata.ops.numpy.view")
@symbolic_op
def view(x: Any, dtype: Any = None) -> Any:
    """Reinterprets a tensor's bytes as another dtype, without copying values.

    Args:
        x: Input tensor.
        dtype: Dtype to read the bytes as; None returns `x`
            unchanged.

    Returns:
        A tensor of `dtype`. Its last axis scales by the ratio
            of the item sizes (an int32 axis of 2 read as int8
            has 8 items).

    Example:

    >>> x = kerata.ops.convert_to_tensor([1.0], dtype="float32")
    >>> kerata.ops.convert_to_numpy(kerata.ops.view(x, "int32")).tolist()
    [1065353216]
    """
    if dtype is not None:
        dtype = backend.standardize_dtype(dtype)
    return backend.numpy.view(x, dtype=dtype)


def _unique_spec(
    x: Any,
    sorted: bool = True,
    return_index: bool = False,
    return_inverse: bool = False,
    return_counts: bool = False,
    axis: Any = None,
    size: Any = None,
    fill_value: Any = None,
) -> Any:
    shape = list(x.shape)
    if axis is None:
        values_shape = [size]
    else:
        values_shape = list(shape)
        values_shape[axis % len(shape)] = size
    outputs = [KerasTensor(tuple(values_shape), dtype=x.dtype)]
    if return_index:
        outputs.append(KerasTensor((size,), dtype="int32"))
    if return_inverse:
        inverse = shape if axis is None else [shape[axis % len(shape)]]
        outputs.append(KerasTensor(tuple(inverse), dtype="int32"))
    if return_counts:
        outputs.append(KerasTensor((size,), dtype="int32"))
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


@kerata_export("kerata.ops.unique", "kerata.ops.numpy.unique")
@symbolic_op(spec=_unique_spec)
def unique(
    x: Any,
    sorted: bool = True,
    return_index: bool = False,
    return_inverse: bool = False,
    return_counts: bool = False,
    axis: Any = None,
    size: Any = None,
    fill_value: Any = None,
) -> Any:
    """The unique elements of a tensor, with optional indices and counts.

    The number of unique elements depends on the values, so the result's
    length is unknown until run time; pass `size` for a fixed length
    (padded with `fill_value` or truncated), e.g. inside compiled code.

    Args:
        x: Input tensor.
        sorted: Whether the unique values must come sorted. Every backend
            sorts them, so False is accepted and gives sorted values too.
        return_index: Also return the position of each unique value's
            first occurrence (in the flattened `x`, or along `axis`).
        return_inverse: Also return, for each element of `x` (or slice
            along `axis`), the position of its value among the unique ones.
        return_counts: Also return how often each unique value occurs.
        axis: None to work on the flattened `x`, or an int: the slices of
            `x` along this axis are the elements compared.
        size: Optional int, the fixed number of unique values returned.
        fill_value: Value padding the unique values when fewer than `size`
            exist (0 by default); indices and counts are padded with 0.

    Returns:
        The unique values, or a tuple `(values, index, inverse, counts)`
        holding those requested, in that order. Indices and counts are
        int32.

    Example:

    >>> values, counts = kerata.ops.unique([3, 1, 3, 2], return_counts=True)
    >>> kerata.ops.convert_to_numpy(values).tolist()
    [1, 2, 3]
    >>> kerata.ops.convert_to_numpy(counts).tolist()
    [1, 1, 2]
    """
    if size is not None and (
        not isinstance(size, int) or isinstance(size, bool) or size < 0
    ):
        raise ValueError(
            "`size` must be a non-negative int or None. "
            f"Received: size={size!r}"
        )
    try:
        return backend.numpy.unique(
            x,
            sorted=sorted,
            return_index=return_index,
            return_inverse=return_inverse,
            return_counts=return_counts,
            axis=axis,
            size=size,
            fill_value=fill_value,
        )
    except AXIS_ERRORS:
        check_axis("unique", x, axis)
        raise


@kerata_export("kerata.ops.vectorize", "kerata.ops.numpy.vectorize")
def vectorize(
    pyfunc: Callable, *, excluded: Any = None, signature: Any = None
) -> Callable:
    """Turns a function of scalars (or of small arrays) into one that maps
    over whole tensors, broadcasting its arguments.

    Without `signature`, `pyfunc` sees single elements; with one, such as
    `"(n),(n)->()"`, it sees the trailing "core" axes named there and the
    leading axes are looped over. JAX and torch map with `vmap`; the NumPy
    backend loops in Python.

    Args:
        pyfunc: The function to vectorize.
        excluded: Optional set of positions of arguments passed to
            `pyfunc` unchanged (not vectorized).
        signature: Optional generalized-ufunc signature, e.g.
            `"(m,n),(n)->(m)"` for a matrix-vector product.

    Returns:
        The vectorized function.

    Raises:
        ValueError: If `pyfunc` is not callable.

    Example:

    >>> add = kerata.ops.vectorize(lambda a, b: a + b)
    >>> kerata.ops.convert_to_numpy(add([1, 2, 3], 10)).tolist()
    [11, 12, 13]
    >>> dot = kerata.ops.vectorize(
    ...     lambda a, b: kerata.ops.sum(a * b), signature="(n),(n)->()"
    ... )
    >>> x = kerata.ops.ones((2, 3))
    >>> kerata.ops.convert_to_numpy(dot(x, x)).tolist()
    [3.0, 3.0]
    """
    if not callable(pyfunc):
        raise ValueError(
            f"`pyfunc` must be callable. Received: pyfunc={pyfunc!r}"
        )
    return backend.numpy.vectorize(
        pyfunc, excluded=excluded, signature=signature
    )


def _check_1d(op: str, **tensors: Any) -> None:
    for name, value in tensors.items():
        if not hasattr(value, "shape"):
            value = backend.convert_to_numpy(value)
        shape = tuple(value.shape)
        if len(shape) != 1:
            raise ValueError(
                f"`{op}` takes 1-D tensors. Received: {name} of shape {shape}."
            )
