"""Dtype, shape and argument helpers of `kerata.ops.math`."""

from __future__ import annotations

from typing import Any

from kerata.src import backend

_FLOAT_OR_COMPLEX = backend.dtypes.FLOAT_TYPES + backend.dtypes.COMPLEX_TYPES


def _float_dtype(dtype: Any) -> str:
    """The dtype of a float result: floats keep theirs, ints get floatx."""
    dtype = backend.standardize_dtype(dtype)
    if dtype in _FLOAT_OR_COMPLEX:
        return dtype
    return backend.result_type(dtype, float)


def _spec(shape: Any, dtype: Any) -> Any:
    return backend.KerasTensor(tuple(shape), dtype=dtype)


def _as_tensor(x: Any) -> Any:
    return x if backend.is_keras_tensor(x) else backend.convert_to_tensor(x)


def _check_positive_int(value: Any, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"`{name}` must be a positive int. Received: {name}={value!r}"
        )


def _reduced_shape(shape: tuple, axis: Any, keepdims: bool) -> tuple:
    rank = len(shape)
    if axis is None:
        axes = set(range(rank))
    else:
        axes = {
            a % rank
            for a in (axis if isinstance(axis, (list, tuple)) else (axis,))
        }
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)
