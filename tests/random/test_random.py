"""kerata.random ops: shapes and dtypes, determinism, distribution
statistics on large samples, dropout and shuffle semantics, errors, and
bit parity with keras.random for int seeds."""

import math
import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src import random
from kerata.src.testing import assert_allclose


def _np(x):
    return backend.convert_to_numpy(x)


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        # Keras picks its backend once, at import; use kerata's.
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


DRAWS = {
    "normal": lambda shape, **kw: random.normal(shape, **kw),
    "uniform": lambda shape, **kw: random.uniform(shape, **kw),
    "truncated_normal": lambda shape, **kw: random.truncated_normal(
        shape, **kw
    ),
    "gamma": lambda shape, **kw: random.gamma(shape, 3.0, **kw),
    "beta": lambda shape, **kw: random.beta(shape, 2.0, 6.0, **kw),
    "binomial": lambda shape, **kw: random.binomial(shape, 20, 0.3, **kw),
}
# Gamma-based samplers take seconds to compile on JAX (per shape and
# dtype), so their tests share one shape and dtype.
SLOW = ("gamma", "beta", "binomial")
SLOW_SHAPE = (4000,)


@pytest.mark.parametrize("name", ["normal", "uniform", "truncated_normal"])
@pytest.mark.parametrize("dtype", [None, "float16", "float64"])
def test_float_draws_have_shape_and_dtype(name, dtype):
    x = DRAWS[name]((2, 3), dtype=dtype, seed=1)
    assert tuple(x.shape) == (2, 3)
    assert kerata.ops.dtype(x) == (dtype or "float32")


def test_shape_may_be_an_int_or_empty():
    assert tuple(random.normal(4, seed=1).shape) == (4,)
    assert tuple(random.uniform((), seed=1).shape) == ()
    assert tuple(random.randint([2, 1], 0, 3, seed=1).shape) == (2, 1)


@pytest.mark.parametrize("name", sorted(DRAWS))
def test_int_seed_is_deterministic(name):
    shape = SLOW_SHAPE if name in SLOW else (50,)
    a, b = _np(DRAWS[name](shape, seed=3)), _np(DRAWS[name](shape, seed=3))
    assert a.shape == shape
    assert a.dtype == np.float32
    np.testing.assert_array_equal(a, b)
    c = _np(DRAWS[name](shape, seed=4))
    assert not np.array_equal(a, c)


@pytest.mark.parametrize("name", sorted(DRAWS))
def test_seed_generator_gives_new_values_reproducibly(name):
    shape = SLOW_SHAPE if name in SLOW else (50,)
    gen = random.SeedGenerator(7)
    first = _np(DRAWS[name](shape, seed=gen))
    second = _np(DRAWS[name](shape, seed=gen))
    assert not np.array_equal(first, second)
    again = random.SeedGenerator(7)
    np.testing.assert_array_equal(_np(DRAWS[name](shape, seed=again)), first)


def test_unseeded_draws_differ():
    a, b = _np(random.normal((20,))), _np(random.normal((20,)))
    assert not np.array_equal(a, b)


def test_normal_statistics():
    x = _np(random.normal((20000,), mean=3.0, stddev=2.0, seed=0))
    assert abs(x.mean() - 3.0) < 0.06
    assert abs(x.std() - 2.0) < 0.05


def test_uniform_statistics():
    x = _np(random.uniform((20000,), minval=-1.0, maxval=3.0, seed=0))
    assert x.min() >= -1.0
    assert x.max() < 3.0
    assert abs(x.mean() - 1.0) < 0.04
    assert abs(x.var() - 16.0 / 12.0) < 0.05


def test_truncated_normal_statistics():
    x = _np(random.truncated_normal((20000,), mean=1.0, stddev=0.5, seed=0))
    assert x.min() >= 0.0
    assert x.max() <= 2.0
    assert abs(x.mean() - 1.0) < 0.02
    # Standard deviation of a unit normal truncated to [-2, 2].
    assert abs(x.std() - 0.5 * 0.8796) < 0.01


def test_randint_statistics():
    x = _np(random.randint((20000,), 2, 7, seed=0))
    assert x.dtype == np.int32
    counts = np.bincount(x, minlength=7)
    assert counts[:2].sum() == 0
    np.testing.assert_allclose(counts[2:] / len(x), 0.2, atol=0.02)
    y = random.randint((3,), 0, 5, dtype="int64", seed=0)
    assert kerata.ops.dtype(y) == "int64"


def test_categorical_statistics():
    logits = np.log(np.array([[0.2, 0.3, 0.5], [0.9, 0.05, 0.05]], "f4"))
    x = _np(random.categorical(logits, 10000, seed=0))
    assert x.shape == (2, 10000)
    assert x.dtype == np.int32
    for row, probabilities in zip(x, np.exp(logits)):
        frequencies = np.bincount(row, minlength=3) / row.size
        np.testing.assert_allclose(frequencies, probabilities, atol=0.02)
    y = random.categorical(logits, 2, dtype="int64", seed=0)
    assert kerata.ops.dtype(y) == "int64"


def test_gamma_beta_binomial_statistics():
    # Tolerances are about five standard errors of the mean.
    g = _np(DRAWS["gamma"](SLOW_SHAPE, seed=0))
    assert g.min() > 0
    assert abs(g.mean() - 3.0) < 0.15
    b = _np(DRAWS["beta"](SLOW_SHAPE, seed=0))
    assert 0 <= b.min()
    assert b.max() <= 1
    assert abs(b.mean() - 0.25) < 0.012
    n = _np(DRAWS["binomial"](SLOW_SHAPE, seed=0))
    assert (n == np.round(n)).all()
    assert 0 <= n.min()
    assert n.max() <= 20
    assert abs(n.mean() - 6.0) < 0.17


