"""Public ops: `kerata.ops.math`."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op

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


# --- segment reductions -----------------------------------------------------
def _check_segments(data: Any, segment_ids: Any, num_segments: Any) -> None:
    ids_shape = tuple(segment_ids.shape)
    if len(ids_shape) != 1:
        raise ValueError(
            "`segment_ids` must be a 1-D tensor. Received shape "
            f"{ids_shape}. Flatten it (and data's leading axes) first."
        )
    n, m = ids_shape[0], tuple(data.shape)[0] if data.shape else None
    if n is not None and m is not None and n != m:
        raise ValueError(
            "`segment_ids` must have one entry per row of `data`. Received "
            f"segment_ids.shape={ids_shape}, data.shape={tuple(data.shape)}."
        )
    if num_segments is not None and (
        isinstance(num_segments, bool) or int(num_segments) < 0
    ):
        raise ValueError(
            "`num_segments` must be None or a non-negative int. "
            f"Received: num_segments={num_segments!r}"
        )


def _segment_spec(data, segment_ids, num_segments=None, sorted=False):
    _check_segments(data, segment_ids, num_segments)
    return _spec((num_segments,) + tuple(data.shape[1:]), data.dtype)


def _segment_op(reduce_name: str):
    def op(data, segment_ids, num_segments=None, sorted=False):
        data = backend.convert_to_tensor(data)
        segment_ids = backend.convert_to_tensor(segment_ids)
        _check_segments(data, segment_ids, num_segments)
        return getattr(backend.math, reduce_name)(
            data, segment_ids, num_segments=num_segments, sorted=sorted
        )

    return op


_SEGMENT_DOC = """Computes the {what} of `data` within each segment.

    Row `i` of `data` belongs to segment `segment_ids[i]`. Rows whose id is
    negative or not below `num_segments` are dropped; a segment with no
    rows gets {empty}.

    Args:
        data: Tensor of shape `(N, ...)`.
        segment_ids: Integer tensor of shape `(N,)`.
        num_segments: Number of segments. Inferred as
            `max(segment_ids) + 1` when None (not possible inside
            `jax.jit`).
        sorted: Whether `segment_ids` is sorted (a hint for speed).

    Returns:
        A tensor of shape `(num_segments,) + data.shape[1:]` and the dtype
        of `data`.

    Raises:
        ValueError: If `segment_ids` is not 1-D or its length differs from
            `data.shape[0]`.

    Example:

    >>> data = kerata.ops.convert_to_tensor([1, 2, 10, 20, 100])
    >>> ids = kerata.ops.convert_to_tensor([0, 0, 1, 1, 2])
    >>> y = kerata.ops.{name}(data, ids, num_segments=3)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    {result}
    """


def _make_segment_op(name: str, what: str, empty: str, result: str):
    op = symbolic_op(_segment_op(name), spec=_segment_spec)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = _SEGMENT_DOC.format(
        what=what, empty=empty, name=name, result=result
    )
    op.__module__ = __name__
    return kerata_export(f"kerata.ops.{name}", f"kerata.ops.math.{name}")(op)


segment_sum = _make_segment_op("segment_sum", "sum", "0", "[3, 30, 100]")
segment_max = _make_segment_op(
    "segment_max",
    "maximum",
    "the lowest value of the dtype (-inf for floats)",
    "[2, 20, 100]",
)
segment_min = _make_segment_op(
    "segment_min",
    "minimum",
    "the highest value of the dtype (inf for floats)",
    "[1, 10, 100]",
)
segment_prod = _make_segment_op("segment_prod", "product", "1", "[2, 200, 100]")


# --- top-k and reductions ---------------------------------------------------
def _top_k_spec(x: Any, k: int, sorted: bool = True) -> tuple:
    shape = tuple(x.shape[:-1]) + (k,)
    return _spec(shape, x.dtype), _spec(shape, "int32")


@kerata_export("kerata.ops.top_k", "kerata.ops.math.top_k")
@symbolic_op(spec=_top_k_spec)
def top_k(x: Any, k: int, sorted: bool = True) -> tuple:
    """Finds the `k` largest entries along the last axis.

    The order among equal values (and which of them are kept at the k-th
    place) depends on the backend.

    Args:
        x: Tensor of rank >= 1.
        k: Number of entries to return, at most `x.shape[-1]`.
        sorted: Whether to return them in descending order. The backends
            may sort even when False.

    Returns:
        A pair `(values, indices)`, both of shape `x.shape[:-1] + (k,)`;
        `indices` is int32.

    Raises:
        ValueError: If `k` is not a positive int or exceeds
            `x.shape[-1]`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([5, 2, 7, 1, 9])
    >>> values, indices = kerata.ops.top_k(x, k=3)
    >>> kerata.ops.convert_to_numpy(values).tolist()
    [9, 7, 5]
    >>> kerata.ops.convert_to_numpy(indices).tolist()
    [4, 2, 0]
    """
    x = backend.convert_to_tensor(x)
    _check_positive_int(k, "k")
    if not x.shape or k > x.shape[-1]:
        raise ValueError(
            f"`k` must be at most the size of the last axis of `x`. "
            f"Received: k={k}, x.shape={tuple(x.shape)}"
        )
    return backend.math.top_k(x, k, sorted=sorted)


def _in_top_k_spec(targets: Any, predictions: Any, k: int) -> Any:
    return _spec(targets.shape, "bool")


@kerata_export("kerata.ops.in_top_k", "kerata.ops.math.in_top_k")
@symbolic_op(spec=_in_top_k_spec)
def in_top_k(targets: Any, predictions: Any, k: int) -> Any:
    """Whether each target class is among the `k` highest predictions.

    A class tied with others counts as in the top `k` if any position it
    ties for is; a non-finite target score is never in the top `k`.

    Args:
        targets: Integer class ids of shape `(batch,)`.
        predictions: Scores of shape `(batch, num_classes)`.
        k: Number of top predictions to consider.

    Returns:
        A bool tensor of shape `(batch,)`.

    Raises:
        ValueError: If the shapes do not match or `k` is not positive.

    Example:

    >>> targets = kerata.ops.convert_to_tensor([2, 0])
    >>> predictions = kerata.ops.convert_to_tensor(
    ...     [[0.1, 0.5, 0.4], [0.1, 0.5, 0.4]]
    ... )
    >>> y = kerata.ops.in_top_k(targets, predictions, k=2)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [True, False]
    """
    targets = backend.convert_to_tensor(targets)
    predictions = backend.convert_to_tensor(predictions)
    _check_positive_int(k, "k")
    if (
        len(targets.shape) != 1
        or len(predictions.shape) != 2
        or targets.shape[0] != predictions.shape[0]
    ):
        raise ValueError(
            "`targets` must have shape (batch,) and `predictions` shape "
            f"(batch, num_classes). Received: targets.shape="
            f"{tuple(targets.shape)}, predictions.shape="
            f"{tuple(predictions.shape)}"
        )
    return backend.math.in_top_k(targets, predictions, k)


def _logsumexp_spec(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    shape = _reduced_shape(tuple(x.shape), axis, keepdims)
    return _spec(shape, _float_dtype(x.dtype))


@kerata_export("kerata.ops.logsumexp", "kerata.ops.math.logsumexp")
@symbolic_op(spec=_logsumexp_spec)
def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Computes `log(sum(exp(x)))` along `axis`, without overflow.

    Args:
        x: Tensor.
        axis: Int, tuple of ints, or None for all axes.
        keepdims: Whether to keep reduced axes with size 1.

    Returns:
        A float tensor (ints become floatx).

    Example:

    >>> x = kerata.ops.convert_to_tensor([1000.0, 1000.0])
    >>> round(float(kerata.ops.logsumexp(x)), 2)
    1000.69
    """
    return backend.math.logsumexp(x, axis=axis, keepdims=keepdims)


