"""Conv3D and Conv3DTranspose: numerics against NumPy and torch.nn,
shapes, configs and training."""

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src import backend
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_conv as reference

TOL = {"rtol": 1e-5, "atol": 1e-5}


def _layer(cls, *args, **kwargs):
    # Zeros initializers: random ones compile per shape on JAX (seconds),
    # and the tests set the weights they need anyway.
    kwargs.setdefault("kernel_initializer", "zeros")
    return cls(*args, **kwargs)


def _random(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def _set_weights(layer, input_shape, seed=1):
    layer.build(input_shape)
    weights = [
        _random(*w.shape, seed=seed + i) for i, w in enumerate(layer.weights)
    ]
    layer.set_weights(weights)
    return weights


def _shape(data_format, spatial=(4, 5, 3), channels=2, batch=2):
    if data_format == "channels_last":
        return (batch, *spatial, channels)
    return (batch, channels, *spatial)


@pytest.mark.parametrize(
    ("kernel_size", "strides", "padding", "dilation", "groups", "data_format"),
    [
        (2, 1, "valid", 1, 1, "channels_last"),
        ((2, 3, 1), (2, 1, 2), "same", 1, 1, "channels_first"),
        (2, 1, "same", (2, 1, 1), 1, "channels_last"),
        (2, 2, "valid", 1, 2, "channels_first"),
    ],
)
def test_conv3d_matches_reference(
    kernel_size, strides, padding, dilation, groups, data_format
):
    layer = _layer(
        layers.Conv3D,
        4,
        kernel_size,
        strides=strides,
        padding=padding,
        dilation_rate=dilation,
        groups=groups,
        data_format=data_format,
    )
    shape = _shape(data_format)
    kernel, bias = _set_weights(layer, shape)
    x = _random(*shape)
    expected = reference.conv(
        x, kernel, bias, strides, padding, data_format, dilation
    )
    out = layer(x)
    assert_allclose(out, expected, **TOL)
    assert layer.compute_output_shape(shape) == expected.shape


@pytest.mark.parametrize(
    ("strides", "padding", "output_padding", "data_format"),
    [
        (1, "valid", None, "channels_last"),
        (2, "same", None, "channels_first"),
        ((2, 1, 2), "valid", (1, 0, 0), "channels_last"),
        (2, "same", 1, "channels_last"),
    ],
)
def test_conv3d_transpose_matches_reference(
    strides, padding, output_padding, data_format
):
    layer = _layer(
        layers.Conv3DTranspose,
        3,
        (2, 3, 2),
        strides=strides,
        padding=padding,
        output_padding=output_padding,
        data_format=data_format,
    )
    shape = _shape(data_format, spatial=(3, 2, 3))
    kernel, bias = _set_weights(layer, shape)
    assert kernel.shape == (2, 3, 2, 3, 2)
    x = _random(*shape)
    expected = reference.conv_transpose(
        x, kernel, bias, strides, padding, output_padding, data_format
    )
    assert_allclose(layer(x), expected, **TOL)
    assert layer.compute_output_shape(shape) == expected.shape


@run_if(module="torch")
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_conv3d_matches_torch(data_format):
    import torch

    layer = _layer(
        layers.Conv3D,
        4,
        3,
        padding="same",
        dilation_rate=(1, 2, 1),
        groups=2,
        data_format=data_format,
    )
    x_first = _random(2, 2, 5, 6, 4)
    x = (
        np.moveaxis(x_first, 1, -1)
        if data_format == "channels_last"
        else x_first
    )
    kernel, bias = _set_weights(layer, x.shape)
    module = torch.nn.Conv3d(
        2, 4, 3, padding="same", dilation=(1, 2, 1), groups=2
    )
    with torch.no_grad():
        module.weight.copy_(torch.from_numpy(kernel.transpose(4, 3, 0, 1, 2)))
        module.bias.copy_(torch.from_numpy(bias))
        expected = module(torch.from_numpy(x_first)).numpy()
    if data_format == "channels_last":
        expected = np.moveaxis(expected, 1, -1)
    assert_allclose(layer(x), expected, **TOL)


@run_if(module="torch")
def test_conv3d_transpose_matches_torch():
    import torch

    layer = _layer(
        layers.Conv3DTranspose,
        3,
        3,
        strides=2,
        output_padding=1,
        data_format="channels_first",
    )
    x = _random(2, 4, 3, 2, 3)
    kernel, bias = _set_weights(layer, x.shape)
    module = torch.nn.ConvTranspose3d(4, 3, 3, stride=2, output_padding=1)
    with torch.no_grad():
        module.weight.copy_(torch.from_numpy(kernel.transpose(4, 3, 0, 1, 2)))
        module.bias.copy_(torch.from_numpy(bias))
        expected = module(torch.from_numpy(x)).numpy()
    assert_allclose(layer(x), expected, **TOL)


@pytest.mark.parametrize(
    ("layer", "input_shape", "expected"),
    [
        (_layer(layers.Conv3D, 4, 3), (None, 5, 6, 7, 2), (None, 3, 4, 5, 4)),
        (
            _layer(layers.Conv3D, 4, 3, strides=2, padding="same"),
            (None, None, 6, 7, 2),
            (None, None, 3, 4, 4),
        ),
        (
            _layer(
                layers.Conv3DTranspose,
                2,
                3,
                strides=2,
                padding="same",
                data_format="channels_first",
            ),
            (None, 3, 2, 4, 5),
            (None, 2, 4, 8, 10),
        ),
    ],
)
def test_conv3d_symbolic_output_shape(layer, input_shape, expected):
    out = layer(backend.KerasTensor(input_shape))
    assert tuple(out.shape) == expected
    assert layer.compute_output_shape(input_shape) == expected


def test_conv3d_functional_model():
    inputs = kerata.Input(shape=(4, 6, 6, 2))
    outputs = layers.Conv3DTranspose(2, 2, strides=2)(
        layers.Conv3D(3, 3, padding="same", kernel_initializer="ones")(inputs)
    )
    model = kerata.Model(inputs, outputs)
    assert tuple(model.output.shape) == (None, 8, 12, 12, 2)
    out = model(np.ones((1, 4, 6, 6, 2), "float32"))
    assert tuple(out.shape) == (1, 8, 12, 12, 2)


@pytest.mark.parametrize(
    ("cls", "extra"),
    [
        (layers.Conv3D, {"groups": 2, "dilation_rate": (1, 2, 1)}),
        (layers.Conv3DTranspose, {"output_padding": (1, 0, 1), "strides": 2}),
    ],
)
def test_conv3d_config_round_trip(cls, extra):
    layer = cls(
        4,
        (3, 1, 2),
        padding="same",
        activation="relu",
        data_format="channels_first",
        name="conv3d_a",
        **extra,
    )
    config = layer.get_config()
    assert config["kernel_size"] == (3, 1, 2)
    assert config["data_format"] == "channels_first"
    restored = cls.from_config(config)
    assert restored.get_config() == config


def test_conv3d_aliases_and_errors():
    assert layers.Convolution3D is layers.Conv3D
    assert layers.Convolution3DTranspose is layers.Conv3DTranspose
    with pytest.raises(ValueError, match="padding"):
        layers.Conv3D(2, 3, padding="causal")
    with pytest.raises(ValueError, match="kernel_size"):
        layers.Conv3D(2, (3, 3))
    with pytest.raises(ValueError, match="output_padding"):
        layers.Conv3DTranspose(2, 3, strides=2, output_padding=2)
    with pytest.raises(ValueError, match="rank 5"):
        _layer(layers.Conv3D, 2, 1)(np.ones((2, 3, 3, 3), "float32"))


@run_if(trainable=True)
def test_conv3d_model_fit_reduces_the_loss():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 3, 4, 4, 2)).astype("float32")
    y = x.mean(axis=(1, 2, 3)) @ np.array([[1.0], [-1.0]], "float32")
    model = kerata.Sequential(
        [
            kerata.Input(shape=(3, 4, 4, 2)),
            layers.Conv3D(4, 2, padding="same"),
            layers.GlobalAveragePooling3D(),
            layers.Dense(1),
        ]
    )
    model.compile(optimizer=kerata.optimizers.Adam(0.05), loss="mse")
    history = model.fit(x, y, batch_size=8, epochs=6, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0]