def test_dropout_scales_kept_values():
    x = np.linspace(1.0, 2.0, 10000, dtype="float32").reshape(100, 100)
    y = _np(random.dropout(x, 0.3, seed=1))
    kept = y != 0
    assert abs(kept.mean() - 0.7) < 0.02
    assert_allclose(y[kept], x[kept] / 0.7)
    assert y.dtype == np.float32


@pytest.mark.parametrize("seed", [None, 5, "generator", "unseeded_generator"])
def test_dropout_seed_kinds(seed):
    if seed == "generator":
        seed = random.SeedGenerator(2)
    elif seed == "unseeded_generator":
        seed = random.SeedGenerator()
    x = np.ones((50, 40), "float32")
    y = _np(random.dropout(x, 0.5, seed=seed))
    assert sorted(set(y.ravel().tolist())) == [0.0, 2.0]


def test_dropout_noise_shape_shares_the_mask():
    x = np.ones((4, 50, 3), "float32")
    y = _np(random.dropout(x, 0.5, noise_shape=(None, 1, 3), seed=2))
    # One mask per (batch, channel), shared by all 50 positions.
    np.testing.assert_array_equal(y, np.broadcast_to(y[:, :1], y.shape))
    assert 0 < (y == 0).mean() < 1


def test_dropout_rate_zero_and_one():
    x = np.arange(6.0, dtype="float32").reshape(2, 3)
    assert_allclose(random.dropout(x, 0.0, seed=1), x)
    assert_allclose(random.dropout(x, 1.0, seed=1), np.zeros((2, 3)))


@pytest.mark.parametrize("rate", [-0.1, 1.5])
def test_dropout_rejects_rate_outside_unit_interval(rate):
    with pytest.raises(ValueError, match="rate"):
        random.dropout(np.ones((2, 2), "float32"), rate, seed=1)


def test_dropout_rejects_bad_noise_shape():
    with pytest.raises(ValueError, match="noise_shape"):
        random.dropout(np.ones((2, 2), "f4"), 0.5, noise_shape=(2,), seed=1)


def test_shuffle_permutes_whole_slices():
    x = np.arange(40).reshape(10, 4)
    y = _np(random.shuffle(x, seed=0))
    assert not np.array_equal(x, y)
    # Rows stay intact and every row appears once.
    assert sorted(map(tuple, y.tolist())) == sorted(map(tuple, x.tolist()))
    np.testing.assert_array_equal(_np(random.shuffle(x, seed=0)), y)
    # Along the last axis: one column permutation for every row.
    z = _np(random.shuffle(x, axis=-1, seed=3))
    permutation = z[0]  # row 0 of x is [0, 1, 2, 3]
    assert sorted(permutation.tolist()) == [0, 1, 2, 3]
    np.testing.assert_array_equal(z, x[:, permutation])


def test_shuffle_rejects_bad_axis():
    with pytest.raises(ValueError, match="axis"):
        random.shuffle(np.zeros((3, 2)), axis=2, seed=0)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: random.uniform((2,), dtype="int32"), "float"),
        (lambda: random.normal((2,), dtype="int32"), "float"),
        (lambda: random.randint((2,), 0, 3, dtype="float32"), "integer"),
        (lambda: random.categorical([0.0, 1.0], 2, seed=0), "2D"),
        (lambda: random.categorical([[0.0, 1.0]], 0, seed=0), "num_samples"),
        (lambda: random.normal((2,), seed="abc"), "seed"),
        (lambda: random.normal((2,), seed=1.5), "seed"),
        (lambda: random.normal((-1, 2), seed=1), "shape"),
        (lambda: random.normal((2,), dtype="float8"), "float8"),
    ],
)
def test_bad_arguments_raise(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_symbolic_dropout_shuffle_categorical():
    x = backend.KerasTensor((None, 5))
    assert random.dropout(x, 0.5).shape == (None, 5)
    assert random.shuffle(x).shape == (None, 5)
    out = random.categorical(x, 3, dtype="int64")
    assert (out.shape, out.dtype) == ((None, 3), "int64")


@pytest.mark.parity
@pytest.mark.parametrize("name", ["normal", "uniform"])
def test_int_seed_matches_keras(keras, name):
    if keras.backend.backend() != backend.backend():
        pytest.skip("keras was imported with another backend")
    expected = getattr(keras.random, name)((3, 4), seed=11)
    if backend.backend() == "jax":
        # Eager draws on jax come from NumPy (no compile per shape); traced
        # draws use jax.random, as Keras does.
        import jax

        got = jax.jit(lambda: getattr(random, name)((3, 4), seed=11))()
    else:
        got = getattr(random, name)((3, 4), seed=11)
    assert_allclose(got, keras.ops.convert_to_numpy(expected), atol=1e-6)


def test_truncated_normal_has_no_values_beyond_two_stddev():
    x = _np(random.truncated_normal((100000,), seed=9))
    assert np.abs(x).max() <= 2.0
    # The tails just inside the bounds are populated (no clipping pile-up).
    assert (np.abs(x) > 1.9).mean() < 0.02
    assert math.isclose((x > 0).mean(), 0.5, abs_tol=0.01)
