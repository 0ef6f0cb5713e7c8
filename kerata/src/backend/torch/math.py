"""torch backend: math functions (see backend/interface/math.py)."""

from __future__ import annotations

from typing import Any

import torch

from kerata.src.backend.common import dtypes
from kerata.src.backend.torch.core import convert_to_tensor
from kerata.src.backend.torch.core import to_torch_dtype


def _float(x: Any) -> torch.Tensor:
    """`x` as a tensor of a float (or complex) dtype; ints become floatx."""
    x = convert_to_tensor(x)
    if x.is_floating_point() or x.is_complex():
        return x
    return x.to(to_torch_dtype(dtypes.result_type(x.dtype, float)))


# --- segment reductions -----------------------------------------------------
def _segment_reduce(data, segment_ids, num_segments, reduce: str) -> Any:
    data = convert_to_tensor(data)
    ids = convert_to_tensor(segment_ids).long()
    if num_segments is None:
        num_segments = int(ids.max()) + 1 if ids.numel() else 0
    num_segments = int(num_segments)
    # Ids outside [0, num_segments) go to one extra row, dropped at the end.
    ids = torch.where((ids >= 0) & (ids < num_segments), ids, num_segments)
    rest = tuple(data.shape[1:])
    out = torch.full(
        (num_segments + 1,) + rest,
        _identity(reduce, data.dtype),
        dtype=data.dtype,
        device=data.device,
    )
    if reduce == "sum":
        out.index_add_(0, ids, data)
    else:
        index = ids.reshape((-1,) + (1,) * len(rest)).expand(data.shape)
        out.scatter_reduce_(0, index, data, reduce)
    return out[:num_segments]


def _identity(reduce: str, dtype: torch.dtype) -> Any:
    if reduce == "sum":
        return 0
    if reduce == "prod":
        return 1
    if dtype == torch.bool:
        return reduce == "amin"
    info = torch.finfo(dtype) if dtype.is_floating_point else torch.iinfo(dtype)
    low, high = info.min, info.max
    if dtype.is_floating_point:
        low, high = -float("inf"), float("inf")
    return low if reduce == "amax" else high


def segment_sum(data, segment_ids, num_segments=None, sorted=False) -> Any:
    return _segment_reduce(data, segment_ids, num_segments, "sum")


def segment_max(data, segment_ids, num_segments=None, sorted=False) -> Any:
    return _segment_reduce(data, segment_ids, num_segments, "amax")


def segment_min(data, segment_ids, num_segments=None, sorted=False) -> Any:
    return _segment_reduce(data, segment_ids, num_segments, "amin")


def segment_prod(data, segment_ids, num_segments=None, sorted=False) -> Any:
    return _segment_reduce(data, segment_ids, num_segments, "prod")


# --- top-k and reductions ---------------------------------------------------
def top_k(x, k, sorted=True) -> Any:
    x = convert_to_tensor(x)
    values, indices = torch.topk(x, k, sorted=sorted)
    return values, indices.to(torch.int32)


def in_top_k(targets, predictions, k) -> Any:
    predictions = convert_to_tensor(predictions)
    targets = convert_to_tensor(targets).long()
    target_values = torch.take_along_dim(predictions, targets[:, None], dim=-1)
    # Classes tied with the target share its rank; a non-finite target
    # score is never in the top k.
    rank = (predictions > target_values).sum(dim=-1)
    return (rank < k) & torch.isfinite(target_values[:, 0])


def logsumexp(x, axis=None, keepdims=False) -> Any:
    x = _float(x)
    dim = tuple(range(x.ndim)) if axis is None else axis
    return torch.logsumexp(x, dim=dim, keepdim=keepdims)


def cdist(x, y) -> Any:
    x, y = _float(x), _float(y)
    diff = x.unsqueeze(-2) - y.unsqueeze(-3)
    return torch.sqrt(torch.sum(diff * diff, dim=-1))


def extract_sequences(x, sequence_length, sequence_stride) -> Any:
    x = convert_to_tensor(x)
    return x.unfold(-1, sequence_length, sequence_stride)


# --- Fourier transforms -------------------------------------------------------
def _complex(x: Any) -> torch.Tensor:
    real, imag = convert_to_tensor(x[0]), convert_to_tensor(x[1])
    return torch.complex(real, imag)


