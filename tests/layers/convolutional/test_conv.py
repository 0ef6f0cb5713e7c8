"""Conv1D and Conv2D: numerics against NumPy and torch.nn, shapes,
configs and errors."""

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


CONV2D_CASES = [
    # strides, padding, dilation_rate, groups, data_format
    (1, "valid", 1, 1, "channels_last"),
    (2, "valid", 1, 1, "channels_first"),
    (1, "same", 1, 1, "channels_last"),
    ((2, 3), "same", 1, 1, "channels_first"),
    (1, "same", 2, 1, "channels_last"),
    (1, "valid", (2, 1), 1, "channels_first"),
    (1, "valid", 1, 2, "channels_last"),
    (2, "same", 1, 4, "channels_first"),
]


@pytest.mark.parametrize(
    ("strides", "padding", "dilation_rate", "groups", "data_format"),
    CONV2D_CASES,
)
def test_conv2d_matches_reference(
    strides, padding, dilation_rate, groups, data_format
):
    layer = _layer(
        layers.Conv2D,
        4,
        (3, 2),
        strides=strides,
        padding=padding,
        dilation_rate=dilation_rate,
        groups=groups,
        data_format=data_format,
    )
    shape = (2, 7, 6, 4) if data_format == "channels_last" else (2, 4, 7, 6)
    kernel, bias = _set_weights(layer, shape)
    assert kernel.shape == (3, 2, 4 // groups, 4)
    x = _random(*shape)
    expected = reference.conv(
        x, kernel, bias, strides, padding, data_format, dilation_rate
    )
    out = layer(x)
    assert tuple(out.shape) == expected.shape
    assert_allclose(out, expected, **TOL)
    assert layer.compute_output_shape(shape) == expected.shape


@pytest.mark.parametrize(
    ("strides", "padding", "dilation_rate", "data_format"),
    [
        (1, "valid", 1, "channels_last"),
        (2, "same", 1, "channels_first"),
        (1, "causal", 1, "channels_last"),
        (1, "causal", 2, "channels_first"),
        (3, "causal", 1, "channels_last"),
        (1, "same", 3, "channels_last"),
    ],
)
def test_conv1d_matches_reference(strides, padding, dilation_rate, data_format):
    layer = _layer(
        layers.Conv1D,
        3,
        3,
        strides=strides,
        padding=padding,
        dilation_rate=dilation_rate,
        data_format=data_format,
    )
    shape = (2, 9, 4) if data_format == "channels_last" else (2, 4, 9)
    kernel, bias = _set_weights(layer, shape)
    x = _random(*shape)
    expected = reference.conv(
        x, kernel, bias, strides, padding, data_format, dilation_rate
    )
    assert_allclose(layer(x), expected, **TOL)
    assert layer.compute_output_shape(shape) == expected.shape


def test_conv1d_causal_output_ignores_the_future():
    layer = _layer(layers.Conv1D, 2, 3, padding="causal")
    x = _random(1, 6, 2)
    _set_weights(layer, x.shape)
    changed = x.copy()
    changed[:, 4:] += 10.0
    before = kerata.ops.convert_to_numpy(layer(x))
    after = kerata.ops.convert_to_numpy(layer(changed))
    np.testing.assert_allclose(before[:, :4], after[:, :4], rtol=1e-6)


def test_conv_activation_and_no_bias():
    layer = _layer(layers.Conv2D, 3, 2, activation="relu", use_bias=False)
    x = _random(1, 4, 4, 2)
    (kernel,) = _set_weights(layer, x.shape)
    assert layer.bias is None
    assert len(layer.weights) == 1
    expected = reference.conv(x, kernel, activation="relu")
    assert_allclose(layer(x), expected, **TOL)


def test_conv_activation_can_be_replaced_after_build():
    layer = _layer(layers.Conv1D, 2, 1, activation="relu")
    x = _random(1, 3, 2)
    _set_weights(layer, x.shape)
    layer.activation = None
    out = kerata.ops.convert_to_numpy(layer(x))
    assert (out < 0).any()


@run_if(backends=("torch",))
@pytest.mark.parametrize(
    ("strides", "padding", "dilation", "groups"),
    [(1, "valid", 1, 1), (2, "valid", 1, 2), (1, "same", 2, 1)],
)
def test_conv2d_matches_torch(strides, padding, dilation, groups):
    import torch

    layer = _layer(
        layers.Conv2D,
        6,
        3,
        strides=strides,
        padding=padding,
        dilation_rate=dilation,
        groups=groups,
        data_format="channels_first",
    )
    x = _random(2, 4, 9, 8)
    kernel, bias = _set_weights(layer, x.shape)
    module = torch.nn.Conv2d(
        4,
        6,
        3,
        stride=strides,
        padding=padding,
        dilation=dilation,
        groups=groups,
    )
    with torch.no_grad():
        module.weight.copy_(torch.from_numpy(kernel.transpose(3, 2, 0, 1)))
        module.bias.copy_(torch.from_numpy(bias))
        expected = module(torch.from_numpy(x)).numpy()
    assert_allclose(layer(x), expected, **TOL)


@run_if(backends=("torch",))
def test_conv1d_matches_torch_channels_last():
    import torch

    layer = _layer(layers.Conv1D, 5, 3, dilation_rate=2, padding="same")
    x = _random(2, 10, 3)
    kernel, bias = _set_weights(layer, x.shape)
    module = torch.nn.Conv1d(3, 5, 3, dilation=2, padding="same")
    with torch.no_grad():
        module.weight.copy_(torch.from_numpy(kernel.transpose(2, 1, 0)))
        module.bias.copy_(torch.from_numpy(bias))
        expected = module(torch.from_numpy(x).transpose(1, 2)).transpose(1, 2)
    assert_allclose(layer(x), expected.numpy(), **TOL)


def test_conv_uses_global_image_data_format():
    kerata.config.set_image_data_format("channels_first")
    layer = _layer(layers.Conv2D, 5, 3)
    assert layer.data_format == "channels_first"
    out = layer(np.ones((1, 2, 6, 6), "float32"))
    assert tuple(out.shape) == (1, 5, 4, 4)
    assert layer.kernel.shape == (3, 3, 2, 5)


@pytest.mark.parametrize(
    ("layer", "input_shape", "expected"),
    [
        (_layer(layers.Conv2D, 4, 3), (None, 8, 8, 3), (None, 6, 6, 4)),
        (
            _layer(layers.Conv2D, 4, 3, strides=2),
            (None, None, 9, 3),
            (None, None, 4, 4),
        ),
        (
            _layer(
                layers.Conv2D,
                4,
                3,
                padding="same",
                data_format="channels_first",
            ),
            (None, 3, 7, 5),
            (None, 4, 7, 5),
        ),
        (
            _layer(layers.Conv1D, 2, 5, padding="causal"),
            (None, 12, 3),
            (None, 12, 2),
        ),
        (_layer(layers.Conv1D, 2, 5), (None, None, 3), (None, None, 2)),
    ],
)
def test_conv_symbolic_output_shape(layer, input_shape, expected):
    out = layer(backend.KerasTensor(input_shape))
    assert tuple(out.shape) == expected
    assert layer.compute_output_shape(input_shape) == expected


def test_conv_wrong_rank_raises():
    layer = _layer(layers.Conv2D, 2, 3, name="conv_a")
    with pytest.raises(ValueError, match=r"conv_a.*rank 4.*\(2, 8, 3\)"):
        layer(np.ones((2, 8, 3), "float32"))
    with pytest.raises(ValueError, match="conv_a"):
        layer(backend.KerasTensor((None, 8, 8, 3, 1)))


def test_conv_wrong_channels_after_build_raises():
    layer = _layer(layers.Conv2D, 2, 3, name="conv_b")
    layer(backend.KerasTensor((None, 8, 8, 3)))
    with pytest.raises(ValueError, match=r"conv_b.*axis -1"):
        layer(backend.KerasTensor((None, 8, 8, 4)))


def test_conv_config_round_trip():
    layer = _layer(
        layers.Conv2D,
        8,
        (3, 1),
        strides=(2, 1),
        padding="SAME",
        groups=2,
        activation="relu",
        use_bias=False,
        data_format="channels_first",
        name="conv_c",
    )
    config = layer.get_config()
    assert config["kernel_size"] == (3, 1)
    assert config["strides"] == (2, 1)
    assert config["dilation_rate"] == (1, 1)
    assert config["padding"] == "same"
    assert config["groups"] == 2
    assert config["data_format"] == "channels_first"
    restored = layers.Conv2D.from_config(config)
    assert restored.get_config() == config
    for key in ("kernel_initializer", "kernel_regularizer", "bias_constraint"):
        assert key in config


def test_conv1d_config_keeps_causal_padding():
    layer = _layer(layers.Conv1D, 4, 2, padding="causal")
    restored = layers.Conv1D.from_config(layer.get_config())
    assert restored.padding == "causal"
    x = _random(1, 5, 3)
    assert tuple(restored(x).shape) == (1, 5, 4)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"filters": 0, "kernel_size": 3}, "filters"),
        ({"filters": 4, "kernel_size": 0}, "kernel_size"),
        ({"filters": 4, "kernel_size": (3, 3, 3)}, "kernel_size"),
        ({"filters": 4, "kernel_size": 3, "groups": 3}, "groups"),
        ({"filters": 4, "kernel_size": 3, "strides": 0}, "strides"),
        (
            {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2},
            "dilation_rate",
        ),
        ({"filters": 4, "kernel_size": 3, "padding": "causal"}, "padding"),
        ({"filters": 4, "kernel_size": 3, "padding": "full"}, "padding"),
        (
            {"filters": 4, "kernel_size": 3, "data_format": "nhwc"},
            "data_format",
        ),
    ],
)
def test_conv2d_invalid_arguments_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.Conv2D(**kwargs)


def test_conv_build_errors_name_the_shapes():
    with pytest.raises(ValueError, match=r"groups=2.*\(None, 5, 5, 3\)"):
        _layer(layers.Conv2D, 4, 3, groups=2).build((None, 5, 5, 3))
    with pytest.raises(ValueError, match=r"empty.*\(None, 2, 2, 3\)"):
        _layer(layers.Conv2D, 4, 3).build((None, 2, 2, 3))
    with pytest.raises(ValueError, match="input channels"):
        _layer(layers.Conv2D, 4, 3).build((None, 5, 5, None))


@pytest.mark.parametrize("cls", [layers.Conv2D, layers.Conv2DTranspose])
def test_conv_mixed_precision_computes_in_float16(cls):
    layer = _layer(cls, 3, 2, dtype="mixed_float16")
    x = _random(1, 5, 5, 2)
    kernel, bias = _set_weights(layer, x.shape)
    out = layer(x)
    assert kerata.ops.dtype(out) == "float16"
    assert layer.kernel.dtype == "float32"
    full = _layer(cls, 3, 2)
    full.build(x.shape)
    full.set_weights([kernel, bias])
    assert_allclose(out, full(x), rtol=1e-2, atol=1e-2)
