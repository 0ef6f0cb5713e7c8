import numpy as np
import pytest

import kerata
from kerata.src import backend
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import symbolic_shape
from tests.layers.preprocessing.image.helpers import to_np


def test_rescaling_values_and_dtype():
    x = np.arange(6, dtype="uint8").reshape(1, 2, 3)
    out = kerata.layers.Rescaling(1 / 127.5, offset=-1.0)(x)
    assert to_np(out).dtype == np.float32
    np.testing.assert_allclose(to_np(out), x / 127.5 - 1.0, rtol=1e-6)
    # Any rank: a vector works too, in training and inference alike.
    layer = kerata.layers.Rescaling(2.0, 0.5)
    assert to_np(layer(np.array([1.0, 2.0]), training=True)).tolist() == [
        2.5,
        4.5,
    ]


def test_rescaling_per_channel_scale():
    x = images(2, 3, 3, 3)
    layer = kerata.layers.Rescaling([1.0, 2.0, 3.0], offset=[0.0, 1.0, 0.0])
    expected = x * np.array([1, 2, 3]) + np.array([0, 1, 0])
    np.testing.assert_allclose(to_np(layer(x)), expected, rtol=1e-6)


def test_rescaling_per_channel_channels_first():
    previous = backend.image_data_format()
    kerata.config.set_image_data_format("channels_first")
    try:
        x = images(2, 3, 2, 2)
        out = kerata.layers.Rescaling([1.0, 2.0, 3.0])(x)
        expected = x * np.array([1, 2, 3]).reshape(3, 1, 1)
        np.testing.assert_allclose(to_np(out), expected, rtol=1e-6)
    finally:
        kerata.config.set_image_data_format(previous)


def test_rescaling_in_a_model_symbolic_and_config():
    x = images(4, 5, 5, 3) * 255
    layer = kerata.layers.Rescaling(1 / 255.0)
    np.testing.assert_allclose(sequential_predict(layer, x), x / 255, 1e-6)
    assert symbolic_shape(layer, (None, 5, 5, 3)) == (None, 5, 5, 3)
    config = layer.get_config()
    assert config["scale"] == pytest.approx(1 / 255.0)
    assert config["offset"] == 0.0
    clone = kerata.layers.Rescaling.from_config(config)
    assert clone.get_config() == config


@pytest.mark.parametrize("bad", ["a", None, True, [], ["a"]])
def test_rescaling_rejects_bad_scale(bad):
    with pytest.raises(ValueError, match="scale"):
        kerata.layers.Rescaling(bad)
