import numpy as np
import pytest

import kerata
from kerata.src import testing
from kerata.src.layers.preprocessing.image import _rand_augment_ops as color
from kerata.src.testing.reference import image as reference
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import assert_reproducible
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import tiny_fit
from tests.layers.preprocessing.image.helpers import to_np

# Images on a 0-255 scale, with a constant channel in the second image.
X = images(2, 4, 4, 3) * 255
X[1, ..., 2] = 100.0


def _layer(**kwargs):
    return kerata.layers.RandAugment(seed=0, **kwargs)


def _tensor(x):
    return kerata.ops.convert_to_tensor(x)


def _auto_contrast(x):
    low = x.min(axis=(1, 2), keepdims=True)
    high = x.max(axis=(1, 2), keepdims=True)
    span = np.where(high == low, 1.0, high - low)
    return np.where(high == low, x, (x - low) * 255.0 / span)


def _equalize(x):
    out = x.astype("float64").copy()
    for b in range(x.shape[0]):
        for c in range(x.shape[-1]):
            bins = np.clip(np.floor(x[b, ..., c]), 0, 255).astype(int)
            hist = np.bincount(bins.ravel(), minlength=256)
            if np.count_nonzero(hist) <= 1:
                continue
            cdf = np.cumsum(hist)
            first = cdf[np.nonzero(cdf)[0][0]]
            table = np.round((cdf - first) * 255.0 / (cdf[-1] - first))
            out[b, ..., c] = np.clip(table, 0, 255)[bins]
    return out


def _smooth(x):
    """3x3 blur with weights 1/13 around and 5/13 in the center, zero
    padding."""
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    out = np.zeros_like(x, dtype="float64")
    for dy in range(3):
        for dx in range(3):
            weight = 5 / 13 if dy == dx == 1 else 1 / 13
            out += weight * padded[:, dy : dy + 4, dx : dx + 4]
    return out


def test_rand_augment_color_operations_match_references():
    layer = _layer()
    x = _tensor(X)
    strength = np.array([0.2, 0.9], "float32")
    s = strength.reshape(-1, 1, 1, 1).astype("float64")
    gray = reference.rgb_to_grayscale(X)
    testing.assert_allclose(
        color.color_degeneration(layer, x, _tensor(strength)),
        np.clip(X + s * (gray - X), 0, 255),
        rtol=1e-5,
        atol=1e-3,
    )
    testing.assert_allclose(
        color.sharpness(layer, x, _tensor(strength)),
        np.clip(X + (1 - 2 * s) * (_smooth(X) - X), 0, 255),
        rtol=1e-5,
        atol=1e-3,
    )
    bits = np.array([1.0, 3.0], "float32")
    step = (2.0 ** (8 - bits)).reshape(-1, 1, 1, 1)
    testing.assert_allclose(
        color.posterization(layer, x, _tensor(bits)),
        np.floor(X / step) * step,
    )
    params = {
        "additions": _tensor(np.array([0.0, 40.0], "float32")),
        "thresholds": _tensor(np.array([128.0, 200.0], "float32")),
    }
    added = np.clip(X + np.array([0.0, 40.0]).reshape(-1, 1, 1, 1), 0, 255)
    thresholds = np.array([128.0, 200.0]).reshape(-1, 1, 1, 1)
    testing.assert_allclose(
        color.solarization(layer, x, params),
        np.where(added < thresholds, added, 255 - added),
        rtol=1e-5,
        atol=1e-3,
    )
    testing.assert_allclose(
        color.auto_contrast(layer, x), _auto_contrast(X), atol=1e-3
    )
    testing.assert_allclose(color.equalization(layer, x), _equalize(X))


def test_rand_augment_color_operations_value_range_and_channels_first():
    layer = _layer(value_range=(-1, 1), data_format="channels_first")
    x = _tensor((X / 127.5 - 1).transpose(0, 3, 1, 2))
    out = to_np(color.equalization(layer, x)).transpose(0, 2, 3, 1)
    testing.assert_allclose(out, _equalize(X) / 127.5 - 1, atol=1e-5)
    out = to_np(color.auto_contrast(layer, x)).transpose(0, 2, 3, 1)
    testing.assert_allclose(out, _auto_contrast(X) / 127.5 - 1, atol=1e-5)


def test_rand_augment_applies_the_chosen_operations_in_order():
    layer = _layer(num_ops=2)
    transformation = layer.get_random_transformation(X)
    assert to_np(transformation["layer_idxes"]).shape == (2, 2)
    # Image 0: auto-contrast then equalization; image 1: equalization
    # then auto-contrast.
    transformation["layer_idxes"] = _tensor(np.array([[9, 10], [10, 9]]))
    out = to_np(layer.transform_images(_tensor(X), transformation))
    testing.assert_allclose(out[:1], _equalize(_auto_contrast(X[:1])))
    testing.assert_allclose(
        out[1:], _auto_contrast(_equalize(X[1:])), atol=1e-3
    )


def test_rand_augment_call_inference_and_reproducibility():
    layer = _layer(num_ops=3, factor=(0.2, 0.6))
    out = to_np(layer(X))
    assert out.shape == X.shape
    assert out.min() >= 0
    assert out.max() <= 255
    testing.assert_allclose(layer(X, training=False), X)
    testing.assert_allclose(sequential_predict(layer, X), X)
    assert_reproducible(lambda: _layer(num_ops=1), X)


def test_rand_augment_config_round_trip():
    layer = _layer(value_range=(0, 1), num_ops=3, interpolation="nearest")
    assert_config_round_trip(layer, X / 255)
    config = layer.get_config()
    assert config["num_ops"] == 3
    assert config["factor"] == (0.0, 0.5)
    assert config["value_range"] == (0.0, 1.0)
    assert config["interpolation"] == "nearest"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"num_ops": 0}, "num_ops"),
        ({"num_ops": 1.5}, "num_ops"),
        ({"factor": 2.0}, "factor"),
        ({"interpolation": "cubic"}, "interpolation"),
        ({"value_range": (1,)}, "value_range"),
    ],
)
def test_rand_augment_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        kerata.layers.RandAugment(**kwargs)


def test_rand_augment_rejects_bad_rank():
    with pytest.raises(ValueError, match="rank"):
        _layer()(np.ones((4, 4), "float32"))


@pytest.mark.slow
@testing.run_if(trainable=True)
def test_rand_augment_in_fit():
    tiny_fit([_layer(value_range=(0, 1))], images(2, 4, 4, 3))


def _keras_out(keras, layer, method, values, transformation):
    """Runs a Keras layer's `method` on NumPy inputs (its own tensors)."""
    convert = keras.ops.convert_to_tensor
    transformation = {k: convert(v) for k, v in transformation.items()}
    return keras.ops.convert_to_numpy(
        getattr(layer, method)(convert(values), transformation)
    )


@pytest.mark.parity
# Keras's kernels warn on a constant channel (a 0-D tensor in torch's
# count_nonzero, a division by zero in AutoContrast) and then handle it.
@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_rand_augment_color_operations_match_keras(keras):
    # Keras equalizes a whole batch at once: compare image by image.
    layer = _layer()
    for i in range(2):
        expected = _keras_out(
            keras,
            keras.layers.Equalization(),
            "transform_images",
            X[i : i + 1],
            {},
        )
        out = color.equalization(layer, _tensor(X[i : i + 1]))
        testing.assert_allclose(out, expected)
    expected = _keras_out(
        keras, keras.layers.AutoContrast(), "transform_images", X, {}
    )
    testing.assert_allclose(
        color.auto_contrast(layer, _tensor(X)), expected, atol=1e-3
    )