def _broadcast_batch(a: tuple, b: tuple) -> tuple:
    """Broadcasts two batch shapes whose sizes may be None (unknown)."""
    n = max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + a, (1,) * (n - len(b)) + b
    return tuple(
        y if x == 1 else x if y == 1 or x == y else None for x, y in zip(a, b)
    )


def _cdist_spec(x: Any, y: Any) -> Any:
    _check_cdist(x, y)
    batch = _broadcast_batch(tuple(x.shape[:-2]), tuple(y.shape[:-2]))
    dtype = backend.result_type(x.dtype, y.dtype, float)
    return _spec(batch + (x.shape[-2], y.shape[-2]), dtype)


def _check_cdist(x: Any, y: Any) -> None:
    if len(x.shape) < 2 or len(y.shape) < 2:
        raise ValueError(
            "`cdist` inputs must have rank >= 2, shapes (..., m, d) and "
            f"(..., n, d). Received: x.shape={tuple(x.shape)}, "
            f"y.shape={tuple(y.shape)}"
        )
    if None not in (x.shape[-1], y.shape[-1]) and x.shape[-1] != y.shape[-1]:
        raise ValueError(
            "The last axes of `cdist` inputs must match. Received: "
            f"x.shape={tuple(x.shape)}, y.shape={tuple(y.shape)}"
        )


