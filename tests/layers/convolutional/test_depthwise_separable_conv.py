"""DepthwiseConv1D/2D and SeparableConv1D/2D: numerics against NumPy and
torch.nn, weights, shapes, configs and training."""

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src import backend
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_conv as reference

TOL = {"rtol": 1e-5, "atol": 1e-5}
# Zeros initializers: random ones compile per shape on JAX (seconds), and
# the tests set the weights they need anyway.
ZEROS = {"depthwise_initializer": "zeros"}
SEPARABLE_ZEROS = {**ZEROS, "pointwise_initializer": "zeros"}


def _random(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def _set_weights(layer, input_shape, seed=1):
    layer.build(input_shape)
    weights = [
        _random(*w.shape, seed=seed + i) for i, w in enumerate(layer.weights)
    ]
    layer.set_weights(weights)
    return weights


def _depthwise_reference(x, kernel, bias, **kwargs):
    # A depthwise kernel (*window, channels, multiplier) is the grouped
    # kernel (*window, 1, channels * multiplier), one group per channel.
    grouped = kernel.reshape(*kernel.shape[:-2], 1, -1)
    return reference.conv(x, grouped, bias, **kwargs)


def _separable_reference(x, depthwise, pointwise, bias, data_format, **kw):
    mid = _depthwise_reference(
        x, depthwise, None, data_format=data_format, **kw
    )
    return reference.conv(mid, pointwise, bias, data_format=data_format)


def _shape(rank, data_format, channels=3):
    spatial = (9,) if rank == 1 else (7, 6)
    if data_format == "channels_last":
        return (2, *spatial, channels)
    return (2, channels, *spatial)


DEPTHWISE_CASES = [
    # rank, kernel_size, strides, padding, dilation, multiplier, data_format
    (2, 3, 1, "valid", 1, 1, "channels_last"),
    (2, (3, 2), 2, "same", 1, 2, "channels_first"),
    (2, 3, 1, "same", 2, 3, "channels_last"),
    (2, 2, (2, 1), "valid", 1, 1, "channels_first"),
    (1, 3, 1, "valid", 1, 2, "channels_last"),
    (1, 3, 2, "same", 1, 1, "channels_first"),
    (1, 3, 1, "causal", 2, 2, "channels_last"),
    (1, 2, 1, "causal", 1, 1, "channels_first"),
]
CLASSES = {
    ("depthwise", 1): layers.DepthwiseConv1D,
    ("depthwise", 2): layers.DepthwiseConv2D,
    ("separable", 1): layers.SeparableConv1D,
    ("separable", 2): layers.SeparableConv2D,
}


@pytest.mark.parametrize(
    ("rank", "kernel_size", "strides", "padding", "dilation", "mult", "fmt"),
    DEPTHWISE_CASES,
)
def test_depthwise_conv_matches_reference(
    rank, kernel_size, strides, padding, dilation, mult, fmt
):
    layer = CLASSES["depthwise", rank](
        kernel_size,
        strides=strides,
        padding=padding,
        depth_multiplier=mult,
        dilation_rate=dilation,
        data_format=fmt,
        **ZEROS,
    )
    shape = _shape(rank, fmt)
    kernel, bias = _set_weights(layer, shape)
    assert kernel.shape == layer.kernel_size + (3, mult)
    assert bias.shape == (3 * mult,)
    x = _random(*shape)
    expected = _depthwise_reference(
        x,
        kernel,
        bias,
        strides=strides,
        padding=padding,
        data_format=fmt,
        dilation_rate=dilation,
    )
    assert_allclose(layer(x), expected, **TOL)
    assert layer.compute_output_shape(shape) == expected.shape


@pytest.mark.parametrize(
    ("rank", "kernel_size", "strides", "padding", "dilation", "mult", "fmt"),
    DEPTHWISE_CASES[::2] + DEPTHWISE_CASES[1:2],
)
def test_separable_conv_matches_reference(
    rank, kernel_size, strides, padding, dilation, mult, fmt
):
    layer = CLASSES["separable", rank](
        5,
        kernel_size,
        strides=strides,
        padding=padding,
        depth_multiplier=mult,
        dilation_rate=dilation,
        data_format=fmt,
        activation="relu",
        **SEPARABLE_ZEROS,
    )
    shape = _shape(rank, fmt)
    depthwise, pointwise, bias = _set_weights(layer, shape)
    assert depthwise.shape == layer.kernel_size + (3, mult)
    assert pointwise.shape == (1,) * rank + (3 * mult, 5)
    assert [w.name for w in layer.weights] == [
        "depthwise_kernel",
        "pointwise_kernel",
        "bias",
    ]
    x = _random(*shape)
    expected = _separable_reference(
        x,
        depthwise,
        pointwise,
        bias,
        fmt,
        strides=strides,
        padding=padding,
        dilation_rate=dilation,
    )
    assert_allclose(layer(x), np.maximum(expected, 0), **TOL)
    assert layer.compute_output_shape(shape) == expected.shape


@pytest.mark.parametrize("kind", ["depthwise", "separable"])
def test_no_bias_and_activation(kind):
    args = (4, 3) if kind == "separable" else (3,)
    init = SEPARABLE_ZEROS if kind == "separable" else ZEROS
    layer = CLASSES[kind, 2](*args, use_bias=False, activation="tanh", **init)
    x = _random(1, 5, 5, 2)
    weights = _set_weights(layer, x.shape)
    assert layer.bias is None
    assert len(weights) == (2 if kind == "separable" else 1)
    if kind == "separable":
        expected = _separable_reference(x, *weights, None, "channels_last")
    else:
        expected = _depthwise_reference(x, weights[0], None)
    assert_allclose(layer(x), np.tanh(expected), **TOL)


@run_if(module="torch")
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_depthwise_conv2d_matches_torch_grouped_conv(data_format):
    import torch

    layer = layers.DepthwiseConv2D(
        3,
        strides=2,
        padding="same",
        depth_multiplier=2,
        data_format=data_format,
        **ZEROS,
    )
    x_first = _random(2, 3, 8, 7)
    x = (
        np.moveaxis(x_first, 1, -1)
        if data_format == "channels_last"
        else x_first
    )
    kernel, bias = _set_weights(layer, x.shape)
    module = torch.nn.Conv2d(3, 6, 3, stride=2, padding=1, groups=3)
    with torch.no_grad():
        # (kh, kw, in, mult) -> (in * mult, 1, kh, kw)
        weight = kernel.reshape(3, 3, 1, 6).transpose(3, 2, 0, 1)
        module.weight.copy_(torch.from_numpy(weight))
        module.bias.copy_(torch.from_numpy(bias))
        # TF's "same" for an 8x7 input, stride 2, kernel 3 pads (0, 1) and
        # (1, 1): crop torch's symmetric padding to match.
        padded = torch.nn.functional.pad(
            torch.from_numpy(x_first), (1, 1, 0, 1)
        )
        module.padding = (0, 0)
        expected = module(padded).numpy()
    if data_format == "channels_last":
        expected = np.moveaxis(expected, 1, -1)
    assert_allclose(layer(x), expected, **TOL)


@run_if(module="torch")
def test_separable_conv1d_matches_torch():
    import torch

    layer = layers.SeparableConv1D(
        4, 3, dilation_rate=2, depth_multiplier=2, **SEPARABLE_ZEROS
    )
    x = _random(2, 10, 3)
    depthwise, pointwise, bias = _set_weights(layer, x.shape)
    dw = torch.nn.Conv1d(3, 6, 3, dilation=2, groups=3, bias=False)
    pw = torch.nn.Conv1d(6, 4, 1)
    with torch.no_grad():
        dw.weight.copy_(
            torch.from_numpy(depthwise.reshape(3, 1, 6).transpose(2, 1, 0))
        )
        pw.weight.copy_(torch.from_numpy(pointwise.transpose(2, 1, 0)))
        pw.bias.copy_(torch.from_numpy(bias))
        expected = pw(dw(torch.from_numpy(x).transpose(1, 2))).transpose(1, 2)
    assert_allclose(layer(x), expected.numpy(), **TOL)


@pytest.mark.parametrize(
    ("layer", "input_shape", "expected"),
    [
        (
            layers.DepthwiseConv2D(3, depth_multiplier=2, **ZEROS),
            (None, 8, 8, 3),
            (None, 6, 6, 6),
        ),
        (
            layers.DepthwiseConv1D(3, padding="causal", **ZEROS),
            (None, None, 4),
            (None, None, 4),
        ),
        (
            layers.SeparableConv2D(
                5, 3, strides=2, data_format="channels_first", **SEPARABLE_ZEROS
            ),
            (None, 3, 9, 7),
            (None, 5, 4, 3),
        ),
        (
            layers.SeparableConv1D(5, 2, padding="same", **SEPARABLE_ZEROS),
            (None, 7, 2),
            (None, 7, 5),
        ),
    ],
)
def test_symbolic_output_shape(layer, input_shape, expected):
    out = layer(backend.KerasTensor(input_shape))
    assert tuple(out.shape) == expected
    assert layer.compute_output_shape(input_shape) == expected


def test_depthwise_output_shape_with_unknown_channels():
    layer = layers.DepthwiseConv2D(3, depth_multiplier=2)
    assert layer.compute_output_shape((None, 5, 5, None)) == (None, 3, 3, None)
    with pytest.raises(ValueError, match="input channels"):
        layer.build((None, 5, 5, None))


def test_causal_output_ignores_the_future():
    layer = layers.SeparableConv1D(2, 3, padding="causal", **SEPARABLE_ZEROS)
    x = _random(1, 6, 2)
    _set_weights(layer, x.shape)
    changed = x.copy()
    changed[:, 4:] += 10.0
    before = kerata.ops.convert_to_numpy(layer(x))
    after = kerata.ops.convert_to_numpy(layer(changed))
    np.testing.assert_allclose(before[:, :4], after[:, :4], rtol=1e-5)


def test_depthwise_config_round_trip():
    layer = layers.DepthwiseConv2D(
        (3, 1),
        strides=(2, 1),
        padding="SAME",
        depth_multiplier=2,
        activation="relu",
        depthwise_regularizer="l2",
        data_format="channels_first",
        name="dw_a",
    )
    config = layer.get_config()
    assert config["kernel_size"] == (3, 1)
    assert config["padding"] == "same"
    assert config["depth_multiplier"] == 2
    for key in ("depthwise_initializer", "depthwise_constraint", "filters"):
        assert (key in config) == (key != "filters")
    restored = layers.DepthwiseConv2D.from_config(config)
    assert restored.get_config() == config


def test_separable_config_round_trip():
    layer = layers.SeparableConv1D(
        6,
        3,
        padding="causal",
        depth_multiplier=3,
        pointwise_initializer="he_normal",
        pointwise_regularizer="l1",
        name="sep_a",
    )
    config = layer.get_config()
    assert config["filters"] == 6
    assert config["padding"] == "causal"
    assert "pointwise_constraint" in config
    restored = layers.SeparableConv1D.from_config(config)
    assert restored.get_config() == config


def test_regularizers_add_losses():
    layer = layers.SeparableConv2D(
        2,
        1,
        depthwise_regularizer=kerata.regularizers.L2(1.0),
        pointwise_regularizer=kerata.regularizers.L1(1.0),
        **SEPARABLE_ZEROS,
    )
    depthwise, pointwise, _ = _set_weights(layer, (1, 3, 3, 2))
    layer(_random(1, 3, 3, 2))
    total = sum(float(kerata.ops.convert_to_numpy(v)) for v in layer.losses)
    expected = (depthwise**2).sum() + np.abs(pointwise).sum()
    np.testing.assert_allclose(total, expected, rtol=1e-5)


@pytest.mark.parametrize(
    ("cls", "kwargs", "message"),
    [
        (
            layers.DepthwiseConv2D,
            {"kernel_size": 3, "depth_multiplier": 0},
            "depth_multiplier",
        ),
        (layers.DepthwiseConv2D, {"kernel_size": 0}, "kernel_size"),
        (
            layers.DepthwiseConv2D,
            {"kernel_size": 3, "padding": "causal"},
            "padding",
        ),
        (
            layers.DepthwiseConv1D,
            {"kernel_size": 3, "strides": (1, 1)},
            "strides",
        ),
        (layers.SeparableConv2D, {"filters": 0, "kernel_size": 3}, "filters"),
        (
            layers.SeparableConv1D,
            {"filters": 2, "kernel_size": 3, "padding": "full"},
            "padding",
        ),
    ],
)
def test_invalid_arguments_raise(cls, kwargs, message):
    with pytest.raises(ValueError, match=message):
        cls(**kwargs)


def test_aliases():
    assert layers.SeparableConvolution1D is layers.SeparableConv1D
    assert layers.SeparableConvolution2D is layers.SeparableConv2D


@pytest.mark.parametrize("kind", ["depthwise", "separable"])
def test_mixed_precision_computes_in_float16(kind):
    args = (3, 2) if kind == "separable" else (2,)
    init = SEPARABLE_ZEROS if kind == "separable" else ZEROS
    layer = CLASSES[kind, 2](*args, dtype="mixed_float16", **init)
    x = _random(1, 5, 5, 2)
    weights = _set_weights(layer, x.shape)
    out = layer(x)
    assert kerata.ops.dtype(out) == "float16"
    assert all(w.dtype == "float32" for w in layer.weights)
    full = CLASSES[kind, 2](*args, **init)
    full.build(x.shape)
    full.set_weights(weights)
    assert_allclose(out, full(x), rtol=1e-2, atol=1e-2)


@pytest.mark.slow
@run_if(trainable=True)
def test_separable_model_fit_reduces_the_loss():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((32, 6, 6, 2)).astype("float32")
    y = x.mean(axis=(1, 2)) @ np.array([[1.0], [-1.0]], "float32")
    model = kerata.Sequential(
        [
            kerata.Input(shape=(6, 6, 2)),
            layers.SeparableConv2D(4, 3, padding="same", depth_multiplier=2),
            layers.GlobalAveragePooling2D(),
            layers.Dense(1),
        ]
    )
    model.compile(optimizer=kerata.optimizers.Adam(0.05), loss="mse")
    history = model.fit(x, y, batch_size=8, epochs=6, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0]
