import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src import testing
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import assert_reproducible
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import to_np


def _tensor(x):
    return kerata.ops.convert_to_tensor(x)


def _reference(x, factor, value_range, axes=(1, 2)):
    mean = x.astype("float64").mean(axis=axes, keepdims=True)
    out = (x - mean) * factor.reshape(-1, 1, 1, 1) + mean
    return np.clip(out, *value_range)


def test_random_contrast_matches_reference():
    x = images(2, 4, 4, 3) * 255
    layer = kerata.layers.RandomContrast(0.5, seed=2)
    assert layer.factor == (0.5, 0.5)
    transformation = layer.get_random_transformation(x)
    factor = to_np(transformation["contrast_factor"])
    assert factor.shape == (2,)
    assert np.all((factor >= 0.5) & (factor <= 1.5))
    out = layer.transform_images(
        kerata.ops.convert_to_tensor(x), transformation
    )
    testing.assert_allclose(
        out, _reference(x, factor, (0, 255)), rtol=1e-5, atol=1e-3
    )


def test_random_contrast_clips_to_value_range():
    x = images(2, 4, 4, 3)
    layer = kerata.layers.RandomContrast((1.0, 1.0), value_range=(0, 1))
    transformation = {"contrast_factor": np.array([3.0, 0.0], "float32")}
    out = to_np(layer.transform_images(_tensor(x), transformation))
    testing.assert_allclose(
        out, _reference(x, np.array([3.0, 0.0]), (0, 1)), atol=1e-6
    )
    assert out.min() >= 0
    assert out.max() <= 1
    # A factor of 0 leaves each channel at its mean.
    testing.assert_allclose(
        out[1], np.broadcast_to(x[1].mean((0, 1)), x[1].shape)
    )


def test_random_contrast_channels_first():
    x = images(2, 4, 4, 3)
    transformation = {"contrast_factor": np.array([1.5, 0.5], "float32")}
    first = kerata.layers.RandomContrast(
        0.5, value_range=(0, 1), data_format="channels_first"
    )
    out = first.transform_images(
        _tensor(x.transpose(0, 3, 1, 2)), transformation
    )
    expected = _reference(x, np.array([1.5, 0.5]), (0, 1))
    testing.assert_allclose(
        to_np(out).transpose(0, 2, 3, 1), expected, atol=1e-6
    )


def test_random_contrast_inference_reproducibility_and_config():
    x = images(2, 4, 4, 3) * 255
    layer = kerata.layers.RandomContrast((0.2, 0.4), seed=1)
    testing.assert_allclose(layer(x, training=False), x)
    testing.assert_allclose(sequential_predict(layer, x), x)
    assert_reproducible(lambda: kerata.layers.RandomContrast(0.5, seed=3), x)
    assert_config_round_trip(layer, x)
    assert layer.get_config()["factor"] == (0.2, 0.4)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"factor": -0.1},
        {"factor": 1.5},
        {"factor": None},
        {"factor": 0.1, "value_range": (0, 1, 2)},
    ],
)
def test_random_contrast_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="factor|value_range"):
        kerata.layers.RandomContrast(**kwargs)


def test_random_contrast_rejects_bad_rank():
    with pytest.raises(ValueError, match="rank"):
        kerata.layers.RandomContrast(0.1)(np.ones((1, 2, 4, 4, 3), "float32"))


def test_random_contrast_default_data_format():
    layer = kerata.layers.RandomContrast(0.1)
    assert layer.data_format == backend.image_data_format()


def _keras_out(keras, layer, method, values, transformation):
    """Runs a Keras layer's `method` on NumPy inputs (its own tensors)."""
    convert = keras.ops.convert_to_tensor
    transformation = {k: convert(v) for k, v in transformation.items()}
    return keras.ops.convert_to_numpy(
        getattr(layer, method)(convert(values), transformation)
    )


@pytest.mark.parity
def test_random_contrast_matches_keras(keras):
    x = images(2, 4, 4, 3) * 255
    factor = np.array([1.4, 0.6], "float32")
    expected = _keras_out(
        keras,
        keras.layers.RandomContrast(0.5),
        "transform_images",
        x,
        {"contrast_factor": factor.reshape(-1, 1, 1, 1)},
    )
    layer = kerata.layers.RandomContrast(0.5)
    out = layer.transform_images(_tensor(x), {"contrast_factor": factor})
    testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-3)
