"""SeedGenerator state, the global generator and set_random_seed."""

import random as python_random

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src import random
from kerata.src.random import seed_generator
from kerata.src.testing import run_if
from kerata.src.utils.rng_utils import get_random_seed
from kerata.src.utils.rng_utils import set_random_seed


def _np(x):
    return backend.convert_to_numpy(x)


def test_state_is_a_non_trainable_variable():
    gen = random.SeedGenerator(5)
    state = gen.state
    assert isinstance(state, backend.Variable)
    assert state.name == "seed_generator_state"
    assert state.path == "seed_generator/seed_generator_state"
    assert state.shape == (2,)
    assert state.dtype == backend.random.random_seed_dtype()
    assert state.dtype in ("uint32", "int64")
    assert not state.trainable
    assert gen._kerata_seed_state is state
    assert _np(state).tolist() == [5, 0]


def test_next_returns_the_state_then_advances_it():
    gen = random.SeedGenerator(3)
    first = gen.next()
    second = gen.next()
    # The returned seed is a copy: later draws do not change it.
    assert _np(first).tolist() == [3, 0]
    assert _np(second).tolist() == [3, 1]
    assert _np(gen.state).tolist() == [3, 2]
    scrambled = _np(gen.next(ordered=False))
    assert scrambled.tolist() == [3, 2]
    assert _np(gen.state).tolist() != [3, 3]


def test_generators_with_one_seed_give_one_sequence():
    a, b = random.SeedGenerator(11), random.SeedGenerator(11)
    for _ in range(3):
        x, y = random.uniform((4,), seed=a), random.uniform((4,), seed=b)
        np.testing.assert_array_equal(_np(x), _np(y))


def test_unseeded_generator_draws_its_seed_from_python_random():
    python_random.seed(4)
    first = _np(random.SeedGenerator().state)
    python_random.seed(4)
    second = _np(random.SeedGenerator().state)
    np.testing.assert_array_equal(first, second)


def test_config_round_trip():
    gen = random.SeedGenerator(9, name="noise_seed")
    config = gen.get_config()
    assert config == {"seed": 9, "name": "noise_seed"}
    clone = random.SeedGenerator.from_config(config)
    np.testing.assert_array_equal(_np(clone.state), _np(gen.state))
    assert random.SeedGenerator().get_config()["seed"] is None


@pytest.mark.parametrize("seed", ["1", 1.5, True, [1, 2]])
def test_bad_seed_is_rejected(seed):
    with pytest.raises(ValueError, match="seed"):
        random.SeedGenerator(seed)


def test_large_and_negative_seeds_wrap_to_32_bits():
    assert _np(random.SeedGenerator(2**32 + 7).state).tolist() == [7, 0]
    x = random.normal((3,), seed=-1)
    np.testing.assert_array_equal(_np(x), _np(random.normal((3,), seed=-1)))


def test_stateless_scope_records_the_update():
    gen = random.SeedGenerator(2)
    with backend.StatelessScope([(gen.state, np.array([2, 5]))]) as scope:
        x = random.normal((3,), seed=gen)
        updated = scope.get_current_value(gen.state)
    assert _np(updated).tolist() == [2, 6]
    assert _np(gen.state).tolist() == [2, 0]  # the variable is untouched
    # The draw used the state passed in.
    replay = random.SeedGenerator(2)
    replay.state.assign(np.array([2, 5]))
    np.testing.assert_array_equal(_np(x), _np(random.normal((3,), seed=replay)))


def test_layer_tracks_seed_state_as_a_variable():
    class Noise(kerata.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.seed_generator = random.SeedGenerator(1)

        def call(self, x):
            return x + random.normal(x.shape, seed=self.seed_generator)

    layer = Noise()
    layer(np.zeros((2, 3), "float32"))
    assert layer.seed_generator.state in layer.variables
    assert layer.weights == []


def test_seed_tensor_passes_through():
    seed = backend.convert_to_tensor(
        [4, 0], dtype=backend.random.random_seed_dtype()
    )
    x = random.uniform((3,), seed=seed)
    np.testing.assert_array_equal(_np(x), _np(random.uniform((3,), seed=4)))


def test_set_random_seed_makes_unseeded_ops_repeatable():
    set_random_seed(12)
    a = _np(random.normal((5,)))
    b = _np(random.normal((5,)))
    values = (python_random.random(), np.random.random())
    set_random_seed(12)
    np.testing.assert_array_equal(_np(random.normal((5,))), a)
    np.testing.assert_array_equal(_np(random.normal((5,))), b)
    assert (python_random.random(), np.random.random()) == values
    assert get_random_seed() == 12
    assert not np.array_equal(a, b)


def test_set_random_seed_makes_dropout_repeatable():
    x = np.ones((20, 20), "float32")
    set_random_seed(3)
    first = _np(random.dropout(x, 0.5))
    layer_seed = random.SeedGenerator()
    second = _np(random.dropout(x, 0.5, seed=layer_seed))
    set_random_seed(3)
    np.testing.assert_array_equal(_np(random.dropout(x, 0.5)), first)
    layer_seed = random.SeedGenerator()
    np.testing.assert_array_equal(
        _np(random.dropout(x, 0.5, seed=layer_seed)), second
    )


@pytest.mark.parametrize("seed", ["1", -1, 2**32, 1.0, True, None])
def test_set_random_seed_rejects_bad_seeds(seed):
    with pytest.raises(ValueError, match="seed"):
        set_random_seed(seed)


def test_set_random_seed_is_public():
    assert kerata.utils.set_random_seed is set_random_seed
    assert kerata.random.SeedGenerator is random.SeedGenerator


@run_if(backends=("jax",))
def test_seed_generator_works_under_jax_jit():
    import jax

    gen = random.SeedGenerator(8)

    @jax.jit
    def draw(state):
        with backend.StatelessScope([(gen.state, state)]) as scope:
            x = random.normal((3,), seed=gen)
        return x, scope.get_current_value(gen.state)

    x, new_state = draw(gen.state.value)
    y, newer_state = draw(new_state)
    assert _np(new_state).tolist() == [8, 1]
    assert _np(newer_state).tolist() == [8, 2]
    assert not np.array_equal(_np(x), _np(y))

    # Traced draws use jax.random with the key [seed, counter] (eager
    # draws may take a faster NumPy path, so compare traced with traced).
    @jax.jit
    def with_key(key):
        return random.normal((3,), seed=key)

    dtype = backend.random.random_seed_dtype()
    for value, key in ((x, [8, 0]), (y, [8, 1])):
        expected = with_key(backend.convert_to_tensor(key, dtype=dtype))
        np.testing.assert_array_equal(_np(value), _np(expected))


@run_if(backends=("jax",))
def test_global_generator_is_refused_under_jax_jit():
    import jax

    with pytest.raises(ValueError, match="SeedGenerator"):
        jax.jit(lambda: random.normal((2,)))()
    seed_generator.reset_global_seed_generator()
