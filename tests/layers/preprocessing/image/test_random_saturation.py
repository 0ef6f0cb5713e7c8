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


def _reference(x, scale, value_range):
    low, high = value_range
    hsv = reference.rgb_to_hsv((x - low) / (high - low))
    hsv[..., 1] = np.clip(hsv[..., 1] * scale.reshape(-1, 1, 1), 0, 1)
    return reference.hsv_to_rgb(hsv) * (high - low) + low


def test_random_saturation_matches_reference():
    x = images(2, 4, 4, 3) * 255
    layer = kerata.layers.RandomSaturation((0.0, 0.8), seed=1)
    transformation = layer.get_random_transformation(x)
    scale = to_np(transformation["factor"]).astype("float64")
    assert scale.shape == (2,)
    assert np.all((scale >= 0) & (scale <= 4.0 + 1e-4))
    out = layer.transform_images(
        kerata.ops.convert_to_tensor(x), transformation
    )
    testing.assert_allclose(
        out, _reference(x, scale, (0, 255)), rtol=1e-4, atol=1e-3
    )


@pytest.mark.parametrize("factor", [0.0, 0.5, 1.0])
def test_random_saturation_pinned_factors(factor):
    x = images(2, 4, 4, 3)
    layer = kerata.layers.RandomSaturation((factor, factor), value_range=(0, 1))
    out = to_np(layer(x))
    if factor == 0.5:
        testing.assert_allclose(out, x, atol=1e-5)
    elif factor == 0.0:
        # Grayscale: every channel holds the pixel's maximum (HSV value).
        expected = np.broadcast_to(x.max(-1, keepdims=True), x.shape)
        testing.assert_allclose(out, expected, atol=1e-6)
    else:
        # Fully saturated: the smallest channel of each pixel is 0.
        testing.assert_allclose(out.min(-1), np.zeros((2, 4, 4)), atol=1e-5)


def test_random_saturation_channels_first_and_value_range():
    x = images(2, 4, 4, 3) * 2 - 1
    scale = np.array([1.7, 0.3], "float32")
    expected = _reference(x, scale.astype("float64"), (-1, 1))
    first = kerata.layers.RandomSaturation(
        0.5, value_range=(-1, 1), data_format="channels_first"
    )
    out = first.transform_images(
        kerata.ops.convert_to_tensor(x.transpose(0, 3, 1, 2)),
        {"factor": scale},
    )
    testing.assert_allclose(
        to_np(out).transpose(0, 2, 3, 1), expected, rtol=1e-4, atol=1e-5
    )


def test_random_saturation_inference_reproducibility_and_config():
    x = images(2, 4, 4, 3) * 255
    layer = kerata.layers.RandomSaturation((0.2, 0.9), seed=3)
    testing.assert_allclose(layer(x, training=False), x)
    testing.assert_allclose(sequential_predict(layer, x), x)
    assert_reproducible(lambda: kerata.layers.RandomSaturation(0.9, seed=4), x)
    assert_config_round_trip(layer, x)
    assert layer.get_config()["factor"] == (0.2, 0.9)


def test_random_saturation_number_factor_is_symmetric_like_keras():
    # Keras 3 reads a number `f` as (-f, f); negative draws turn gray.
    layer = kerata.layers.RandomSaturation(0.2, value_range=(0, 1))
    assert layer.factor == (-0.2, 0.2)
    clone = kerata.layers.RandomSaturation.from_config(layer.get_config())
    assert clone.factor == (-0.2, 0.2)
    x = images(1, 2, 2, 3)
    gray = kerata.layers.RandomSaturation((-0.5, -0.5), value_range=(0, 1))
    expected = np.broadcast_to(x.max(-1, keepdims=True), x.shape)
    testing.assert_allclose(gray(x), expected, atol=1e-6)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"factor": 1.1},
        {"factor": (-1.5, 0.5)},
        {"factor": 0.5, "value_range": (0, "a")},
    ],
)
def test_random_saturation_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="factor|value_range"):
        kerata.layers.RandomSaturation(**kwargs)


def test_random_saturation_rejects_bad_rank():
    with pytest.raises(ValueError, match="rank"):
        kerata.layers.RandomSaturation(0.5)(np.ones((4, 3), "float32"))


def _keras_out(keras, layer, method, values, transformation):
    """Runs a Keras layer's `method` on NumPy inputs (its own tensors)."""
    convert = keras.ops.convert_to_tensor
    transformation = {k: convert(v) for k, v in transformation.items()}
    return keras.ops.convert_to_numpy(
        getattr(layer, method)(convert(values), transformation)
    )


@pytest.mark.parity
def test_random_saturation_matches_keras(keras):
    # On [0, 1] images: Keras clips the saturation to `value_range`, which
    # only bounds it to [0, 1] (as kerata always does) for this range.
    x = images(2, 4, 4, 3)
    scale = {"factor": np.array([1.8, 0.4], "float32")}
    keras_layer = keras.layers.RandomSaturation(0.5, value_range=(0, 1))
    expected = _keras_out(keras, keras_layer, "transform_images", x, scale)
    layer = kerata.layers.RandomSaturation(0.5, value_range=(0, 1))
    out = layer.transform_images(kerata.ops.convert_to_tensor(x), scale)
    testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parity
def test_random_saturation_from_keras_config_matches_keras(keras):
    # Keras writes RandomSaturation(0.2) with factor [-0.2, 0.2]; its
    # scales f / (1 - f) then lie in about [-0.17, 0.25].
    keras_layer = keras.layers.RandomSaturation(0.2)
    config = keras_layer.get_config()
    assert list(config["factor"]) == [-0.2, 0.2]
    layer = kerata.layers.RandomSaturation.from_config(config)
    assert layer.factor == (-0.2, 0.2)
    x = images(2, 4, 4, 3) * 255
    scale = {"factor": np.array([-0.16, 0.25], "float32")}
    expected = _keras_out(keras, keras_layer, "transform_images", x, scale)
    out = layer.transform_images(kerata.ops.convert_to_tensor(x), scale)
    testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-3)
