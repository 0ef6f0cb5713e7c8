"""Dtype, shape and argument helpers of `kerata.ops.math`.
"""

from __future__ import annotations
from typing import Any
from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op
from kerata.src.ops.math.reductions import _check_segments
from kerata.src.ops.math.reductions import _segment_spec
from kerata.src.ops.math.reductions import _segment_op
from kerata.src.ops.math.reductions import _SEGMENT_DOC
from kerata.src.ops.math.reductions import _make_segment_op
from kerata.src.ops.math.reductions import segment_sum
from kerata.src.ops.math.reductions import segment_max
from kerata.src.ops.math.reductions import segment_min
from kerata.src.ops.math.reductions import segment_prod
from kerata.src.ops.math.reductions import _top_k_spec
from kerata.src.ops.math.reductions import top_k
from kerata.src.ops.math.reductions import _in_top_k_spec
from kerata.src.ops.math.reductions import in_top_k
from kerata.src.ops.math.reductions import _logsumexp_spec
from kerata.src.ops.math.reductions import logsumexp
from kerata.src.ops.math.reductions import _broadcast_batch
from kerata.src.ops.math.reductions import _cdist_spec
from kerata.src.ops.math.reductions import _check_cdist
from kerata.src.ops.math.reductions import cdist
from kerata.src.ops.math.fourier import _num_frames
from kerata.src.ops.math.fourier import _extract_sequences_spec
from kerata.src.ops.math.fourier import _check_sequences
from kerata.src.ops.math.fourier import extract_sequences
from kerata.src.ops.math.fourier import _check_complex_pair
from kerata.src.ops.math.fourier import _same_pair_spec
from kerata.src.ops.math.fourier import fft
from kerata.src.ops.math.fourier import fft2
from kerata.src.ops.math.fourier import ifft2
from kerata.src.ops.math.fourier import _rfft_spec
from kerata.src.ops.math.fourier import rfft
from kerata.src.ops.math.fourier import _irfft_spec
from kerata.src.ops.math.fourier import irfft
from kerata.src.ops.math.fourier import _check_stft_args
from kerata.src.ops.math.fourier import _stft_spec
from kerata.src.ops.math.fourier import stft
from kerata.src.ops.math.fourier import _istft_spec
from kerata.src.ops.math.fourier import istft
from kerata.src.ops.math.special import _float_like_spec
from kerata.src.ops.math.special import rsqrt
from kerata.src.ops.math.special import erf
from kerata.src.ops.math.special import erfc
from kerata.src.ops.math.special import erfinv
from kerata.src.ops.math.special import _logdet_spec
from kerata.src.ops.math.special import _check_square
from kerata.src.ops.math.special import logdet
from kerata.src.ops.math.special import _view_as_complex_spec
from kerata.src.ops.math.special import view_as_complex
from kerata.src.ops.math.special import _view_as_real_spec
from kerata.src.ops.math.special import view_as_real


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
