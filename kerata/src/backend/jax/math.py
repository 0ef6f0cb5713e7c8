"""jax backend: math functions (see backend/interface/math.py)."""

from __future__ import annotations

import functools
from typing import Any

import jax
import jax.numpy as jnp

from kerata.src.backend.common import dtypes
from kerata.src.backend.jax.core import convert_to_tensor


def _float(x: Any) -> Any:
    """`x` as an array of a float (or complex) dtype; ints become floatx."""
    x = convert_to_tensor(x)
    if jnp.issubdtype(x.dtype, jnp.inexact):
        return x
    return x.astype(dtypes.result_type(x.dtype, float))


# --- segment reductions -----------------------------------------------------
def _num_segments(segment_ids: Any, num_segments: Any) -> int:
    if num_segments is not None:
        return int(num_segments)
    try:
        return int(jnp.max(segment_ids)) + 1 if segment_ids.size else 0
    except jax.errors.ConcretizationTypeError:
        raise ValueError(
            "`num_segments` must be given when segment ids are traced (e.g. "
            "inside jax.jit): the output size cannot depend on their values."
        ) from None


def _segment(reduce, data, segment_ids, num_segments, sorted) -> Any:
    data = convert_to_tensor(data)
    segment_ids = convert_to_tensor(segment_ids)
    return reduce(
        data,
        segment_ids,
        _num_segments(segment_ids, num_segments),
        indices_are_sorted=sorted,
    )


def segment_sum(data, segment_ids, num_segments=None, sorted=False) -> Any:
    return _segment(
        jax.ops.segment_sum, data, segment_ids, num_segments, sorted
    )


def segment_max(data, segment_ids, num_segments=None, sorted=False) -> Any:
    return _segment(
        jax.ops.segment_max, data, segment_ids, num_segments, sorted
    )


def segment_min(data, segment_ids, num_segments=None, sorted=False) -> Any:
    return _segment(
        jax.ops.segment_min, data, segment_ids, num_segments, sorted
    )


def segment_prod(data, segment_ids, num_segments=None, sorted=False) -> Any:
    return _segment(
        jax.ops.segment_prod, data, segment_ids, num_segments, sorted
    )


# --- top-k and reductions ---------------------------------------------------
def top_k(x, k, sorted=True) -> Any:
    # lax.top_k always sorts, which `sorted=False` allows.
    values, indices = jax.lax.top_k(convert_to_tensor(x), k)
    return values, indices.astype("int32")


def in_top_k(targets, predictions, k) -> Any:
    predictions = convert_to_tensor(predictions)
    targets = convert_to_tensor(targets)
    target_values = jnp.take_along_axis(
        predictions, targets[:, None].astype("int32"), axis=-1
    )
    # Classes tied with the target share its rank; a non-finite target
    # score is never in the top k.
    rank = jnp.sum(predictions > target_values, axis=-1)
    return (rank < k) & jnp.isfinite(target_values[:, 0])


def logsumexp(x, axis=None, keepdims=False) -> Any:
    return jax.scipy.special.logsumexp(_float(x), axis=axis, keepdims=keepdims)


def cdist(x, y) -> Any:
    x, y = _float(x), _float(y)
    diff = jnp.expand_dims(x, -2) - jnp.expand_dims(y, -3)
    return jnp.sqrt(jnp.sum(diff * diff, axis=-1))


def _frame_index(size: int, sequence_length: int, sequence_stride: int):
    num = 1 + (size - sequence_length) // sequence_stride
    starts = jnp.arange(num) * sequence_stride
    return starts[:, None] + jnp.arange(sequence_length)[None, :]


def extract_sequences(x, sequence_length, sequence_stride) -> Any:
    x = convert_to_tensor(x)
    index = _frame_index(x.shape[-1], sequence_length, sequence_stride)
    return x[..., index]  # (..., num_sequences, sequence_length)


# --- Fourier transforms -------------------------------------------------------
def _complex(x: Any) -> Any:
    real, imag = convert_to_tensor(x[0]), convert_to_tensor(x[1])
    return jax.lax.complex(real, imag)


def _parts(z: Any) -> tuple:
    return jnp.real(z), jnp.imag(z)


def fft(x) -> Any:
    return _parts(jnp.fft.fft(_complex(x)))


def fft2(x) -> Any:
    return _parts(jnp.fft.fft2(_complex(x)))


def ifft2(x) -> Any:
    return _parts(jnp.fft.ifft2(_complex(x)))


def rfft(x, fft_length=None) -> Any:
    return _parts(jnp.fft.rfft(_float(x), n=fft_length, axis=-1))


def irfft(x, fft_length=None) -> Any:
    return jnp.fft.irfft(_complex(x), n=fft_length, axis=-1)


