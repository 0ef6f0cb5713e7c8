"""numpy backend: random functions (see backend/interface/random.py).

Each call draws from `np.random.default_rng(seed)`, with the seed
`[seed, counter]` as in Keras's NumPy backend.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src.backend.common import config
from kerata.src.backend.numpy.core import _np_dtype
from kerata.src.backend.numpy.core import convert_to_tensor

HAS_GLOBAL_RNG = True
_MASK = 0xFFFFFFFF


def random_seed_dtype() -> str:
    return "uint32"


def set_framework_seed(seed: int) -> None:
    # NumPy's global RNG is seeded by set_random_seed itself.
    return None


def in_tracing_scope() -> bool:
    return False


def _rng(seed: Any) -> np.random.Generator:
    if seed is None:
        # Draw from the global RNG so np.random.seed makes this repeatable.
        return np.random.default_rng(np.random.randint(0, 2**31 - 1))
    if isinstance(seed, int):
        return np.random.default_rng([seed & _MASK, 0])
    return np.random.default_rng(np.asarray(seed, dtype="uint32"))


def _shape(shape: Any) -> tuple:
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(d) for d in shape)


def _float_dtype(dtype: Any) -> Any:
    return _np_dtype(dtype or config.floatx())


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    x = _rng(seed).normal(size=_shape(shape), loc=mean, scale=stddev)
    return np.asarray(x).astype(_float_dtype(dtype))


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    x = _rng(seed).uniform(size=_shape(shape), low=minval, high=maxval)
    return np.asarray(x).astype(_float_dtype(dtype))


def categorical(logits, num_samples, dtype="int32", seed=None):
    logits = np.asarray(convert_to_tensor(logits), dtype="float64")
    probs = np.exp(logits - logits.max(axis=-1, keepdims=True))
    cdf = np.cumsum(probs, axis=-1)
    cdf /= cdf[:, -1:]
    u = _rng(seed).uniform(size=(logits.shape[0], int(num_samples)))
    # Inverse-CDF sampling: the class whose cumulative mass first exceeds u.
    out = (cdf[:, None, :] <= u[:, :, None]).sum(axis=-1)
    return np.minimum(out, logits.shape[-1] - 1).astype(_np_dtype(dtype))


def randint(shape, minval, maxval, dtype="int32", seed=None):
    return _rng(seed).integers(
        low=minval, high=maxval, size=_shape(shape), dtype=_np_dtype(dtype)
    )


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    shape = _shape(shape)
    rng = _rng(seed)
    x = rng.standard_normal(size=shape)
    bad = np.abs(x) > 2.0
    # Redraw values beyond two standard deviations until none is left.
    while bad.any():
        x[bad] = rng.standard_normal(size=int(bad.sum()))
        bad = np.abs(x) > 2.0
    return (x * stddev + mean).astype(_float_dtype(dtype))


def _noise_shape(inputs: np.ndarray, noise_shape: Any) -> tuple:
    if noise_shape is None:
        return inputs.shape
    return tuple(
        inputs.shape[i] if d is None else int(d)
        for i, d in enumerate(noise_shape)
    )


def dropout(inputs, rate, noise_shape=None, seed=None):
    inputs = convert_to_tensor(inputs)
    if rate == 0.0:
        return inputs
    if rate == 1.0:
        return np.zeros_like(inputs)
    keep = 1.0 - rate
    mask = _rng(seed).uniform(size=_noise_shape(inputs, noise_shape)) < keep
    mask = np.broadcast_to(mask, inputs.shape)
    dtype = inputs.dtype if inputs.dtype.kind == "f" else config.floatx()
    return np.where(mask, (inputs / keep).astype(dtype), 0).astype(dtype)


def shuffle(x, axis=0, seed=None):
    x = convert_to_tensor(x)
    perm = _rng(seed).permutation(x.shape[axis])
    return np.take(x, perm, axis=axis)


def gamma(shape, alpha, dtype=None, seed=None):
    x = _rng(seed).gamma(alpha, scale=1.0, size=_shape(shape))
    return np.asarray(x).astype(_float_dtype(dtype))


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    x = _rng(seed).binomial(n=counts, p=probabilities, size=_shape(shape))
    return np.asarray(x).astype(_float_dtype(dtype))


def beta(shape, alpha, beta, dtype=None, seed=None):
    x = _rng(seed).beta(a=alpha, b=beta, size=_shape(shape))
    return np.asarray(x).astype(_float_dtype(dtype))
