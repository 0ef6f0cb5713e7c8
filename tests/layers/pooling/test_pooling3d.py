"""MaxPooling3D, AveragePooling3D and the 3-d global pooling layers:
numerics against NumPy and torch.nn, shapes and configs."""

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src import backend
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_conv as reference

TOL = {"rtol": 1e-5, "atol": 1e-6}
LAYERS = {"max": layers.MaxPooling3D, "average": layers.AveragePooling3D}


def _random(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize(
    ("pool_size", "strides", "padding", "data_format"),
    [
        (2, None, "valid", "channels_last"),
        ((2, 3, 1), (1, 2, 1), "valid", "channels_first"),
        (3, 2, "same", "channels_last"),
        ((2, 2, 3), 1, "same", "channels_first"),
    ],
)
def test_pooling3d_matches_reference(
    mode, pool_size, strides, padding, data_format
):
    layer = LAYERS[mode](
        pool_size, strides=strides, padding=padding, data_format=data_format
    )
    if data_format == "channels_last":
        shape = (2, 5, 4, 6, 3)
    else:
        shape = (2, 3, 5, 4, 6)
    x = _random(*shape)
    expected = reference.pool(x, pool_size, strides, padding, data_format, mode)
    assert_allclose(layer(x), expected, **TOL)
    assert layer.compute_output_shape(shape) == expected.shape
    symbolic = layer(backend.KerasTensor((None, *shape[1:])))
    assert tuple(symbolic.shape) == (None, *expected.shape[1:])


@run_if(module="torch")
@pytest.mark.parametrize("mode", ["max", "average"])
def test_pooling3d_matches_torch(mode):
    import torch

    x = _random(2, 3, 6, 5, 4)
    layer = LAYERS[mode](2, strides=(2, 1, 2), data_format="channels_first")
    module = (torch.nn.MaxPool3d if mode == "max" else torch.nn.AvgPool3d)(
        2, stride=(2, 1, 2)
    )
    expected = module(torch.from_numpy(x)).numpy()
    assert_allclose(layer(x), expected, **TOL)


def test_pooling3d_defaults_and_config():
    layer = layers.MaxPooling3D()
    assert layer.pool_size == (2, 2, 2)
    assert layer.strides == (2, 2, 2)
    average = layers.AveragePooling3D((1, 2, 3), padding="same", name="p3")
    config = average.get_config()
    assert config["pool_size"] == (1, 2, 3)
    assert config["strides"] == (1, 2, 3)
    assert layers.AveragePooling3D.from_config(config).get_config() == config
    assert layers.MaxPool3D is layers.MaxPooling3D
    assert layers.AvgPool3D is layers.AveragePooling3D


def test_pooling3d_errors():
    with pytest.raises(ValueError, match="pool_size"):
        layers.MaxPooling3D((2, 2))
    with pytest.raises(ValueError, match="padding"):
        layers.AveragePooling3D(2, padding="causal")
    with pytest.raises(ValueError, match="empty"):
        layers.MaxPooling3D(3).compute_output_shape((None, 2, 4, 4, 1))


GLOBAL = [
    (layers.GlobalAveragePooling3D, np.mean),
    (layers.GlobalMaxPooling3D, np.max),
]


@pytest.mark.parametrize(("cls", "reduce"), GLOBAL)
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("keepdims", [False, True])
def test_global_pooling3d_values(cls, reduce, data_format, keepdims):
    if data_format == "channels_last":
        shape, axes = (2, 3, 4, 5, 3), (1, 2, 3)
    else:
        shape, axes = (2, 3, 3, 4, 5), (2, 3, 4)
    x = _random(*shape)
    layer = cls(data_format=data_format, keepdims=keepdims)
    expected = reduce(x, axis=axes, keepdims=keepdims)
    assert_allclose(layer(x), expected, **TOL)
    assert layer.compute_output_shape(shape) == expected.shape
    symbolic = layer(backend.KerasTensor((None, *shape[1:])))
    assert tuple(symbolic.shape) == (None, *expected.shape[1:])


@pytest.mark.parametrize(("cls", "reduce"), GLOBAL)
def test_global_pooling3d_config_and_errors(cls, reduce):
    layer = cls(data_format="channels_first", keepdims=True, name="g3")
    config = layer.get_config()
    assert config["keepdims"] is True
    assert cls.from_config(config).get_config() == config
    with pytest.raises(ValueError, match="g3"):
        layer(np.ones((2, 3, 4, 5), "float32"))
    assert layers.GlobalAvgPool3D is layers.GlobalAveragePooling3D
    assert layers.GlobalMaxPool3D is layers.GlobalMaxPooling3D
    del reduce


def test_global_pooling3d_in_a_model():
    inputs = kerata.Input(shape=(2, 3, 4, 5))
    outputs = layers.GlobalMaxPooling3D()(layers.MaxPooling3D(1)(inputs))
    model = kerata.Model(inputs, outputs)
    assert tuple(model.output.shape) == (None, 5)
