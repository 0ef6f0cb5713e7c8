"""Public ops: `kerata.ops.numpy`, tensor creation."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op


@kerata_export("kerata.ops.ones", "kerata.ops.numpy.ones")
def ones(shape: Any, dtype: Any = None) -> Any:
    """A tensor of ones.

    Args:
        shape: Int or tuple of ints.
        dtype: Dtype of the result; None means floatx.

    Returns:
        A tensor of ones.

    Example:

    >>> kerata.ops.convert_to_numpy(kerata.ops.ones((2,))).tolist()
    [1.0, 1.0]
    """
    return backend.numpy.ones(shape, dtype=dtype)


@kerata_export("kerata.ops.zeros", "kerata.ops.numpy.zeros")
def zeros(shape: Any, dtype: Any = None) -> Any:
    """A tensor of zeros.

    Args:
        shape: Int or tuple of ints.
        dtype: Dtype of the result; None means floatx.

    Returns:
        A tensor of zeros.

    Example:

    >>> kerata.ops.convert_to_numpy(kerata.ops.zeros((2,))).tolist()
    [0.0, 0.0]
    """
    return backend.numpy.zeros(shape, dtype=dtype)


@kerata_export("kerata.ops.ones_like", "kerata.ops.numpy.ones_like")
@symbolic_op
def ones_like(x: Any, dtype: Any = None) -> Any:
    """A tensor of ones with the shape (and by default dtype) of `x`.

    Args:
        x: Tensor whose shape to copy.
        dtype: Dtype of the result; None keeps `x`'s.

    Returns:
        A tensor of ones.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 2])
    >>> kerata.ops.convert_to_numpy(kerata.ops.ones_like(x)).tolist()
    [1, 1]
    """
    return backend.numpy.ones_like(x, dtype=dtype)


@kerata_export("kerata.ops.zeros_like", "kerata.ops.numpy.zeros_like")
@symbolic_op
def zeros_like(x: Any, dtype: Any = None) -> Any:
    """A tensor of zeros with the shape (and by default dtype) of `x`.

    Args:
        x: Tensor whose shape to copy.
        dtype: Dtype of the result; None keeps `x`'s.

    Returns:
        A tensor of zeros.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1.5, 2.5])
    >>> kerata.ops.convert_to_numpy(kerata.ops.zeros_like(x)).tolist()
    [0.0, 0.0]
    """
    return backend.numpy.zeros_like(x, dtype=dtype)


@kerata_export("kerata.ops.full", "kerata.ops.numpy.full")
@symbolic_op
def full(shape: Any, fill_value: Any, dtype: Any = None) -> Any:
    """A tensor filled with one value.

    Args:
        shape: Int or tuple of ints.
        fill_value: Scalar, or a tensor broadcastable to `shape`.
        dtype: Dtype of the result; None means floatx (as in Keras, even
            for an int `fill_value`).

    Returns:
        The filled tensor.

    Example:

    >>> kerata.ops.convert_to_numpy(kerata.ops.full((2,), 7)).tolist()
    [7.0, 7.0]
    """
    return backend.numpy.full(shape, fill_value, dtype=dtype)


@kerata_export("kerata.ops.full_like", "kerata.ops.numpy.full_like")
@symbolic_op
def full_like(x: Any, fill_value: Any, dtype: Any = None) -> Any:
    """A tensor of `x`'s shape filled with one value.

    Args:
        x: Tensor whose shape to copy.
        fill_value: Scalar, or a tensor broadcastable to `x`'s shape.
        dtype: Dtype of the result; None keeps `x`'s.

    Returns:
        The filled tensor.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 2])
    >>> kerata.ops.convert_to_numpy(kerata.ops.full_like(x, 5)).tolist()
    [5, 5]
    """
    return backend.numpy.full_like(x, fill_value, dtype=dtype)


@kerata_export("kerata.ops.empty", "kerata.ops.numpy.empty")
def empty(shape: Any, dtype: Any = None) -> Any:
    """An uninitialized tensor (its values are arbitrary).

    Args:
        shape: Int or tuple of ints.
        dtype: Dtype of the result; None means floatx.

    Returns:
        A tensor of the given shape.

    Example:

    >>> tuple(kerata.ops.empty((2, 3)).shape)
    (2, 3)
    """
    return backend.numpy.empty(shape, dtype=dtype)


@kerata_export("kerata.ops.eye", "kerata.ops.numpy.eye")
def eye(N: int, M: Any = None, k: int = 0, dtype: Any = None) -> Any:
    """A 2-D tensor with ones on a diagonal and zeros elsewhere.

    Args:
        N: Number of rows.
        M: Number of columns; None means `N`.
        k: Diagonal offset: 0 is the main diagonal, positive above it.
        dtype: Dtype of the result; None means floatx.

    Returns:
        A tensor of shape `(N, M)`.

    Example:

    >>> kerata.ops.convert_to_numpy(kerata.ops.eye(2, 3, k=1)).tolist()
    [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    return backend.numpy.eye(N, M=M, k=k, dtype=dtype)


@kerata_export("kerata.ops.identity", "kerata.ops.numpy.identity")
def identity(n: int, dtype: Any = None) -> Any:
    """The `n` by `n` identity matrix.

    Args:
        n: Number of rows and columns.
        dtype: Dtype of the result; None means floatx.

    Returns:
        A tensor of shape `(n, n)`.

    Example:

    >>> kerata.ops.convert_to_numpy(kerata.ops.identity(2)).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    return backend.numpy.identity(n, dtype=dtype)


@kerata_export("kerata.ops.arange", "kerata.ops.numpy.arange")
def arange(
    start: Any, stop: Any = None, step: Any = None, dtype: Any = None
) -> Any:
    """Evenly spaced values in `[start, stop)`.

    With one argument, it is `stop` and `start` is 0.

    Args:
        start: Start of the interval (or its end, if `stop` is None).
        stop: End of the interval, excluded.
        step: Spacing between values; default 1.
        dtype: Dtype of the result; None follows the arguments (Python
            ints give int32, Python floats floatx).

    Returns:
        A 1-D tensor.

    Example:

    >>> kerata.ops.convert_to_numpy(kerata.ops.arange(1, 7, 2)).tolist()
    [1, 3, 5]
    """
    if step == 0:
        raise ValueError("`step` must not be 0. Received: step=0")
    return backend.numpy.arange(start, stop, step=step, dtype=dtype)


@kerata_export("kerata.ops.linspace", "kerata.ops.numpy.linspace")
@symbolic_op
def linspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    retstep: bool = False,
    dtype: Any = None,
    axis: int = 0,
) -> Any:
    """`num` evenly spaced values from `start` to `stop`.

    Args:
        start: First value (scalar or tensor).
        stop: Last value (included unless `endpoint` is False).
        num: Number of values.
        endpoint: Whether `stop` is the last value.
        retstep: Whether to also return the spacing.
        dtype: Dtype of the result; None means floatx for Python numbers.
        axis: Where the new axis goes when `start`/`stop` are tensors.

    Returns:
        The values, or `(values, step)` if `retstep`.

    Example:

    >>> y = kerata.ops.linspace(0.0, 1.0, 5)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [0.0, 0.25, 0.5, 0.75, 1.0]
    """
    if not isinstance(num, int) or num < 0:
        raise ValueError(
            f"`num` must be a non-negative int. Received: num={num!r}"
        )
    return backend.numpy.linspace(
        start,
        stop,
        num=num,
        endpoint=endpoint,
        retstep=retstep,
        dtype=dtype,
        axis=axis,
    )


@kerata_export("kerata.ops.logspace", "kerata.ops.numpy.logspace")
@symbolic_op
def logspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    base: Any = 10,
    dtype: Any = None,
    axis: int = 0,
) -> Any:
    """`num` values evenly spaced on a log scale: `base ** linspace(...)`.

    Args:
        start: Exponent of the first value.
        stop: Exponent of the last value.
        num: Number of values.
        endpoint: Whether `base ** stop` is the last value.
        base: The base of the exponents.
        dtype: Dtype of the result; None means floatx for Python numbers.
        axis: Where the new axis goes when `start`/`stop` are tensors.

    Returns:
        The values.

    Example:

    >>> y = kerata.ops.logspace(0.0, 2.0, 3)
    >>> kerata.ops.convert_to_numpy(y).round(3).tolist()
    [1.0, 10.0, 100.0]
    """
    if not isinstance(num, int) or num < 0:
        raise ValueError(
            f"`num` must be a non-negative int. Received: num={num!r}"
        )
    return backend.numpy.logspace(
        start,
        stop,
        num=num,
        endpoint=endpoint,
        base=base,
        dtype=dtype,
        axis=axis,
    )


@kerata_export("kerata.ops.tri", "kerata.ops.numpy.tri")
def tri(N: int, M: Any = None, k: int = 0, dtype: Any = None) -> Any:
    """A matrix with ones at and below a diagonal, zeros above it.

    Args:
        N: Number of rows.
        M: Number of columns; None means `N`.
        k: The diagonal: 0 is the main one, positive above it.
        dtype: Dtype of the result; None means floatx.

    Returns:
        A tensor of shape `(N, M)`.

    Example:

    >>> kerata.ops.convert_to_numpy(kerata.ops.tri(2)).tolist()
    [[1.0, 0.0], [1.0, 1.0]]
    """
    return backend.numpy.tri(N, M=M, k=k, dtype=dtype)


@kerata_export("kerata.ops.tril", "kerata.ops.numpy.tril")
@symbolic_op
def tril(x: Any, k: int = 0) -> Any:
    """Lower triangle of a matrix (or of each matrix in a batch).

    Args:
        x: Tensor of rank 2 or more.
        k: The diagonal above which elements are zeroed.

    Returns:
        `x` with elements above the k-th diagonal set to zero.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 2], [3, 4]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.tril(x)).tolist()
    [[1, 0], [3, 4]]
    """
    return backend.numpy.tril(x, k=k)


@kerata_export("kerata.ops.triu", "kerata.ops.numpy.triu")
@symbolic_op
def triu(x: Any, k: int = 0) -> Any:
    """Upper triangle of a matrix (or of each matrix in a batch).

    Args:
        x: Tensor of rank 2 or more.
        k: The diagonal below which elements are zeroed.

    Returns:
        `x` with elements below the k-th diagonal set to zero.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 2], [3, 4]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.triu(x)).tolist()
    [[1, 2], [0, 4]]
    """
    return backend.numpy.triu(x, k=k)


@kerata_export("kerata.ops.diag", "kerata.ops.numpy.diag")
@symbolic_op
def diag(x: Any, k: int = 0) -> Any:
    """Reads a diagonal of a matrix, or builds a diagonal matrix.

    Args:
        x: A 1-D tensor (placed on the k-th diagonal of a square matrix)
            or a 2-D tensor (whose k-th diagonal is returned).
        k: Diagonal offset: positive above the main diagonal.

    Returns:
        A 2-D or 1-D tensor.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1, 2], [3, 4]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.diag(x)).tolist()
    [1, 4]
    """
    return backend.numpy.diag(x, k=k)


@kerata_export("kerata.ops.diagflat", "kerata.ops.numpy.diagflat")
@symbolic_op
def diagflat(x: Any, k: int = 0) -> Any:
    """A matrix with the flattened input on its k-th diagonal.

    Args:
        x: Input tensor (flattened).
        k: Diagonal offset: positive above the main diagonal.

    Returns:
        A square 2-D tensor.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 2])
    >>> kerata.ops.convert_to_numpy(kerata.ops.diagflat(x)).tolist()
    [[1, 0], [0, 2]]
    """
    return backend.numpy.diagflat(x, k=k)


@kerata_export("kerata.ops.meshgrid", "kerata.ops.numpy.meshgrid")
@symbolic_op
def meshgrid(*x: Any, indexing: str = "xy") -> Any:
    """Coordinate grids from 1-D coordinate vectors.

    Args:
        *x: 1-D tensors of coordinates.
        indexing: "xy" (Cartesian: the first two output axes swapped) or
            "ij" (matrix indexing).

    Returns:
        A list of tensors, one per input, each of the grid's shape.

    Example:

    >>> a = kerata.ops.convert_to_tensor([1, 2, 3])
    >>> b = kerata.ops.convert_to_tensor([4, 5])
    >>> grid_a, grid_b = kerata.ops.meshgrid(a, b)
    >>> kerata.ops.convert_to_numpy(grid_a).tolist()
    [[1, 2, 3], [1, 2, 3]]
    """
    if indexing not in ("xy", "ij"):
        raise ValueError(
            f"`indexing` must be 'xy' or 'ij'. Received: indexing={indexing!r}"
        )
    return backend.numpy.meshgrid(*x, indexing=indexing)


@kerata_export("kerata.ops.array", "kerata.ops.numpy.array")
@symbolic_op
def array(x: Any, dtype: Any = None) -> Any:
    """Creates a tensor from an array-like value.

    Args:
        x: Array, list or scalar.
        dtype: Dtype of the result; None follows `convert_to_tensor`
            (Python ints give int32, Python floats floatx).

    Returns:
        A tensor.

    Example:

    >>> kerata.ops.convert_to_numpy(kerata.ops.array([1, 2])).tolist()
    [1, 2]
    """
    return backend.numpy.array(x, dtype=dtype)


@kerata_export("kerata.ops.copy", "kerata.ops.numpy.copy")
@symbolic_op
def copy(x: Any) -> Any:
    """A copy of a tensor that shares no memory with it.

    Args:
        x: Input tensor.

    Returns:
        The copy.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 2])
    >>> kerata.ops.convert_to_numpy(kerata.ops.copy(x)).tolist()
    [1, 2]
    """
    return backend.numpy.copy(x)


@kerata_export("kerata.ops.vander", "kerata.ops.numpy.vander")
@symbolic_op
def vander(x: Any, N: Any = None, increasing: bool = False) -> Any:
    """The Vandermonde matrix: columns are powers of `x`.

    Args:
        x: 1-D tensor.
        N: Number of columns; None means `len(x)`.
        increasing: Whether powers increase left to right (default: they
            decrease).

    Returns:
        A tensor of shape `(len(x), N)`, of `x`'s dtype.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 2, 3])
    >>> kerata.ops.convert_to_numpy(kerata.ops.vander(x, 2)).tolist()
    [[1, 1], [2, 1], [3, 1]]
    """
    if getattr(x, "ndim", 1) != 1:
        raise ValueError(
            f"`vander` takes a 1-D tensor. Received: shape={tuple(x.shape)}"
        )
    return backend.numpy.vander(x, N=N, increasing=increasing)


def _window_length(name: str, x: Any) -> None:
    if isinstance(x, int) and x < 0:
        raise ValueError(
            f"`{name}` takes a non-negative window length. Received: x={x}"
        )


@kerata_export("kerata.ops.hamming", "kerata.ops.numpy.hamming")
@symbolic_op
def hamming(x: Any) -> Any:
    """The Hamming window of length `x`.

    Args:
        x: Number of points (int or scalar tensor).

    Returns:
        A 1-D floatx tensor.

    Example:

    >>> y = kerata.ops.hamming(3)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [0.08, 1.0, 0.08]
    """
    _window_length("hamming", x)
    return backend.numpy.hamming(x)


@kerata_export("kerata.ops.hanning", "kerata.ops.numpy.hanning")
@symbolic_op
def hanning(x: Any) -> Any:
    """The Hann window of length `x`.

    Args:
        x: Number of points (int or scalar tensor).

    Returns:
        A 1-D floatx tensor.

    Example:

    >>> y = kerata.ops.hanning(3)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [0.0, 1.0, 0.0]
    """
    _window_length("hanning", x)
    return backend.numpy.hanning(x)


@kerata_export("kerata.ops.bartlett", "kerata.ops.numpy.bartlett")
@symbolic_op
def bartlett(x: Any) -> Any:
    """The Bartlett (triangular) window of length `x`.

    Args:
        x: Number of points (int or scalar tensor).

    Returns:
        A 1-D floatx tensor.

    Example:

    >>> y = kerata.ops.bartlett(5)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [0.0, 0.5, 1.0, 0.5, 0.0]
    """
    _window_length("bartlett", x)
    return backend.numpy.bartlett(x)


@kerata_export("kerata.ops.blackman", "kerata.ops.numpy.blackman")
@symbolic_op
def blackman(x: Any) -> Any:
    """The Blackman window of length `x`.

    Args:
        x: Number of points (int or scalar tensor).

    Returns:
        A 1-D floatx tensor.

    Example:

    >>> y = kerata.ops.convert_to_numpy(kerata.ops.blackman(5))
    >>> [round(v, 4) for v in y[1:-1].tolist()]
    [0.34, 1.0, 0.34]
    """
    _window_length("blackman", x)
    return backend.numpy.blackman(x)


@kerata_export("kerata.ops.kaiser", "kerata.ops.numpy.kaiser")
@symbolic_op
def kaiser(x: Any, beta: Any) -> Any:
    """The Kaiser window of length `x`.

    Args:
        x: Number of points (int or scalar tensor).
        beta: Shape parameter: 0 gives a rectangle, larger values a
            narrower window.

    Returns:
        A 1-D floatx tensor.

    Example:

    >>> y = kerata.ops.kaiser(3, 0.0)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [1.0, 1.0, 1.0]
    """
    _window_length("kaiser", x)
    return backend.numpy.kaiser(x, beta)
