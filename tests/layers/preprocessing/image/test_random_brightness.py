import numpy as np
import pytest

import kerata
from kerata.src import testing
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import assert_reproducible
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import to_np


def test_random_brightness_matches_reference():
    x = images(2, 4, 4, 3) * 255
    layer = kerata.layers.RandomBrightness(0.4, seed=3)
    transformation = layer.get_random_transformation(x)
    delta = to_np(transformation["rgb_delta"])
    assert delta.shape == (2,)
    assert np.all(np.abs(delta) <= 0.4 * 255)
    out = layer.transform_images(
        kerata.ops.convert_to_tensor(x), transformation
    )
    expected = np.clip(x + delta[:, None, None, None], 0, 255)
    testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-4)


def test_random_brightness_pinned_factor_and_value_range():
    x = images(2, 4, 4, 3)
    layer = kerata.layers.RandomBrightness((0.5, 0.5), value_range=(-1, 1))
    # The offset is a fraction of the range's width (2), then clipped.
    testing.assert_allclose(layer(x), np.clip(x + 1.0, -1, 1))
    black = kerata.layers.RandomBrightness((-1, -1), value_range=(0, 1))
    assert to_np(black(x)).max() == 0.0
    # Unbatched images work too.
    testing.assert_allclose(layer(x[0]), np.clip(x[0] + 1.0, -1, 1))


def test_random_brightness_inference_reproducibility_and_config():
    x = images(2, 4, 4, 3) * 255
    layer = kerata.layers.RandomBrightness((-0.2, 0.3), seed=1)
    testing.assert_allclose(layer(x, training=False), x)
    testing.assert_allclose(sequential_predict(layer, x), x)
    assert_reproducible(lambda: kerata.layers.RandomBrightness(0.2, seed=7), x)
    assert_config_round_trip(layer, x)
    config = layer.get_config()
    assert config["factor"] == (-0.2, 0.3)
    assert config["value_range"] == (0.0, 255.0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"factor": 1.5},
        {"factor": (0.1, 0.2, 0.3)},
        {"factor": "a"},
        {"factor": 0.1, "value_range": (0,)},
        {"factor": 0.1, "value_range": (1, 1)},
        {"factor": 0.1, "value_range": "0-255"},
    ],
)
def test_random_brightness_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="factor|value_range"):
        kerata.layers.RandomBrightness(**kwargs)


def test_random_brightness_rejects_bad_rank():
    with pytest.raises(ValueError, match="rank"):
        kerata.layers.RandomBrightness(0.1)(np.ones((4, 4), "float32"))


def _keras_out(keras, layer, method, values, transformation):
    """Runs a Keras layer's `method` on NumPy inputs (its own tensors)."""
    convert = keras.ops.convert_to_tensor
    transformation = {k: convert(v) for k, v in transformation.items()}
    return keras.ops.convert_to_numpy(
        getattr(layer, method)(convert(values), transformation)
    )


@pytest.mark.parity
def test_random_brightness_matches_keras(keras):
    x = images(2, 4, 4, 3) * 255
    delta = np.array([30.0, -90.0], "float32")
    expected = _keras_out(
        keras,
        keras.layers.RandomBrightness(0.5),
        "transform_images",
        x,
        {"rgb_delta": delta.reshape(-1, 1, 1, 1)},
    )
    layer = kerata.layers.RandomBrightness(0.5)
    out = layer.transform_images(
        kerata.ops.convert_to_tensor(x), {"rgb_delta": delta}
    )
    testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-3)
