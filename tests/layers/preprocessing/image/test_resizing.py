import numpy as np
import pytest

import kerata
from kerata.src.testing.reference import image as reference
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import symbolic_shape
from tests.layers.preprocessing.image.helpers import to_np


def test_resizing_matches_numpy_reference():
    x = images(2, 5, 6, 2)
    out = kerata.layers.Resizing(3, 8)(x)
    expected = reference.resize_bilinear(x, (3, 8))
    np.testing.assert_allclose(to_np(out), expected, rtol=1e-5, atol=1e-5)
    out = kerata.layers.Resizing(10, 3, interpolation="nearest")(x[0])
    expected = reference.resize_nearest(x[:1], (10, 3))[0]
    np.testing.assert_allclose(to_np(out), expected)


@pytest.mark.parity
@pytest.mark.parametrize(
    "options",
    [
        {"interpolation": "bilinear"},
        {"interpolation": "nearest"},
        {"crop_to_aspect_ratio": True},
        {"pad_to_aspect_ratio": True, "fill_value": 0.5},
    ],
)
def test_resizing_matches_keras(keras, options):
    x = images(2, 6, 9, 3)
    expected = keras.layers.Resizing(4, 4, **options)(x)
    out = kerata.layers.Resizing(4, 4, **options)(x)
    np.testing.assert_allclose(
        to_np(out), keras.ops.convert_to_numpy(expected), atol=1e-5
    )


def test_resizing_channels_first_and_integer_images():
    x = images(1, 4, 4, 3)
    layer = kerata.layers.Resizing(2, 2, data_format="channels_first")
    out = to_np(layer(np.transpose(x, (0, 3, 1, 2))))
    expected = to_np(kerata.layers.Resizing(2, 2)(x))
    np.testing.assert_allclose(out, np.transpose(expected, (0, 3, 1, 2)))
    out = kerata.layers.Resizing(2, 2)(np.full((4, 4, 1), 7, "uint8"))
    assert to_np(out).dtype == np.float32
    assert to_np(out).ravel().tolist() == [7.0] * 4


def test_resizing_in_a_model_symbolic_and_config():
    x = images(2, 8, 8, 3)
    layer = kerata.layers.Resizing(4, 5, interpolation="bicubic")
    out = sequential_predict(layer, x)
    np.testing.assert_allclose(out, to_np(layer(x)), rtol=1e-6)
    assert symbolic_shape(layer, (None, 8, 8, 3)) == (None, 4, 5, 3)
    assert symbolic_shape(layer, (8, 8, 3)) == (4, 5, 3)
    assert_config_round_trip(layer, x)


def test_resizing_rejects_bad_arguments():
    with pytest.raises(ValueError, match="interpolation"):
        kerata.layers.Resizing(2, 2, interpolation="cubic")
    with pytest.raises(ValueError, match="Only one of"):
        kerata.layers.Resizing(
            2, 2, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True
        )
    with pytest.raises(ValueError, match="height"):
        kerata.layers.Resizing(0, 2)
    with pytest.raises(ValueError, match="width"):
        kerata.layers.Resizing(2, 2.5)
    with pytest.raises(ValueError, match="fill_mode"):
        kerata.layers.Resizing(2, 2, fill_mode="reflect")
    with pytest.raises(ValueError, match="rank 3"):
        kerata.layers.Resizing(2, 2)(np.ones((4, 4), "float32"))
