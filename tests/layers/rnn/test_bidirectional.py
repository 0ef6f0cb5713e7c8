"""Bidirectional: numerics against the NumPy recurrent reference and
torch.nn.LSTM, merge modes, states, masks, shapes, configs, errors,
training and Keras parity."""

import os
import sys

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src import backend
from kerata.src import ops
from kerata.src.backend.common import masking
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import rnn as reference

TOL = {"rtol": 1e-5, "atol": 1e-5}
ZEROS = {"kernel_initializer": "zeros", "recurrent_initializer": "zeros"}


def _random(*shape, seed=0, scale=0.5):
    rng = np.random.default_rng(seed)
    return (scale * rng.standard_normal(shape)).astype("float32")


def _lstm(units=3, **kwargs):
    # Zeros initializers: random ones compile per shape on JAX (seconds),
    # and the tests set their own weights.
    return layers.LSTM(units, **ZEROS, **kwargs)


def _build_with_random_weights(layer, input_shape, seed=1):
    layer.build(input_shape)
    weights = [
        _random(*w.shape, seed=seed + i) for i, w in enumerate(layer.weights)
    ]
    layer.set_weights(weights)
    return weights


def _reference(x, weights, mask=None, initial_state=None, zero_output=True):
    """Forward and backward LSTM outputs (aligned in time) and states."""
    units = weights[1].shape[0]
    zeros = np.zeros((x.shape[0], units), "float32")
    init = initial_state or [zeros] * 4
    results = []
    for direction, w in enumerate((weights[:3], weights[3:])):

        def step(x_t, states, w=w):
            return reference.lstm_step(x_t, states, *w)

        outputs, states = reference.run(
            step,
            x,
            init[2 * direction : 2 * direction + 2],
            mask=mask,
            go_backwards=direction == 1,
            zero_output_for_mask=zero_output,
        )
        results.append((outputs, states))
    (fw, fw_states), (bw, bw_states) = results
    # The backward outputs ran from the last step: put them back in order.
    return fw, bw[:, ::-1], fw_states, bw_states


MERGED = {
    "concat": lambda a, b: np.concatenate([a, b], axis=-1),
    "sum": lambda a, b: a + b,
    "mul": lambda a, b: a * b,
    "ave": lambda a, b: (a + b) / 2,
}


@pytest.mark.parametrize("merge_mode", ["concat", "sum", "mul", "ave", None])
def test_merge_modes_match_reference(merge_mode):
    layer = layers.Bidirectional(
        _lstm(return_sequences=True), merge_mode=merge_mode
    )
    weights = _build_with_random_weights(layer, (2, 4, 5))
    x = _random(2, 4, 5, seed=9)
    fw, bw, _, _ = _reference(x, weights)
    out = layer(x)
    if merge_mode is None:
        assert_allclose(out[0], fw, **TOL)
        assert_allclose(out[1], bw, **TOL)
    else:
        assert_allclose(out, MERGED[merge_mode](fw, bw), **TOL)


def test_last_output_and_states_with_initial_state():
    layer = layers.Bidirectional(_lstm(return_state=True))
    weights = _build_with_random_weights(layer, (2, 4, 5))
    x = _random(2, 4, 5, seed=3)
    initial = [_random(2, 3, seed=20 + i) for i in range(4)]
    fw, bw, fw_states, bw_states = _reference(x, weights, initial_state=initial)
    out, *states = layer(x, initial_state=initial)
    # Without return_sequences the backward output is its last step,
    # the one that read the input's first timestep.
    assert_allclose(out, np.concatenate([fw[:, -1], bw[:, 0]], -1), **TOL)
    assert len(states) == 4
    assert_allclose(states, fw_states + bw_states, **TOL)