def _window(window, custom, sequence_length: int, fft_length: int, dtype):
    """The analysis window, zero-padded on both sides to `fft_length`."""
    if window is None:
        win = jnp.ones(sequence_length, dtype)
    elif window == "custom":
        win = custom.astype(dtype)
    else:
        # Periodic windows, as torch.hann_window / torch.hamming_window.
        phase = 2 * jnp.pi * jnp.arange(sequence_length) / sequence_length
        a = 0.5 if window == "hann" else 0.54
        win = (a - (1 - a) * jnp.cos(phase)).astype(dtype)
    left = (fft_length - sequence_length) // 2
    return jnp.pad(win, (left, fft_length - sequence_length - left))


def _window_args(window: Any) -> tuple:
    """(static window name, window array or None) for the jitted bodies."""
    if window is None or isinstance(window, str):
        return window, None
    return "custom", convert_to_tensor(window)


# stft and istft are jitted as a whole (the window and sizes are static):
# one compiled kernel per configuration instead of a dispatch per op.
_STATIC = ("sequence_length", "sequence_stride", "fft_length", "window")


@functools.partial(jax.jit, static_argnames=_STATIC + ("center",))
def _stft(
    x, custom, sequence_length, sequence_stride, fft_length, window, center
):
    if center:
        pad = [(0, 0)] * (x.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        x = jnp.pad(x, pad, mode="reflect")
    win = _window(window, custom, sequence_length, fft_length, x.dtype)
    index = _frame_index(x.shape[-1], fft_length, sequence_stride)
    frames = x[..., index] * win  # (..., num_frames, fft_length)
    return _parts(jnp.fft.rfft(frames, n=fft_length, axis=-1))


def stft(
    x,
    sequence_length,
    sequence_stride,
    fft_length,
    window="hann",
    center=True,
) -> Any:
    name, custom = _window_args(window)
    return _stft(
        convert_to_tensor(x),
        custom,
        sequence_length=sequence_length,
        sequence_stride=sequence_stride,
        fft_length=fft_length,
        window=name,
        center=center,
    )


@functools.partial(jax.jit, static_argnames=_STATIC + ("length", "center"))
def _istft(
    z,
    custom,
    sequence_length,
    sequence_stride,
    fft_length,
    length,
    window,
    center,
):
    frames = jnp.fft.irfft(z, n=fft_length, axis=-1)
    win = _window(window, custom, sequence_length, fft_length, frames.dtype)
    num_frames = frames.shape[-2]
    size = fft_length + sequence_stride * (num_frames - 1)
    index = _frame_index(size, fft_length, sequence_stride)
    # Overlap-add the windowed frames, then divide by the summed squared
    # window so that istft(stft(x)) == x.
    signal = jnp.zeros(frames.shape[:-2] + (size,), frames.dtype)
    signal = signal.at[..., index].add(frames * win)
    envelope = (
        jnp.zeros((size,), frames.dtype)
        .at[index]
        .add(jnp.broadcast_to(win * win, index.shape))
    )
    signal = signal / jnp.where(envelope > 1e-11, envelope, 1.0)
    start = fft_length // 2 if center else 0
    end = size - start if length is None else start + length
    signal = signal[..., start:end]
    if length is not None and signal.shape[-1] < length:
        pad = [(0, 0)] * (signal.ndim - 1) + [(0, length - signal.shape[-1])]
        signal = jnp.pad(signal, pad)
    return signal


def istft(
    x,
    sequence_length,
    sequence_stride,
    fft_length,
    length=None,
    window="hann",
    center=True,
) -> Any:
    name, custom = _window_args(window)
    return _istft(
        _complex(x),
        custom,
        sequence_length=sequence_length,
        sequence_stride=sequence_stride,
        fft_length=fft_length,
        length=length,
        window=name,
        center=center,
    )


# --- elementwise special functions --------------------------------------------
def rsqrt(x) -> Any:
    return jax.lax.rsqrt(_float(x))


def erf(x) -> Any:
    return jax.scipy.special.erf(_float(x))


def erfc(x) -> Any:
    return jax.scipy.special.erfc(_float(x))


def erfinv(x) -> Any:
    return jax.scipy.special.erfinv(_float(x))


def logdet(x) -> Any:
    sign, logabsdet = jnp.linalg.slogdet(_float(x))
    return jnp.where(sign < 0, jnp.nan, logabsdet)


def view_as_complex(x) -> Any:
    x = _float(x)
    return jax.lax.complex(x[..., 0], x[..., 1])


def view_as_real(x) -> Any:
    x = convert_to_tensor(x)
    return jnp.stack([jnp.real(x), jnp.imag(x)], axis=-1)
