"""Public ops: `kerata.ops.math`, Fourier transforms (`fft`, `rfft`,
`stft`, ...) and `extract_sequences`.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.math._helpers import _as_tensor
from kerata.src.ops.math._helpers import _check_positive_int
from kerata.src.ops.math._helpers import _float_dtype
from kerata.src.ops.math._helpers import _spec
from kerata.src.ops.operation import symbolic_op


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
