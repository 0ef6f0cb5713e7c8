"""The backend contract for `backend.random`.

Public random ops (`kerata/src/random/random.py`) resolve their `seed`
argument before calling the backend, so a backend function receives one of:

- a Python int: the same numbers on every call;
- an integer tensor of shape `(2,)`, `[seed, counter]`, drawn from a
  `SeedGenerator` (dtype `random_seed_dtype()`);
- `None`: the framework's own global generator, where it has one
  (`HAS_GLOBAL_RNG`); public ops pass `None` only to `dropout`.

`dtype=None` means `floatx()` for float results. Every function must be
deterministic for a given seed, and on JAX a pure function of it (no global
state is read or written), so it can run under `jax.jit`.
"""

from __future__ import annotations

from typing import Any

# Whether `seed=None` may be passed down (the framework has a global RNG
# that `set_framework_seed` seeds).
HAS_GLOBAL_RNG: bool


def random_seed_dtype() -> str:
    """Dtype of `SeedGenerator` states: uint32, or int64 where the
    framework has no uint32 arithmetic."""
    ...


def set_framework_seed(seed: int) -> None:
    """Seeds the framework's global generator (e.g. `torch.manual_seed`);
    does nothing where there is none."""
    ...


def in_tracing_scope() -> bool:
    """Whether a function transformation (e.g. `jax.jit`) is tracing now;
    stateful seeding is unsafe then."""
    ...


def normal(
    shape: Any,
    mean: Any = 0.0,
    stddev: Any = 1.0,
    dtype: Any = None,
    seed: Any = None,
) -> Any:
    """Samples of `N(mean, stddev**2)` of the given shape."""
    ...


def uniform(
    shape: Any,
    minval: Any = 0.0,
    maxval: Any = 1.0,
    dtype: Any = None,
    seed: Any = None,
) -> Any:
    """Samples of the uniform distribution on `[minval, maxval)`."""
    ...


def categorical(
    logits: Any, num_samples: int, dtype: Any = "int32", seed: Any = None
) -> Any:
    """Class indices of shape `(batch, num_samples)` drawn from
    `softmax(logits)` for 2D `logits` of shape `(batch, classes)`."""
    ...


def randint(
    shape: Any, minval: Any, maxval: Any, dtype: Any = "int32", seed: Any = None
) -> Any:
    """Integers drawn uniformly from `[minval, maxval)`."""
    ...


def truncated_normal(
    shape: Any,
    mean: Any = 0.0,
    stddev: Any = 1.0,
    dtype: Any = None,
    seed: Any = None,
) -> Any:
    """Normal samples truncated to two standard deviations of `mean`."""
    ...


def dropout(
    inputs: Any, rate: Any, noise_shape: Any = None, seed: Any = None
) -> Any:
    """Zeroes entries with probability `rate` and scales the kept ones by
    `1 / (1 - rate)`; `noise_shape` (with None for the input's size)
    shares one mask along its size-1 axes."""
    ...


def shuffle(x: Any, axis: int = 0, seed: Any = None) -> Any:
    """Permutes the slices of `x` along `axis` (one permutation for all)."""
    ...


def gamma(shape: Any, alpha: Any, dtype: Any = None, seed: Any = None) -> Any:
    """Samples of the Gamma distribution with concentration `alpha` and
    scale 1."""
    ...


def binomial(
    shape: Any,
    counts: Any,
    probabilities: Any,
    dtype: Any = None,
    seed: Any = None,
) -> Any:
    """Numbers of successes in `counts` trials of probability
    `probabilities`."""
    ...


def beta(
    shape: Any, alpha: Any, beta: Any, dtype: Any = None, seed: Any = None
) -> Any:
    """Samples of the Beta distribution with concentrations `alpha` and
    `beta`."""
    ...
