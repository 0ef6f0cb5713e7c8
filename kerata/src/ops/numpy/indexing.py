"""Public ops: `kerata.ops.numpy`, indexing, sorting and searching."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.numpy.reductions import AXIS_ERRORS
from kerata.src.ops.numpy.reductions import check_axis
from kerata.src.ops.operation import symbolic_op


@kerata_export("kerata.ops.get_item", "kerata.ops.numpy.get_item")
@symbolic_op
def get_item(x: Any, key: Any) -> Any:
    """Returns `x[key]`, with NumPy's indexing rules.

    This is what `x[key]` runs on a symbolic `KerasTensor`. A list key is
    read as a tuple of indices, as in Keras.

    Args:
        x: Input tensor.
        key: Int, slice, None (new axis), Ellipsis, an int or bool tensor,
            or a tuple of these.

    Returns:
        The selected elements.

    Example:

    >>> x = kerata.ops.reshape(kerata.ops.arange(6), (2, 3))
    >>> y = kerata.ops.get_item(x, (slice(None), 1))
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1, 4]
    """
    if isinstance(key, list):
        key = tuple(key)
    return backend.numpy.get_item(x, key)


@kerata_export("kerata.ops.take", "kerata.ops.numpy.take")
@symbolic_op
def take(x: Any, indices: Any, axis: Any = None) -> Any:
    """Takes elements along an axis.

    Args:
        x: Input tensor.
        indices: Int tensor of indices (negative ones count from the end).
        axis: The axis to take from; None indexes the flattened tensor.

    Returns:
        A tensor of shape `x.shape[:axis] + indices.shape +
        x.shape[axis + 1:]`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 2, 3], [4, 5, 6]])
    >>> y = kerata.ops.take(x, [2, 0], axis=1)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[3, 1], [6, 4]]
    """
    try:
        return backend.numpy.take(x, indices, axis=axis)
    except (IndexError, ZeroDivisionError):
        check_axis("take", x, axis)
        raise


@kerata_export("kerata.ops.take_along_axis", "kerata.ops.numpy.take_along_axis")
@symbolic_op
def take_along_axis(x: Any, indices: Any, axis: Any = None) -> Any:
    """Picks values along an axis with an index tensor of matching rank,
    e.g. the output of `argsort`.

    Args:
        x: Input tensor.
        indices: Int tensor broadcastable to `x` except along `axis`.
        axis: The axis to pick along; None works on flattened inputs.

    Returns:
        The picked values, of `indices`' shape along `axis`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[10, 30, 20]])
    >>> i = kerata.ops.argsort(x, axis=1)
    >>> y = kerata.ops.take_along_axis(x, i, axis=1)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[10, 20, 30]]
    """
    try:
        return backend.numpy.take_along_axis(x, indices, axis=axis)
    except AXIS_ERRORS:
        check_axis("take_along_axis", x, axis)
        raise


@kerata_export("kerata.ops.argsort", "kerata.ops.numpy.argsort")
@symbolic_op
def argsort(x: Any, axis: Any = -1) -> Any:
    """Indices that sort a tensor along an axis (stable: equal values keep
    their order).

    Args:
        x: Input tensor.
        axis: The axis to sort along; None sorts the flattened tensor.

    Returns:
        An int32 tensor of indices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([3, 1, 2])
    >>> kerata.ops.convert_to_numpy(kerata.ops.argsort(x)).tolist()
    [1, 2, 0]
    """
    try:
        return backend.numpy.argsort(x, axis=axis)
    except AXIS_ERRORS:
        check_axis("argsort", x, axis)
        raise


@kerata_export("kerata.ops.sort", "kerata.ops.numpy.sort")
@symbolic_op
def sort(x: Any, axis: Any = -1) -> Any:
    """Sorts a tensor along an axis, in ascending order.

    Args:
        x: Input tensor.
        axis: The axis to sort along; None sorts the flattened tensor.

    Returns:
        The sorted tensor.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[3, 1, 2]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.sort(x)).tolist()
    [[1, 2, 3]]
    """
    try:
        return backend.numpy.sort(x, axis=axis)
    except AXIS_ERRORS:
        check_axis("sort", x, axis)
        raise


@kerata_export("kerata.ops.argpartition", "kerata.ops.numpy.argpartition")
@symbolic_op
def argpartition(x: Any, kth: Any, axis: int = -1) -> Any:
    """Indices that partition a tensor around its k-th smallest element.

    The element at position `kth` is the one a full sort would put
    there; smaller ones come before it and larger ones after it, in no
    particular order.

    Args:
        x: Input tensor.
        kth: Int or sequence of ints, the positions to partition at.
        axis: The axis to partition along.

    Returns:
        An int32 tensor of indices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([3, 4, 2, 1])
    >>> i = kerata.ops.argpartition(x, 1)
    >>> kerata.ops.convert_to_numpy(kerata.ops.take(x, i))[1].tolist()
    2
    """
    try:
        return backend.numpy.argpartition(x, kth, axis=axis)
    except AXIS_ERRORS:
        check_axis("argpartition", x, axis)
        raise


@kerata_export("kerata.ops.searchsorted", "kerata.ops.numpy.searchsorted")
@symbolic_op
def searchsorted(sorted_sequence: Any, values: Any, side: str = "left") -> Any:
    """Positions at which to insert `values` to keep a sequence sorted.

    Args:
        sorted_sequence: 1-D tensor in ascending order.
        values: Tensor of values to place.
        side: "left" (first suitable position) or "right" (last).

    Returns:
        An int32 tensor of `values`' shape.

    Example:

    >>> s = kerata.ops.convert_to_tensor([1, 2, 2, 4])
    >>> y = kerata.ops.searchsorted(s, [2, 3], side="right")
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [3, 3]
    """
    if side not in ("left", "right"):
        raise ValueError(
            f"`side` must be 'left' or 'right'. Received: side={side!r}"
        )
    return backend.numpy.searchsorted(sorted_sequence, values, side=side)


def _nonzero_spec(x: Any) -> Any:
    # How many elements are non-zero depends on the values.
    return tuple(
        backend.KerasTensor((None,), dtype="int32") for _ in range(len(x.shape))
    )


@kerata_export("kerata.ops.nonzero", "kerata.ops.numpy.nonzero")
@symbolic_op(spec=_nonzero_spec)
def nonzero(x: Any) -> Any:
    """Indices of the non-zero elements.

    Args:
        x: Input tensor.

    Returns:
        A tuple of 1-D int32 tensors, one per axis of `x`. On symbolic
        inputs their length is unknown (None).

    Example:

    >>> x = kerata.ops.convert_to_tensor([[0, 1], [2, 0]])
    >>> rows, cols = kerata.ops.nonzero(x)
    >>> kerata.ops.convert_to_numpy(rows).tolist()
    [0, 1]
    >>> kerata.ops.convert_to_numpy(cols).tolist()
    [1, 0]
    """
    return backend.numpy.nonzero(x)


@kerata_export("kerata.ops.unravel_index", "kerata.ops.numpy.unravel_index")
@symbolic_op
def unravel_index(indices: Any, shape: Any) -> Any:
    """Converts flat indices into coordinates in a tensor of `shape`.

    Args:
        indices: Int tensor of indices into the flattened tensor.
        shape: The shape to index into.

    Returns:
        A tuple of tensors, one per axis of `shape`.

    Example:

    >>> coords = kerata.ops.unravel_index([5, 1], (2, 3))
    >>> [kerata.ops.convert_to_numpy(c).tolist() for c in coords]
    [[1, 0], [2, 1]]
    """
    return backend.numpy.unravel_index(indices, tuple(shape))


@kerata_export("kerata.ops.digitize", "kerata.ops.numpy.digitize")
@symbolic_op
def digitize(x: Any, bins: Any) -> Any:
    """Index of the bin each value falls in.

    For increasing `bins`, the result `i` satisfies
    `bins[i - 1] <= x < bins[i]`.

    Args:
        x: Input tensor.
        bins: 1-D tensor of increasing bin edges.

    Returns:
        An int32 tensor of `x`'s shape.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.5, 1.0, 2.5])
    >>> y = kerata.ops.digitize(x, [1.0, 2.0])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [0, 1, 2]
    """
    return backend.numpy.digitize(x, bins)


@kerata_export("kerata.ops.isin", "kerata.ops.numpy.isin")
@symbolic_op
def isin(
    x1: Any, x2: Any, assume_unique: bool = False, invert: bool = False
) -> Any:
    """Whether each element of `x1` is in `x2`.

    Args:
        x1: Input tensor.
        x2: Values to test against (flattened).
        assume_unique: Whether both inputs have unique elements (may be
            faster).
        invert: Whether to return "not in" instead.

    Returns:
        A bool tensor of `x1`'s shape.

    Example:

    >>> y = kerata.ops.isin([1, 2, 3], [2, 4])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [False, True, False]
    """
    return backend.numpy.isin(
        x1, x2, assume_unique=assume_unique, invert=invert
    )


@kerata_export("kerata.ops.diagonal", "kerata.ops.numpy.diagonal")
@symbolic_op
def diagonal(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    """A diagonal of a tensor, taken over two axes.

    Args:
        x: Tensor of rank 2 or more.
        offset: Diagonal offset: positive above the main diagonal.
        axis1: First axis of the 2-D sub-arrays.
        axis2: Second axis of the 2-D sub-arrays.

    Returns:
        The diagonals, along a new last axis.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 2], [3, 4]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.diagonal(x)).tolist()
    [1, 4]
    """
    try:
        return backend.numpy.diagonal(
            x, offset=offset, axis1=axis1, axis2=axis2
        )
    except AXIS_ERRORS:
        check_axis("diagonal", x, (axis1, axis2))
        raise
