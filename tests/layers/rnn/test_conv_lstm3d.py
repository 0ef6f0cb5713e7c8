"""ConvLSTM3D: numerics against the NumPy ConvLSTM reference of
test_conv_lstm (on 3D convolutions), states, shapes, config, training,
errors and Keras parity."""

import os
import sys

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src import backend
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from tests.layers.rnn.test_conv_lstm import _conv_lstm_reference

TOL = {"rtol": 1e-4, "atol": 1e-5}


def _random(*shape, seed=0, scale=0.5):
    rng = np.random.default_rng(seed)
    return (scale * rng.standard_normal(shape)).astype("float32")


def _layer(*args, **kwargs):
    # Zeros initializers: random ones compile once per shape on JAX, and
    # the tests set the weights anyway.
    kwargs.setdefault("kernel_initializer", "zeros")
    kwargs.setdefault("recurrent_initializer", "zeros")
    return layers.ConvLSTM3D(*args, **kwargs)


def _set_random_weights(layer, input_shape, seed=1):
    layer.build(input_shape)
    weights = [
        _random(*w.shape, seed=seed + i) for i, w in enumerate(layer.weights)
    ]
    layer.set_weights(weights)
    return weights


@pytest.mark.parametrize(
    ("padding", "data_format"),
    [
        ("same", "channels_last"),
        # Each configuration compiles anew on JAX (seconds): slow.
        pytest.param("valid", "channels_first", marks=pytest.mark.slow),
    ],
)
def test_conv_lstm3d_matches_reference(padding, data_format):
    layer = _layer(
        2, 2, padding=padding, data_format=data_format, return_sequences=True
    )
    if data_format == "channels_last":
        shape = (2, 3, 4, 3, 3, 2)
    else:
        shape = (2, 3, 2, 4, 3, 3)
    weights = _set_random_weights(layer, shape)
    assert [tuple(w.shape) for w in layer.weights] == [
        (2, 2, 2, 2, 8),
        (2, 2, 2, 2, 8),
        (8,),
    ]
    x = _random(*shape, seed=7)
    expected, _, _ = _conv_lstm_reference(
        x, *weights, padding=padding, data_format=data_format
    )
    out = layer(x)
    assert_allclose(out, expected, **TOL)
    assert tuple(out.shape) == layer.compute_output_shape(shape)


def test_states_with_strides_and_go_backwards():
    layer = _layer(
        3, (1, 2, 2), strides=2, return_state=True, go_backwards=True
    )
    shape = (1, 3, 3, 4, 4, 2)
    weights = _set_random_weights(layer, shape)
    x = _random(*shape, seed=4)
    outputs, h, c = _conv_lstm_reference(
        x, *weights, strides=2, go_backwards=True
    )
    out, got_h, got_c = layer(x)
    assert tuple(out.shape) == (1, 2, 2, 2, 3)
    assert_allclose(out, outputs[:, -1], **TOL)
    assert_allclose(got_h, h, **TOL)
    assert_allclose(got_c, c, **TOL)


def test_symbolic_shape_and_config_round_trip():
    layer = _layer(4, 3, padding="same", dilation_rate=2, return_sequences=True)
    out = layer(kerata.Input(shape=(None, 5, 5, 5, 1)))
    assert out.shape == (None, None, 5, 5, 5, 4)
    config = layer.get_config()
    assert config["kernel_size"] == (3, 3, 3)
    assert config["dilation_rate"] == (2, 2, 2)
    assert "rank" not in config
    clone = layers.ConvLSTM3D.from_config(config)
    assert clone.get_config() == config


def test_bad_arguments_and_inputs():
    with pytest.raises(ValueError, match="kernel_size"):
        layers.ConvLSTM3D(2, (3, 3))
    with pytest.raises(ValueError, match="filters"):
        layers.ConvLSTM3D(0, 3)
    with pytest.raises(ValueError, match="ndim|rank|dimension"):
        layers.ConvLSTM3D(2, 3)(kerata.Input(shape=(4, 5, 5, 1)))


# About 9 s on JAX (compiling the training loop): slow.
@pytest.mark.slow
@run_if(trainable=True)
def test_fit_reduces_the_loss():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8, 2, 3, 3, 3, 1)).astype("float32")
    y = x.sum(axis=(1, 2, 3, 4)).astype("float32")
    model = kerata.Sequential(
        [
            kerata.Input(shape=(2, 3, 3, 3, 1)),
            layers.ConvLSTM3D(2, 2, padding="same"),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )
    model.compile(optimizer=kerata.optimizers.Adam(0.05), loss="mse")
    history = model.fit(x, y, batch_size=8, epochs=4, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0]


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


# Keras's eager JAX ops compile for seconds: slow.
@pytest.mark.slow
@pytest.mark.parity
def test_conv_lstm3d_matches_keras(keras):
    shape = (1, 2, 3, 4, 3, 2)
    x = _random(*shape, seed=6)
    kwargs = {"padding": "same", "return_sequences": True}
    zeros = {"kernel_initializer": "zeros", "recurrent_initializer": "zeros"}
    theirs = keras.layers.ConvLSTM3D(2, 2, **kwargs, **zeros)
    theirs.build(shape)
    weights = [_random(*w.shape, seed=i) for i, w in enumerate(theirs.weights)]
    theirs.set_weights(weights)
    ours = _layer(2, 2, **kwargs)
    ours.build(shape)
    ours.set_weights(weights)
    expected = keras.ops.convert_to_numpy(theirs(x))
    assert_allclose(ours(x), expected, **TOL)
    skip = ("name", "dtype")
    config = ours.get_config()
    their_config = theirs.get_config()
    assert {k: v for k, v in config.items() if k not in skip} == {
        k: v for k, v in their_config.items() if k not in skip
    }
    assert keras.layers.ConvLSTM3D.from_config(config).filters == 2
    assert layers.ConvLSTM3D.from_config(their_config).filters == 2
