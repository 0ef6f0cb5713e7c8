"""Public ops: `kerata.ops.numpy`, reductions and statistics."""

from __future__ import annotations

import builtins
from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op

# What backends raise for an axis out of range: IndexError (torch, NumPy's
# AxisError) or ValueError (JAX).
AXIS_ERRORS = (IndexError, ValueError)


def _rank(x: Any) -> int | None:
    shape = getattr(x, "shape", None)
    if shape is None:
        try:
            return backend.convert_to_numpy(x).ndim
        except Exception:  # noqa: BLE001 - only used to word an error
            return None
    return len(shape)


def check_axis(op: str, x: Any, axis: Any, extra: int = 0) -> None:
    """Raises a ValueError naming `op` when `axis` does not fit `x`'s rank
    (plus `extra` axes, for ops that insert axes).

    Ops call this only after the backend failed, so valid calls pay
    nothing for the check."""
    if axis is None:
        return
    ndim = _rank(x)
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    if ndim is None or not builtins.all(isinstance(a, int) for a in axes):
        return
    ndim += extra
    bad = [a for a in axes if not -ndim <= a < ndim]
    normalized = [a % ndim for a in axes if -ndim <= a < ndim]
    if bad or len(set(normalized)) != len(normalized):
        shape = tuple(getattr(x, "shape", ()))
        raise ValueError(
            f"Invalid `axis` for `{op}`: received axis={axis!r} for a tensor "
            f"of shape {shape}. Each axis must be a distinct int in "
            f"[-{ndim}, {ndim})."
        )


