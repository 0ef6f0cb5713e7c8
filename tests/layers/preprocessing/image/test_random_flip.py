import numpy as np
import pytest

import kerata
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import assert_reproducible
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import symbolic_shape
from tests.layers.preprocessing.image.helpers import tiny_fit
from tests.layers.preprocessing.image.helpers import to_np


def _flipped(x, mode, axes):
    height_axis, width_axis = axes
    out = x
    if mode in ("horizontal", "horizontal_and_vertical"):
        out = np.flip(out, width_axis)
    if mode in ("vertical", "horizontal_and_vertical"):
        out = np.flip(out, height_axis)
    return out


@pytest.mark.parametrize(
    "mode", ["horizontal", "vertical", "horizontal_and_vertical"]
)
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_random_flip_flips_some_images_exactly(mode, data_format):
    x = images(16, 3, 4, 2)
    axes = (1, 2) if data_format == "channels_last" else (2, 3)
    layer = kerata.layers.RandomFlip(mode, seed=3, data_format=data_format)
    out = to_np(layer(x))
    flipped = _flipped(x, mode, axes)
    was_flipped = []
    for i in range(len(x)):
        if np.array_equal(out[i], flipped[i]):
            was_flipped.append(True)
        else:
            np.testing.assert_array_equal(out[i], x[i])
            was_flipped.append(False)
    # With 16 fair coins, both outcomes occur (seeded, so deterministic).
    assert 0 < sum(was_flipped) < len(x)


def test_random_flip_single_image_and_inference():
    x = images(1, 2, 3, 1)
    layer = kerata.layers.RandomFlip("horizontal", seed=1)
    out = to_np(layer(x[0]))
    assert out.shape == (2, 3, 1)
    assert np.array_equal(out, x[0]) or np.array_equal(out, x[0, :, ::-1])
    np.testing.assert_array_equal(to_np(layer(x, training=False)), x)
    np.testing.assert_array_equal(sequential_predict(layer, x), x)


def test_random_flip_reproducible_and_config():
    x = images(8, 3, 3, 1)
    assert_reproducible(lambda: kerata.layers.RandomFlip(seed=7), x)
    layer = kerata.layers.RandomFlip("vertical", seed=7)
    assert symbolic_shape(layer, (None, 3, 3, 1)) == (None, 3, 3, 1)
    assert_config_round_trip(layer, x)
    assert layer.get_config()["mode"] == "vertical"


def test_random_flip_rejects_bad_mode():
    with pytest.raises(ValueError, match="mode"):
        kerata.layers.RandomFlip("diagonal")


@pytest.mark.requires_trainable_backend
def test_augmentation_pipeline_trains():
    x = images(4, 8, 8, 3)
    layers = [
        kerata.layers.Rescaling(2.0, -1.0),
        kerata.layers.RandomFlip(seed=1),
        # One geometric layer: each compiles a large gather under JAX.
        kerata.layers.RandomRotation(0.1, fill_mode="constant", seed=1),
    ]
    tiny_fit(layers, x)
