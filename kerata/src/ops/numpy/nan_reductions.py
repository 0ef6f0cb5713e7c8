"""Public ops: `kerata.ops.numpy`, NaN-ignoring reductions and quantiles.

`nansum`, `nanprod`, `nanmax`, `nanmin`, `nanmean`, `nanvar`, `nanstd`,
`nanmedian`, `nanargmax`, `nanargmin`, `nancumsum`, `nancumprod`, `ptp`,
`percentile`, `nanpercentile` and `nanquantile`. Dtypes follow the ops
they are variants of: `nansum` types its result as `sum` does, `nanmean`
as `mean`.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.numpy.reductions import AXIS_ERRORS
from kerata.src.ops.numpy.reductions import check_axis
from kerata.src.ops.numpy.reductions import check_quantile_method
from kerata.src.ops.operation import symbolic_op


@kerata_export("kerata.ops.nansum", "kerata.ops.numpy.nansum")
@symbolic_op
def nansum(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Sum over the given axes, treating NaNs as zero.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes) to reduce
            over.
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The sum, of `sum`'s dtype (32-bit for small integers).

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1.0, 3.0], [float('nan'), 2.0]])
    >>> y = kerata.ops.nansum(x, axis=0)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [1.0, 5.0]
    """
    try:
        return backend.numpy.nansum(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("nansum", x, axis)
        raise


@kerata_export("kerata.ops.nanprod", "kerata.ops.numpy.nanprod")
@symbolic_op
def nanprod(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Product over the given axes, treating NaNs as one.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes) to reduce
            over.
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The product, of `prod`'s dtype.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1.0, 3.0], [float('nan'), 2.0]])
    >>> y = kerata.ops.nanprod(x, axis=0)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [1.0, 6.0]
    """
    try:
        return backend.numpy.nanprod(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("nanprod", x, axis)
        raise


@kerata_export("kerata.ops.nanmax", "kerata.ops.numpy.nanmax")
@symbolic_op
def nanmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Maximum over the given axes, ignoring NaNs.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes) to reduce
            over.
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The maximum, of `x`'s dtype; NaN for all-NaN slices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1.0, 3.0], [float('nan'), 2.0]])
    >>> y = kerata.ops.nanmax(x, axis=0)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [1.0, 3.0]
    """
    try:
        return backend.numpy.nanmax(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("nanmax", x, axis)
        raise


@kerata_export("kerata.ops.nanmin", "kerata.ops.numpy.nanmin")
@symbolic_op
def nanmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Minimum over the given axes, ignoring NaNs.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes) to reduce
            over.
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The minimum, of `x`'s dtype; NaN for all-NaN slices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1.0, 3.0], [float('nan'), 2.0]])
    >>> y = kerata.ops.nanmin(x, axis=0)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [1.0, 2.0]
    """
    try:
        return backend.numpy.nanmin(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("nanmin", x, axis)
        raise


@kerata_export("kerata.ops.nanmean", "kerata.ops.numpy.nanmean")
@symbolic_op
def nanmean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Mean over the given axes, ignoring NaNs.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes) to reduce
            over.
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The mean, a float tensor (floatx for integer inputs);
            NaN for all-NaN slices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1.0, 3.0], [float('nan'), 2.0]])
    >>> y = kerata.ops.nanmean(x, axis=0)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [1.0, 2.5]
    """
    try:
        return backend.numpy.nanmean(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("nanmean", x, axis)
        raise


@kerata_export("kerata.ops.nanvar", "kerata.ops.numpy.nanvar")
@symbolic_op
def nanvar(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Variance over the given axes, ignoring NaNs.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes) to reduce
            over.
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The population variance (no degrees-of-freedom
            correction), a float tensor; NaN for all-NaN slices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1.0, 3.0], [float('nan'), 2.0]])
    >>> y = kerata.ops.nanvar(x, axis=0)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [0.0, 0.25]
    """
    try:
        return backend.numpy.nanvar(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("nanvar", x, axis)
        raise


@kerata_export("kerata.ops.nanstd", "kerata.ops.numpy.nanstd")
@symbolic_op
def nanstd(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Standard deviation over the given axes, ignoring NaNs.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes) to reduce
            over.
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The population standard deviation, a float tensor; NaN
            for all-NaN slices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1.0, 3.0], [float('nan'), 2.0]])
    >>> y = kerata.ops.nanstd(x, axis=0)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [0.0, 0.5]
    """
    try:
        return backend.numpy.nanstd(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("nanstd", x, axis)
        raise


@kerata_export("kerata.ops.nanmedian", "kerata.ops.numpy.nanmedian")
@symbolic_op
def nanmedian(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Median over the given axes, ignoring NaNs.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes) to reduce
            over.
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        The median, a float tensor; NaN for all-NaN slices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1.0, 3.0], [float('nan'), 2.0]])
    >>> y = kerata.ops.nanmedian(x, axis=0)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [1.0, 2.5]
    """
    try:
        return backend.numpy.nanmedian(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("nanmedian", x, axis)
        raise


@kerata_export("kerata.ops.nanargmax", "kerata.ops.numpy.nanargmax")
@symbolic_op
def nanargmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Indices of the maxima over an axis, ignoring NaNs.

    Args:
        x: Input tensor.
        axis: Int or None (the flattened tensor).
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        An int32 tensor of indices (an all-NaN slice gives an
            unspecified index).

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1.0, 3.0], [float('nan'), 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.nanargmax(x, axis=0)).tolist()
    [0, 0]
    """
    try:
        return backend.numpy.nanargmax(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("nanargmax", x, axis)
        raise


@kerata_export("kerata.ops.nanargmin", "kerata.ops.numpy.nanargmin")
@symbolic_op
def nanargmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Indices of the minima over an axis, ignoring NaNs.

    Args:
        x: Input tensor.
        axis: Int or None (the flattened tensor).
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        An int32 tensor of indices (an all-NaN slice gives an
            unspecified index).

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1.0, 3.0], [float('nan'), 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.nanargmin(x, axis=0)).tolist()
    [0, 1]
    """
    try:
        return backend.numpy.nanargmin(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("nanargmin", x, axis)
        raise


@kerata_export("kerata.ops.ptp", "kerata.ops.numpy.ptp")
@symbolic_op
def ptp(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Range of values (maximum minus minimum) over the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints or None (all axes) to reduce
            over.
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        A tensor of `x`'s dtype.

    Raises:
        TypeError: For bool tensors.

    Example:

    >>> x = kerata.ops.ptp([[1, 5], [4, 2]], axis=1)
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [4, 2]
    """
    try:
        return backend.numpy.ptp(x, axis=axis, keepdims=keepdims)
    except AXIS_ERRORS:
        check_axis("ptp", x, axis)
        raise


