"""Conv1DTranspose and Conv2DTranspose: numerics against NumPy and
torch.nn.ConvTranspose2d, shapes, configs and errors."""

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
    """A layer with a zeros kernel initializer: random initializers compile
    once per kernel shape on JAX, which costs seconds, and the tests set
    the weights they need anyway."""
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


@pytest.mark.parametrize(
    (
        "kernel_size",
        "strides",
        "padding",
        "output_padding",
        "dilation",
        "data_format",
    ),
    [
        (3, 1, "valid", None, 1, "channels_last"),
        (3, 2, "valid", None, 1, "channels_first"),
        (2, 3, "valid", None, 1, "channels_last"),
        (3, 2, "valid", 1, 1, "channels_first"),
        (3, 2, "same", None, 1, "channels_last"),
        (4, 2, "same", None, 1, "channels_first"),
        (3, 3, "same", 1, 1, "channels_last"),
        ((3, 2), (2, 1), "same", None, 1, "channels_first"),
        (3, 1, "same", None, 2, "channels_last"),
        (2, 1, "valid", None, (2, 1), "channels_first"),
    ],
)
def test_conv2d_transpose_matches_reference(
    kernel_size, strides, padding, output_padding, dilation, data_format
):
    layer = _layer(
        layers.Conv2DTranspose,
        3,
        kernel_size,
        strides=strides,
        padding=padding,
        output_padding=output_padding,
        dilation_rate=dilation,
        data_format=data_format,
    )
    shape = (2, 4, 5, 2) if data_format == "channels_last" else (2, 2, 4, 5)
    kernel, bias = _set_weights(layer, shape)
    assert kernel.shape[-2:] == (3, 2)
    x = _random(*shape)
    expected = reference.conv_transpose(
        x,
        kernel,
        bias,
        strides,
        padding,
        output_padding,
        data_format,
        dilation,
    )
    assert_allclose(layer(x), expected, **TOL)
    assert layer.compute_output_shape(shape) == expected.shape


@pytest.mark.parametrize(
    ("strides", "padding", "output_padding", "data_format"),
    [
        (1, "valid", None, "channels_last"),
        (2, "same", None, "channels_first"),
        (3, "valid", 2, "channels_last"),
        (2, "same", 0, "channels_last"),
    ],
)
def test_conv1d_transpose_matches_reference(
    strides, padding, output_padding, data_format
):
    layer = _layer(
        layers.Conv1DTranspose,
        4,
        3,
        strides=strides,
        padding=padding,
        output_padding=output_padding,
        data_format=data_format,
    )
    shape = (2, 5, 3) if data_format == "channels_last" else (2, 3, 5)
    kernel, bias = _set_weights(layer, shape)
    x = _random(*shape)
    expected = reference.conv_transpose(
        x, kernel, bias, strides, padding, output_padding, data_format
    )
    assert_allclose(layer(x), expected, **TOL)


@run_if(backends=("torch",))
@pytest.mark.parametrize(("strides", "output_padding"), [(1, 0), (2, 1)])
def test_conv2d_transpose_matches_torch(strides, output_padding):
    import torch

    layer = _layer(
        layers.Conv2DTranspose,
        5,
        3,
        strides=strides,
        output_padding=output_padding,
        data_format="channels_first",
    )
    x = _random(2, 3, 4, 6)
    kernel, bias = _set_weights(layer, x.shape)
    module = torch.nn.ConvTranspose2d(
        3, 5, 3, stride=strides, output_padding=output_padding
    )
    with torch.no_grad():
        # Keras (kh, kw, out, in) -> torch (in, out, kh, kw).
        module.weight.copy_(torch.from_numpy(kernel.transpose(3, 2, 0, 1)))
        module.bias.copy_(torch.from_numpy(bias))
        expected = module(torch.from_numpy(x)).numpy()
    assert_allclose(layer(x), expected, **TOL)


def test_conv_transpose_inverts_conv_shape():
    conv = _layer(layers.Conv2D, 4, 3, strides=2, padding="same")
    up = _layer(layers.Conv2DTranspose, 3, 3, strides=2, padding="same")
    x = np.ones((1, 8, 8, 3), "float32")
    assert tuple(up(conv(x)).shape) == x.shape


@pytest.mark.parametrize(
    ("layer", "input_shape", "expected"),
    [
        (
            _layer(layers.Conv2DTranspose, 4, 3),
            (None, 5, 5, 2),
            (None, 7, 7, 4),
        ),
        (
            _layer(layers.Conv2DTranspose, 4, 3, strides=2, padding="same"),
            (None, None, 5, 2),
            (None, None, 10, 4),
        ),
        (
            _layer(layers.Conv1DTranspose, 2, 3, data_format="channels_first"),
            (None, 6, 4),
            (None, 2, 6),
        ),
    ],
)
def test_conv_transpose_symbolic_output_shape(layer, input_shape, expected):
    out = layer(backend.KerasTensor(input_shape))
    assert tuple(out.shape) == expected


def test_conv_transpose_wrong_rank_raises():
    layer = _layer(layers.Conv1DTranspose, 2, 3, name="up_a")
    with pytest.raises(ValueError, match=r"up_a.*rank 3"):
        layer(np.ones((2, 3, 3, 3), "float32"))


def test_conv_transpose_config_round_trip():
    layer = _layer(
        layers.Conv2DTranspose,
        6,
        (3, 2),
        strides=(2, 2),
        output_padding=1,
        padding="same",
    )
    config = layer.get_config()
    assert config["output_padding"] == (1, 1)
    assert "groups" not in config
    restored = layers.Conv2DTranspose.from_config(config)
    assert restored.get_config() == config
    assert (
        _layer(layers.Conv1DTranspose, 2, 3).get_config()["output_padding"]
        is None
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"strides": 2, "output_padding": 2}, "output_padding"),
        ({"padding": "causal"}, "padding"),
        ({"strides": 2, "dilation_rate": 2}, "dilation_rate"),
    ],
)
def test_conv_transpose_invalid_arguments_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        _layer(layers.Conv1DTranspose, 2, 3, **kwargs)


def test_conv_transpose_uses_global_image_data_format():
    kerata.config.set_image_data_format("channels_first")
    layer = _layer(layers.Conv1DTranspose, 2, 3)
    assert tuple(layer(np.ones((1, 4, 5), "float32")).shape) == (1, 2, 7)
    assert layer.kernel.shape == (3, 2, 4)
