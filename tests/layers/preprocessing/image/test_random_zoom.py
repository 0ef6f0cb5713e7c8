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


def _zoom_matrix(zoom_y, zoom_x, height, width):
    cx, cy = (width - 1) / 2, (height - 1) / 2
    return np.array(
        [zoom_x, 0, cx * (1 - zoom_x), 0, zoom_y, cy * (1 - zoom_y), 0, 0]
    )


@pytest.mark.parametrize(
    ("height_factor", "width_factor", "zooms"),
    [((0.5, 0.5), None, (1.5, 1.5)), ((-0.4, -0.4), (0.2, 0.2), (0.6, 1.2))],
)
def test_random_zoom_matches_numpy_reference(
    height_factor, width_factor, zooms
):
    x = images(2, 6, 7, 2)
    layer = kerata.layers.RandomZoom(
        height_factor, width_factor, fill_mode="constant", fill_value=0.25
    )
    matrix = np.stack([_zoom_matrix(*zooms, 6, 7)] * 2)
    expected = numpy_affine(x, matrix, 1, "constant", 0.25)
    np.testing.assert_allclose(to_np(layer(x)), expected, atol=1e-5)


@pytest.mark.parity
def test_random_zoom_matches_keras(keras):
    x = images(2, 6, 8, 3)
    options = {
        "height_factor": (-0.3, -0.3),
        "width_factor": (0.2, 0.2),
        "fill_mode": "nearest",
    }
    expected = keras.layers.RandomZoom(**options)(x)
    out = kerata.layers.RandomZoom(**options)(x)
    np.testing.assert_allclose(
        to_np(out), keras.ops.convert_to_numpy(expected), atol=1e-5
    )


def test_random_zoom_draws_in_range_and_shares_aspect():
    layer = kerata.layers.RandomZoom((-0.2, 0.3), seed=1)
    t = layer.get_random_transformation(images(32, 4, 4, 1))
    zoom_y, zoom_x = to_np(t["height_zoom"]), to_np(t["width_zoom"])
    np.testing.assert_array_equal(zoom_y, zoom_x)
    assert zoom_y.min() >= 0.8 - 1e-6
    assert zoom_y.max() <= 1.3 + 1e-6
    assert len(set(zoom_y.tolist())) > 1


def test_random_zoom_inference_reproducibility_and_config():
    x = images(3, 5, 5, 1)
    layer = kerata.layers.RandomZoom(0.3, 0.1, seed=5)
    np.testing.assert_array_equal(to_np(layer(x, training=False)), x)
    np.testing.assert_array_equal(sequential_predict(layer, x), x)
    assert_reproducible(lambda: kerata.layers.RandomZoom(0.3, seed=5), x)
    assert symbolic_shape(layer, (None, 5, 5, 1)) == (None, 5, 5, 1)
    assert_config_round_trip(layer, x)


def test_random_zoom_rejects_bad_arguments():
    with pytest.raises(ValueError, match="height_factor"):
        kerata.layers.RandomZoom(-1.0)
    with pytest.raises(ValueError, match="height_factor"):
        kerata.layers.RandomZoom((0.1, 1.5))
    with pytest.raises(ValueError, match="width_factor"):
        kerata.layers.RandomZoom(0.1, "wide")
    with pytest.raises(ValueError, match="fill_mode"):
        kerata.layers.RandomZoom(0.1, fill_mode="mirror")
    with pytest.raises(ValueError, match="interpolation"):
        kerata.layers.RandomZoom(0.1, interpolation="area")
