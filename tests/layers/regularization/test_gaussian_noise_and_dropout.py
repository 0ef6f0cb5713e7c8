"""GaussianNoise, GaussianDropout and AlphaDropout: noise statistics with
seeds, identity at inference, masks, shapes and configs."""

import numpy as np
import pytest

from kerata import layers
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import layers_normalization as reference
from tests.layers.core.helpers import get_mask
from tests.layers.core.helpers import symbolic_shape
from tests.layers.core.helpers import to_np
from tests.layers.normalization.keras_oracle import assert_same_config
from tests.layers.normalization.keras_oracle import keras  # noqa: F401

LAYERS = [
    ("GaussianNoise", {"stddev": 0.5}),
    ("GaussianDropout", {"rate": 0.3}),
    ("AlphaDropout", {"rate": 0.2}),
    ("AlphaDropout", {"rate": 0.2, "noise_shape": (None, 1)}),
]


@pytest.mark.parametrize(("name", "kwargs"), LAYERS)
def test_identity_at_inference_and_pass_through(name, kwargs):
    layer = getattr(layers, name)(seed=0, **kwargs)
    x = np.arange(12, dtype="float32").reshape(3, 4)
    assert to_np(layer(x)).tolist() == x.tolist()
    assert to_np(layer(x, training=False)).tolist() == x.tolist()
    assert symbolic_shape(layer, (None, 4)) == (None, 4)
    ids = np.array([[1, 0, 2]], "int32")
    embedded = layers.Embedding(3, 2, mask_zero=True)(ids)
    out = getattr(layers, name)(**kwargs)(embedded, training=True)
    assert get_mask(out).tolist() == [[True, False, True]]


@pytest.mark.parametrize(("name", "kwargs"), LAYERS)
def test_seeds_repeat_and_generators_advance(name, kwargs):
    x = np.ones((20, 20), "float32")
    layer = getattr(layers, name)(seed=5, **kwargs)
    first = to_np(layer(x, training=True))
    assert (to_np(layer(x, training=True)) != first).any()
    again = to_np(getattr(layers, name)(seed=5, **kwargs)(x, training=True))
    np.testing.assert_array_equal(again, first)
    assert layer.weights == []
    assert len(layer.variables) == 1


def test_gaussian_noise_statistics():
    x = np.full((200, 100), 3.0, "float32")
    noise = to_np(layers.GaussianNoise(0.5, seed=1)(x, training=True)) - x
    assert abs(noise.mean()) < 0.02
    assert abs(noise.std() - 0.5) < 0.02


def test_gaussian_dropout_statistics():
    x = np.full((200, 100), 2.0, "float32")
    factor = to_np(layers.GaussianDropout(0.2, seed=1)(x, training=True)) / x
    assert abs(factor.mean() - 1.0) < 0.02
    assert abs(factor.std() - np.sqrt(0.2 / 0.8)) < 0.02


@pytest.mark.parametrize("rate", [0.1, 0.3])
def test_alpha_dropout_keeps_mean_and_variance(rate):
    x = np.random.default_rng(0).standard_normal((200, 200)).astype("float32")
    out = to_np(layers.AlphaDropout(rate, seed=2)(x, training=True))
    assert abs(out.mean()) < 0.03
    assert abs(out.std() - 1.0) < 0.03
    # Exactly the reference for the mask it drew: dropped entries all
    # take the single value of SELU's saturation after the affine map.
    dropped_value = reference.alpha_dropout(0.0, 0.0, rate)
    keep = ~np.isclose(out, dropped_value, atol=1e-6)
    assert abs((~keep).mean() - rate) < 0.02
    assert_allclose(out, reference.alpha_dropout(x, keep, rate), atol=1e-5)


def test_alpha_dropout_noise_shape_shares_the_mask():
    x = np.zeros((50, 6), "float32")
    layer = layers.AlphaDropout(0.5, noise_shape=(None, 1), seed=3)
    out = to_np(layer(x, training=True))
    assert (out == out[:, :1]).all()


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("GaussianNoise", {"stddev": 0.0}), ("GaussianDropout", {"rate": 0.0})],
)
def test_zero_noise_is_identity(name, kwargs):
    x = np.ones((3, 4), "float32")
    out = getattr(layers, name)(**kwargs)(x, training=True)
    assert to_np(out).tolist() == x.tolist()


@pytest.mark.parametrize(("name", "kwargs"), LAYERS)
def test_config_round_trip(name, kwargs):
    layer = getattr(layers, name)(seed=4, **kwargs)
    config = layer.get_config()
    assert config["seed"] == 4
    for key, value in kwargs.items():
        assert config[key] == value
    clone = type(layer).from_config(config)
    assert clone.get_config() == {**config, "name": clone.name}


@pytest.mark.parametrize(
    ("name", "argument", "value"),
    [
        ("GaussianNoise", "stddev", -0.1),
        ("GaussianNoise", "stddev", "0.1"),
        ("GaussianDropout", "rate", 1.5),
        ("GaussianDropout", "rate", 1.0),
        ("AlphaDropout", "rate", -1),
    ],
)
def test_rejects_invalid_arguments(name, argument, value):
    with pytest.raises(ValueError, match=argument):
        getattr(layers, name)(value)


@pytest.mark.parity
@pytest.mark.parametrize(("name", "kwargs"), LAYERS)
def test_config_matches_keras(keras, name, kwargs):  # noqa: F811
    ours = getattr(layers, name)(seed=4, **kwargs)
    theirs = getattr(keras.layers, name)(seed=4, **kwargs)
    assert_same_config(ours, theirs)