@kerata_export("kerata.ops.nancumsum", "kerata.ops.numpy.nancumsum")
@symbolic_op
def nancumsum(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    """Cumulative sum along an axis, treating NaNs as zero.

    Args:
        x: Input tensor.
        axis: Int, or None to work on the flattened tensor.
        dtype: Dtype of the result; by default `x`'s (int32 for
            bool).

    Returns:
        A tensor of `x`'s shape (flattened when `axis` is None).

    Example:

    >>> x = kerata.ops.nancumsum([1.0, float('nan'), 2.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1.0, 1.0, 3.0]
    """
    try:
        return backend.numpy.nancumsum(x, axis=axis, dtype=dtype)
    except AXIS_ERRORS:
        check_axis("nancumsum", x, axis)
        raise


@kerata_export("kerata.ops.nancumprod", "kerata.ops.numpy.nancumprod")
@symbolic_op
def nancumprod(x: Any, axis: Any = None, dtype: Any = None) -> Any:
    """Cumulative product along an axis, treating NaNs as one.

    Args:
        x: Input tensor.
        axis: Int, or None to work on the flattened tensor.
        dtype: Dtype of the result; by default `x`'s (int32 for
            bool).

    Returns:
        A tensor of `x`'s shape (flattened when `axis` is None).

    Example:

    >>> x = kerata.ops.nancumprod([1.0, float('nan'), 2.0])
    >>> kerata.ops.convert_to_numpy(x).tolist()
    [1.0, 1.0, 2.0]
    """
    try:
        return backend.numpy.nancumprod(x, axis=axis, dtype=dtype)
    except AXIS_ERRORS:
        check_axis("nancumprod", x, axis)
        raise


@kerata_export("kerata.ops.percentile", "kerata.ops.numpy.percentile")
@symbolic_op
def percentile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any:
    """The q-th percentiles of `x` along the given axes.

    Args:
        x: Input tensor.
        q: Percentile or 1-D sequence of Percentiles, in [0,
            100].
        axis: Int, tuple of ints or None (all axes) to reduce
            over.
        method: How to pick between data points: "linear",
            "lower", "higher", "midpoint" or "nearest".
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        A float tensor (floatx for integer inputs); a 1-D `q`
            adds a leading axis of its size.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 1.0, 2.0, 3.0, 4.0])
    >>> y = kerata.ops.percentile(x, [25, 50])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1.0, 2.0]
    """
    check_quantile_method(method)
    try:
        return backend.numpy.percentile(
            x, q, axis=axis, method=method, keepdims=keepdims
        )
    except AXIS_ERRORS:
        check_axis("percentile", x, axis)
        raise


@kerata_export("kerata.ops.nanpercentile", "kerata.ops.numpy.nanpercentile")
@symbolic_op
def nanpercentile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any:
    """The q-th percentiles of `x` along the given axes, ignoring NaNs.

    Args:
        x: Input tensor.
        q: Percentile or 1-D sequence of Percentiles, in [0,
            100].
        axis: Int, tuple of ints or None (all axes) to reduce
            over.
        method: How to pick between data points: "linear",
            "lower", "higher", "midpoint" or "nearest".
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        A float tensor (floatx for integer inputs); a 1-D `q`
            adds a leading axis of its size.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 1.0, float('nan'), 2.0, 3, 4])
    >>> y = kerata.ops.nanpercentile(x, [25, 50])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1.0, 2.0]
    """
    check_quantile_method(method)
    try:
        return backend.numpy.nanpercentile(
            x, q, axis=axis, method=method, keepdims=keepdims
        )
    except AXIS_ERRORS:
        check_axis("nanpercentile", x, axis)
        raise


@kerata_export("kerata.ops.nanquantile", "kerata.ops.numpy.nanquantile")
@symbolic_op
def nanquantile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any:
    """The q-th quantiles of `x` along the given axes, ignoring NaNs.

    Args:
        x: Input tensor.
        q: Quantile or 1-D sequence of Quantiles, in [0, 1].
        axis: Int, tuple of ints or None (all axes) to reduce
            over.
        method: How to pick between data points: "linear",
            "lower", "higher", "midpoint" or "nearest".
        keepdims: Whether to keep the reduced axes with size 1.

    Returns:
        A float tensor (floatx for integer inputs); a 1-D `q`
            adds a leading axis of its size.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 1.0, float('nan'), 2.0, 3, 4])
    >>> y = kerata.ops.nanquantile(x, [0.25, 0.5])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1.0, 2.0]
    """
    check_quantile_method(method)
    try:
        return backend.numpy.nanquantile(
            x, q, axis=axis, method=method, keepdims=keepdims
        )
    except AXIS_ERRORS:
        check_axis("nanquantile", x, axis)
        raise
