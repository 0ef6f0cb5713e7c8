"""Max and average pooling layers: numerics against NumPy and torch.nn,
shapes, configs and errors."""

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src import backend
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_conv as reference

TOL = {"rtol": 1e-5, "atol": 1e-6}
LAYERS_2D = {"max": layers.MaxPooling2D, "average": layers.AveragePooling2D}
LAYERS_1D = {"max": layers.MaxPooling1D, "average": layers.AveragePooling1D}


def _random(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize(
    ("pool_size", "strides", "padding", "data_format"),
    [
        ((2, 2), None, "valid", "channels_last"),
        (3, 2, "valid", "channels_first"),
        (3, 2, "same", "channels_last"),
        ((2, 3), (1, 2), "same", "channels_first"),
        (3, 1, "same", "channels_last"),
    ],
)
def test_pooling2d_matches_reference(
    mode, pool_size, strides, padding, data_format
):
    layer = LAYERS_2D[mode](
        pool_size, strides=strides, padding=padding, data_format=data_format
    )
    shape = (2, 7, 6, 3) if data_format == "channels_last" else (2, 3, 7, 6)
    x = _random(*shape)
    expected = reference.pool(x, pool_size, strides, padding, data_format, mode)
    assert_allclose(layer(x), expected, **TOL)
    assert layer.compute_output_shape(shape) == expected.shape


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize(
    ("pool_size", "strides", "padding", "data_format"),
    [
        (2, None, "valid", "channels_last"),
        (3, 2, "same", "channels_first"),
        (2, 1, "same", "channels_last"),
    ],
)
def test_pooling1d_matches_reference(
    mode, pool_size, strides, padding, data_format
):
    layer = LAYERS_1D[mode](
        pool_size, strides=strides, padding=padding, data_format=data_format
    )
    shape = (2, 9, 3) if data_format == "channels_last" else (2, 3, 9)
    x = _random(*shape)
    expected = reference.pool(x, pool_size, strides, padding, data_format, mode)
    assert_allclose(layer(x), expected, **TOL)


@run_if(backends=("torch",))
@pytest.mark.parametrize("mode", ["max", "average"])
def test_pooling2d_matches_torch(mode):
    import torch

    layer = LAYERS_2D[mode](3, strides=2, data_format="channels_first")
    x = _random(2, 3, 9, 8)
    module = (torch.nn.MaxPool2d if mode == "max" else torch.nn.AvgPool2d)(
        3, stride=2
    )
    expected = module(torch.from_numpy(x)).numpy()
    assert_allclose(layer(x), expected, **TOL)


def test_pooling_strides_default_to_pool_size():
    layer = layers.MaxPooling2D((3, 2))
    assert layer.strides == (3, 2)
    assert layers.AveragePooling1D().pool_size == (2,)
    assert layers.MaxPooling2D().pool_size == (2, 2)


def test_pooling_uses_global_image_data_format():
    kerata.config.set_image_data_format("channels_first")
    layer = layers.AveragePooling2D()
    assert layer.data_format == "channels_first"
    assert tuple(layer(np.ones((1, 3, 4, 6), "float32")).shape) == (1, 3, 2, 3)


@pytest.mark.parametrize(
    ("layer", "input_shape", "expected"),
    [
        (layers.MaxPooling2D(), (None, 8, 7, 3), (None, 4, 3, 3)),
        (
            layers.AveragePooling2D(3, 2, padding="same"),
            (None, None, 7, 3),
            (None, None, 4, 3),
        ),
        (
            layers.MaxPooling1D(2, data_format="channels_first"),
            (None, 4, 9),
            (None, 4, 4),
        ),
        (layers.AveragePooling1D(3, 1), (None, None, 2), (None, None, 2)),
    ],
)
def test_pooling_symbolic_output_shape(layer, input_shape, expected):
    out = layer(backend.KerasTensor(input_shape))
    assert tuple(out.shape) == expected


def test_pooling_wrong_rank_raises():
    layer = layers.MaxPooling2D(name="pool_a")
    with pytest.raises(ValueError, match=r"pool_a.*rank 4.*\(4, 4, 3\)"):
        layer(np.ones((4, 4, 3), "float32"))
    with pytest.raises(ValueError, match="pool_a"):
        layer(backend.KerasTensor((None, 4, 3)))


@pytest.mark.parametrize("cls", [layers.MaxPooling2D, layers.AveragePooling2D])
def test_pooling_config_round_trip(cls):
    layer = cls((3, 2), strides=1, padding="same", data_format="channels_first")
    config = layer.get_config()
    assert config["pool_size"] == (3, 2)
    assert config["strides"] == (1, 1)
    assert config["padding"] == "same"
    assert config["data_format"] == "channels_first"
    assert cls.from_config(config).get_config() == config


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pool_size": 0}, "pool_size"),
        ({"pool_size": (2, 2, 2)}, "pool_size"),
        ({"padding": "causal"}, "padding"),
        ({"strides": -1}, "strides"),
    ],
)
def test_pooling_invalid_arguments_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.MaxPooling2D(**kwargs)


def test_pooling_larger_than_input_raises():
    with pytest.raises(ValueError, match=r"empty.*\(None, 2, 2, 1\)"):
        layers.MaxPooling2D(3).compute_output_shape((None, 2, 2, 1))


def test_pooling_aliases():
    assert layers.MaxPool2D is layers.MaxPooling2D
    assert layers.AvgPool1D is layers.AveragePooling1D
