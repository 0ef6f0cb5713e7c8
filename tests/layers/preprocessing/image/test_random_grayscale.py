import numpy as np
import pytest

import kerata
from kerata.src import testing
from kerata.src.testing.reference import image as reference
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import to_np


def test_random_grayscale_matches_reference():
    x = images(2, 4, 4, 3)
    layer = kerata.layers.RandomGrayscale(factor=0.5, seed=0)
    transformation = {"should_apply": np.array([True, False])}
    out = to_np(
        layer.transform_images(kerata.ops.convert_to_tensor(x), transformation)
    )
    gray = np.repeat(reference.rgb_to_grayscale(x[:1]), 3, axis=-1)
    testing.assert_allclose(out[:1], gray, atol=1e-6)
    testing.assert_allclose(out[1], x[1])


def test_random_grayscale_probability_extremes_and_channels_first():
    x = images(2, 4, 4, 3)
    gray = np.repeat(reference.rgb_to_grayscale(x), 3, axis=-1)
    testing.assert_allclose(
        kerata.layers.RandomGrayscale(1.0)(x), gray, atol=1e-6
    )
    testing.assert_allclose(kerata.layers.RandomGrayscale(0.0)(x), x)
    first = kerata.layers.RandomGrayscale(1.0, data_format="channels_first")
    out = to_np(first(x.transpose(0, 3, 1, 2))).transpose(0, 2, 3, 1)
    testing.assert_allclose(out, gray, atol=1e-6)


def test_random_grayscale_draws_per_image():
    x = images(2, 4, 4, 3)
    layer = kerata.layers.RandomGrayscale(0.5, seed=5)
    transformation = layer.get_random_transformation(np.zeros((64, 1, 1, 3)))
    applied = to_np(transformation["should_apply"])
    assert applied.shape == (64,)
    assert 0 < applied.sum() < 64
    # Same seed, same draws.
    a = kerata.layers.RandomGrayscale(0.5, seed=5)
    b = kerata.layers.RandomGrayscale(0.5, seed=5)
    np.testing.assert_array_equal(to_np(a(x)), to_np(b(x)))


def test_random_grayscale_inference_and_config():
    x = images(2, 4, 4, 3)
    layer = kerata.layers.RandomGrayscale(1.0, seed=1)
    testing.assert_allclose(layer(x, training=False), x)
    testing.assert_allclose(sequential_predict(layer, x), x)
    assert_config_round_trip(layer, x)
    assert layer.get_config()["factor"] == 1.0


@pytest.mark.parametrize("factor", [-0.1, 1.5, (0.1, 0.2), "a"])
def test_random_grayscale_rejects_bad_factor(factor):
    with pytest.raises(ValueError, match="factor"):
        kerata.layers.RandomGrayscale(factor)


def test_random_grayscale_rejects_bad_rank_and_channels():
    with pytest.raises(ValueError, match="rank"):
        kerata.layers.RandomGrayscale(1.0)(np.ones((4, 3), "float32"))
    with pytest.raises(ValueError, match="channel"):
        kerata.layers.RandomGrayscale(1.0)(np.ones((1, 4, 4, 2), "float32"))
