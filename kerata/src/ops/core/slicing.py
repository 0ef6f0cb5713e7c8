"""Public ops: `kerata.ops.core`, slicing, scattering and unstacking."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.core._helpers import _spec
from kerata.src.ops.operation import symbolic_op


# --- slicing and scattering -------------------------------------------------
def _slice_spec(inputs: Any, start_indices: Any, shape: Any) -> Any:
    shape = tuple(shape)
    rank = len(inputs.shape)
    if len(shape) != rank:
        raise ValueError(
            f"`shape` must have one entry per dimension of `inputs` "
            f"({rank}). Received: shape={shape}, "
            f"inputs.shape={tuple(inputs.shape)}"
        )
    if hasattr(start_indices, "__len__") and len(start_indices) != rank:
        raise ValueError(
            f"`start_indices` must have one entry per dimension of `inputs` "
            f"({rank}). Received: start_indices={start_indices}, "
            f"inputs.shape={tuple(inputs.shape)}"
        )
    out = []
    for i, (dim, size) in enumerate(zip(inputs.shape, shape)):
        if size != -1:
            out.append(size)
        elif dim is None or backend.is_keras_tensor(start_indices):
            out.append(None)
        else:
            out.append(dim - int(start_indices[i]))
    return backend.KerasTensor(tuple(out), dtype=inputs.dtype)


@kerata_export("kerata.ops.slice", "kerata.ops.core.slice")
@symbolic_op(spec=_slice_spec)
def slice(inputs: Any, start_indices: Any, shape: Any) -> Any:
    """Returns the block of `inputs` of size `shape` starting at
    `start_indices`.

    A size of -1 takes everything from the start to the end of that axis.
    Starts are clamped so the block fits inside `inputs` (as in
    `jax.lax.dynamic_slice`), and may be a tensor.

    Args:
        inputs: Tensor.
        start_indices: One start index per axis (list or 1-D tensor).
        shape: One block size per axis (ints; -1 means "to the end").

    Returns:
        The block, a tensor of shape `shape`.

    Raises:
        ValueError: If `start_indices` or `shape` does not have one entry
            per axis of `inputs`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 2, 3], [4, 5, 6]])
    >>> y = kerata.ops.slice(x, (0, 1), (2, 2))
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[2, 3], [5, 6]]
    """
    rank = len(inputs.shape)
    if len(shape) != rank or len(start_indices) != rank:
        raise ValueError(
            "`start_indices` and `shape` must have one entry per dimension "
            f"of `inputs` ({rank}). Received: start_indices={start_indices}, "
            f"shape={shape}, inputs.shape={tuple(inputs.shape)}"
        )
    return backend.core.slice(inputs, start_indices, shape)


@kerata_export("kerata.ops.slice_update", "kerata.ops.core.slice_update")
@symbolic_op(spec=lambda inputs, start_indices, updates: _spec(inputs))
def slice_update(inputs: Any, start_indices: Any, updates: Any) -> Any:
    """Returns a copy of `inputs` with the block at `start_indices`
    replaced by `updates`.

    Starts are clamped so the block fits (as in
    `jax.lax.dynamic_update_slice`); `updates` is cast to `inputs.dtype`.

    Args:
        inputs: Tensor.
        start_indices: One start index per axis (list or 1-D tensor).
        updates: Tensor of the same rank as `inputs`.

    Returns:
        A new tensor with the shape and dtype of `inputs`.

    Raises:
        ValueError: If the ranks of `inputs`, `updates` and
            `start_indices` differ.

    Example:

    >>> x = kerata.ops.zeros((2, 3), dtype="int32")
    >>> y = kerata.ops.slice_update(x, (1, 1), [[7, 8]])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[0, 0, 0], [0, 7, 8]]
    """
    rank = len(inputs.shape)
    updates_rank = len(
        getattr(updates, "shape", None) or _nested_shape(updates)
    )
    if updates_rank != rank or len(start_indices) != rank:
        raise ValueError(
            "`updates` and `start_indices` must match the rank of `inputs` "
            f"({rank}). Received: updates of rank {updates_rank}, "
            f"start_indices={start_indices}, "
            f"inputs.shape={tuple(inputs.shape)}"
        )
    return backend.core.slice_update(inputs, start_indices, updates)


def _nested_shape(value: Any) -> tuple:
    shape = []
    while isinstance(value, (list, tuple)):
        shape.append(len(value))
        value = value[0] if value else None
    return tuple(shape)


def _scatter_spec(indices: Any, values: Any, shape: Any) -> Any:
    dtype = getattr(values, "dtype", None)
    return backend.KerasTensor(tuple(shape), dtype=dtype)


@kerata_export("kerata.ops.scatter", "kerata.ops.core.scatter")
@symbolic_op(spec=_scatter_spec)
def scatter(indices: Any, values: Any, shape: Any) -> Any:
    """Returns a zero tensor of `shape` with `values` added at `indices`.

    `indices` has shape `(..., depth)`: each row addresses an element
    (depth = rank) or a slice (depth < rank) of the output. Values at
    repeated indices are summed.

    Args:
        indices: Integer tensor of shape `(..., depth)`.
        values: Tensor of shape `indices.shape[:-1] + shape[depth:]`.
        shape: Shape of the output.

    Returns:
        A tensor of `shape` with the dtype of `values`.

    Raises:
        ValueError: If `values` does not match `indices` and `shape`.

    Example:

    >>> y = kerata.ops.scatter([[0], [2], [0]], [1.0, 2.0, 3.0], (4,))
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [4.0, 0.0, 2.0, 0.0]
    """
    _check_scatter_shapes(indices, values, tuple(shape), "shape")
    return backend.core.scatter(indices, values, shape)


def _shape_of(x: Any) -> tuple:
    shape = getattr(x, "shape", None)
    return tuple(shape) if shape is not None else _nested_shape(x)


def _check_scatter_shapes(
    indices: Any, values: Any, shape: tuple, name: str
) -> None:
    index_shape = _shape_of(indices)
    if not index_shape:
        raise ValueError(
            "`indices` must have shape (..., depth). Received a scalar."
        )
    depth = index_shape[-1]
    if depth is not None and depth > len(shape):
        raise ValueError(
            f"`indices` address {depth} axes but `{name}` {shape} has only "
            f"{len(shape)}."
        )
    if depth is None:
        return
    expected = index_shape[:-1] + tuple(shape[depth:])
    got = _shape_of(values)
    if len(got) != len(expected) or any(
        a is not None and b is not None and a != b
        for a, b in zip(got, expected)
    ):
        raise ValueError(
            f"The values/updates must have shape {expected} (indices.shape"
            f"[:-1] + {name}[depth:]). Received shape {got}."
        )


_REDUCTIONS = ("add", "max", "min", "mul")


@kerata_export("kerata.ops.scatter_update", "kerata.ops.core.scatter_update")
@symbolic_op(
    spec=lambda inputs, indices, updates, reduction=None: _spec(inputs)
)
def scatter_update(
    inputs: Any, indices: Any, updates: Any, reduction: Any = None
) -> Any:
    """Returns a copy of `inputs` with `updates` written at `indices`.

    Args:
        inputs: Tensor to update.
        indices: Integer tensor of shape `(N, depth)` (or `(..., depth)`):
            each row addresses an element or a slice of `inputs`.
        updates: Tensor of shape `indices.shape[:-1] +
            inputs.shape[depth:]`, cast to `inputs.dtype`.
        reduction: `None` to overwrite (the value written last is kept for
            repeated indices), or one of `"add"`, `"max"`, `"min"`,
            `"mul"` to combine the updates with the current values.

    Returns:
        A new tensor with the shape and dtype of `inputs`.

    Raises:
        ValueError: For an unknown `reduction` or mismatched shapes.

    Example:

    >>> x = kerata.ops.zeros((2, 2))
    >>> y = kerata.ops.scatter_update(x, [[0, 1], [1, 0]], [5.0, 6.0])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[0.0, 5.0], [6.0, 0.0]]
    """
    if reduction is not None:
        reduction = str(reduction).lower()
        if reduction not in _REDUCTIONS:
            raise ValueError(
                f"Invalid reduction: {reduction!r}. Expected None or one of "
                f"{_REDUCTIONS}."
            )
    _check_scatter_shapes(indices, updates, tuple(inputs.shape), "inputs.shape")
    return backend.core.scatter_update(
        inputs, indices, updates, reduction=reduction
    )


def _unstack_axis(x: Any, axis: int) -> int:
    rank = len(x.shape)
    if not -rank <= axis < rank:
        raise ValueError(
            f"`axis` {axis} is out of range for a tensor of rank {rank}."
        )
    return axis % rank


def _unstack_spec(x: Any, num: Any = None, axis: int = 0) -> list:
    axis = _unstack_axis(x, axis)
    n = x.shape[axis] if num is None else num
    if n is None:
        raise ValueError(
            f"Cannot infer `num` from shape {tuple(x.shape)}: axis {axis} "
            "has an unknown size. Pass `num` explicitly."
        )
    shape = tuple(x.shape[:axis]) + tuple(x.shape[axis + 1 :])
    return [backend.KerasTensor(shape, dtype=x.dtype) for _ in range(n)]


@kerata_export("kerata.ops.unstack", "kerata.ops.core.unstack")
@symbolic_op(spec=_unstack_spec)
def unstack(x: Any, num: Any = None, axis: int = 0) -> list:
    """Splits a tensor into a list of tensors along `axis`.

    Args:
        x: Tensor.
        num: Expected number of pieces (`x.shape[axis]`); only needed for
            symbolic tensors whose size along `axis` is unknown.
        axis: Axis to split along.

    Returns:
        A list of `x.shape[axis]` tensors, each without `axis`.

    Raises:
        ValueError: If `axis` is out of range or `num` does not match.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 2], [3, 4]])
    >>> parts = kerata.ops.unstack(x)
    >>> [kerata.ops.convert_to_numpy(p).tolist() for p in parts]
    [[1, 2], [3, 4]]
    """
    x = backend.convert_to_tensor(x)
    axis = _unstack_axis(x, axis)
    if num is not None and int(num) != x.shape[axis]:
        raise ValueError(
            f"`num`={num} does not match the size {x.shape[axis]} of axis "
            f"{axis} of a tensor of shape {tuple(x.shape)}."
        )
    return backend.core.unstack(x, num=num, axis=axis)
