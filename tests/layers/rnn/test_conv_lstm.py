"""ConvLSTM1D and ConvLSTM2D: numerics against a NumPy reference built on
the reference convolution, states, masks, shapes, configs, errors, and
Keras parity."""

import os
import sys

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src import backend
from kerata.src import ops
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_conv

TOL = {"rtol": 1e-4, "atol": 1e-5}


def _random(*shape, seed=0, scale=0.5):
    rng = np.random.default_rng(seed)
    return (scale * rng.standard_normal(shape)).astype("float32")


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _conv_lstm_reference(
    x,
    kernel,
    recurrent_kernel,
    bias,
    strides=1,
    padding="valid",
    dilation_rate=1,
    data_format="channels_last",
    go_backwards=False,
    initial_state=None,
    mask=None,
):
    """Runs a ConvLSTM with NumPy; returns `(outputs, h, c)`, outputs in
    the order the steps ran. Masked steps keep the states and output the
    previous output."""
    if data_format == "channels_first":
        x = np.moveaxis(x, 2, -1)
        if initial_state is not None:
            initial_state = [np.moveaxis(s, 1, -1) for s in initial_state]
    steps = x.shape[1]
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    h = c = previous = None
    if initial_state is not None:
        h, c = initial_state
    outputs = []
    for t in order:
        z_x = layers_conv.conv(
            x[:, t], kernel, bias, strides, padding, dilation_rate=dilation_rate
        )
        if h is None:
            h = c = np.zeros_like(z_x[..., : kernel.shape[-1] // 4])
        z = z_x + layers_conv.conv(h, recurrent_kernel, padding="same")
        z_i, z_f, z_c, z_o = np.split(z, 4, axis=-1)
        new_c = _sigmoid(z_f) * c + _sigmoid(z_i) * np.tanh(z_c)
        new_h = _sigmoid(z_o) * np.tanh(new_c)
        out = new_h
        if mask is not None:
            keep = mask[:, t].reshape((-1,) + (1,) * (h.ndim - 1))
            prev = np.zeros_like(out) if previous is None else previous
            out = np.where(keep, new_h, prev)
            new_h = np.where(keep, new_h, h)
            new_c = np.where(keep, new_c, c)
        h, c, previous = new_h, new_c, out
        outputs.append(out)
    outputs = np.stack(outputs, axis=1)
    if data_format == "channels_first":
        outputs = np.moveaxis(outputs, -1, 2)
        h, c = np.moveaxis(h, -1, 1), np.moveaxis(c, -1, 1)
    return outputs, h, c


def _zero_init(cls, *args, **kwargs):
    """A layer with zeros initializers: random ones (orthogonal above
    all) compile once per shape on JAX, which costs seconds, and the
    tests set the weights they need anyway."""
    kwargs.setdefault("kernel_initializer", "zeros")
    kwargs.setdefault("recurrent_initializer", "zeros")
    return cls(*args, **kwargs)


def _build_with_random_weights(layer, input_shape, seed=1):
    layer.build(input_shape)
    weights = [
        _random(*w.shape, seed=seed + i) for i, w in enumerate(layer.weights)
    ]
    layer.set_weights(weights)
    return weights


CONV_LSTM2D_CASES = [
    # strides, padding, dilation_rate, data_format
    (1, "same", 1, "channels_last"),
    (1, "valid", 1, "channels_first"),
    # Each configuration compiles anew on JAX (seconds): slow.
    pytest.param(2, "same", 1, "channels_last", marks=pytest.mark.slow),
    pytest.param((1, 2), "valid", 1, "channels_first", marks=pytest.mark.slow),
    (1, "same", 2, "channels_last"),
]


@pytest.mark.parametrize(
    ("strides", "padding", "dilation_rate", "data_format"), CONV_LSTM2D_CASES
)
def test_conv_lstm2d_matches_reference(
    strides, padding, dilation_rate, data_format
):
    layer = _zero_init(
        layers.ConvLSTM2D,
        3,
        (3, 2),
        strides=strides,
        padding=padding,
        dilation_rate=dilation_rate,
        data_format=data_format,
        return_sequences=True,
    )
    if data_format == "channels_last":
        shape = (2, 3, 6, 5, 2)
    else:
        shape = (2, 3, 2, 6, 5)
    weights = _build_with_random_weights(layer, shape)
    x = _random(*shape, seed=7)
    expected, _, _ = _conv_lstm_reference(
        x,
        *weights,
        strides=strides,
        padding=padding,
        dilation_rate=dilation_rate,
        data_format=data_format,
    )
    out = layer(x)
    assert_allclose(out, expected, **TOL)
    assert tuple(out.shape) == layer.compute_output_shape(shape)


@pytest.mark.parametrize("go_backwards", [False, True])
def test_conv_lstm1d_states_match_reference(go_backwards):
    layer = _zero_init(
        layers.ConvLSTM1D,
        4,
        3,
        padding="same",
        return_state=True,
        go_backwards=go_backwards,
    )
    weights = _build_with_random_weights(layer, (2, 5, 6, 3))
    x = _random(2, 5, 6, 3, seed=3)
    outputs, h, c = _conv_lstm_reference(
        x, *weights, padding="same", go_backwards=go_backwards
    )
    out, got_h, got_c = layer(x)
    assert_allclose(out, outputs[:, -1], **TOL)
    assert_allclose(got_h, h, **TOL)
    assert_allclose(got_c, c, **TOL)


def test_initial_state_and_no_bias():
    layer = _zero_init(
        layers.ConvLSTM1D,
        2,
        3,
        use_bias=False,
        return_sequences=True,
        data_format="channels_first",
    )
    kernel, recurrent_kernel = _build_with_random_weights(layer, (2, 4, 3, 7))
    assert len(layer.weights) == 2
    x = _random(2, 4, 3, 7, seed=5)
    initial = [_random(2, 2, 5, seed=8), _random(2, 2, 5, seed=9)]
    expected, _, _ = _conv_lstm_reference(
        x,
        kernel,
        recurrent_kernel,
        None,
        data_format="channels_first",
        initial_state=initial,
    )
    assert_allclose(layer(x, initial_state=initial), expected, **TOL)


def test_mask_keeps_the_states_of_masked_steps():
    layer = _zero_init(
        layers.ConvLSTM1D, 2, 3, padding="same", return_sequences=True
    )
    weights = _build_with_random_weights(layer, (2, 4, 5, 2))
    x = _random(2, 4, 5, 2, seed=11)
    mask = np.array([[True, True, False, True], [True, False, False, False]])
    expected, _, _ = _conv_lstm_reference(
        x, *weights, padding="same", mask=mask
    )
    out = layer(x, mask=ops.convert_to_tensor(mask))
    assert_allclose(out, expected, **TOL)


def test_unit_forget_bias_initializes_the_forget_gate_to_one():
    layer = _zero_init(layers.ConvLSTM2D, 2, 3)
    layer.build((None, 2, 5, 5, 1))
    bias = ops.convert_to_numpy(layer.cell.bias)
    assert bias.tolist() == [0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    plain = _zero_init(layers.ConvLSTM2D, 2, 3, unit_forget_bias=False)
    plain.build((None, 2, 5, 5, 1))
    assert not ops.convert_to_numpy(plain.cell.bias).any()


def test_weights_and_shapes():
    layer = _zero_init(layers.ConvLSTM2D, 4, 3, strides=2, return_state=True)
    out = layer(kerata.Input(shape=(6, 9, 9, 3)))
    assert [o.shape for o in out] == [(None, 4, 4, 4)] * 3
    assert [tuple(w.shape) for w in layer.weights] == [
        (3, 3, 3, 16),
        (3, 3, 4, 16),
        (16,),
    ]
    assert [w.path for w in layer.weights][0] == (
        f"{layer.name}/conv_lstm_cell/kernel"
    )
    seq = layers.ConvLSTM1D(3, 2, return_sequences=True)
    assert seq.compute_output_shape((None, None, 8, 2)) == (None, None, 7, 3)


def test_functional_model():
    inputs = kerata.Input(shape=(4, 6, 2))
    layer = _zero_init(
        layers.ConvLSTM1D, 3, 3, padding="same", return_sequences=True
    )
    model = kerata.Model(inputs, layer(inputs))
    x = _random(2, 4, 6, 2, seed=2)
    assert_allclose(model(x), layer(x))


def test_dropout_only_in_training():
    layer = _zero_init(
        layers.ConvLSTM1D,
        3,
        3,
        dropout=0.5,
        recurrent_dropout=0.5,
        seed=1,
        padding="same",
        kernel_initializer="ones",
    )
    x = _random(2, 4, 6, 2, seed=4)
    first = ops.convert_to_numpy(layer(x))
    assert_allclose(layer(x), first)
    dropped = layer(x, training=True)
    assert tuple(dropped.shape) == first.shape
    assert not np.allclose(ops.convert_to_numpy(dropped), first)


def test_config_round_trip():
    layer = _zero_init(
        layers.ConvLSTM2D,
        3,
        (2, 3),
        strides=(1, 2),
        padding="same",
        recurrent_activation="hard_sigmoid",
        dropout=0.1,
        return_sequences=True,
        go_backwards=True,
        name="clstm",
    )
    x = _random(1, 2, 5, 6, 2)
    expected = layer(x)
    config = layer.get_config()
    assert "cell" not in config
    assert config["kernel_size"] == (2, 3)
    assert config["strides"] == (1, 2)
    assert config["recurrent_activation"] == "hard_sigmoid"
    clone = layers.ConvLSTM2D.from_config(config)
    clone(x)
    clone.set_weights(layer.get_weights())
    assert_allclose(clone(x), expected)
    assert clone.get_config() == config
    assert clone.filters == 3
    assert clone.padding == "same"


def test_errors():
    with pytest.raises(ValueError, match="filters"):
        layers.ConvLSTM2D(0, 3)
    with pytest.raises(ValueError, match="dilation_rate"):
        layers.ConvLSTM2D(2, 3, strides=2, dilation_rate=2)
    with pytest.raises(ValueError, match="padding"):
        layers.ConvLSTM1D(2, 3, padding="causal")
    with pytest.raises(ValueError, match="static spatial"):
        layers.ConvLSTM2D(2, 3)(kerata.Input(shape=(4, None, 5, 1)))
    with pytest.raises(ValueError):
        layers.ConvLSTM2D(2, 3)(kerata.Input(shape=(4, 5, 1)))


@pytest.mark.slow
@run_if(trainable=True)
def test_fit_reduces_the_loss():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 3, 6, 2)).astype("float32")
    y = x.sum(axis=(1, 2)).astype("float32")[:, :1]
    model = kerata.Sequential(
        [
            kerata.Input(shape=(3, 6, 2)),
            layers.ConvLSTM1D(4, 3, padding="same"),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )
    model.compile(optimizer=kerata.optimizers.Adam(0.02), loss="mse")
    history = model.fit(x, y, batch_size=8, epochs=5, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0]


# --- Keras parity -----------------------------------------------------


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = backend.backend()
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != backend.backend():
        pytest.skip(
            f"keras was imported with the {keras.backend.backend()!r} "
            f"backend, kerata runs {backend.backend()!r}"
        )
    return keras


@pytest.mark.parity
@pytest.mark.parametrize(
    "kwargs",
    [
        {"padding": "same", "return_sequences": True},
        # Each configuration compiles anew on JAX (seconds): slow.
        pytest.param(
            {"strides": 2, "return_state": True, "go_backwards": True},
            marks=pytest.mark.slow,
        ),
        pytest.param(
            {"data_format": "channels_first", "dilation_rate": 2},
            marks=pytest.mark.slow,
        ),
    ],
)
def test_conv_lstm2d_matches_keras(keras, kwargs):
    data_format = kwargs.get("data_format", "channels_last")
    shape = (
        (2, 3, 7, 6, 2) if data_format == "channels_last" else (2, 3, 2, 7, 6)
    )
    x = _random(*shape, seed=6)
    zeros = {"kernel_initializer": "zeros", "recurrent_initializer": "zeros"}
    theirs = keras.layers.ConvLSTM2D(3, 3, **kwargs, **zeros)
    theirs.build(shape)
    weights = [_random(*w.shape, seed=i) for i, w in enumerate(theirs.weights)]
    theirs.set_weights(weights)
    expected = theirs(x)
    ours = layers.ConvLSTM2D(3, 3, **kwargs, **zeros)
    ours.build(shape)
    ours.set_weights(weights)
    got = ours(x)
    if kwargs.get("return_state"):
        for a, b in zip(got, expected):
            assert_allclose(a, keras.ops.convert_to_numpy(b), **TOL)
    else:
        assert_allclose(got, keras.ops.convert_to_numpy(expected), **TOL)
    # Configs load in both directions.
    config = ours.get_config()
    their_config = theirs.get_config()
    skip = ("name", "dtype")
    assert {k: v for k, v in config.items() if k not in skip} == {
        k: v for k, v in their_config.items() if k not in skip
    }
    assert keras.layers.ConvLSTM2D.from_config(config).filters == 3
    assert layers.ConvLSTM2D.from_config(their_config).filters == 3
