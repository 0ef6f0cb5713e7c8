"""numpy backend: math functions (see backend/interface/math.py)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from kerata.src.backend.common import dtypes
from kerata.src.backend.numpy.core import convert_to_tensor


def _float(x: Any) -> np.ndarray:
    """`x` as an array of a float (or complex) dtype; ints become floatx."""
    x = convert_to_tensor(x)
    if np.issubdtype(x.dtype, np.inexact) or x.dtype.name == "bfloat16":
        return x
    return x.astype(dtypes.result_type(x.dtype, float))


# --- segment reductions -----------------------------------------------------
_IDENTITY_REDUCE = {
    np.add: "zero",
    np.multiply: "one",
    np.maximum: "lowest",
    np.minimum: "highest",
}


def _identity(ufunc, dtype) -> Any:
    kind = _IDENTITY_REDUCE[ufunc]
    if kind in ("zero", "one"):
        return 0 if kind == "zero" else 1
    if dtype == np.bool_:
        return kind == "highest"
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return info.min if kind == "lowest" else info.max
    return -np.inf if kind == "lowest" else np.inf


def _segment(ufunc, data, segment_ids, num_segments) -> np.ndarray:
    data = convert_to_tensor(data)
    ids = np.asarray(convert_to_tensor(segment_ids)).astype(np.int64)
    if num_segments is None:
        num_segments = int(ids.max()) + 1 if ids.size else 0
    num_segments = int(num_segments)
    keep = (ids >= 0) & (ids < num_segments)  # other ids are dropped
    out = np.full(
        (num_segments,) + data.shape[1:],
        _identity(ufunc, data.dtype),
        dtype=data.dtype,
    )
    ufunc.at(out, ids[keep], data[keep])
    return out


def segment_sum(data, segment_ids, num_segments=None, sorted=False) -> Any:
    return _segment(np.add, data, segment_ids, num_segments)


def segment_max(data, segment_ids, num_segments=None, sorted=False) -> Any:
    return _segment(np.maximum, data, segment_ids, num_segments)


def segment_min(data, segment_ids, num_segments=None, sorted=False) -> Any:
    return _segment(np.minimum, data, segment_ids, num_segments)


def segment_prod(data, segment_ids, num_segments=None, sorted=False) -> Any:
    return _segment(np.multiply, data, segment_ids, num_segments)


# --- top-k and reductions ---------------------------------------------------
def top_k(x, k, sorted=True) -> Any:
    x = convert_to_tensor(x)
    n = x.shape[-1]
    # Sorting the reversed array stably and reversing the order again puts
    # the largest values first and, among equal values, the lowest index
    # first (as torch and jax do).
    order = np.argsort(x[..., ::-1], axis=-1, kind="stable")[..., ::-1]
    indices = (n - 1 - order[..., :k]).astype(np.int32)
    return np.take_along_axis(x, indices, axis=-1), indices


def in_top_k(targets, predictions, k) -> Any:
    predictions = convert_to_tensor(predictions)
    targets = np.asarray(convert_to_tensor(targets)).astype(np.int64)
    target_values = np.take_along_axis(predictions, targets[:, None], axis=-1)
    # Classes tied with the target share its rank; a non-finite target
    # score is never in the top k.
    rank = np.sum(predictions > target_values, axis=-1)
    return (rank < k) & np.isfinite(target_values[:, 0])


def logsumexp(x, axis=None, keepdims=False) -> Any:
    x = _float(x)
    axis = tuple(axis) if isinstance(axis, list) else axis
    peak = np.max(x, axis=axis, keepdims=True)
    # Shift by the maximum for stability; an all -inf slice shifts by 0.
    peak = np.where(np.isfinite(peak), peak, 0).astype(x.dtype)
    total = np.sum(np.exp(x - peak), axis=axis, keepdims=True)
    with np.errstate(divide="ignore"):
        out = np.log(total) + peak
    return out if keepdims else np.squeeze(out, axis=axis)


def cdist(x, y) -> Any:
    x, y = _float(x), _float(y)
    diff = x[..., :, None, :] - y[..., None, :, :]
    return np.sqrt(np.sum(diff * diff, axis=-1))


def _frame_index(size: int, sequence_length: int, sequence_stride: int):
    num = 1 + (size - sequence_length) // sequence_stride
    starts = np.arange(num) * sequence_stride
    return starts[:, None] + np.arange(sequence_length)[None, :]


def extract_sequences(x, sequence_length, sequence_stride) -> Any:
    x = convert_to_tensor(x)
    index = _frame_index(x.shape[-1], sequence_length, sequence_stride)
    return x[..., index]  # (..., num_sequences, sequence_length)


# --- Fourier transforms -------------------------------------------------------
# np.fft computes in double precision; results are cast back to the
# input's precision so every backend returns the same dtypes.
def _complex(x: Any) -> tuple:
    real, imag = convert_to_tensor(x[0]), convert_to_tensor(x[1])
    return real + 1j * imag.astype(np.float64), real.dtype


def _parts(z: np.ndarray, dtype) -> tuple:
    return np.real(z).astype(dtype), np.imag(z).astype(dtype)


def fft(x) -> Any:
    z, dtype = _complex(x)
    return _parts(np.fft.fft(z), dtype)


def fft2(x) -> Any:
    z, dtype = _complex(x)
    return _parts(np.fft.fft2(z), dtype)


def ifft2(x) -> Any:
    z, dtype = _complex(x)
    return _parts(np.fft.ifft2(z), dtype)


def rfft(x, fft_length=None) -> Any:
    x = _float(x)
    return _parts(np.fft.rfft(x, n=fft_length, axis=-1), x.dtype)


def irfft(x, fft_length=None) -> Any:
    z, dtype = _complex(x)
    return np.fft.irfft(z, n=fft_length, axis=-1).astype(dtype)


def _window(window, sequence_length: int, fft_length: int, dtype) -> Any:
    """The analysis window, zero-padded on both sides to `fft_length`."""
    if window is None:
        win = np.ones(sequence_length)
    elif isinstance(window, str):
        # Periodic windows, as torch.hann_window / torch.hamming_window.
        phase = 2 * np.pi * np.arange(sequence_length) / sequence_length
        a = 0.5 if window == "hann" else 0.54
        win = a - (1 - a) * np.cos(phase)
    else:
        win = convert_to_tensor(window)
    left = (fft_length - sequence_length) // 2
    win = np.pad(win, (left, fft_length - sequence_length - left))
    return win.astype(dtype)


def stft(
    x,
    sequence_length,
    sequence_stride,
    fft_length,
    window="hann",
    center=True,
) -> Any:
    x = convert_to_tensor(x)
    if center:
        pad = [(0, 0)] * (x.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        x = np.pad(x, pad, mode="reflect")
    win = _window(window, sequence_length, fft_length, x.dtype)
    index = _frame_index(x.shape[-1], fft_length, sequence_stride)
    frames = x[..., index] * win  # (..., num_frames, fft_length)
    return _parts(np.fft.rfft(frames, n=fft_length, axis=-1), x.dtype)


def istft(
    x,
    sequence_length,
    sequence_stride,
    fft_length,
    length=None,
    window="hann",
    center=True,
) -> Any:
    z, dtype = _complex(x)
    frames = np.fft.irfft(z, n=fft_length, axis=-1)
    win = _window(window, sequence_length, fft_length, frames.dtype)
    num_frames = frames.shape[-2]
    size = fft_length + sequence_stride * (num_frames - 1)
    # Overlap-add the windowed frames, then divide by the summed squared
    # window so that istft(stft(x)) == x.
    signal = np.zeros(frames.shape[:-2] + (size,))
    envelope = np.zeros(size)
    for i in range(num_frames):
        at = slice(i * sequence_stride, i * sequence_stride + fft_length)
        signal[..., at] += frames[..., i, :] * win
        envelope[at] += win * win
    signal = signal / np.where(envelope > 1e-11, envelope, 1.0)
    start = fft_length // 2 if center else 0
    end = size - start if length is None else start + length
    signal = signal[..., start:end]
    if length is not None and signal.shape[-1] < length:
        pad = [(0, 0)] * (signal.ndim - 1) + [(0, length - signal.shape[-1])]
        signal = np.pad(signal, pad)
    return signal.astype(dtype)


# --- elementwise special functions --------------------------------------------
_erf = np.vectorize(math.erf, otypes=[np.float64])
_erfc = np.vectorize(math.erfc, otypes=[np.float64])


def _special(fn, x: Any) -> np.ndarray:
    x = _float(x)
    return np.asarray(fn(x.astype(np.float64))).astype(x.dtype)


def rsqrt(x) -> Any:
    x = _float(x)
    return (1 / np.sqrt(x)).astype(x.dtype)


def erf(x) -> Any:
    return _special(_erf, x)


def erfc(x) -> Any:
    return _special(_erfc, x)


def _erfinv64(y: np.ndarray) -> np.ndarray:
    # Giles' single-precision approximation ("Approximating the erfinv
    # function", GPU Computing Gems, 2011), then two Newton steps on
    # erf(x) = y for double precision.
    with np.errstate(divide="ignore", invalid="ignore"):
        w = -np.log((1.0 - y) * (1.0 + y))
        central = w - 2.5
        p = np.full_like(y, 2.81022636e-08)
        for c in (
            3.43273939e-07,
            -3.5233877e-06,
            -4.39150654e-06,
            0.00021858087,
            -0.00125372503,
            -0.00417768164,
            0.246640727,
            1.50140941,
        ):
            p = c + p * central
        tail = np.sqrt(w) - 3.0
        q = np.full_like(y, -0.000200214257)
        for c in (
            0.000100950558,
            0.00134934322,
            -0.00367342844,
            0.00573950773,
            -0.0076224613,
            0.00943887047,
            1.00167406,
            2.83297682,
        ):
            q = c + q * tail
        x = np.where(w < 5.0, p, q) * y
        finite = np.abs(y) < 1
        for _ in range(2):
            step = (_erf(x) - y) / (2 / np.sqrt(np.pi) * np.exp(-x * x))
            x = np.where(finite, x - step, x)
        x = np.where(np.abs(y) == 1, np.copysign(np.inf, y), x)
        return np.where(np.abs(y) > 1, np.nan, x)


def erfinv(x) -> Any:
    return _special(_erfinv64, x)


def logdet(x) -> Any:
    x = _float(x)
    sign, logabsdet = np.linalg.slogdet(x)
    return np.where(sign < 0, np.nan, logabsdet).astype(x.dtype)


def view_as_complex(x) -> Any:
    x = _float(x)
    out_dtype = np.complex128 if x.dtype == np.float64 else np.complex64
    return (x[..., 0] + 1j * x[..., 1]).astype(out_dtype)


def view_as_real(x) -> Any:
    x = convert_to_tensor(x)
    return np.stack([np.real(x), np.imag(x)], axis=-1)