def test_mask_matches_reference_and_propagates():
    layer = layers.Bidirectional(_lstm(return_sequences=True))
    weights = _build_with_random_weights(layer, (2, 4, 5))
    x = _random(2, 4, 5, seed=4)
    mask = np.array([[True, True, True, False], [True, True, False, False]])
    fw, bw, _, _ = _reference(x, weights, mask=mask)
    out = layer(x, mask=ops.convert_to_tensor(mask))
    assert_allclose(out, np.concatenate([fw, bw], axis=-1), **TOL)
    out_mask = masking.get_keras_mask(out)
    assert ops.convert_to_numpy(out_mask).tolist() == mask.tolist()


@pytest.mark.slow
@run_if(module="torch")
def test_concat_matches_torch_bidirectional_lstm():
    import torch

    layer = layers.Bidirectional(_lstm(4, return_sequences=True))
    weights = _build_with_random_weights(layer, (2, 5, 3))
    x = _random(2, 5, 3, seed=5)
    module = torch.nn.LSTM(3, 4, batch_first=True, bidirectional=True)
    with torch.no_grad():
        # Keras's gate order i, f, c, o is torch's i, f, g, o.
        for suffix, (kernel, recurrent, bias) in (
            ("", weights[:3]),
            ("_reverse", weights[3:]),
        ):
            getattr(module, "weight_ih_l0" + suffix).copy_(
                torch.from_numpy(kernel.T.copy())
            )
            getattr(module, "weight_hh_l0" + suffix).copy_(
                torch.from_numpy(recurrent.T.copy())
            )
            getattr(module, "bias_ih_l0" + suffix).copy_(torch.from_numpy(bias))
            getattr(module, "bias_hh_l0" + suffix).zero_()
        expected = module(torch.from_numpy(x))[0].numpy()
    assert_allclose(layer(x), expected, **TOL)


@pytest.mark.parametrize(
    ("kwargs", "merge_mode", "expected"),
    [
        ({"return_sequences": True}, "concat", (None, 6, 8)),
        ({}, "sum", (None, 4)),
        ({"return_sequences": True}, None, ((None, 6, 4), (None, 6, 4))),
        (
            {"return_state": True},
            "mul",
            ((None, 4), (None, 4), (None, 4), (None, 4), (None, 4)),
        ),
    ],
)
def test_symbolic_shapes(kwargs, merge_mode, expected):
    layer = layers.Bidirectional(_lstm(4, **kwargs), merge_mode=merge_mode)
    out = layer(kerata.Input(shape=(6, 3)))
    shapes = (
        tuple(o.shape for o in out)
        if isinstance(out, (list, tuple))
        else out.shape
    )
    assert shapes == expected
    assert layer.compute_output_shape((None, 6, 3)) == expected


def test_functional_model_with_embedding_mask():
    tokens = np.array([[1, 2, 3, 0], [4, 5, 0, 0]])
    inputs = kerata.Input(shape=(4,), dtype="int32")
    embedded = layers.Embedding(6, 3, mask_zero=True)(inputs)
    outputs = layers.Bidirectional(_lstm(2, return_sequences=True))(embedded)
    model = kerata.Model(inputs, outputs)
    for w in model.weights:
        w.assign(_random(*w.shape, seed=len(w.shape)))
    out = ops.convert_to_numpy(model(tokens))
    # Masked steps output zeros in both directions.
    assert not out[0, 3].any()
    assert not out[1, 2:].any()
    assert out[1, :2].all()


def test_copies_are_named_and_built_from_the_layer():
    built = _lstm(3)
    built.build((None, 2, 4))
    assert len(layers.Bidirectional(built).weights) == 0
    lstm = _lstm(3, return_sequences=True, name="enc")
    layer = layers.Bidirectional(lstm)
    assert layer.forward_layer is not lstm
    assert layer.forward_layer.name == "forward_enc"
    assert layer.backward_layer.name == "backward_enc"
    assert layer.backward_layer.go_backwards
    layer(_random(1, 2, 4))
    assert not lstm.built
    assert len(layer.weights) == 6
    assert layer.return_sequences


