"""Cropping1D/2D/3D and ZeroPadding1D/2D/3D: values against NumPy slicing
and np.pad, argument forms, data formats, shapes and configs."""

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import layers_reshaping as reference
from tests.layers.core.helpers import symbolic_shape
from tests.layers.normalization.keras_oracle import assert_same_config
from tests.layers.normalization.keras_oracle import keras  # noqa: F401

CASES = [
    # (suffix, argument, standardized pairs, kwargs, input shape)
    ("1D", 2, ((2, 2),), {}, (2, 7, 3)),
    ("1D", (1, 0), ((1, 0),), {}, (2, 7, 3)),
    ("2D", 1, ((1, 1), (1, 1)), {}, (2, 5, 6, 3)),
    ("2D", (1, 2), ((1, 1), (2, 2)), {}, (2, 5, 6, 3)),
    (
        "2D",
        ((0, 1), (2, 0)),
        ((0, 1), (2, 0)),
        {"data_format": "channels_first"},
        (2, 3, 5, 6),
    ),
    ("3D", 1, ((1, 1),) * 3, {}, (1, 4, 5, 6, 2)),
    (
        "3D",
        (1, (0, 2), 0),
        ((1, 1), (0, 2), (0, 0)),
        {"data_format": "channels_first"},
        (1, 2, 4, 5, 6),
    ),
]
IDS = [f"{c[0]}-{i}" for i, c in enumerate(CASES)]


def _data(shape):
    return np.arange(np.prod(shape), dtype="float32").reshape(shape)


@pytest.mark.parametrize(
    ("suffix", "arg", "pairs", "kwargs", "shape"), CASES, ids=IDS
)
def test_cropping_matches_slicing(suffix, arg, pairs, kwargs, shape):
    layer = getattr(layers, "Cropping" + suffix)(arg, **kwargs)
    x = _data(shape)
    expected = reference.cropping(x, pairs, **kwargs)
    assert_allclose(layer(x), expected)
    assert layer.compute_output_shape(shape) == expected.shape
    unknown = (None,) + shape[1:]
    assert symbolic_shape(layer, unknown) == (None,) + expected.shape[1:]
    assert layer.cropping == (pairs[0] if suffix == "1D" else pairs)


@pytest.mark.parametrize(
    ("suffix", "arg", "pairs", "kwargs", "shape"), CASES, ids=IDS
)
def test_zero_padding_matches_np_pad(suffix, arg, pairs, kwargs, shape):
    layer = getattr(layers, "ZeroPadding" + suffix)(arg, **kwargs)
    x = _data(shape)
    expected = reference.zero_padding(x, pairs, **kwargs)
    assert_allclose(layer(x), expected)
    assert layer.compute_output_shape(shape) == expected.shape
    unknown = (None,) + shape[1:]
    assert symbolic_shape(layer, unknown) == (None,) + expected.shape[1:]
    assert layer.padding == (pairs[0] if suffix == "1D" else pairs)


def test_zero_padding1d_channels_first():
    x = _data((1, 2, 3))
    layer = layers.ZeroPadding1D((1, 2), data_format="channels_first")
    expected = np.pad(x, ((0, 0), (0, 0), (1, 2)))
    assert_allclose(layer(x), expected)


def test_unknown_spatial_sizes_stay_unknown():
    assert symbolic_shape(layers.Cropping2D(1), (None, None, 5, 3)) == (
        None,
        None,
        3,
        3,
    )
    assert symbolic_shape(layers.ZeroPadding1D(1), (None, None, 3)) == (
        None,
        None,
        3,
    )


def test_layers_in_a_functional_model():
    inputs = kerata.Input((6, 6, 2))
    outputs = layers.Cropping2D(1)(layers.ZeroPadding2D(2)(inputs))
    model = kerata.Model(inputs, outputs)
    assert model.output_shape == (None, 8, 8, 2)
    x = _data((1, 6, 6, 2))
    expected = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    assert_allclose(model(x), expected)


@pytest.mark.parametrize("prefix", ["Cropping", "ZeroPadding"])
@pytest.mark.parametrize(
    ("suffix", "arg", "pairs", "kwargs", "shape"), CASES, ids=IDS
)
def test_config_round_trip(prefix, suffix, arg, pairs, kwargs, shape):
    layer = getattr(layers, prefix + suffix)(arg, **kwargs)
    config = layer.get_config()
    clone = type(layer).from_config(config)
    assert clone.get_config() == {**config, "name": clone.name}
    assert ("data_format" in config) == (prefix + suffix != "Cropping1D")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Cropping1D", -1),
        ("Cropping1D", (1, 2, 3)),
        ("Cropping2D", ((1, 2, 3), 1)),
        ("Cropping3D", (1, 1)),
        ("ZeroPadding2D", "same"),
        ("ZeroPadding3D", ((1, -1), 0, 0)),
    ],
)
def test_rejects_invalid_arguments(name, value):
    with pytest.raises(ValueError, match="cropping|padding"):
        getattr(layers, name)(value)


def test_cropping_everything_is_an_error():
    with pytest.raises(ValueError, match="cropping"):
        layers.Cropping1D((2, 3))(_data((1, 5, 1)))
    with pytest.raises(ValueError, match="cropping"):
        symbolic_shape(layers.Cropping2D(2), (None, 4, 8, 1))


@pytest.mark.parity
@pytest.mark.parametrize("prefix", ["Cropping", "ZeroPadding"])
@pytest.mark.parametrize(
    ("suffix", "arg", "pairs", "kwargs", "shape"), CASES[1::2], ids=IDS[1::2]
)
def test_matches_keras(keras, prefix, suffix, arg, pairs, kwargs, shape):  # noqa: F811
    ours = getattr(layers, prefix + suffix)(arg, **kwargs)
    theirs = getattr(keras.layers, prefix + suffix)(arg, **kwargs)
    x = _data(shape)
    assert_allclose(ours(x), keras.ops.convert_to_numpy(theirs(x)))
    assert_same_config(ours, theirs)
