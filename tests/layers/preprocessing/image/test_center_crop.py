import numpy as np
import pytest

import kerata
from kerata.src.testing.reference import image as reference
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import symbolic_shape
from tests.layers.preprocessing.image.helpers import to_np


def test_center_crop_slices_the_center():
    x = images(2, 7, 6, 3)
    out = kerata.layers.CenterCrop(4, 3)(x)
    np.testing.assert_array_equal(to_np(out), x[:, 1:5, 1:4])
    # Same in inference, and on one image.
    layer = kerata.layers.CenterCrop(7, 2)
    np.testing.assert_array_equal(
        to_np(layer(x[0], training=False)), x[0, :, 2:4]
    )


def test_center_crop_channels_first():
    x = images(2, 3, 6, 5)
    out = kerata.layers.CenterCrop(2, 3, data_format="channels_first")(x)
    np.testing.assert_array_equal(to_np(out), x[:, :, 2:4, 1:4])


def test_center_crop_smaller_input_is_cropped_to_aspect_and_resized():
    x = images(1, 4, 6, 2)
    out = kerata.layers.CenterCrop(8, 8)(x)
    # Largest centered square (4 x 4), then bilinear resize to 8 x 8.
    expected = reference.resize_bilinear(x[:, :, 1:5], (8, 8))
    np.testing.assert_allclose(to_np(out), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parity
def test_center_crop_matches_keras(keras):
    x = images(2, 5, 9, 3)
    for size in ((3, 4), (6, 4)):
        expected = keras.layers.CenterCrop(*size)(x)
        out = kerata.layers.CenterCrop(*size)(x)
        np.testing.assert_allclose(
            to_np(out), keras.ops.convert_to_numpy(expected), atol=1e-5
        )


def test_center_crop_in_a_model_symbolic_and_config():
    x = images(2, 6, 6, 3)
    layer = kerata.layers.CenterCrop(4, 2)
    np.testing.assert_array_equal(sequential_predict(layer, x), x[:, 1:5, 2:4])
    assert symbolic_shape(layer, (None, 6, 6, 3)) == (None, 4, 2, 3)
    assert_config_round_trip(layer, x)


def test_center_crop_rejects_bad_arguments():
    with pytest.raises(ValueError, match="height"):
        kerata.layers.CenterCrop(-1, 2)
    with pytest.raises(ValueError, match="width"):
        kerata.layers.CenterCrop(2, None)
    with pytest.raises(ValueError, match="rank 3"):
        kerata.layers.CenterCrop(2, 2)(np.ones((1, 1, 4, 4, 1), "float32"))
