"""The color layers shared with RandAugment: AutoContrast, Equalization,
RandomColorDegeneration, RandomSharpness, RandomPosterization,
Solarization and RandomInvert."""

import os

import numpy as np
import pytest

import kerata
from kerata.src import testing
from kerata.src.testing.reference import image as reference
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import assert_reproducible
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import to_np

# Images on a 0-255 scale, with a constant channel in the second image.
X = images(2, 4, 4, 3) * 255
X[1, ..., 2] = 100.0


def _tensor(x):
    return kerata.ops.convert_to_tensor(x)


def _transform(layer, x, transformation):
    return to_np(layer.transform_images(_tensor(x), transformation))


# --- NumPy references (channels last, float64) ---


def _auto_contrast(x, low, high):
    lo = x.min(axis=(1, 2), keepdims=True)
    hi = x.max(axis=(1, 2), keepdims=True)
    span = np.where(hi == lo, 1.0, hi - lo)
    return np.where(hi == lo, x, (x - lo) / span * (high - low) + low)


def _equalize_pooled(x, bins=256):
    """Each channel's histogram over the whole batch, on 0-255 values."""
    out = x.astype("float64").copy()
    for c in range(x.shape[-1]):
        index = np.clip(np.floor(x[..., c] * (bins - 1) / 255), 0, bins - 1)
        index = index.astype(int)
        hist = np.bincount(index.ravel(), minlength=bins)
        if np.count_nonzero(hist) <= 1:
            continue
        cdf = np.cumsum(hist)
        first = cdf[np.nonzero(cdf)[0][0]]
        table = np.round((cdf - first) * 255.0 / (cdf[-1] - first))
        out[..., c] = np.clip(table, 0, 255)[index]
    return out


def _smooth(x):
    """3x3 blur, weights 1/13 around and 5/13 in the center, zero pad."""
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    out = np.zeros_like(x, dtype="float64")
    height, width = x.shape[1:3]
    for dy in range(3):
        for dx in range(3):
            weight = 5 / 13 if dy == dx == 1 else 1 / 13
            out += weight * padded[:, dy : dy + height, dx : dx + width]
    return out


def _per_image(values):
    return np.asarray(values, "float64").reshape(-1, 1, 1, 1)


def _posterize(x, bits):
    step = 2.0 ** (8 - _per_image(bits))
    return np.floor(np.clip(x, 0, 255) / step) * step


def _solarize(x, additions, thresholds):
    y = np.clip(x + _per_image(additions), 0, 255)
    return np.where(y < _per_image(thresholds), y, 255 - y)


# --- numerics ---


@pytest.mark.parametrize("value_range", [(0, 255), (-1, 1)])
def test_auto_contrast_matches_reference(value_range):
    low, high = value_range
    x = X / 255 * (high - low) + low
    layer = kerata.layers.AutoContrast(value_range=value_range)
    expected = _auto_contrast(x, low, high)
    testing.assert_allclose(layer(x), expected, rtol=1e-5, atol=1e-4)
    # Deterministic: it applies at inference too, as in Keras.
    testing.assert_allclose(
        layer(x, training=False), expected, rtol=1e-5, atol=1e-4
    )


def test_equalization_matches_reference():
    layer = kerata.layers.Equalization(value_range=(0, 1), bins=16)
    expected = _equalize_pooled(X, bins=16) / 255
    testing.assert_allclose(layer(X / 255), expected, atol=1e-5)
    testing.assert_allclose(layer(X, training=False), X)


def test_color_degeneration_matches_reference():
    layer = kerata.layers.RandomColorDegeneration(0.5)
    assert layer.factor == (-0.5, 0.5)
    strength = np.array([0.75, -0.5], "float32")
    gray = reference.rgb_to_grayscale(X.astype("float64"))
    expected = np.clip(X + _per_image(strength) * (gray - X), 0, 255)
    out = _transform(layer, X, {"factor": strength})
    testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-3)


def test_sharpness_matches_reference():
    layer = kerata.layers.RandomSharpness(0.8)
    assert layer.factor == (0.0, 0.8)
    strength = np.array([0.0, 0.9], "float32")
    amount = 1 - 2 * _per_image(strength)
    expected = np.clip(X + amount * (_smooth(X) - X), 0, 255)
    out = _transform(layer, X, {"factor": strength})
    testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-3)


