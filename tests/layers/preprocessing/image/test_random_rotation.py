import numpy as np
import pytest

import kerata
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import assert_reproducible
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import numpy_affine
from tests.layers.preprocessing.image.helpers import rotation_matrix
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import symbolic_shape
from tests.layers.preprocessing.image.helpers import to_np


def test_random_rotation_quarter_turns_are_exact():
    x = images(2, 5, 5, 2)
    quarter = kerata.layers.RandomRotation((0.25, 0.25), fill_mode="constant")
    # Counter-clockwise on screen, as np.rot90 over (rows, columns).
    np.testing.assert_allclose(
        to_np(quarter(x)), np.rot90(x, 1, axes=(1, 2)), atol=1e-5
    )
    half = kerata.layers.RandomRotation(
        (-0.5, -0.5), data_format="channels_first"
    )
    xt = np.transpose(x, (0, 3, 1, 2))
    np.testing.assert_allclose(
        to_np(half(xt)), np.rot90(xt, 2, axes=(2, 3)), atol=1e-5
    )


@pytest.mark.parametrize(
    ("fill_mode", "interpolation"),
    [("constant", "bilinear"), ("nearest", "nearest"), ("wrap", "bilinear")],
)
def test_random_rotation_matches_numpy_reference(fill_mode, interpolation):
    x = images(2, 6, 5, 1)
    layer = kerata.layers.RandomRotation(
        (0.1, 0.1),
        fill_mode=fill_mode,
        interpolation=interpolation,
        fill_value=0.5,
    )
    matrix = np.stack([rotation_matrix(0.2 * np.pi, 6, 5)] * 2)
    order = 1 if interpolation == "bilinear" else 0
    expected = numpy_affine(x, matrix, order, fill_mode, 0.5)
    np.testing.assert_allclose(to_np(layer(x)), expected, atol=1e-4)


@pytest.mark.parity
def test_random_rotation_matches_keras(keras):
    x = images(2, 7, 6, 3)
    options = {"factor": (0.07, 0.07), "fill_mode": "constant"}
    expected = keras.layers.RandomRotation(**options)(x)
    out = kerata.layers.RandomRotation(**options)(x)
    np.testing.assert_allclose(
        to_np(out), keras.ops.convert_to_numpy(expected), atol=1e-4
    )


def test_random_rotation_angles_vary_per_image_and_stay_in_range():
    layer = kerata.layers.RandomRotation((0.05, 0.1), seed=2)
    transformation = layer.get_random_transformation(images(3, 6, 6, 1))
    angles = to_np(transformation["angle"])
    assert angles.shape == (3,)
    assert len(set(angles.tolist())) > 1
    assert angles.min() >= 0.05 * 2 * np.pi - 1e-6
    assert angles.max() <= 0.1 * 2 * np.pi + 1e-6


def test_random_rotation_inference_reproducibility_and_config():
    x = images(3, 6, 6, 1)
    layer = kerata.layers.RandomRotation(0.2, seed=4)
    np.testing.assert_array_equal(to_np(layer(x, training=False)), x)
    np.testing.assert_array_equal(sequential_predict(layer, x), x)
    assert_reproducible(lambda: kerata.layers.RandomRotation(0.2, seed=4), x)
    assert symbolic_shape(layer, (None, 6, 6, 1)) == (None, 6, 6, 1)
    assert_config_round_trip(layer, x)


def test_random_rotation_rejects_bad_arguments():
    with pytest.raises(ValueError, match="factor"):
        kerata.layers.RandomRotation(1.5)
    with pytest.raises(ValueError, match="factor"):
        kerata.layers.RandomRotation((0.1, 0.2, 0.3))
    with pytest.raises(ValueError, match="fill_mode"):
        kerata.layers.RandomRotation(0.1, fill_mode="edge")
    with pytest.raises(ValueError, match="interpolation"):
        kerata.layers.RandomRotation(0.1, interpolation="bicubic")
    with pytest.raises(ValueError, match="fill_value"):
        kerata.layers.RandomRotation(0.1, fill_value="black")
    with pytest.raises(ValueError, match="rank 3"):
        kerata.layers.RandomRotation(0.1)(np.ones((4, 4), "float32"))
