import numpy as np
import pytest

import kerata
from kerata.src.testing.reference import image as reference
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import symbolic_shape
from tests.layers.preprocessing.image.helpers import to_np


def _window_of(x, out):
    """The (top, left) at which `out` is a window of every image in `x`."""
    _, height, width, _ = out.shape
    for top in range(x.shape[1] - height + 1):
        for left in range(x.shape[2] - width + 1):
            window = x[:, top : top + height, left : left + width]
            if np.array_equal(window, out):
                return top, left
    return None


def test_random_crop_training_takes_a_window():
    x = images(3, 6, 7, 2)
    layer = kerata.layers.RandomCrop(3, 4, seed=1)
    windows = set()
    for _ in range(6):
        out = to_np(layer(x))
        assert out.shape == (3, 3, 4, 2)
        window = _window_of(x, out)
        assert window is not None
        windows.add(window)
    assert len(windows) > 1


def test_random_crop_channels_first_single_image():
    x = images(2, 5, 5)
    layer = kerata.layers.RandomCrop(2, 3, data_format="channels_first")
    out = to_np(layer(x))
    assert out.shape == (2, 2, 3)
    as_last = np.transpose(x, (1, 2, 0))[None]
    assert _window_of(as_last, np.transpose(out, (1, 2, 0))[None])


def test_random_crop_inference_crops_center_to_aspect_and_resizes():
    x = images(2, 6, 8, 1)
    layer = kerata.layers.RandomCrop(3, 3, seed=2)
    # Largest centered square: columns 1..6, then resized to 3 x 3.
    expected = reference.resize_bilinear(x[:, :, 1:7], (3, 3))
    out = to_np(layer(x, training=False))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(
        sequential_predict(layer, x), expected, rtol=1e-5, atol=1e-5
    )
    # A too small input is resized in training too.
    small = to_np(layer(x[:, :2, :2]))
    assert small.shape == (2, 3, 3, 1)


def test_random_crop_reproducible_symbolic_and_config():
    x = images(2, 8, 8, 1)
    a = kerata.layers.RandomCrop(4, 4, seed=9)
    b = kerata.layers.RandomCrop(4, 4, seed=9)
    for _ in range(2):
        np.testing.assert_array_equal(to_np(a(x)), to_np(b(x)))
    assert symbolic_shape(a, (None, 8, 8, 1)) == (None, 4, 4, 1)
    assert_config_round_trip(a, x)


def test_random_crop_rejects_bad_arguments():
    with pytest.raises(ValueError, match="height"):
        kerata.layers.RandomCrop(0, 2)
    with pytest.raises(ValueError, match="width"):
        kerata.layers.RandomCrop(2, "3")
    with pytest.raises(ValueError, match="rank 3"):
        kerata.layers.RandomCrop(2, 2)(np.ones((4, 4), "float32"))