def test_posterization_matches_reference():
    layer = kerata.layers.RandomPosterization(6, value_range=(0, 1), seed=2)
    assert layer.factor == (1, 6)
    transformation = layer.get_random_transformation(X)
    bits = 8 - to_np(transformation["shift_factor"])
    assert set(bits.tolist()) <= {1, 2, 3, 4, 5}
    out = _transform(layer, X / 255, transformation)
    expected = _posterize(X, bits) / 255
    testing.assert_allclose(out, expected, atol=1e-6)
    pinned = kerata.layers.RandomPosterization((3, 3))
    testing.assert_allclose(pinned(X), _posterize(X, [3, 3]))


def test_solarization_matches_reference():
    layer = kerata.layers.Solarization(
        addition_factor=0.2, threshold_factor=(0.4, 0.6), seed=3
    )
    assert layer.addition_factor == (0.0, 0.2)
    transformation = layer.get_random_transformation(X)
    additions = to_np(transformation["additions"])
    thresholds = to_np(transformation["thresholds"])
    assert np.all((additions >= 0) & (additions <= 0.2 * 255))
    assert np.all((thresholds >= 0.4) & (thresholds <= 0.6 * 255))
    out = _transform(layer, X, transformation)
    expected = _solarize(X, additions, thresholds)
    testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-3)
    # The defaults invert every value; inference is an identity.
    testing.assert_allclose(kerata.layers.Solarization()(X), 255 - X)
    testing.assert_allclose(layer(X, training=False), X)


def test_random_invert_draws_and_inverts():
    layer = kerata.layers.RandomInvert(value_range=(0, 1), seed=4)
    assert layer.factor == (0.0, 1.0)
    x = X / 255
    out = _transform(layer, x, {"apply_inversion": np.array([True, False])})
    testing.assert_allclose(out, np.stack([1 - x[0], x[1]]), atol=1e-6)
    always = kerata.layers.RandomInvert((1.0, 1.0), value_range=(0, 1))
    testing.assert_allclose(always(x), 1 - x, atol=1e-6)
    never = kerata.layers.RandomInvert(0.0)
    testing.assert_allclose(never(X), X)
    # Each image is inverted or kept whole.
    many = np.broadcast_to(x[:1], (8, 4, 4, 3))
    out = to_np(layer(many))
    flipped = np.all(np.isclose(out, 1 - many, atol=1e-6), axis=(1, 2, 3))
    kept = np.all(np.isclose(out, many), axis=(1, 2, 3))
    assert np.all(flipped | kept)


# --- data formats, inference, seeds, configs, errors ---

# On [0, 1] images, with the settings of the numerics tests above (on JAX
# every new shape or setting compiles each op again).
LAYERS = {
    "AutoContrast": lambda: kerata.layers.AutoContrast(value_range=(0, 1)),
    "Equalization": lambda: kerata.layers.Equalization((0, 1), bins=16),
    "RandomColorDegeneration": lambda: kerata.layers.RandomColorDegeneration(
        (0.3, 0.3), value_range=(0, 1)
    ),
    "RandomSharpness": lambda: kerata.layers.RandomSharpness(
        (0.9, 0.9), value_range=(0, 1)
    ),
    "RandomPosterization": lambda: kerata.layers.RandomPosterization(
        (3, 3), value_range=(0, 1)
    ),
    "Solarization": lambda: kerata.layers.Solarization(value_range=(0, 1)),
    "RandomInvert": lambda: kerata.layers.RandomInvert(
        (1.0, 1.0), value_range=(0, 1)
    ),
}


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_channels_first_agrees_with_channels_last(name):
    last = LAYERS[name]()
    first = type(last).from_config(
        {**last.get_config(), "data_format": "channels_first"}
    )
    x = X / 255
    expected = to_np(last(x))
    out = to_np(first(x.transpose(0, 3, 1, 2))).transpose(0, 2, 3, 1)
    testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    assert not np.allclose(expected, x)
    assert_config_round_trip(last, x)


RANDOM = {
    "RandomColorDegeneration": lambda: kerata.layers.RandomColorDegeneration(
        0.9, seed=5
    ),
    "RandomSharpness": lambda: kerata.layers.RandomSharpness(1.0, seed=5),
    "RandomPosterization": lambda: kerata.layers.RandomPosterization(8, seed=5),
    "Solarization": lambda: kerata.layers.Solarization(0.5, 0.5, seed=5),
    "RandomInvert": lambda: kerata.layers.RandomInvert(seed=5),
}