def test_backward_layer_and_weights_arguments():
    backward = layers.GRU(3, go_backwards=True, **ZEROS)
    layer = layers.Bidirectional(
        layers.GRU(3, **ZEROS), backward_layer=backward
    )
    assert layer.backward_layer is backward
    reference_layer = layers.Bidirectional(_lstm(2))
    weights = _build_with_random_weights(reference_layer, (1, 3, 4))
    preset = layers.Bidirectional(_lstm(2), weights=weights)
    x = _random(1, 3, 4, seed=2)
    assert_allclose(preset(x), reference_layer(x))
    assert_allclose(preset.get_weights(), weights)


def test_config_round_trip():
    layer = layers.Bidirectional(
        _lstm(3, return_sequences=True), merge_mode="ave", name="bi"
    )
    x = _random(2, 4, 5)
    expected = layer(x)
    config = layer.get_config()
    assert config["merge_mode"] == "ave"
    assert config["layer"]["class_name"] == "LSTM"
    assert config["layer"]["config"]["name"].startswith("forward_")
    assert config["backward_layer"]["config"]["go_backwards"] is True
    clone = layers.Bidirectional.from_config(config)
    clone(x)
    clone.set_weights(layer.get_weights())
    assert_allclose(clone(x), expected)
    assert clone.get_config() == config


def test_errors():
    with pytest.raises(ValueError, match="Layer` instance"):
        layers.Bidirectional("lstm")
    with pytest.raises(ValueError, match="merge_mode"):
        layers.Bidirectional(_lstm(), merge_mode="max")
    with pytest.raises(ValueError, match="backward_layer"):
        layers.Bidirectional(_lstm(), backward_layer=3)
    with pytest.raises(ValueError, match="go_backwards"):
        layers.Bidirectional(_lstm(), backward_layer=_lstm())
    with pytest.raises(ValueError, match="return_sequences"):
        layers.Bidirectional(
            _lstm(),
            backward_layer=_lstm(go_backwards=True, return_sequences=True),
        )


@pytest.mark.slow
@run_if(trainable=True)
def test_fit_reduces_the_loss():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((32, 5, 3)).astype("float32")
    # The target needs both ends of the sequence.
    y = (x[:, 0, :1] - x[:, -1, 1:2]).astype("float32")
    model = kerata.Sequential(
        [
            kerata.Input(shape=(5, 3)),
            layers.Bidirectional(layers.SimpleRNN(4)),
            layers.Dense(1),
        ]
    )
    model.compile(optimizer=kerata.optimizers.Adam(0.05), loss="mse")
    history = model.fit(x, y, batch_size=16, epochs=6, verbose=0)
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
        {"return_sequences": True, "return_state": True},
        pytest.param({"return_state": True}, marks=pytest.mark.slow),
    ],
)
def test_lstm_matches_keras(keras, kwargs):
    x = _random(2, 4, 3, seed=8)
    mask = np.array([[True, True, True, False], [True, True, False, False]])
    theirs = keras.layers.Bidirectional(keras.layers.LSTM(3, **kwargs, **ZEROS))
    ours = layers.Bidirectional(_lstm(3, **kwargs))
    theirs.build((2, 4, 3))
    weights = _build_with_random_weights(ours, (2, 4, 3))
    theirs.set_weights(weights)
    for call_kwargs in ({}, {"mask": mask}):
        expected = theirs(x, **call_kwargs)
        if "mask" in call_kwargs:
            call_kwargs = {"mask": ops.convert_to_tensor(mask)}
        got = ours(x, **call_kwargs)
        if not isinstance(got, (list, tuple)):
            got, expected = [got], [expected]
        assert len(got) == len(expected)
        for a, b in zip(got, expected):
            assert_allclose(a, keras.ops.convert_to_numpy(b), **TOL)
    # Configs load in both directions.
    clone = keras.layers.Bidirectional.from_config(ours.get_config())
    assert clone.forward_layer.units == 3
    ours_again = layers.Bidirectional.from_config(theirs.get_config())
    assert (
        ours_again.backward_layer.go_backwards
        != ours_again.forward_layer.go_backwards
    )