def _parts(z: torch.Tensor) -> tuple:
    return z.real, z.imag


def fft(x) -> Any:
    return _parts(torch.fft.fft(_complex(x)))


def fft2(x) -> Any:
    return _parts(torch.fft.fft2(_complex(x)))


def ifft2(x) -> Any:
    return _parts(torch.fft.ifft2(_complex(x)))


def rfft(x, fft_length=None) -> Any:
    return _parts(torch.fft.rfft(_float(x), n=fft_length, dim=-1))


def irfft(x, fft_length=None) -> Any:
    return torch.fft.irfft(_complex(x), n=fft_length, dim=-1)


def _window(window: Any, sequence_length: int, like: torch.Tensor) -> Any:
    if window is None:
        return torch.ones(sequence_length, dtype=like.dtype, device=like.device)
    if isinstance(window, str):
        make = torch.hann_window if window == "hann" else torch.hamming_window
        return make(
            sequence_length, periodic=True, dtype=like.dtype, device=like.device
        )
    return convert_to_tensor(window).to(dtype=like.dtype, device=like.device)


def _flatten_batch(x: torch.Tensor, keep: int) -> tuple:
    batch = tuple(x.shape[: x.ndim - keep])
    return x.reshape((-1,) + tuple(x.shape[x.ndim - keep :])), batch


def stft(
    x,
    sequence_length,
    sequence_stride,
    fft_length,
    window="hann",
    center=True,
) -> Any:
    x = convert_to_tensor(x)
    win = _window(window, sequence_length, x)
    flat, batch = _flatten_batch(x, 1)
    z = torch.stft(
        flat,
        n_fft=fft_length,
        hop_length=sequence_stride,
        win_length=sequence_length,
        window=win,
        center=center,
        pad_mode="reflect",
        return_complex=True,
    )  # (batch, bins, frames)
    z = z.transpose(-2, -1).reshape(batch + tuple(z.shape[-1:-3:-1]))
    return z.real, z.imag


def istft(
    x,
    sequence_length,
    sequence_stride,
    fft_length,
    length=None,
    window="hann",
    center=True,
) -> Any:
    frames = torch.fft.irfft(_complex(x), n=fft_length, dim=-1)
    win = _window(window, sequence_length, frames)
    left = (fft_length - sequence_length) // 2
    win = torch.nn.functional.pad(
        win, (left, fft_length - sequence_length - left)
    )
    flat, batch = _flatten_batch(frames * win, 2)  # (batch, frames, fft)
    num_frames = flat.shape[1]
    size = fft_length + sequence_stride * (num_frames - 1)
    # Overlap-add with `fold`, which sums the frames into the signal.
    signal = torch.nn.functional.fold(
        flat.transpose(1, 2),
        (1, size),
        (1, fft_length),
        stride=(1, sequence_stride),
    ).reshape(flat.shape[0], size)
    envelope = torch.nn.functional.fold(
        (win * win).reshape(1, fft_length, 1).expand(1, fft_length, num_frames),
        (1, size),
        (1, fft_length),
        stride=(1, sequence_stride),
    ).reshape(size)
    signal = signal / torch.where(envelope > 1e-11, envelope, 1.0)
    start = fft_length // 2 if center else 0
    end = size - start if length is None else start + length
    signal = signal[:, start:end]
    if length is not None and signal.shape[-1] < length:
        signal = torch.nn.functional.pad(signal, (0, length - signal.shape[-1]))
    return signal.reshape(batch + (signal.shape[-1],))


# --- elementwise special functions --------------------------------------------
def rsqrt(x) -> Any:
    return torch.rsqrt(_float(x))


def erf(x) -> Any:
    return torch.erf(_float(x))


def erfc(x) -> Any:
    return torch.erfc(_float(x))


def erfinv(x) -> Any:
    return torch.erfinv(_float(x))


def logdet(x) -> Any:
    return torch.logdet(_float(x))


def view_as_complex(x) -> Any:
    x = _float(x)
    if x.dtype not in (torch.float32, torch.float64):
        x = x.float()
    return torch.view_as_complex(x.contiguous())


def view_as_real(x) -> Any:
    return torch.view_as_real(convert_to_tensor(x))
