"""jax backend: random functions (see backend/interface/random.py).

A seed becomes a raw `uint32[2]` key, `[seed, counter]`, as in Keras, so
the same seed gives the same numbers as `keras.random` on JAX. Everything
is a pure function of the key and runs under `jax.jit`.

Outside a trace (eager calls: weight initializers, eager dropout), the
common samplers draw from NumPy's Philox generator keyed by the same
`[seed, counter]` pair instead of `jax.random`: a jitted sampler costs an
XLA compilation for every new shape (seconds per layer build on a small
CPU), while NumPy costs microseconds. The draws are still a deterministic
function of the seed; inside `jax.jit` the `jax.random` path is used.
"""

from __future__ import annotations

import functools
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


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float, np.number)) or (
        isinstance(x, (np.ndarray, jax.Array))
        and not isinstance(x, jax.core.Tracer)
        and np.ndim(x) == 0
    )


def _shape(shape: Any) -> tuple:
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(d) for d in shape)


def _float_dtype(dtype: Any) -> Any:
    return jnp.dtype(dtype or config.floatx())


# Each sampler is jitted with its shape and dtype static: one compilation
# per shape instead of one per primitive makes eager calls much cheaper.
def _jit(*static):
    return functools.partial(jax.jit, static_argnames=static)


def _eager_rng(key: Any) -> np.random.Generator | None:
    """A NumPy generator for a concrete key, or None while tracing."""
    if isinstance(key, jax.core.Tracer):
        return None
    words = np.asarray(key, dtype="uint64")
    return np.random.Generator(
        np.random.Philox(key=int(words[0]) << 32 | int(words[1]))
    )


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    key = _key(seed)
    rng = _eager_rng(key)
    if rng is not None:
        x = rng.standard_normal(_shape(shape)) * stddev + mean
        return jnp.asarray(x, dtype=_float_dtype(dtype))
    return _normal(
        key, mean, stddev, shape=_shape(shape), dtype=_float_dtype(dtype)
    )


@_jit("shape", "dtype")
def _normal(key, mean, stddev, shape, dtype):
    return jax.random.normal(key, shape=shape, dtype=dtype) * stddev + mean


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    key = _key(seed)
    rng = _eager_rng(key)
    if rng is not None and _is_number(minval) and _is_number(maxval):
        x = rng.uniform(float(minval), float(maxval), _shape(shape))
        return jnp.asarray(x, dtype=_float_dtype(dtype))
    return _uniform(
        key,
        minval,
        maxval,
        shape=_shape(shape),
        dtype=_float_dtype(dtype),
    )


@_jit("shape", "dtype")
def _uniform(key, minval, maxval, shape, dtype):
    return jax.random.uniform(
        key, shape=shape, dtype=dtype, minval=minval, maxval=maxval
    )


def categorical(logits, num_samples, dtype="int32", seed=None):
    return _categorical(
        _key(seed),
        convert_to_tensor(logits),
        num_samples=int(num_samples),
        dtype=jnp.dtype(dtype),
    )


@_jit("num_samples", "dtype")
def _categorical(key, logits, num_samples, dtype):
    # Same draw as Keras: one sample per (row, sample) over a trailing
    # class axis of logits[..., None].
    shape = (logits.shape[0], num_samples)
    out = jax.random.categorical(key, logits[..., None], shape=shape, axis=1)
    return out.astype(dtype)


def randint(shape, minval, maxval, dtype="int32", seed=None):
    return _randint(
        _key(seed),
        minval,
        maxval,
        shape=_shape(shape),
        dtype=jnp.dtype(dtype),
    )


@_jit("shape", "dtype")
def _randint(key, minval, maxval, shape, dtype):
    return jax.random.randint(
        key, shape=shape, dtype=dtype, minval=minval, maxval=maxval
    )


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    key = _key(seed)
    rng = _eager_rng(key)
    if rng is not None:
        x = rng.standard_normal(_shape(shape))
        bad = np.abs(x) > 2.0
        while bad.any():  # redraw outside two standard deviations
            x[bad] = rng.standard_normal(int(bad.sum()))
            bad = np.abs(x) > 2.0
        return jnp.asarray(x * stddev + mean, dtype=_float_dtype(dtype))
    return _truncated_normal(
        key, mean, stddev, shape=_shape(shape), dtype=_float_dtype(dtype)
    )


@_jit("shape", "dtype")
def _truncated_normal(key, mean, stddev, shape, dtype):
    x = jax.random.truncated_normal(
        key, lower=-2.0, upper=2.0, shape=shape, dtype=dtype
    )
    return x * stddev + mean


def dropout(inputs, rate, noise_shape=None, seed=None):
    inputs = convert_to_tensor(inputs)
    if isinstance(rate, (int, float)):
        if rate == 0.0:
            return inputs
        if rate == 1.0:
            return jnp.zeros_like(inputs)
    if noise_shape is None:
        noise_shape = tuple(inputs.shape)
    else:
        noise_shape = tuple(
            inputs.shape[i] if d is None else int(d)
            for i, d in enumerate(noise_shape)
        )
    return _dropout(_key(seed), inputs, rate, noise_shape=noise_shape)


@_jit("noise_shape")
def _dropout(key, inputs, rate, noise_shape):
    keep = 1.0 - rate
    mask = jax.random.bernoulli(key, p=keep, shape=noise_shape)
    mask = jnp.broadcast_to(mask, inputs.shape)
    return jax.lax.select(mask, inputs / keep, jnp.zeros_like(inputs))


def shuffle(x, axis=0, seed=None):
    return _shuffle(_key(seed), convert_to_tensor(x), axis=axis)


@_jit("axis")
def _shuffle(key, x, axis):
    return jax.random.permutation(key, x, axis=axis, independent=False)


def gamma(shape, alpha, dtype=None, seed=None):
    return _gamma(
        _key(seed), alpha, shape=_shape(shape), dtype=_float_dtype(dtype)
    )


@_jit("shape", "dtype")
def _gamma(key, alpha, shape, dtype):
    return jax.random.gamma(key, alpha, shape=shape, dtype=dtype)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    return _binomial(
        _key(seed),
        jnp.asarray(counts),
        jnp.asarray(probabilities),
        shape=_shape(shape),
        dtype=_float_dtype(dtype),
    )


@_jit("shape", "dtype")
def _binomial(key, counts, probabilities, shape, dtype):
    return jax.random.binomial(
        key, n=counts, p=probabilities, shape=shape, dtype=dtype
    )


def beta(shape, alpha, beta, dtype=None, seed=None):
    return _beta(
        _key(seed),
        jnp.asarray(alpha),
        jnp.asarray(beta),
        shape=_shape(shape),
        dtype=_float_dtype(dtype),
    )


@_jit("shape", "dtype")
def _beta(key, alpha, beta, shape, dtype):
    return jax.random.beta(key, a=alpha, b=beta, shape=shape, dtype=dtype)
