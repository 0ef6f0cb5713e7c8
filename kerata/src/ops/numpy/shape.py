"""Public ops: `kerata.ops.numpy`, shape manipulation."""

from __future__ import annotations

import math
from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.numpy.reductions import AXIS_ERRORS
from kerata.src.ops.numpy.reductions import check_axis
from kerata.src.ops.operation import symbolic_op

_SHAPE_ERRORS = (RuntimeError, ValueError, TypeError)


def _shape_of(x: Any) -> tuple:
    if not hasattr(x, "shape"):
        x = backend.convert_to_tensor(x)
    return tuple(x.shape)


def _new_shape(newshape: Any) -> tuple:
    if isinstance(newshape, int):
        return (newshape,)
    return tuple(newshape)


def reshape_output_shape(shape: tuple, newshape: Any) -> tuple:
    """The shape `reshape` gives, with None for sizes unknown symbolically.

    Raises a ValueError when the sizes cannot match."""
    newshape = _new_shape(newshape)
    if sum(1 for d in newshape if d == -1) > 1:
        raise ValueError(
            f"`reshape` takes at most one -1 in the new shape. Received: "
            f"newshape={newshape}"
        )
    if any(d is not None and d < -1 for d in newshape):
        raise ValueError(
            f"Invalid size in the new shape {newshape}: sizes must be "
            "non-negative, or -1 for one inferred size."
        )
    if None in shape or None in newshape:
        return tuple(None if d == -1 else d for d in newshape)
    total = math.prod(shape)
    known = math.prod(d for d in newshape if d != -1)
    if -1 in newshape:
        if known == 0 or total % known:
            raise ValueError(
                f"Cannot reshape a tensor of shape {shape} ({total} elements) "
                f"into shape {newshape}."
            )
        return tuple(total // known if d == -1 else d for d in newshape)
    if known != total:
        raise ValueError(
            f"Cannot reshape a tensor of shape {shape} ({total} elements) "
            f"into shape {newshape} ({known} elements)."
        )
    return newshape


def _reshape_spec(x: Any, newshape: Any) -> Any:
    return backend.KerasTensor(
        reshape_output_shape(x.shape, newshape), dtype=x.dtype
    )


@kerata_export("kerata.ops.reshape", "kerata.ops.numpy.reshape")
@symbolic_op(spec=_reshape_spec)
def reshape(x: Any, newshape: Any) -> Any:
    """Gives a tensor a new shape with the same elements.

    Args:
        x: Input tensor.
        newshape: Int or tuple of ints; one size may be -1, inferred from
            the others. Symbolic inputs with unknown sizes give None for
            the inferred size.

    Returns:
        The reshaped tensor (a view where the backend allows).

    Example:

    >>> x = kerata.ops.arange(6)
    >>> tuple(kerata.ops.reshape(x, (-1, 2)).shape)
    (3, 2)
    """
    try:
        return backend.numpy.reshape(x, newshape)
    except _SHAPE_ERRORS:
        reshape_output_shape(_shape_of(x), newshape)
        raise


@kerata_export("kerata.ops.transpose", "kerata.ops.numpy.transpose")
@symbolic_op
def transpose(x: Any, axes: Any = None) -> Any:
    """Permutes the axes of a tensor.

    Args:
        x: Input tensor.
        axes: A permutation of `range(ndim)`; None reverses the axes.

    Returns:
        The transposed tensor.

    Example:

    >>> x = kerata.ops.zeros((2, 3, 4))
    >>> tuple(kerata.ops.transpose(x, (1, 0, 2)).shape)
    (3, 2, 4)
    """
    try:
        return backend.numpy.transpose(x, axes=axes)
    except _SHAPE_ERRORS + (IndexError,):
        ndim = len(_shape_of(x))
        if axes is not None and sorted(a % ndim for a in axes) != list(
            range(ndim)
        ):
            raise ValueError(
                f"`axes` must be a permutation of the {ndim} axes of a "
                f"tensor of shape {_shape_of(x)}. "
                f"Received: axes={axes!r}"
            ) from None
        raise


@kerata_export("kerata.ops.expand_dims", "kerata.ops.numpy.expand_dims")
@symbolic_op
def expand_dims(x: Any, axis: Any) -> Any:
    """Inserts axes of size 1.

    Args:
        x: Input tensor.
        axis: Int or tuple of ints: positions of the new axes in the
            result.

    Returns:
        The tensor with the new axes.

    Example:

    >>> x = kerata.ops.zeros((2, 3))
    >>> tuple(kerata.ops.expand_dims(x, -1).shape)
    (2, 3, 1)
    """
    try:
        return backend.numpy.expand_dims(x, axis)
    except AXIS_ERRORS:
        extra = len(axis) if isinstance(axis, (tuple, list)) else 1
        check_axis("expand_dims", x, axis, extra=extra)
        raise


@kerata_export("kerata.ops.squeeze", "kerata.ops.numpy.squeeze")
@symbolic_op
def squeeze(x: Any, axis: Any = None) -> Any:
    """Removes axes of size 1.

    Args:
        x: Input tensor.
        axis: Int or tuple of ints to remove (each must have size 1), or
            None to remove every axis of size 1.

    Returns:
        The squeezed tensor.

    Example:

    >>> x = kerata.ops.zeros((1, 3, 1))
    >>> tuple(kerata.ops.squeeze(x).shape)
    (3,)
    """
    try:
        return backend.numpy.squeeze(x, axis=axis)
    except AXIS_ERRORS:
        check_axis("squeeze", x, axis)
        raise


@kerata_export("kerata.ops.concatenate", "kerata.ops.numpy.concatenate")
@symbolic_op
def concatenate(xs: Any, axis: Any = 0) -> Any:
    """Joins tensors along an existing axis.

    Args:
        xs: List of tensors with equal shapes except along `axis`.
        axis: The axis to join along; None flattens the inputs first.

    Returns:
        The joined tensor, of the inputs' result dtype.

    Example:

    >>> a = kerata.ops.zeros((2, 3))
    >>> b = kerata.ops.ones((2, 1))
    >>> tuple(kerata.ops.concatenate([a, b], axis=1).shape)
    (2, 4)
    """
    try:
        return backend.numpy.concatenate(xs, axis=axis)
    except AXIS_ERRORS:
        check_axis("concatenate", xs[0], axis)
        raise


@kerata_export("kerata.ops.stack", "kerata.ops.numpy.stack")
@symbolic_op
def stack(x: Any, axis: int = 0) -> Any:
    """Joins tensors of the same shape along a new axis.

    Args:
        x: List of tensors of one shape.
        axis: Position of the new axis in the result.

    Returns:
        The stacked tensor.

    Example:

    >>> a = kerata.ops.zeros((2, 3))
    >>> tuple(kerata.ops.stack([a, a, a], axis=1).shape)
    (2, 3, 3)
    """
    try:
        return backend.numpy.stack(x, axis=axis)
    except AXIS_ERRORS:
        check_axis("stack", x[0], axis, extra=1)
        raise


@kerata_export("kerata.ops.hstack", "kerata.ops.numpy.hstack")
@symbolic_op
def hstack(xs: Any) -> Any:
    """Joins tensors column-wise (along axis 1; axis 0 for 1-D inputs).

    Args:
        xs: List of tensors.

    Returns:
        The joined tensor.

    Example:

    >>> a = kerata.ops.convert_to_tensor([1, 2])
    >>> b = kerata.ops.convert_to_tensor([3])
    >>> kerata.ops.convert_to_numpy(kerata.ops.hstack([a, b])).tolist()
    [1, 2, 3]
    """
    return backend.numpy.hstack(xs)


@kerata_export("kerata.ops.vstack", "kerata.ops.numpy.vstack")
@symbolic_op
def vstack(xs: Any) -> Any:
    """Joins tensors row-wise (along axis 0; 1-D inputs become rows).

    Args:
        xs: List of tensors.

    Returns:
        The joined tensor, at least 2-D.

    Example:

    >>> a = kerata.ops.convert_to_tensor([1, 2])
    >>> b = kerata.ops.convert_to_tensor([3, 4])
    >>> kerata.ops.convert_to_numpy(kerata.ops.vstack([a, b])).tolist()
    [[1, 2], [3, 4]]
    """
    return backend.numpy.vstack(xs)


@kerata_export("kerata.ops.split", "kerata.ops.numpy.split")
@symbolic_op
def split(x: Any, indices_or_sections: Any, axis: int = 0) -> Any:
    """Splits a tensor into several along an axis.

    Args:
        x: Input tensor.
        indices_or_sections: An int N (N equal parts; must divide the
            axis) or a sorted list of indices where to split.
        axis: The axis to split.

    Returns:
        A list of tensors.

    Example:

    >>> x = kerata.ops.arange(6)
    >>> parts = kerata.ops.split(x, [2, 3])
    >>> [kerata.ops.convert_to_numpy(p).tolist() for p in parts]
    [[0, 1], [2], [3, 4, 5]]
    """
    try:
        return backend.numpy.split(x, indices_or_sections, axis=axis)
    except AXIS_ERRORS:
        check_axis("split", x, axis)
        raise


@kerata_export("kerata.ops.tile", "kerata.ops.numpy.tile")
@symbolic_op
def tile(x: Any, repeats: Any) -> Any:
    """Repeats a whole tensor along each axis.

    Args:
        x: Input tensor.
        repeats: Int or sequence of ints, the number of copies per axis
            (aligned with the last axes, as in NumPy).

    Returns:
        The tiled tensor.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 2])
    >>> kerata.ops.convert_to_numpy(kerata.ops.tile(x, 2)).tolist()
    [1, 2, 1, 2]
    """
    return backend.numpy.tile(x, repeats)


@kerata_export("kerata.ops.repeat", "kerata.ops.numpy.repeat")
@symbolic_op
def repeat(x: Any, repeats: Any, axis: Any = None) -> Any:
    """Repeats each element of a tensor.

    Args:
        x: Input tensor.
        repeats: Int, or a 1-D sequence with one count per element along
            `axis`.
        axis: The axis to repeat along; None flattens the input first.

    Returns:
        The tensor with repeated elements.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 2])
    >>> kerata.ops.convert_to_numpy(kerata.ops.repeat(x, 2)).tolist()
    [1, 1, 2, 2]
    """
    try:
        return backend.numpy.repeat(x, repeats, axis=axis)
    except AXIS_ERRORS:
        check_axis("repeat", x, axis)
        raise


@kerata_export("kerata.ops.flip", "kerata.ops.numpy.flip")
@symbolic_op
def flip(x: Any, axis: Any = None) -> Any:
    """Reverses the order of elements along the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or None for every axis.

    Returns:
        The flipped tensor.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 2], [3, 4]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.flip(x, axis=1)).tolist()
    [[2, 1], [4, 3]]
    """
    try:
        return backend.numpy.flip(x, axis=axis)
    except AXIS_ERRORS:
        check_axis("flip", x, axis)
        raise


@kerata_export("kerata.ops.roll", "kerata.ops.numpy.roll")
@symbolic_op
def roll(x: Any, shift: Any, axis: Any = None) -> Any:
    """Rolls elements along an axis; those past the end wrap around.

    Args:
        x: Input tensor.
        shift: Int or tuple of ints, the number of places to shift.
        axis: Int or tuple of ints; None rolls the flattened tensor and
            restores the shape.

    Returns:
        The rolled tensor.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 2, 3, 4])
    >>> kerata.ops.convert_to_numpy(kerata.ops.roll(x, 1)).tolist()
    [4, 1, 2, 3]
    """
    try:
        return backend.numpy.roll(x, shift, axis=axis)
    except AXIS_ERRORS:
        check_axis("roll", x, axis)
        raise


@kerata_export("kerata.ops.rot90", "kerata.ops.numpy.rot90")
@symbolic_op
def rot90(array: Any, k: int = 1, axes: Any = (0, 1)) -> Any:
    """Rotates a tensor by 90 degrees in the plane of two axes.

    Args:
        array: Input tensor, at least 2-D.
        k: Number of quarter turns (counter-clockwise from the first axis
            towards the second).
        axes: The two axes of the plane.

    Returns:
        The rotated tensor.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 2], [3, 4]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.rot90(x)).tolist()
    [[2, 4], [1, 3]]
    """
    if len(axes) != 2:
        raise ValueError(
            f"`axes` must be two distinct axes. Received: axes={axes!r}"
        )
    try:
        return backend.numpy.rot90(array, k=k, axes=axes)
    except _SHAPE_ERRORS + (IndexError,):
        check_axis("rot90", array, tuple(axes))
        raise


@kerata_export("kerata.ops.moveaxis", "kerata.ops.numpy.moveaxis")
@symbolic_op
def moveaxis(x: Any, source: Any, destination: Any) -> Any:
    """Moves axes to new positions; the others keep their order.

    Args:
        x: Input tensor.
        source: Int or sequence of ints, the axes to move.
        destination: Int or sequence of ints, their new positions.

    Returns:
        The tensor with moved axes.

    Example:

    >>> x = kerata.ops.zeros((2, 3, 4))
    >>> tuple(kerata.ops.moveaxis(x, 0, -1).shape)
    (3, 4, 2)
    """
    try:
        return backend.numpy.moveaxis(x, source, destination)
    except AXIS_ERRORS:
        check_axis("moveaxis", x, source)
        check_axis("moveaxis", x, destination)
        raise


@kerata_export("kerata.ops.swapaxes", "kerata.ops.numpy.swapaxes")
@symbolic_op
def swapaxes(x: Any, axis1: int, axis2: int) -> Any:
    """Swaps two axes of a tensor.

    Args:
        x: Input tensor.
        axis1: First axis.
        axis2: Second axis.

    Returns:
        The tensor with the two axes exchanged.

    Example:

    >>> x = kerata.ops.zeros((2, 3, 4))
    >>> tuple(kerata.ops.swapaxes(x, 0, 2).shape)
    (4, 3, 2)
    """
    try:
        return backend.numpy.swapaxes(x, axis1, axis2)
    except AXIS_ERRORS:
        check_axis("swapaxes", x, axis1)
        check_axis("swapaxes", x, axis2)
        raise


@kerata_export("kerata.ops.broadcast_to", "kerata.ops.numpy.broadcast_to")
@symbolic_op
def broadcast_to(x: Any, shape: Any) -> Any:
    """Broadcasts a tensor to a shape, as NumPy does.

    Args:
        x: Input tensor.
        shape: The target shape.

    Returns:
        The broadcast tensor (a view where the backend allows).

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 2])
    >>> y = kerata.ops.broadcast_to(x, (2, 2))
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[1, 2], [1, 2]]
    """
    try:
        return backend.numpy.broadcast_to(x, shape)
    except _SHAPE_ERRORS:
        raise ValueError(
            f"Cannot broadcast a tensor of shape "
            f"{_shape_of(x)} to shape {tuple(shape)}."
        ) from None


@kerata_export("kerata.ops.ravel", "kerata.ops.numpy.ravel")
@symbolic_op
def ravel(x: Any) -> Any:
    """Flattens a tensor to 1-D.

    Args:
        x: Input tensor.

    Returns:
        A 1-D tensor of all elements, in row-major order.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 2], [3, 4]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.ravel(x)).tolist()
    [1, 2, 3, 4]
    """
    return backend.numpy.ravel(x)


_PAD_MODES = ("constant", "reflect", "symmetric")


@kerata_export("kerata.ops.pad", "kerata.ops.numpy.pad")
@symbolic_op
def pad(
    x: Any,
    pad_width: Any,
    mode: str = "constant",
    constant_values: Any = None,
) -> Any:
    """Pads a tensor.

    Args:
        x: Input tensor.
        pad_width: Int, `(before, after)`, or one `(before, after)` pair
            per axis.
        mode: "constant" (fill with `constant_values`), "reflect" (mirror
            without repeating the edge) or "symmetric" (mirror repeating
            the edge).
        constant_values: Fill value for "constant" mode; default 0.

    Returns:
        The padded tensor.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 2, 3])
    >>> y = kerata.ops.pad(x, (2, 1), mode="reflect")
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [3, 2, 1, 2, 3, 2]
    """
    if mode not in _PAD_MODES:
        raise ValueError(
            f"`mode` must be one of {_PAD_MODES}. Received: mode={mode!r}"
        )
    if constant_values is not None and mode != "constant":
        raise ValueError(
            "`constant_values` can only be used with mode='constant'. "
            f"Received: mode={mode!r}, constant_values={constant_values!r}"
        )
    return backend.numpy.pad(
        x, pad_width, mode=mode, constant_values=constant_values
    )


@kerata_export("kerata.ops.append", "kerata.ops.numpy.append")
@symbolic_op
def append(x1: Any, x2: Any, axis: Any = None) -> Any:
    """Appends `x2` to the end of `x1`.

    Args:
        x1: First tensor.
        x2: Tensor to append.
        axis: The axis to join along; None flattens both first.

    Returns:
        The joined tensor.

    Example:

    >>> a = kerata.ops.convert_to_tensor([[1, 2]])
    >>> b = kerata.ops.convert_to_tensor([[3, 4]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.append(a, b)).tolist()
    [1, 2, 3, 4]
    """
    try:
        return backend.numpy.append(x1, x2, axis=axis)
    except AXIS_ERRORS:
        check_axis("append", x1, axis)
        raise


@kerata_export("kerata.ops.ndim", "kerata.ops.numpy.ndim")
def ndim(x: Any) -> int:
    """Number of axes of a tensor (also of a symbolic one).

    Args:
        x: Tensor, KerasTensor or array-like.

    Returns:
        A Python int.

    Example:

    >>> kerata.ops.ndim(kerata.ops.zeros((2, 3)))
    2
    """
    if backend.is_keras_tensor(x):
        return len(x.shape)
    return backend.numpy.ndim(x)


def _size_spec(x: Any) -> Any:
    return backend.KerasTensor((), dtype="int32")


@kerata_export("kerata.ops.size", "kerata.ops.numpy.size")
@symbolic_op(spec=_size_spec)
def size(x: Any) -> Any:
    """Number of elements of a tensor.

    Args:
        x: Tensor or array-like.

    Returns:
        A Python int (a scalar int32 KerasTensor for symbolic inputs).

    Example:

    >>> kerata.ops.size(kerata.ops.zeros((2, 3)))
    6
    """
    return backend.numpy.size(x)


@kerata_export("kerata.ops.diff", "kerata.ops.numpy.diff")
@symbolic_op
def diff(a: Any, n: int = 1, axis: int = -1) -> Any:
    """The n-th discrete difference along an axis.

    Args:
        a: Input tensor.
        n: Number of times to take differences.
        axis: The axis to difference along.

    Returns:
        A tensor whose `axis` is `n` shorter (for bool inputs, the
        elementwise "not equal").

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 4, 9, 16])
    >>> kerata.ops.convert_to_numpy(kerata.ops.diff(x)).tolist()
    [3, 5, 7]
    """
    try:
        return backend.numpy.diff(a, n=n, axis=axis)
    except AXIS_ERRORS:
        check_axis("diff", a, axis)
        raise


@kerata_export("kerata.ops.trapezoid", "kerata.ops.numpy.trapezoid")
@symbolic_op
def trapezoid(y: Any, x: Any = None, dx: Any = 1.0, axis: int = -1) -> Any:
    """Integrates along an axis with the trapezoidal rule.

    Args:
        y: Values to integrate.
        x: Optional sample points (same length as `y` along `axis`).
        dx: Spacing between samples when `x` is None.
        axis: The axis to integrate along.

    Returns:
        The integral; floatx for integer inputs.

    Example:

    >>> y = kerata.ops.convert_to_tensor([1.0, 2.0, 3.0])
    >>> kerata.ops.convert_to_numpy(kerata.ops.trapezoid(y)).tolist()
    4.0
    """
    try:
        return backend.numpy.trapezoid(y, x=x, dx=dx, axis=axis)
    except AXIS_ERRORS:
        check_axis("trapezoid", y, axis)
        raise