@kerata_export("kerata.ops.cdist", "kerata.ops.math.cdist")
@symbolic_op(spec=_cdist_spec)
def cdist(x: Any, y: Any) -> Any:
    """Euclidean distances between every row of `x` and every row of `y`.

    Args:
        x: Tensor of shape `(..., m, d)`.
        y: Tensor of shape `(..., n, d)`.

    Returns:
        A float tensor of shape `(..., m, n)`.

    Raises:
        ValueError: If a rank is below 2 or the last axes differ.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[0.0, 0.0], [3.0, 4.0]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.cdist(x, x)).tolist()
    [[0.0, 5.0], [5.0, 0.0]]
    """
    x, y = backend.convert_to_tensor(x), backend.convert_to_tensor(y)
    _check_cdist(x, y)
    return backend.math.cdist(x, y)


def _num_frames(size: Any, length: int, stride: int) -> Any:
    return None if size is None else 1 + (size - length) // stride


def _extract_sequences_spec(x, sequence_length, sequence_stride) -> Any:
    _check_sequences(x, sequence_length, sequence_stride)
    num = _num_frames(x.shape[-1], sequence_length, sequence_stride)
    return _spec(tuple(x.shape[:-1]) + (num, sequence_length), x.dtype)


def _check_sequences(x: Any, sequence_length: Any, sequence_stride: Any):
    _check_positive_int(sequence_length, "sequence_length")
    _check_positive_int(sequence_stride, "sequence_stride")
    if not x.shape:
        raise ValueError("`x` must have rank >= 1. Received a scalar.")
    size = x.shape[-1]
    if size is not None and sequence_length > size:
        raise ValueError(
            f"`sequence_length` ({sequence_length}) must be at most the "
            f"size of the last axis of `x` ({size})."
        )


@kerata_export(
    "kerata.ops.extract_sequences", "kerata.ops.math.extract_sequences"
)
@symbolic_op(spec=_extract_sequences_spec)
def extract_sequences(
    x: Any, sequence_length: int, sequence_stride: int
) -> Any:
    """Slides a window over the last axis of `x`, returning the frames.

    There are `1 + (x.shape[-1] - sequence_length) // sequence_stride`
    frames; samples past the last full frame are dropped.

    Args:
        x: Tensor of shape `(..., N)`.
        sequence_length: Frame length.
        sequence_stride: Step between frame starts.

    Returns:
        A tensor of shape `(..., num_sequences, sequence_length)`.

    Raises:
        ValueError: If a length or stride is not a positive int, or the
            frame is longer than `x`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1, 2, 3, 4, 5, 6])
    >>> y = kerata.ops.extract_sequences(x, 3, 2)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[1, 2, 3], [3, 4, 5]]
    """
    x = backend.convert_to_tensor(x)
    _check_sequences(x, sequence_length, sequence_stride)
    return backend.math.extract_sequences(x, sequence_length, sequence_stride)


