"""jax backend: random functions (see backend/interface/random.py).

A seed becomes a raw `uint32[2]` key, `[seed, counter]`, as in Keras, so
the same seed gives the same numbers as `keras.random` on JAX. Everything
is a pure function of the key and runs under `jax.jit`.
"""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from kerata.src.backend.common import config
from kerata.src.backend.jax.core import convert_to_tensor

HAS_GLOBAL_RNG = False
_MASK = 0xFFFFFFFF


def random_seed_dtype() -> str:
    return "uint32"


def set_framework_seed(seed: int) -> None:
    # JAX has no global RNG; the global SeedGenerator is reset instead.
    return None


def in_tracing_scope() -> bool:
    # Inside a trace, every new array is a tracer.
    return isinstance(jnp.zeros(()), jax.core.Tracer)


def _key(seed: Any) -> Any:
    if isinstance(seed, int):
        return jnp.asarray(np.array([seed & _MASK, 0], dtype="uint32"))
    if seed is None:
        raise ValueError(
            "The jax backend has no global random generator: pass an int "
            "seed or a kerata.random.SeedGenerator. Received: seed=None"
        )
    seed = convert_to_tensor(seed)
    return seed if seed.dtype == jnp.uint32 else seed.astype("uint32")


def _shape(shape: Any) -> tuple:
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(d) for d in shape)


def _float_dtype(dtype: Any) -> Any:
    return jnp.dtype(dtype or config.floatx())


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    x = jax.random.normal(_key(seed), shape=_shape(shape), dtype=dtype)
    return x * stddev + mean


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    return jax.random.uniform(
        _key(seed),
        shape=_shape(shape),
        dtype=_float_dtype(dtype),
        minval=minval,
        maxval=maxval,
    )


def categorical(logits, num_samples, dtype="int32", seed=None):
    logits = convert_to_tensor(logits)
    shape = (logits.shape[0], int(num_samples))
    # Same draw as Keras: one sample per (row, sample) over a trailing
    # class axis of logits[..., None].
    out = jax.random.categorical(
        _key(seed), logits[..., None], shape=shape, axis=1
    )
    return out.astype(dtype)


def randint(shape, minval, maxval, dtype="int32", seed=None):
    return jax.random.randint(
        _key(seed),
        shape=_shape(shape),
        dtype=jnp.dtype(dtype),
        minval=minval,
        maxval=maxval,
    )


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    x = jax.random.truncated_normal(
        _key(seed), lower=-2.0, upper=2.0, shape=_shape(shape), dtype=dtype
    )
    return x * stddev + mean


def _noise_shape(inputs: Any, noise_shape: Any) -> tuple:
    if noise_shape is None:
        return tuple(inputs.shape)
    return tuple(
        inputs.shape[i] if d is None else int(d)
        for i, d in enumerate(noise_shape)
    )


def dropout(inputs, rate, noise_shape=None, seed=None):
    inputs = convert_to_tensor(inputs)
    if isinstance(rate, (int, float)):
        if rate == 0.0:
            return inputs
        if rate == 1.0:
            return jnp.zeros_like(inputs)
    keep = 1.0 - rate
    mask = jax.random.bernoulli(
        _key(seed), p=keep, shape=_noise_shape(inputs, noise_shape)
    )
    mask = jnp.broadcast_to(mask, inputs.shape)
    return jax.lax.select(mask, inputs / keep, jnp.zeros_like(inputs))


def shuffle(x, axis=0, seed=None):
    x = convert_to_tensor(x)
    return jax.random.permutation(_key(seed), x, axis=axis, independent=False)


def gamma(shape, alpha, dtype=None, seed=None):
    return jax.random.gamma(
        _key(seed), alpha, shape=_shape(shape), dtype=_float_dtype(dtype)
    )


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    return jax.random.binomial(
        _key(seed),
        n=jnp.asarray(counts),
        p=jnp.asarray(probabilities),
        shape=_shape(shape),
        dtype=_float_dtype(dtype),
    )


def beta(shape, alpha, beta, dtype=None, seed=None):
    return jax.random.beta(
        _key(seed),
        a=jnp.asarray(alpha),
        b=jnp.asarray(beta),
        shape=_shape(shape),
        dtype=_float_dtype(dtype),
    )
