"""Random initializers: shapes, dtypes, statistics, seeding, Orthogonal."""

import math

import numpy as np
import pytest

from kerata.src import initializers
from kerata.src import ops
from kerata.src import random
from kerata.src.initializers.random_initializers import compute_fans

RANDOM_CLASSES = [
    initializers.RandomNormal,
    initializers.RandomUniform,
    initializers.TruncatedNormal,
    initializers.VarianceScaling,
    initializers.GlorotNormal,
    initializers.GlorotUniform,
    initializers.HeNormal,
    initializers.HeUniform,
    initializers.LecunNormal,
    initializers.LecunUniform,
    initializers.Orthogonal,
]


# Few distinct shapes: the jax backend compiles each sampler once per shape.
SMALL = (4, 5)
LARGE = (3, 3, 40, 50)  # 18,000 values: sample variances within ~1%


def _numpy(x):
    return np.asarray(ops.convert_to_numpy(x), dtype="float64")


@pytest.mark.parametrize("cls", RANDOM_CLASSES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("shape", [SMALL, LARGE])
def test_shape_and_default_dtype(cls, shape):
    out = cls(seed=1)(shape)
    assert tuple(out.shape) == shape
    assert ops.dtype(out) == "float32"


@pytest.mark.parametrize("cls", RANDOM_CLASSES, ids=lambda c: c.__name__)
def test_float16_dtype(cls):
    out = cls(seed=1)(SMALL, dtype="float16")
    assert ops.dtype(out) == "float16"
    assert np.all(np.isfinite(_numpy(out)))


@pytest.mark.parametrize(
    ("shape", "fans"),
    [
        ((), (1, 1)),
        ((7,), (7, 7)),
        ((3, 5), (3, 5)),
        ((3, 2, 5), (6, 15)),  # Conv1D: receptive field 3
        ((3, 3, 4, 8), (36, 72)),  # Conv2D: receptive field 9
        ((2, 2, 2, 3, 4), (24, 32)),  # Conv3D: receptive field 8
    ],
)
def test_compute_fans(shape, fans):
    assert compute_fans(shape) == fans


def test_compute_fans_with_axes():
    # EinsumDense-style kernel (heads, in, out): fans from chosen axes.
    assert compute_fans((4, 6, 10), input_axes=[1], output_axes=[0, 2]) == (
        6,
        40,
    )


def _expected_variance(scale, mode, shape):
    fan_in, fan_out = compute_fans(shape)
    n = {
        "fan_in": fan_in,
        "fan_out": fan_out,
        "fan_avg": (fan_in + fan_out) / 2,
    }
    return scale / n[mode]


@pytest.mark.parametrize("mode", ["fan_in", "fan_out", "fan_avg"])
@pytest.mark.parametrize(
    "distribution", ["truncated_normal", "untruncated_normal", "uniform"]
)
def test_variance_scaling_statistics(mode, distribution):
    shape = LARGE
    init = initializers.VarianceScaling(
        scale=2.0, mode=mode, distribution=distribution, seed=3
    )
    x = _numpy(init(shape))
    variance = _expected_variance(2.0, mode, shape)
    assert abs(x.mean()) < 0.05 * math.sqrt(variance)
    assert x.var() == pytest.approx(variance, rel=0.05)
    if distribution == "uniform":
        assert np.abs(x).max() <= math.sqrt(3 * variance) + 1e-6
    if distribution == "truncated_normal":
        # Truncated at two standard deviations of the underlying normal.
        bound = 2 * math.sqrt(variance) / 0.87962566103423978
        assert np.abs(x).max() <= bound * (1 + 1e-5)


@pytest.mark.parametrize(
    ("cls", "scale", "mode", "uniform"),
    [
        (initializers.GlorotUniform, 1.0, "fan_avg", True),
        (initializers.GlorotNormal, 1.0, "fan_avg", False),
        (initializers.HeUniform, 2.0, "fan_in", True),
        (initializers.HeNormal, 2.0, "fan_in", False),
        (initializers.LecunUniform, 1.0, "fan_in", True),
        (initializers.LecunNormal, 1.0, "fan_in", False),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_presets_match_their_formula(cls, scale, mode, uniform):
    shape = LARGE
    x = _numpy(cls(seed=5)(shape))
    variance = _expected_variance(scale, mode, shape)
    assert x.var() == pytest.approx(variance, rel=0.05)
    if uniform:
        assert np.abs(x).max() <= math.sqrt(3 * variance) + 1e-6
    init = cls(seed=5)
    assert isinstance(init, initializers.VarianceScaling)
    assert (init.scale, init.mode) == (scale, mode)


def test_random_normal_statistics():
    init = initializers.RandomNormal(mean=1.0, stddev=2.0, seed=1)
    x = _numpy(init(LARGE))
    assert x.mean() == pytest.approx(1.0, abs=0.06)
    assert x.std() == pytest.approx(2.0, rel=0.03)


def test_random_uniform_range_and_statistics():
    init = initializers.RandomUniform(minval=-1.0, maxval=3.0, seed=1)
    x = _numpy(init(LARGE))
    assert x.min() >= -1.0
    assert x.max() < 3.0
    assert x.mean() == pytest.approx(1.0, abs=0.05)
    assert x.var() == pytest.approx(16 / 12, rel=0.05)


def test_truncated_normal_stays_within_two_stddev():
    init = initializers.TruncatedNormal(mean=0.5, stddev=0.1, seed=1)
    x = _numpy(init(LARGE))
    assert np.abs(x - 0.5).max() <= 0.2 + 1e-6
    assert x.mean() == pytest.approx(0.5, abs=0.005)
    # Truncation at 2 sigma shrinks the standard deviation by ~0.8796.
    assert x.std() == pytest.approx(0.1 * 0.87962566, rel=0.03)


# --- seeding (Keras 3: an instance gives the same values on every call) ---


@pytest.mark.parametrize("cls", RANDOM_CLASSES, ids=lambda c: c.__name__)
def test_int_seed_is_deterministic(cls):
    a = _numpy(cls(seed=7)(SMALL))
    b = _numpy(cls(seed=7)(SMALL))
    np.testing.assert_array_equal(a, b)
    c = _numpy(cls(seed=8)(SMALL))
    assert not np.array_equal(a, c)


@pytest.mark.parametrize("cls", RANDOM_CLASSES, ids=lambda c: c.__name__)
def test_instance_repeats_its_values(cls):
    for init in (cls(seed=7), cls()):
        np.testing.assert_array_equal(_numpy(init(SMALL)), _numpy(init(SMALL)))


def test_unseeded_instances_differ():
    a = _numpy(initializers.GlorotUniform()(SMALL))
    b = _numpy(initializers.GlorotUniform()(SMALL))
    assert not np.array_equal(a, b)


def test_seed_generator_draws_new_values_each_call():
    init = initializers.RandomNormal(seed=random.SeedGenerator(3))
    first, second = _numpy(init(SMALL)), _numpy(init(SMALL))
    assert not np.array_equal(first, second)
    again = initializers.RandomNormal(seed=random.SeedGenerator(3))
    np.testing.assert_array_equal(_numpy(again(SMALL)), first)


def test_bad_seed_raises():
    with pytest.raises(ValueError, match="seed"):
        initializers.RandomNormal(seed="abc")


# --- Orthogonal -----------------------------------------------------------


# Wide, tall, rank 3 and conv kernels (all but LARGE draw one normal
# matrix of shape (5, 4)).
@pytest.mark.parametrize("shape", [SMALL, (5, 4), (2, 2, 5), LARGE])
def test_orthogonal_is_orthogonal(shape):
    q = _numpy(initializers.Orthogonal(gain=1.0, seed=2)(shape))
    matrix = q.reshape(-1, shape[-1])
    rows, cols = matrix.shape
    gram = matrix @ matrix.T if rows < cols else matrix.T @ matrix
    np.testing.assert_allclose(gram, np.eye(min(rows, cols)), atol=1e-5)


def test_orthogonal_gain_scales():
    q = _numpy(initializers.Orthogonal(gain=3.0, seed=2)((5, 4)))
    np.testing.assert_allclose(q.T @ q, 9 * np.eye(4), atol=1e-4)


def test_orthogonal_rejects_vectors():
    with pytest.raises(ValueError, match="rank"):
        initializers.Orthogonal()((4,))


# --- argument validation --------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"scale": 0.0}, "scale"),
        ({"scale": -1.0}, "scale"),
        ({"mode": "fan_middle"}, "fan_middle"),
        ({"distribution": "cauchy"}, "cauchy"),
    ],
)
def test_variance_scaling_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        initializers.VarianceScaling(**kwargs)


def test_normal_is_an_alias_of_truncated_normal():
    init = initializers.VarianceScaling(distribution="normal")
    assert init.distribution == "truncated_normal"