# --- Fourier transforms -------------------------------------------------------
def _check_complex_pair(x: Any, min_rank: int) -> tuple:
    """Validates a (real, imag) pair; returns it as tensors."""
    if not isinstance(x, (list, tuple)) or len(x) != 2:
        raise ValueError(
            "`x` must be a tuple (real, imag) of two float tensors. "
            f"Received: {type(x).__name__}"
        )
    real, imag = _as_tensor(x[0]), _as_tensor(x[1])
    if tuple(real.shape) != tuple(imag.shape):
        raise ValueError(
            "The real and imaginary parts must have the same shape. "
            f"Received: {tuple(real.shape)} and {tuple(imag.shape)}"
        )
    for part in (real, imag):
        if backend.standardize_dtype(part.dtype) not in ("float32", "float64"):
            raise TypeError(
                "The real and imaginary parts must be float32 or float64. "
                f"Received dtype {backend.standardize_dtype(part.dtype)}."
            )
    if backend.standardize_dtype(real.dtype) != backend.standardize_dtype(
        imag.dtype
    ):
        raise TypeError(
            "The real and imaginary parts must have the same dtype. "
            f"Received: {real.dtype} and {imag.dtype}"
        )
    if len(real.shape) < min_rank:
        raise ValueError(
            f"The input must have rank >= {min_rank}. Received shape "
            f"{tuple(real.shape)}."
        )
    return real, imag


def _same_pair_spec(min_rank: int):
    def spec(x: Any) -> tuple:
        real, _ = _check_complex_pair(x, min_rank)
        return _spec(real.shape, real.dtype), _spec(real.shape, real.dtype)

    return spec


@kerata_export("kerata.ops.fft", "kerata.ops.math.fft")
@symbolic_op(spec=_same_pair_spec(1))
def fft(x: tuple) -> tuple:
    """Fast Fourier transform along the last axis.

    Args:
        x: Tuple `(real, imag)` of float tensors of the same shape.

    Returns:
        Tuple `(real, imag)` of the transform, same shape and dtype.

    Raises:
        ValueError: If `x` is not a pair of same-shaped tensors.
        TypeError: If the parts are not float32 or float64.

    Example:

    >>> x = (
    ...     kerata.ops.convert_to_tensor([1.0, 2.0]),
    ...     kerata.ops.convert_to_tensor([0.0, 1.0]),
    ... )
    >>> real, imag = kerata.ops.fft(x)
    >>> kerata.ops.convert_to_numpy(real).tolist()
    [3.0, -1.0]
    >>> kerata.ops.convert_to_numpy(imag).tolist()
    [1.0, -1.0]
    """
    return backend.math.fft(_check_complex_pair(x, 1))


@kerata_export("kerata.ops.fft2", "kerata.ops.math.fft2")
@symbolic_op(spec=_same_pair_spec(2))
def fft2(x: tuple) -> tuple:
    """2-D fast Fourier transform over the last two axes.

    Args:
        x: Tuple `(real, imag)` of float tensors of rank >= 2.

    Returns:
        Tuple `(real, imag)` of the transform, same shape and dtype.

    Raises:
        ValueError: If `x` is not a pair of same-shaped rank >= 2 tensors.
        TypeError: If the parts are not float32 or float64.

    Example:

    >>> x = (
    ...     kerata.ops.convert_to_tensor([[1.0, 2.0], [2.0, 1.0]]),
    ...     kerata.ops.convert_to_tensor([[0.0, 1.0], [1.0, 0.0]]),
    ... )
    >>> real, imag = kerata.ops.fft2(x)
    >>> kerata.ops.convert_to_numpy(real).tolist()
    [[6.0, 0.0], [0.0, -2.0]]
    """
    return backend.math.fft2(_check_complex_pair(x, 2))


