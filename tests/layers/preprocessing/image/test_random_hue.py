import numpy as np
import pytest

import kerata
from kerata.src import testing
from kerata.src.testing.reference import image as reference
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import assert_reproducible
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import to_np


def _reference(x, shift, value_range):
    low, high = value_range
    hsv = reference.rgb_to_hsv((x - low) / (high - low))
    hsv[..., 0] = (hsv[..., 0] + shift.reshape(-1, 1, 1)) % 1.0
    return np.clip(reference.hsv_to_rgb(hsv), 0, 1) * (high - low) + low


def test_random_hue_matches_reference():
    x = images(2, 4, 4, 3) * 255
    layer = kerata.layers.RandomHue(0.6, seed=4)
    assert layer.factor == (0.0, 0.6)
    transformation = layer.get_random_transformation(x)
    shift = to_np(transformation["factor"])
    assert shift.shape == (2,)
    assert np.all(np.abs(shift) <= 0.3)
    out = layer.transform_images(
        kerata.ops.convert_to_tensor(x), transformation
    )
    testing.assert_allclose(
        out, _reference(x, shift, (0, 255)), rtol=1e-4, atol=1e-3
    )


def test_random_hue_value_range_and_channels_first():
    x = images(2, 4, 4, 3) * 2 - 1
    shift = np.array([0.25, -0.1], "float32")
    expected = _reference(x, shift, (-1, 1))
    layer = kerata.layers.RandomHue(0.5, value_range=(-1, 1))
    out = layer.transform_images(
        kerata.ops.convert_to_tensor(x), {"factor": shift}
    )
    testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)
    first = kerata.layers.RandomHue(
        0.5, value_range=(-1, 1), data_format="channels_first"
    )
    out = first.transform_images(
        kerata.ops.convert_to_tensor(x.transpose(0, 3, 1, 2)),
        {"factor": shift},
    )
    testing.assert_allclose(
        to_np(out).transpose(0, 2, 3, 1), expected, rtol=1e-4, atol=1e-5
    )


def test_random_hue_zero_factor_and_inference_are_identity():
    x = images(2, 4, 4, 3)
    testing.assert_allclose(
        kerata.layers.RandomHue(0.0, value_range=(0, 1))(x), x, atol=1e-5
    )
    layer = kerata.layers.RandomHue((0.4, 0.8), seed=0)
    testing.assert_allclose(layer(x * 255, training=False), x * 255)
    testing.assert_allclose(sequential_predict(layer, x), x)


def test_random_hue_reproducibility_and_config():
    x = images(2, 4, 4, 3) * 255
    assert_reproducible(lambda: kerata.layers.RandomHue(0.5, seed=9), x)
    layer = kerata.layers.RandomHue((0.1, 0.3), value_range=(0, 1), seed=2)
    assert_config_round_trip(layer, x / 255)
    config = layer.get_config()
    assert config["factor"] == (0.1, 0.3)
    assert config["value_range"] == (0.0, 1.0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"factor": -0.1},
        {"factor": 1.5},
        {"factor": (0.2, 1.2)},
        {"factor": 0.1, "value_range": None},
    ],
)
def test_random_hue_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="factor|value_range"):
        kerata.layers.RandomHue(**kwargs)


def test_random_hue_rejects_bad_channels():
    with pytest.raises(ValueError, match="3 channels"):
        kerata.layers.RandomHue(0.5)(np.ones((1, 4, 4, 2), "float32"))


def _keras_out(keras, layer, method, values, transformation):
    """Runs a Keras layer's `method` on NumPy inputs (its own tensors)."""
    convert = keras.ops.convert_to_tensor
    transformation = {k: convert(v) for k, v in transformation.items()}
    return keras.ops.convert_to_numpy(
        getattr(layer, method)(convert(values), transformation)
    )


@pytest.mark.parity
def test_random_hue_matches_keras(keras):
    x = images(2, 4, 4, 3) * 255
    shift = {"factor": np.array([0.3, -0.2], "float32")}
    expected = _keras_out(
        keras, keras.layers.RandomHue(0.6), "transform_images", x, shift
    )
    layer = kerata.layers.RandomHue(0.6)
    out = layer.transform_images(kerata.ops.convert_to_tensor(x), shift)
    testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-3)