@kerata_export("kerata.ops.sum", "kerata.ops.numpy.sum")
@symbolic_op
def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Sum of tensor elements over the given axes.

    Bool and small integer inputs are summed in a 32-bit accumulator, as
    in Keras: bool, int8 and int16 give int32; uint8 and uint16 give
    uint32.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes) to sum over.
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The sum.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 2], [3, 4]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.sum(x, axis=0)).tolist()
    [4, 6]
    """
    try:
        return backend.numpy.sum(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("sum", x, axis)
        raise


@kerata_export("kerata.ops.mean", "kerata.ops.numpy.mean")
@symbolic_op
def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Arithmetic mean over the given axes.

    Integer and bool inputs give floatx; float16 and bfloat16 inputs are
    averaged in float32 and cast back.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes).
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The mean.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.mean(x, axis=1)).tolist()
    [1.5, 3.5]
    """
    try:
        return backend.numpy.mean(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("mean", x, axis)
        raise


@kerata_export("kerata.ops.max", "kerata.ops.numpy.max")
@symbolic_op
def max(
    x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None
) -> Any:
    """Maximum over the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes).
        keepdims: Whether to keep the reduced axes with size 1.
        initial: Optional lower bound of the result.

    Returns:
        The maximum, of `x`'s dtype.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 5], [3, 2]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.max(x, axis=1)).tolist()
    [5, 3]
    """
    try:
        return backend.numpy.max(
            x, axis=axis, keepdims=keepdims, initial=initial
        )
    except AXIS_ERRORS:
        check_axis("max", x, axis)
        raise


@kerata_export("kerata.ops.min", "kerata.ops.numpy.min")
@symbolic_op
def min(
    x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None
) -> Any:
    """Minimum over the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes).
        keepdims: Whether to keep the reduced axes with size 1.
        initial: Optional upper bound of the result.

    Returns:
        The minimum, of `x`'s dtype.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 5], [3, 2]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.min(x, axis=0)).tolist()
    [1, 2]
    """
    try:
        return backend.numpy.min(
            x, axis=axis, keepdims=keepdims, initial=initial
        )
    except AXIS_ERRORS:
        check_axis("min", x, axis)
        raise


@kerata_export("kerata.ops.amax", "kerata.ops.numpy.amax")
@symbolic_op
def amax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Maximum over the given axes (same as `max` without `initial`).

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes).
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The maximum.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 5], [3, 2]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.amax(x)).tolist()
    5
    """
    try:
        return backend.numpy.amax(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("amax", x, axis)
        raise


@kerata_export("kerata.ops.amin", "kerata.ops.numpy.amin")
@symbolic_op
def amin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Minimum over the given axes (same as `min` without `initial`).

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes).
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The minimum.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 5], [3, 2]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.amin(x)).tolist()
    1
    """
    try:
        return backend.numpy.amin(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("amin", x, axis)
        raise


@kerata_export("kerata.ops.prod", "kerata.ops.numpy.prod")
@symbolic_op
def prod(
    x: Any, axis: Any = None, keepdims: bool = False, dtype: Any = None
) -> Any:
    """Product of tensor elements over the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes).
        keepdims: Whether to keep the reduced axes with size 1.
        dtype: Dtype of the result and accumulator; None follows `sum`'s
            rules.

    Returns:
        The product.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 2], [3, 4]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.prod(x, axis=1)).tolist()
    [2, 12]
    """
    try:
        return backend.numpy.prod(x, axis=axis, keepdims=keepdims, dtype=dtype)
    except AXIS_ERRORS:
        check_axis("prod", x, axis)
        raise


@kerata_export("kerata.ops.std", "kerata.ops.numpy.std")
@symbolic_op
def std(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Population standard deviation (no Bessel correction).

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes).
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The standard deviation; floatx for integer inputs.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1.0, 3.0])
    >>> kerata.ops.convert_to_numpy(kerata.ops.std(x)).tolist()
    1.0
    """
    try:
        return backend.numpy.std(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("std", x, axis)
        raise


@kerata_export("kerata.ops.var", "kerata.ops.numpy.var")
@symbolic_op
def var(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Population variance (no Bessel correction).

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes).
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The variance; floatx for integer inputs.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1.0, 3.0])
    >>> kerata.ops.convert_to_numpy(kerata.ops.var(x)).tolist()
    1.0
    """
    try:
        return backend.numpy.var(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("var", x, axis)
        raise


@kerata_export("kerata.ops.all", "kerata.ops.numpy.all")
@symbolic_op
def all(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Whether all elements are true (non-zero) along the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes).
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        A bool tensor.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[True, False], [True, True]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.all(x, axis=1)).tolist()
    [False, True]
    """
    try:
        return backend.numpy.all(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("all", x, axis)
        raise


@kerata_export("kerata.ops.any", "kerata.ops.numpy.any")
@symbolic_op
def any(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Whether any element is true (non-zero) along the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes).
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        A bool tensor.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[True, False], [False, False]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.any(x, axis=1)).tolist()
    [True, False]
    """
    try:
        return backend.numpy.any(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("any", x, axis)
        raise


@kerata_export("kerata.ops.argmax", "kerata.ops.numpy.argmax")
@symbolic_op
def argmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Index of the (first) maximum along an axis.

    Args:
        x: Input tensor.
        axis: Int, or None to index into the flattened tensor.
        keepdims: Whether to keep the reduced axis with size 1.

    Returns:
        An int32 tensor of indices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 5, 2], [7, 0, 3]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.argmax(x, axis=1)).tolist()
    [1, 0]
    """
    try:
        return backend.numpy.argmax(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("argmax", x, axis)
        raise


@kerata_export("kerata.ops.argmin", "kerata.ops.numpy.argmin")
@symbolic_op
def argmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Index of the (first) minimum along an axis.

    Args:
        x: Input tensor.
        axis: Int, or None to index into the flattened tensor.
        keepdims: Whether to keep the reduced axis with size 1.

    Returns:
        An int32 tensor of indices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 5, 2], [7, 0, 3]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.argmin(x)).tolist()
    4
    """
    try:
        return backend.numpy.argmin(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("argmin", x, axis)
        raise


@kerata_export("kerata.ops.cumsum", "kerata.ops.numpy.cumsum")
@symbolic_op
def cumsum(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    """Cumulative sum along an axis.

    Args:
        x: Input tensor.
        axis: Int, or None to work on the flattened tensor.
        dtype: Dtype of the result; None keeps `x`'s (bool gives int32).

    Returns:
        The running sums.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 2, 3])
    >>> kerata.ops.convert_to_numpy(kerata.ops.cumsum(x)).tolist()
    [1, 3, 6]
    """
    try:
        return backend.numpy.cumsum(x, axis=axis, dtype=dtype)
    except AXIS_ERRORS:
        check_axis("cumsum", x, axis)
        raise


@kerata_export("kerata.ops.cumprod", "kerata.ops.numpy.cumprod")
@symbolic_op
def cumprod(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    """Cumulative product along an axis.

    Args:
        x: Input tensor.
        axis: Int, or None to work on the flattened tensor.
        dtype: Dtype of the result; None keeps `x`'s (bool gives int32).

    Returns:
        The running products.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 2, 3])
    >>> kerata.ops.convert_to_numpy(kerata.ops.cumprod(x)).tolist()
    [1, 2, 6]
    """
    try:
        return backend.numpy.cumprod(x, axis=axis, dtype=dtype)
    except AXIS_ERRORS:
        check_axis("cumprod", x, axis)
        raise


@kerata_export("kerata.ops.median", "kerata.ops.numpy.median")
@symbolic_op
def median(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Median along the given axes (mean of the two middle values for
    even counts, as in NumPy).

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes).
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The median; floatx for integer inputs.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1.0, 4.0, 2.0, 3.0])
    >>> kerata.ops.convert_to_numpy(kerata.ops.median(x)).tolist()
    2.5
    """
    try:
        return backend.numpy.median(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("median", x, axis)
        raise


_QUANTILE_METHODS = ("linear", "lower", "higher", "midpoint", "nearest")


def check_quantile_method(method: Any) -> None:
    """Raises unless `method` is one of the quantile methods; shared by
    `quantile`, `percentile`, `nanpercentile` and `nanquantile`."""
    if method not in _QUANTILE_METHODS:
        raise ValueError(
            f"`method` must be one of {_QUANTILE_METHODS}. "
            f"Received: method={method!r}"
        )


@kerata_export("kerata.ops.quantile", "kerata.ops.numpy.quantile")
@symbolic_op
def quantile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any:
    """The q-th quantiles of `x` along the given axes.

    Args:
        x: Input tensor.
        q: Quantile or 1-D sequence of quantiles, in [0, 1].
        axis: Int, tuple of ints or None (all axes).
        method: How to pick between data points: "linear", "lower",
            "higher", "midpoint" or "nearest".
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The quantiles; a 1-D `q` adds a leading axis of its size.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 1.0, 2.0, 3.0, 4.0])
    >>> y = kerata.ops.quantile(x, [0.25, 0.5])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1.0, 2.0]
    """
    check_quantile_method(method)
    try:
        return backend.numpy.quantile(
            x, q, axis=axis, method=method, keepdims=keepdims
        )
    except AXIS_ERRORS:
        check_axis("quantile", x, axis)
        raise


@kerata_export("kerata.ops.average", "kerata.ops.numpy.average")
@symbolic_op
def average(x: Any, axis: Any = None, weights: Any = None) -> Any:
    """Weighted average along an axis.

    Args:
        x: Input tensor.
        axis: Int, or None to average all elements.
        weights: None (plain mean), a tensor of `x`'s shape, or a 1-D
            tensor of the length of `x` along `axis`.

    Returns:
        `sum(x * weights) / sum(weights)` along `axis`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1.0, 2.0, 3.0])
    >>> w = kerata.ops.convert_to_tensor([3.0, 1.0, 0.0])
    >>> y = kerata.ops.average(x, weights=w)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    1.25
    """
    try:
        return backend.numpy.average(x, axis=axis, weights=weights)
    except AXIS_ERRORS:
        check_axis("average", x, axis)
        raise


@kerata_export("kerata.ops.count_nonzero", "kerata.ops.numpy.count_nonzero")
@symbolic_op
def count_nonzero(x: Any, axis: Any = None) -> Any:
    """Number of non-zero elements along the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes).

    Returns:
        An int32 tensor.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[0, 1, 2], [0, 0, 3]])
    >>> y = kerata.ops.count_nonzero(x, axis=1)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [2, 1]
    """
    try:
        return backend.numpy.count_nonzero(x, axis=axis)
    except AXIS_ERRORS:
        check_axis("count_nonzero", x, axis)
        raise


def _bincount_spec(
    x: Any, weights: Any = None, minlength: int = 0, sparse: bool = False
) -> Any:
    # The number of bins depends on the values: unknown symbolically.
    dtype = (
        "int32" if weights is None else backend.standardize_dtype(weights.dtype)
    )
    return backend.KerasTensor(tuple(x.shape[:-1]) + (None,), dtype=dtype)


@kerata_export("kerata.ops.bincount", "kerata.ops.numpy.bincount")
@symbolic_op(spec=_bincount_spec)
def bincount(
    x: Any, weights: Any = None, minlength: int = 0, sparse: bool = False
) -> Any:
    """Counts occurrences of each non-negative integer.

    Args:
        x: 1-D tensor of non-negative ints, or 2-D for one count per row.
        weights: Optional tensor of `x`'s shape; each occurrence adds its
            weight instead of 1.
        minlength: Minimum number of bins.
        sparse: Unsupported (kept for Keras compatibility); must be False.

    Returns:
        Counts of shape `(max(x) + 1,)` (at least `minlength`), int32 or
        the dtype of `weights`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0, 1, 1, 3])
    >>> kerata.ops.convert_to_numpy(kerata.ops.bincount(x)).tolist()
    [1, 2, 0, 1]
    """
    return backend.numpy.bincount(
        x, weights=weights, minlength=minlength, sparse=sparse
    )


def _histogram_spec(x: Any, bins: int = 10, range: Any = None) -> Any:
    dtype = backend.standardize_dtype(x.dtype)
    if not backend.is_float_dtype(dtype):
        dtype = backend.result_type(dtype, float)
    return (
        backend.KerasTensor((bins,), dtype=dtype),
        backend.KerasTensor((bins + 1,), dtype=dtype),
    )


@kerata_export("kerata.ops.histogram", "kerata.ops.numpy.histogram")
@symbolic_op(spec=_histogram_spec)
def histogram(x: Any, bins: int = 10, range: Any = None) -> Any:
    """Histogram of the values of `x` in equal-width bins.

    Args:
        x: Input tensor (flattened).
        bins: Number of bins.
        range: Optional `(low, high)`; defaults to `(min(x), max(x))`.
            Values outside it are not counted.

    Returns:
        A tuple `(counts, bin_edges)` of shapes `(bins,)` and
        `(bins + 1,)`, float (floatx for integer inputs).

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 0.5, 1.0, 2.0])
    >>> counts, edges = kerata.ops.histogram(x, bins=2)
    >>> kerata.ops.convert_to_numpy(counts).tolist()
    [2.0, 2.0]
    >>> kerata.ops.convert_to_numpy(edges).tolist()
    [0.0, 1.0, 2.0]
    """
    if not isinstance(bins, int) or bins < 1:
        raise ValueError(
            f"`bins` must be a positive int. Received: bins={bins!r}"
        )
    if range is not None and (len(range) != 2 or range[0] > range[1]):
        raise ValueError(
            "`range` must be a pair (low, high) with low <= high. "
            f"Received: range={range!r}"
        )
    return backend.numpy.histogram(x, bins=bins, range=range)