@kerata_export("kerata.ops.ifft2", "kerata.ops.math.ifft2")
@symbolic_op(spec=_same_pair_spec(2))
def ifft2(x: tuple) -> tuple:
    """Inverse 2-D fast Fourier transform over the last two axes.

    Args:
        x: Tuple `(real, imag)` of float tensors of rank >= 2.

    Returns:
        Tuple `(real, imag)` of the inverse transform.

    Raises:
        ValueError: If `x` is not a pair of same-shaped rank >= 2 tensors.
        TypeError: If the parts are not float32 or float64.

    Example:

    >>> x = (
    ...     kerata.ops.convert_to_tensor([[4.0, 0.0], [0.0, 0.0]]),
    ...     kerata.ops.zeros((2, 2)),
    ... )
    >>> real, imag = kerata.ops.ifft2(x)
    >>> kerata.ops.convert_to_numpy(real).tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    return backend.math.ifft2(_check_complex_pair(x, 2))


def _rfft_spec(x: Any, fft_length: Any = None) -> tuple:
    size = fft_length if fft_length is not None else x.shape[-1]
    bins = None if size is None else size // 2 + 1
    shape = tuple(x.shape[:-1]) + (bins,)
    dtype = _float_dtype(x.dtype)
    return _spec(shape, dtype), _spec(shape, dtype)


@kerata_export("kerata.ops.rfft", "kerata.ops.math.rfft")
@symbolic_op(spec=_rfft_spec)
def rfft(x: Any, fft_length: Any = None) -> tuple:
    """Fast Fourier transform of a real signal along the last axis.

    Only the `fft_length // 2 + 1` non-redundant frequencies are returned.
    The signal is cropped or zero-padded to `fft_length`.

    Args:
        x: Real tensor of rank >= 1.
        fft_length: Transform length; defaults to `x.shape[-1]`.

    Returns:
        Tuple `(real, imag)` of shape `x.shape[:-1] + (fft_length // 2 +
        1,)`.

    Raises:
        ValueError: If `x` is a scalar or `fft_length` is not positive.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 1.0, 2.0, 3.0])
    >>> real, imag = kerata.ops.rfft(x)
    >>> kerata.ops.convert_to_numpy(real).tolist()
    [6.0, -2.0, -2.0]
    >>> kerata.ops.convert_to_numpy(imag).tolist()
    [0.0, 2.0, 0.0]
    """
    x = backend.convert_to_tensor(x)
    if not x.shape:
        raise ValueError("`x` must have rank >= 1. Received a scalar.")
    if fft_length is not None:
        _check_positive_int(fft_length, "fft_length")
    return backend.math.rfft(x, fft_length=fft_length)


def _irfft_spec(x: Any, fft_length: Any = None) -> Any:
    real, _ = _check_complex_pair(x, 1)
    size = fft_length
    if size is None and real.shape[-1] is not None:
        size = 2 * (real.shape[-1] - 1)
    return _spec(tuple(real.shape[:-1]) + (size,), real.dtype)


@kerata_export("kerata.ops.irfft", "kerata.ops.math.irfft")
@symbolic_op(spec=_irfft_spec)
def irfft(x: tuple, fft_length: Any = None) -> Any:
    """Inverse of `rfft`: a real signal from its non-redundant spectrum.

    Args:
        x: Tuple `(real, imag)` of the spectrum along the last axis.
        fft_length: Length of the output signal; defaults to
            `2 * (x[0].shape[-1] - 1)`. Pass it for odd lengths.

    Returns:
        A real tensor of shape `x[0].shape[:-1] + (fft_length,)`.

    Raises:
        ValueError: If `x` is not a pair of same-shaped tensors.
        TypeError: If the parts are not float32 or float64.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 1.0, 2.0, 3.0, 4.0])
    >>> y = kerata.ops.irfft(kerata.ops.rfft(x), 5)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [0.0, 1.0, 2.0, 3.0, 4.0]
    """
    if fft_length is not None:
        _check_positive_int(fft_length, "fft_length")
    return backend.math.irfft(_check_complex_pair(x, 1), fft_length=fft_length)


def _check_stft_args(sequence_length, sequence_stride, fft_length, window):
    _check_positive_int(sequence_length, "sequence_length")
    _check_positive_int(sequence_stride, "sequence_stride")
    _check_positive_int(fft_length, "fft_length")
    if fft_length < sequence_length:
        raise ValueError(
            "`fft_length` must be at least `sequence_length`. Received: "
            f"sequence_length={sequence_length}, fft_length={fft_length}"
        )
    if isinstance(window, str) and window not in ("hann", "hamming"):
        raise ValueError(
            "`window` must be 'hann', 'hamming', a tensor or None. "
            f"Received: window={window!r}"
        )
    if window is not None and not isinstance(window, str):
        shape = tuple(getattr(window, "shape", (len(window),)))
        if shape != (sequence_length,):
            raise ValueError(
                f"A `window` tensor must have shape ({sequence_length},) "
                f"(sequence_length,). Received shape {shape}."
            )


def _stft_spec(
    x, sequence_length, sequence_stride, fft_length, window="hann", center=True
) -> tuple:
    size = x.shape[-1]
    if size is not None and center:
        size += 2 * (fft_length // 2)
    shape = tuple(x.shape[:-1]) + (
        _num_frames(size, fft_length, sequence_stride),
        fft_length // 2 + 1,
    )
    return _spec(shape, x.dtype), _spec(shape, x.dtype)


@kerata_export("kerata.ops.stft", "kerata.ops.math.stft")
@symbolic_op(spec=_stft_spec)
def stft(
    x: Any,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    window: Any = "hann",
    center: bool = True,
) -> tuple:
    """Short-time Fourier transform along the last axis.

    Frames of `fft_length` samples, `sequence_stride` apart, are multiplied
    by the window (of `sequence_length` samples, zero-padded to
    `fft_length` on both sides) and transformed with `rfft`. The result is
    not normalized, as in `torch.stft`.

    Args:
        x: Float32 or float64 tensor of shape `(..., samples)`.
        sequence_length: Window length.
        sequence_stride: Step between frames.
        fft_length: Frame and transform length, >= `sequence_length`.
        window: "hann", "hamming" (periodic windows), a tensor of shape
            `(sequence_length,)`, or None for no window.
        center: Whether to pad `x` by `fft_length // 2` on both sides
            (reflecting it), so frame `t` is centered on sample
            `t * sequence_stride`.

    Returns:
        Tuple `(real, imag)` of shape `(..., num_frames, fft_length // 2 +
        1)`.

    Raises:
        ValueError: For non-positive lengths, `fft_length <
            sequence_length`, or a bad `window`.
        TypeError: If `x` is not float32 or float64.

    Example:

    >>> x = kerata.ops.ones((16,))
    >>> real, imag = kerata.ops.stft(x, 8, 4, 8, center=False)
    >>> tuple(real.shape)
    (3, 5)
    >>> round(kerata.ops.convert_to_numpy(real).tolist()[0][0], 4)
    4.0
    """
    x = backend.convert_to_tensor(x)
    if backend.standardize_dtype(x.dtype) not in ("float32", "float64"):
        raise TypeError(
            "`x` must be float32 or float64. Received dtype "
            f"{backend.standardize_dtype(x.dtype)}."
        )
    _check_stft_args(sequence_length, sequence_stride, fft_length, window)
    return backend.math.stft(
        x,
        sequence_length,
        sequence_stride,
        fft_length,
        window=window,
        center=center,
    )


def _istft_spec(
    x,
    sequence_length,
    sequence_stride,
    fft_length,
    length=None,
    window="hann",
    center=True,
) -> Any:
    real, _ = _check_complex_pair(x, 2)
    size = length
    if size is None and real.shape[-2] is not None:
        size = fft_length + sequence_stride * (real.shape[-2] - 1)
        size -= 2 * (fft_length // 2) if center else 0
    return _spec(tuple(real.shape[:-2]) + (size,), real.dtype)


@kerata_export("kerata.ops.istft", "kerata.ops.math.istft")
@symbolic_op(spec=_istft_spec)
def istft(
    x: tuple,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    length: Any = None,
    window: Any = "hann",
    center: bool = True,
) -> Any:
    """Inverse short-time Fourier transform: undoes `stft`.

    Each frame is inverted with `irfft`, windowed, overlap-added, and
    divided by the overlap-added squared window, so that
    `istft(stft(x, ...), ...)` returns `x` when the arguments match and
    the windows overlap enough.

    Args:
        x: Tuple `(real, imag)` of shape `(..., num_frames, fft_length //
            2 + 1)`.
        sequence_length: Window length used by `stft`.
        sequence_stride: Step between frames used by `stft`.
        fft_length: Transform length used by `stft`.
        length: Length of the output (cropped or zero-padded); by default
            everything, less the `center` padding.
        window: The window used by `stft`.
        center: Whether `stft` padded the signal.

    Returns:
        A float tensor of shape `(..., samples)`.

    Raises:
        ValueError: For bad lengths, windows or inputs.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    >>> y = kerata.ops.istft(kerata.ops.stft(x, 4, 1, 4), 4, 1, 4)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    """
    pair = _check_complex_pair(x, 2)
    _check_stft_args(sequence_length, sequence_stride, fft_length, window)
    if length is not None:
        _check_positive_int(length, "length")
    return backend.math.istft(
        pair,
        sequence_length,
        sequence_stride,
        fft_length,
        length=length,
        window=window,
        center=center,
    )


# --- elementwise special functions --------------------------------------------
def _float_like_spec(x: Any) -> Any:
    return _spec(x.shape, _float_dtype(x.dtype))


@kerata_export("kerata.ops.rsqrt", "kerata.ops.math.rsqrt")
@symbolic_op(spec=_float_like_spec)
def rsqrt(x: Any) -> Any:
    """Computes `1 / sqrt(x)` elementwise.

    Args:
        x: Tensor; ints become floatx.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1.0, 4.0, 100.0])
    >>> kerata.ops.convert_to_numpy(kerata.ops.rsqrt(x)).tolist()
    [1.0, 0.5, 0.10000000149011612]
    """
    return backend.math.rsqrt(x)


@kerata_export("kerata.ops.erf", "kerata.ops.math.erf")
@symbolic_op(spec=_float_like_spec)
def erf(x: Any) -> Any:
    """The error function, `2 / sqrt(pi) * integral(exp(-t**2), 0, x)`.

    Args:
        x: Tensor; ints become floatx.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-1.0, 0.0, 1.0])
    >>> y = kerata.ops.convert_to_numpy(kerata.ops.erf(x)).tolist()
    >>> [round(v, 5) for v in y]
    [-0.8427, 0.0, 0.8427]
    """
    return backend.math.erf(x)


@kerata_export("kerata.ops.erfc", "kerata.ops.math.erfc")
@symbolic_op(spec=_float_like_spec)
def erfc(x: Any) -> Any:
    """The complementary error function, `1 - erf(x)`, accurate for large
    `x`.

    Args:
        x: Tensor; ints become floatx.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 1.0])
    >>> y = kerata.ops.convert_to_numpy(kerata.ops.erfc(x)).tolist()
    >>> [round(v, 5) for v in y]
    [1.0, 0.1573]
    """
    return backend.math.erfc(x)


@kerata_export("kerata.ops.erfinv", "kerata.ops.math.erfinv")
@symbolic_op(spec=_float_like_spec)
def erfinv(x: Any) -> Any:
    """The inverse error function: `erf(erfinv(y)) == y` for `-1 < y < 1`.

    Returns -inf at -1, inf at 1 and NaN outside `[-1, 1]`.

    Args:
        x: Tensor; ints become floatx.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-0.5, 0.0, 0.5])
    >>> y = kerata.ops.convert_to_numpy(kerata.ops.erfinv(x)).tolist()
    >>> [round(v, 5) for v in y]
    [-0.47694, 0.0, 0.47694]
    """
    return backend.math.erfinv(x)


def _logdet_spec(x: Any) -> Any:
    _check_square(x)
    return _spec(tuple(x.shape[:-2]), _float_dtype(x.dtype))


def _check_square(x: Any) -> None:
    if len(x.shape) < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(
            "Expected a square matrix (or a batch of them), of shape "
            f"(..., n, n). Received shape {tuple(x.shape)}."
        )


@kerata_export("kerata.ops.logdet", "kerata.ops.math.logdet")
@symbolic_op(spec=_logdet_spec)
def logdet(x: Any) -> Any:
    """Natural log of the determinant of square matrices.

    Computed from an LU factorization, so it stays finite where the
    determinant itself would overflow. NaN where the determinant is
    negative, -inf where it is zero.

    Args:
        x: Tensor of shape `(..., n, n)`.

    Returns:
        A float tensor of shape `x.shape[:-2]`.

    Raises:
        ValueError: If `x` is not a (batch of) square matrices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[2.0, 0.0], [0.0, 3.0]])
    >>> round(float(kerata.ops.logdet(x)), 5)
    1.79176
    """
    x = backend.convert_to_tensor(x)
    _check_square(x)
    return backend.math.logdet(x)


def _view_as_complex_spec(x: Any) -> Any:
    dtype = "complex128" if x.dtype == "float64" else "complex64"
    return _spec(tuple(x.shape[:-1]), dtype)


@kerata_export("kerata.ops.view_as_complex", "kerata.ops.math.view_as_complex")
@symbolic_op(spec=_view_as_complex_spec)
def view_as_complex(x: Any) -> Any:
    """Turns a real tensor of shape `(..., 2)` into a complex tensor.

    Args:
        x: Real tensor whose last axis holds (real, imag) pairs.

    Returns:
        A complex tensor of shape `x.shape[:-1]` (complex128 for float64
        input, else complex64).

    Raises:
        ValueError: If the last axis does not have size 2.

    Example:

    >>> z = kerata.ops.view_as_complex([[1.0, 2.0], [3.0, 4.0]])
    >>> kerata.ops.convert_to_numpy(z).tolist()
    [(1+2j), (3+4j)]
    """
    x = backend.convert_to_tensor(x)
    if not x.shape or x.shape[-1] != 2:
        raise ValueError(
            "The last axis of `x` must have size 2 (real, imag). Received "
            f"shape {tuple(x.shape)}."
        )
    return backend.math.view_as_complex(x)


def _view_as_real_spec(x: Any) -> Any:
    dtype = "float64" if x.dtype == "complex128" else "float32"
    return _spec(tuple(x.shape) + (2,), dtype)


@kerata_export("kerata.ops.view_as_real", "kerata.ops.math.view_as_real")
@symbolic_op(spec=_view_as_real_spec)
def view_as_real(x: Any) -> Any:
    """Turns a complex tensor into a real one with a last axis of size 2.

    Args:
        x: Complex tensor.

    Returns:
        A real tensor of shape `x.shape + (2,)` holding (real, imag).

    Example:

    >>> z = kerata.ops.view_as_complex([[1.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.view_as_real(z)).tolist()
    [[1.0, 2.0]]
    """
    return backend.math.view_as_real(x)
