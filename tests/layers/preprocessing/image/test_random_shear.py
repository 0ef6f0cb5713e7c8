import numpy as np
import pytest

import kerata
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import assert_reproducible
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import numpy_affine
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import symbolic_shape
from tests.layers.preprocessing.image.helpers import to_np


def _shear_matrix(shear_x, shear_y):
    return np.array([1, shear_x, 0, shear_y, 1, 0, 0, 0])


def test_random_shear_matches_numpy_reference_for_either_sign():
    x = images(8, 5, 6, 1)
    layer = kerata.layers.RandomShear(
        (0.3, 0.3), (0.1, 0.1), fill_mode="constant", seed=3
    )
    out = to_np(layer(x))
    signs = []
    for sign in (1.0, -1.0):
        matrix = np.stack([_shear_matrix(0.3 * sign, 0.1 * sign)] * 8)
        expected = numpy_affine(x, matrix, 1, "constant", 0.0)
        signs.append(
            [np.allclose(out[i], expected[i], atol=1e-5) for i in range(8)]
        )
    # Every image is sheared one way or the other, and both occur.
    assert all(a or b for a, b in zip(*signs))
    assert any(signs[0])
    assert any(signs[1])


@pytest.mark.parity
def test_random_shear_matches_keras_up_to_the_sign(keras):
    x = images(4, 6, 6, 1)
    options = {"x_factor": (0.2, 0.2), "fill_mode": "constant"}
    expected = keras.ops.convert_to_numpy(
        keras.layers.RandomShear(**options, seed=1)(x)
    )
    out = to_np(kerata.layers.RandomShear(**options, seed=1)(x))
    flipped = to_np(kerata.layers.RandomShear((0.0, 0.0))(x))
    np.testing.assert_allclose(flipped, x, atol=1e-6)
    reference = {
        sign: numpy_affine(x, np.stack([_shear_matrix(0.2 * sign, 0.0)] * 4), 1)
        for sign in (1.0, -1.0)
    }
    for i in range(4):
        assert any(
            np.allclose(expected[i], reference[s][i], atol=1e-5)
            for s in reference
        )
        assert any(
            np.allclose(out[i], reference[s][i], atol=1e-5) for s in reference
        )


def test_random_shear_inference_reproducibility_and_config():
    x = images(3, 5, 5, 2)
    layer = kerata.layers.RandomShear(0.2, 0.3, seed=6)
    np.testing.assert_array_equal(to_np(layer(x, training=False)), x)
    np.testing.assert_array_equal(sequential_predict(layer, x), x)
    assert_reproducible(lambda: kerata.layers.RandomShear(0.2, seed=6), x)
    assert symbolic_shape(layer, (None, 5, 5, 2)) == (None, 5, 5, 2)
    assert_config_round_trip(layer, x)
    assert layer.get_config()["x_factor"] == 0.2
    assert layer.x_factor == (-0.2, 0.2)


def test_random_shear_rejects_bad_arguments():
    with pytest.raises(ValueError, match="x_factor"):
        kerata.layers.RandomShear(-0.1)
    with pytest.raises(ValueError, match="y_factor"):
        kerata.layers.RandomShear(0.1, (0.2, 1.5))
    with pytest.raises(ValueError, match="x_factor"):
        kerata.layers.RandomShear((-1.5, 0.2))
    with pytest.raises(ValueError, match="fill_mode"):
        kerata.layers.RandomShear(0.1, fill_mode="edge")
