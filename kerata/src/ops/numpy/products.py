"""Public ops: `kerata.ops.numpy`, matrix and tensor products."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op

_PRODUCT_ERRORS = (RuntimeError, ValueError, TypeError)


def _shape(x: Any) -> tuple:
    if not hasattr(x, "shape"):
        x = backend.convert_to_tensor(x)
    return tuple(x.shape)


def _check_contraction(op: str, x1: Any, x2: Any) -> None:
    """Raises a ValueError when the contracted axes of a matrix product
    differ in size (called after the backend failed)."""
    s1, s2 = _shape(x1), _shape(x2)
    if not s1 or not s2:
        return
    k1 = s1[-1]
    k2 = s2[-2] if len(s2) >= 2 else s2[0]
    if k1 is not None and k2 is not None and k1 != k2:
        raise ValueError(
            f"`{op}` got incompatible shapes {s1} and {s2}: the last axis "
            "of x1 must match the second-to-last axis of x2 (the only axis "
            "of a 1-D x2)."
        )


@kerata_export("kerata.ops.matmul", "kerata.ops.numpy.matmul")
@symbolic_op
def matmul(x1: Any, x2: Any) -> Any:
    """Matrix product of two tensors, batched over leading axes.

    Follows `numpy.matmul`: 1-D operands are treated as vectors, and
    leading (batch) axes broadcast. Two int8 tensors give int32.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        The product, of dtype `result_type(x1, x2)`.

    Example:

    >>> a = kerata.ops.ones((2, 3))
    >>> b = kerata.ops.ones((3, 4))
    >>> tuple(kerata.ops.matmul(a, b).shape)
    (2, 4)
    """
    try:
        return backend.numpy.matmul(x1, x2)
    except _PRODUCT_ERRORS:
        _check_contraction("matmul", x1, x2)
        raise


@kerata_export("kerata.ops.dot", "kerata.ops.numpy.dot")
@symbolic_op
def dot(x1: Any, x2: Any) -> Any:
    """Dot product, following `numpy.dot`.

    Scalars multiply; 1-D by 1-D is the inner product; 2-D by 2-D the
    matrix product; N-D by 1-D sums over the last axis; N-D by M-D sums
    over the last axis of `x1` and the second-to-last axis of `x2`.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        The product.

    Example:

    >>> a = kerata.ops.convert_to_tensor([1, 2, 3])
    >>> kerata.ops.convert_to_numpy(kerata.ops.dot(a, a)).tolist()
    14
    """
    try:
        return backend.numpy.dot(x1, x2)
    except _PRODUCT_ERRORS:
        _check_contraction("dot", x1, x2)
        raise


@kerata_export("kerata.ops.einsum", "kerata.ops.numpy.einsum")
@symbolic_op
def einsum(subscripts: str, *operands: Any, **kwargs: Any) -> Any:
    """Einstein summation over the operands.

    Args:
        subscripts: The equation, e.g. "ij,jk->ik".
        *operands: The tensors.
        **kwargs: Ignored; kept for Keras compatibility.

    Returns:
        The result; all-int8 operands give int32, as in Keras.

    Example:

    >>> a = kerata.ops.ones((2, 3))
    >>> b = kerata.ops.ones((3, 4))
    >>> tuple(kerata.ops.einsum("ij,jk->ik", a, b).shape)
    (2, 4)
    """
    if not isinstance(subscripts, str):
        raise TypeError(
            "`einsum` takes the subscripts string first, e.g. "
            f"einsum('ij,jk->ik', a, b). Received: {subscripts!r}"
        )
    try:
        return backend.numpy.einsum(subscripts, *operands, **kwargs)
    except NotImplementedError:
        raise  # a missing kernel, not a bad equation
    except _PRODUCT_ERRORS as e:
        shapes = ", ".join(str(_shape(x)) for x in operands)
        raise ValueError(
            f"`einsum` cannot apply {subscripts!r} to operands of shapes "
            f"{shapes}: {e}"
        ) from e


@kerata_export("kerata.ops.tensordot", "kerata.ops.numpy.tensordot")
@symbolic_op
def tensordot(x1: Any, x2: Any, axes: Any = 2) -> Any:
    """Sum of products over the given axes.

    Args:
        x1: First tensor.
        x2: Second tensor.
        axes: An int N (the last N axes of `x1` with the first N of `x2`)
            or a pair `(axes_of_x1, axes_of_x2)`.

    Returns:
        The contracted tensor.

    Example:

    >>> a = kerata.ops.ones((2, 3, 4))
    >>> b = kerata.ops.ones((4, 3, 5))
    >>> tuple(kerata.ops.tensordot(a, b, axes=([1, 2], [1, 0])).shape)
    (2, 5)
    """
    return backend.numpy.tensordot(x1, x2, axes=axes)


@kerata_export("kerata.ops.inner", "kerata.ops.numpy.inner")
@symbolic_op
def inner(x1: Any, x2: Any) -> Any:
    """Inner product over the last axes of both tensors.

    Args:
        x1: First tensor.
        x2: Second tensor (same last-axis size).

    Returns:
        A tensor of shape `x1.shape[:-1] + x2.shape[:-1]`.

    Example:

    >>> a = kerata.ops.convert_to_tensor([1, 2])
    >>> b = kerata.ops.convert_to_tensor([3, 4])
    >>> kerata.ops.convert_to_numpy(kerata.ops.inner(a, b)).tolist()
    11
    """
    return backend.numpy.inner(x1, x2)


@kerata_export("kerata.ops.outer", "kerata.ops.numpy.outer")
@symbolic_op
def outer(x1: Any, x2: Any) -> Any:
    """Outer product of two tensors (each flattened).

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        A 2-D tensor of shape `(x1.size, x2.size)`.

    Example:

    >>> a = kerata.ops.convert_to_tensor([1, 2])
    >>> b = kerata.ops.convert_to_tensor([3, 4])
    >>> kerata.ops.convert_to_numpy(kerata.ops.outer(a, b)).tolist()
    [[3, 4], [6, 8]]
    """
    return backend.numpy.outer(x1, x2)


@kerata_export("kerata.ops.vdot", "kerata.ops.numpy.vdot")
@symbolic_op
def vdot(x1: Any, x2: Any) -> Any:
    """Dot product of two flattened tensors (conjugating the first).

    Args:
        x1: First tensor.
        x2: Second tensor with as many elements.

    Returns:
        A scalar tensor.

    Example:

    >>> a = kerata.ops.convert_to_tensor([[1, 2], [3, 4]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.vdot(a, a)).tolist()
    30
    """
    return backend.numpy.vdot(x1, x2)


@kerata_export("kerata.ops.cross", "kerata.ops.numpy.cross")
@symbolic_op
def cross(
    x1: Any,
    x2: Any,
    axisa: int = -1,
    axisb: int = -1,
    axisc: int = -1,
    axis: Any = None,
) -> Any:
    """Cross product of vectors of size 3 (or 2, read as z = 0).

    Args:
        x1: Tensor of vectors along `axisa`.
        x2: Tensor of vectors along `axisb`.
        axisa: The vector axis of `x1`.
        axisb: The vector axis of `x2`.
        axisc: The vector axis of the result.
        axis: If given, overrides `axisa`, `axisb` and `axisc`.

    Returns:
        The cross products (for two 2-vectors, the z component only).

    Example:

    >>> a = kerata.ops.convert_to_tensor([1, 0, 0])
    >>> b = kerata.ops.convert_to_tensor([0, 1, 0])
    >>> kerata.ops.convert_to_numpy(kerata.ops.cross(a, b)).tolist()
    [0, 0, 1]
    """
    return backend.numpy.cross(
        x1, x2, axisa=axisa, axisb=axisb, axisc=axisc, axis=axis
    )


@kerata_export("kerata.ops.kron", "kerata.ops.numpy.kron")
@symbolic_op
def kron(x1: Any, x2: Any) -> Any:
    """Kronecker product: blocks of `x2` scaled by each element of `x1`.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        The Kronecker product.

    Example:

    >>> a = kerata.ops.convert_to_tensor([1, 10])
    >>> b = kerata.ops.convert_to_tensor([1, 2])
    >>> kerata.ops.convert_to_numpy(kerata.ops.kron(a, b)).tolist()
    [1, 2, 10, 20]
    """
    return backend.numpy.kron(x1, x2)


@kerata_export("kerata.ops.trace", "kerata.ops.numpy.trace")
@symbolic_op
def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    """Sum along a diagonal.

    Args:
        x: Tensor of rank 2 or more.
        offset: Diagonal offset: positive above the main diagonal.
        axis1: First axis of the 2-D sub-arrays.
        axis2: Second axis of the 2-D sub-arrays.

    Returns:
        The sums, with `sum`'s dtype rules.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 2], [3, 4]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.trace(x)).tolist()
    5
    """
    return backend.numpy.trace(x, offset=offset, axis1=axis1, axis2=axis2)
