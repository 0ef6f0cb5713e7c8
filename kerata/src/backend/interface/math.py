"""The backend contract for `backend.math`.

Public ops in `kerata/src/ops/math.py` validate shapes and arguments
first. Complex values travel as `(real, imag)` pairs of float32 or float64
tensors, and results keep the input's precision (NumPy's float64 FFT
results are cast back). Int inputs of float functions become floatx.
"""

from __future__ import annotations

from typing import Any


def segment_sum(
    data: Any, segment_ids: Any, num_segments: Any = None, sorted: bool = False
) -> Any:
    """Sums rows of `data` by 1-D `segment_ids`; ids outside
    `[0, num_segments)` are dropped; `num_segments` defaults to
    `max(segment_ids) + 1`."""
    ...


def segment_max(
    data: Any, segment_ids: Any, num_segments: Any = None, sorted: bool = False
) -> Any:
    """As `segment_sum`, with maximum; empty segments hold the dtype's
    lowest value (-inf for floats)."""
    ...


def segment_min(
    data: Any, segment_ids: Any, num_segments: Any = None, sorted: bool = False
) -> Any:
    """As `segment_sum`, with minimum; empty segments hold the dtype's
    highest value (inf for floats)."""
    ...


def segment_prod(
    data: Any, segment_ids: Any, num_segments: Any = None, sorted: bool = False
) -> Any:
    """As `segment_sum`, with product; empty segments hold 1."""
    ...


def top_k(x: Any, k: int, sorted: bool = True) -> tuple:
    """`(values, int32 indices)` of the `k` largest entries along the last
    axis; the order of ties is unspecified."""
    ...


def in_top_k(targets: Any, predictions: Any, k: int) -> Any:
    """Bool `(batch,)`: fewer than `k` scores beat the target's, and the
    target's score is finite."""
    ...


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """`log(sum(exp(x)))`, computed stably."""
    ...


def cdist(x: Any, y: Any) -> Any:
    """Euclidean distances `(..., m, n)` between rows of `x` and `y`."""
    ...


def extract_sequences(
    x: Any, sequence_length: int, sequence_stride: int
) -> Any:
    """Frames `(..., num, sequence_length)` of the last axis."""
    ...


def fft(x: tuple) -> tuple:
    """FFT of the last axis of a `(real, imag)` pair."""
    ...


def fft2(x: tuple) -> tuple:
    """FFT of the last two axes of a `(real, imag)` pair."""
    ...


def ifft2(x: tuple) -> tuple:
    """Inverse FFT of the last two axes of a `(real, imag)` pair."""
    ...


def rfft(x: Any, fft_length: Any = None) -> tuple:
    """`(real, imag)` of the `fft_length // 2 + 1` non-redundant bins."""
    ...


def irfft(x: tuple, fft_length: Any = None) -> Any:
    """Real signal of length `fft_length` (default `2 * (bins - 1)`)."""
    ...


def stft(
    x: Any,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    window: Any = "hann",
    center: bool = True,
) -> tuple:
    """Unnormalized STFT as `torch.stft` (periodic windows zero-padded to
    `fft_length`, reflect padding if `center`): `(real, imag)` of shape
    `(..., frames, fft_length // 2 + 1)`."""
    ...


def istft(
    x: tuple,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    length: Any = None,
    window: Any = "hann",
    center: bool = True,
) -> Any:
    """Inverse of `stft`: windowed overlap-add divided by the summed
    squared window."""
    ...


def rsqrt(x: Any) -> Any:
    """`1 / sqrt(x)`."""
    ...


def erf(x: Any) -> Any:
    """The error function."""
    ...


def erfc(x: Any) -> Any:
    """`1 - erf(x)`."""
    ...


def erfinv(x: Any) -> Any:
    """The inverse error function."""
    ...


def logdet(x: Any) -> Any:
    """`log(det(x))`: NaN where the determinant is negative."""
    ...


def view_as_complex(x: Any) -> Any:
    """Complex tensor from a real one whose last axis is (real, imag)."""
    ...


def view_as_real(x: Any) -> Any:
    """Real tensor `x.shape + (2,)` from a complex one."""
    ...
