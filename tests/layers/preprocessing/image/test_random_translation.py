import numpy as np
import pytest

import kerata
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import assert_reproducible
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import symbolic_shape
from tests.layers.preprocessing.image.helpers import to_np


def test_random_translation_whole_pixel_shift_is_exact():
    x = images(2, 4, 5, 2)
    # Down by 0.5 * 4 = 2 rows, left by 0.2 * 5 = 1 column.
    layer = kerata.layers.RandomTranslation(
        (0.5, 0.5), (-0.2, -0.2), fill_mode="constant", fill_value=-1.0
    )
    expected = np.full_like(x, -1.0)
    expected[:, 2:, :4] = x[:, :2, 1:]
    np.testing.assert_allclose(to_np(layer(x)), expected, atol=1e-6)


def test_random_translation_channels_first_wrap():
    x = images(1, 2, 3, 4)
    layer = kerata.layers.RandomTranslation(
        0.0, (0.25, 0.25), fill_mode="wrap", data_format="channels_first"
    )
    expected = np.roll(x, 1, axis=3)
    np.testing.assert_allclose(to_np(layer(x)), expected, atol=1e-6)


@pytest.mark.parity
def test_random_translation_matches_keras(keras):
    x = images(2, 6, 8, 3)
    options = {
        "height_factor": (0.15, 0.15),
        "width_factor": (-0.3, -0.3),
        "fill_mode": "nearest",
    }
    expected = keras.layers.RandomTranslation(**options)(x)
    out = kerata.layers.RandomTranslation(**options)(x)
    np.testing.assert_allclose(
        to_np(out), keras.ops.convert_to_numpy(expected), atol=1e-5
    )


def test_random_translation_inference_reproducibility_and_config():
    x = images(3, 5, 5, 1)
    layer = kerata.layers.RandomTranslation(0.2, 0.3, seed=8)
    np.testing.assert_array_equal(to_np(layer(x, training=False)), x)
    np.testing.assert_array_equal(sequential_predict(layer, x), x)
    assert_reproducible(
        lambda: kerata.layers.RandomTranslation(0.2, 0.3, seed=8), x
    )
    assert symbolic_shape(layer, (5, 5, 1)) == (5, 5, 1)
    assert_config_round_trip(layer, x)


def test_random_translation_rejects_bad_arguments():
    with pytest.raises(ValueError, match="height_factor"):
        kerata.layers.RandomTranslation(1.2, 0.1)
    with pytest.raises(ValueError, match="width_factor"):
        kerata.layers.RandomTranslation(0.1, (0.1, 0.2, 0.3))
    with pytest.raises(ValueError, match="fill_mode"):
        kerata.layers.RandomTranslation(0.1, 0.1, fill_mode="zeros")
    with pytest.raises(ValueError, match="interpolation"):
        kerata.layers.RandomTranslation(0.1, 0.1, interpolation="cubic")
