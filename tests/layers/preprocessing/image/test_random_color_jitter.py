import numpy as np
import pytest

import kerata
from kerata.src import testing
from kerata.src.testing.reference import image as reference
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import assert_reproducible
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import tiny_fit
from tests.layers.preprocessing.image.helpers import to_np


def _reference(x, delta, contrast, saturation, hue):
    """Brightness, contrast, saturation, then hue, on [0, 1] images."""
    per_image = (-1, 1, 1, 1)
    x = np.clip(x + delta.reshape(per_image), 0, 1)
    mean = x.mean(axis=(1, 2), keepdims=True)
    x = np.clip((x - mean) * contrast.reshape(per_image) + mean, 0, 1)
    hsv = reference.rgb_to_hsv(x)
    hsv[..., 1] = np.clip(hsv[..., 1] * saturation.reshape(-1, 1, 1), 0, 1)
    x = reference.hsv_to_rgb(hsv)
    hsv = reference.rgb_to_hsv(x)
    hsv[..., 0] = (hsv[..., 0] + hue.reshape(-1, 1, 1)) % 1.0
    return np.clip(reference.hsv_to_rgb(hsv), 0, 1)


def test_random_color_jitter_matches_reference():
    x = images(2, 4, 4, 3)
    layer = kerata.layers.RandomColorJitter(
        value_range=(0, 1),
        brightness_factor=0.2,
        contrast_factor=0.3,
        saturation_factor=(0.3, 0.7),
        hue_factor=0.2,
        seed=5,
    )
    transformation = layer.get_random_transformation(x)
    draws = [
        to_np(transformation[name][key]).astype("float64")
        for name, key in (
            ("random_brightness", "rgb_delta"),
            ("random_contrast", "contrast_factor"),
            ("random_saturation", "factor"),
            ("random_hue", "factor"),
        )
    ]
    out = layer.transform_images(
        kerata.ops.convert_to_tensor(x), transformation
    )
    testing.assert_allclose(out, _reference(x, *draws), rtol=1e-4, atol=1e-5)


def test_random_color_jitter_pinned_and_partial():
    x = np.array([[[[0.5, 0.25, 0.0]]]], "float32")
    layer = kerata.layers.RandomColorJitter(
        value_range=(0, 1),
        brightness_factor=(0.25, 0.25),
        saturation_factor=(0.0, 0.0),
    )
    testing.assert_allclose(layer(x), np.full((1, 1, 1, 3), 0.75))
    assert layer.random_contrast is None
    assert layer.random_hue is None
    # No factor at all: an identity, in training too.
    testing.assert_allclose(kerata.layers.RandomColorJitter()(x), x)


def test_random_color_jitter_inference_reproducibility_and_config():
    x = images(2, 4, 4, 3) * 255
    make = lambda: kerata.layers.RandomColorJitter(  # noqa: E731
        brightness_factor=0.2, hue_factor=0.3, seed=11
    )
    layer = make()
    testing.assert_allclose(layer(x, training=False), x)
    testing.assert_allclose(sequential_predict(layer, x), x)
    assert_reproducible(make, x)
    assert_config_round_trip(layer, x)
    config = layer.get_config()
    assert config["brightness_factor"] == 0.2
    assert config["contrast_factor"] is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"brightness_factor": 2.0},
        {"contrast_factor": -0.5},
        {"saturation_factor": "a"},
        {"hue_factor": (0.1, 0.2, 0.3)},
        {"value_range": (0, 0)},
    ],
)
def test_random_color_jitter_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="factor|value_range"):
        kerata.layers.RandomColorJitter(**kwargs)


@testing.run_if(trainable=True)
def test_color_and_mixing_layers_in_fit():
    """A tiny fit through a color layer and a mixing layer (a small model:
    JAX compiles the whole training step)."""
    augmentations = [
        kerata.layers.RandomContrast(0.2, value_range=(0, 1), seed=0),
        kerata.layers.MixUp(seed=0),
    ]
    x = images(2, 4, 4, 3)
    model = tiny_fit(augmentations, x)
    # predict runs the augmentations in inference mode: identities.
    dense = model.layers[-1]
    expected = x.reshape(2, -1) @ to_np(dense.kernel) + to_np(dense.bias)
    testing.assert_allclose(
        model.predict(x, verbose=0), expected, rtol=1e-4, atol=1e-5
    )
