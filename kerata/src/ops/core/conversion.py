"""Public ops: `kerata.ops.core`, conversion, casts and tensor facts."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op


@kerata_export("kerata.ops.convert_to_tensor")
def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None) -> Any:
    """Converts an array, list or scalar to a backend tensor.

    Python ints become int32 and Python floats floatx, as in Keras.

    Args:
        x: Value to convert.
        dtype: Target dtype name; None keeps the value's dtype.
        sparse: Unsupported; kept for Keras compatibility.

    Returns:
        A tensor of the active backend.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 2, 3])
    >>> kerata.ops.dtype(x), tuple(x.shape)
    ('int32', (3,))
    """
    if backend.is_keras_tensor(x):
        # Symbolic tensors pass through (cast symbolically), as in Keras.
        if dtype is None or backend.standardize_dtype(dtype) == x.dtype:
            return x
        return cast(x, dtype)
    return backend.convert_to_tensor(x, dtype=dtype, sparse=sparse)


@kerata_export("kerata.ops.convert_to_numpy")
def convert_to_numpy(x: Any) -> Any:
    """Converts a tensor (or variable) to a NumPy array.

    Example:

    >>> kerata.ops.convert_to_numpy(kerata.ops.ones((2,))).tolist()
    [1.0, 1.0]
    """
    if backend.is_keras_tensor(x):
        raise TypeError(
            "A symbolic KerasTensor holds no values, so it cannot become a "
            "NumPy array. Call the model on real data instead."
        )
    return backend.convert_to_numpy(x)


def _cast_spec(x: Any, dtype: Any) -> Any:
    return backend.KerasTensor(x.shape, dtype=backend.standardize_dtype(dtype))


@kerata_export("kerata.ops.cast")
@symbolic_op(spec=_cast_spec)
def cast(x: Any, dtype: Any) -> Any:
    """Casts a tensor to `dtype`.

    Example:

    >>> kerata.ops.dtype(kerata.ops.cast([1.5, 2.5], "int32"))
    'int32'
    """
    return backend.cast(x, dtype)


@kerata_export("kerata.ops.is_tensor")
def is_tensor(x: Any) -> bool:
    """Whether `x` is a tensor of the active backend.

    Example:

    >>> kerata.ops.is_tensor(kerata.ops.ones(2)), kerata.ops.is_tensor([1])
    (True, False)
    """
    return backend.is_tensor(x)


@kerata_export("kerata.ops.shape")
def shape(x: Any) -> tuple:
    """Returns the shape of a tensor as a tuple (None for unknown sizes of
    symbolic tensors).

    Example:

    >>> kerata.ops.shape(kerata.ops.zeros((2, 3)))
    (2, 3)
    """
    if backend.is_keras_tensor(x):
        return x.shape
    return tuple(x.shape)


@kerata_export("kerata.ops.dtype")
def dtype(x: Any) -> str:
    """Returns a tensor's dtype as a standard string.

    Example:

    >>> kerata.ops.dtype(kerata.ops.zeros((2,), dtype="int8"))
    'int8'
    """
    return backend.standardize_dtype(x.dtype)


@kerata_export("kerata.ops.saturate_cast", "kerata.ops.core.saturate_cast")
@symbolic_op(
    spec=lambda x, dtype: backend.KerasTensor(
        x.shape, dtype=backend.standardize_dtype(dtype)
    )
)
def saturate_cast(x: Any, dtype: Any) -> Any:
    """Casts `x` to `dtype`, first clipping values to the range `dtype`
    can hold.

    A plain `cast` of an out-of-range value (e.g. 300.0 to uint8) is
    undefined and differs between frameworks; `saturate_cast` maps it to
    the nearest representable value (255).

    Args:
        x: Tensor.
        dtype: Target dtype name.

    Returns:
        A tensor of `dtype`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-10.0, 100.5, 300.0])
    >>> y = kerata.ops.saturate_cast(x, "uint8")
    >>> kerata.ops.dtype(y), kerata.ops.convert_to_numpy(y).tolist()
    ('uint8', [0, 100, 255])
    """
    return backend.core.saturate_cast(x, backend.standardize_dtype(dtype))