@pytest.mark.parametrize("name", sorted(RANDOM))
def test_random_layers_are_seeded_and_inert_at_inference(name):
    # RandomInvert has two outcomes per image: more images, so that two
    # calls differ (it is cheap to compile for a new shape).
    x = np.concatenate([X] * 4) if name == "RandomInvert" else X
    layer = RANDOM[name]()
    testing.assert_allclose(layer(x, training=False), x)
    assert_reproducible(RANDOM[name], x)
    outputs = layer({"images": x, "labels": np.arange(len(x))})
    assert to_np(outputs["labels"]).tolist() == list(range(len(x)))


@pytest.mark.parametrize(
    ("cls", "kwargs"),
    [
        ("RandomColorDegeneration", {"factor": 1.5}),
        ("RandomSharpness", {"factor": -0.1}),
        ("RandomPosterization", {"factor": 0}),
        ("RandomPosterization", {"factor": (2, 9)}),
        ("Solarization", {"addition_factor": 1.5}),
        ("Solarization", {"threshold_factor": "a"}),
        ("RandomInvert", {"factor": 2.0}),
        ("AutoContrast", {"value_range": (0, 0)}),
        ("Equalization", {"bins": 0}),
        ("Equalization", {"value_range": 255}),
    ],
)
def test_color_layers_reject_bad_arguments(cls, kwargs):
    with pytest.raises(ValueError, match="factor|value_range|bins"):
        getattr(kerata.layers, cls)(**kwargs)


def test_color_layers_in_a_saved_sequential_model(tmp_path):
    model = kerata.Sequential(
        [
            kerata.Input((4, 4, 3)),
            kerata.layers.AutoContrast(),
            kerata.layers.Solarization(threshold_factor=0.5, seed=1),
            kerata.layers.Equalization(bins=64),
        ]
    )
    expected = _auto_contrast(X, 0, 255)  # the others are inert at predict
    testing.assert_allclose(model.predict(X, verbose=0), expected, atol=1e-3)
    path = os.path.join(tmp_path, "color.keras")
    model.save(path)
    loaded = kerata.saving.load_model(path)
    assert [type(layer).__name__ for layer in loaded.layers] == [
        "AutoContrast",
        "Solarization",
        "Equalization",
    ]
    assert loaded.layers[1].threshold_factor == (0.0, 0.5)
    assert loaded.layers[2].bins == 64
    testing.assert_allclose(loaded.predict(X, verbose=0), expected, atol=1e-3)


# --- Keras as oracle (torch and numpy backends) ---


def _keras_out(keras, layer, values, transformation):
    convert = keras.ops.convert_to_tensor
    if transformation is not None:
        transformation = {k: convert(v) for k, v in transformation.items()}
    return keras.ops.convert_to_numpy(
        layer.transform_images(convert(values), transformation)
    )


ORACLE_CASES = {
    "AutoContrast": ({"value_range": (0, 1)}, None),
    "Equalization": ({"bins": 32}, None),
    "RandomColorDegeneration": (
        {"factor": 0.5},
        {"factor": np.array([0.75, -0.5], "float32").reshape(2, 1, 1, 1)},
    ),
    "RandomSharpness": (
        {"factor": 0.5},
        {"factor": np.array([0.1, 0.8], "float32")},
    ),
    "RandomPosterization": (
        {"factor": 5},
        {"shift_factor": np.array([6, 3], "uint8")},
    ),
    "Solarization": (
        {},
        {
            "additions": np.array([20.0, 0.0], "float32").reshape(2, 1, 1, 1),
            "thresholds": np.array([128.0, 60.0], "float32").reshape(
                2, 1, 1, 1
            ),
        },
    ),
    "RandomInvert": ({}, {"apply_inversion": np.array([True, False])}),
}


@pytest.mark.parity
# Keras's torch `count_nonzero` warns about `Tensor.T` on a 0-d tensor.
@pytest.mark.filterwarnings("ignore:Tensor.T is deprecated:UserWarning")
# Its AutoContrast divides by zero on constant channels (then keeps them).
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("name", sorted(ORACLE_CASES))
def test_color_layers_match_keras(keras, name):
    kwargs, transformation = ORACLE_CASES[name]
    keras_layer = getattr(keras.layers, name)(**kwargs)
    layer = getattr(kerata.layers, name).from_config(keras_layer.get_config())
    x = X / 255 if name == "AutoContrast" else X
    expected = _keras_out(keras, keras_layer, x, transformation)
    out = _transform(layer, x, transformation)
    testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-3)
