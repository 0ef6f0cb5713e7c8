import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing import to_numpy
from kerata.src.testing.reference import rnn as reference
from tests.layers.rnn.helpers import random
from tests.layers.rnn.helpers import right_padded_mask
from tests.layers.rnn.helpers import set_random_weights


def _reference(x, weights, initial=None, **kwargs):
    kernel, recurrent_kernel, bias = weights
    batch, units = x.shape[0], recurrent_kernel.shape[0]
    if initial is None:
        initial = [np.zeros((batch, units), "float32")] * 2

    def step(x_t, states):
        return reference.lstm_step(x_t, states, kernel, recurrent_kernel, bias)

    return reference.run(step, x, initial, **kwargs)


def _built(x, units=4, **kwargs):
    layer = layers.LSTM(
        units, return_sequences=True, return_state=True, **kwargs
    )
    layer.build(x.shape)
    return layer, set_random_weights(layer)


@pytest.mark.parametrize("use_cudnn", ["auto", False])
@pytest.mark.parametrize("go_backwards", [False, True])
def test_lstm_matches_reference(use_cudnn, go_backwards):
    x = random(3, 6, 5)
    layer, weights = _built(x, go_backwards=go_backwards, use_cudnn=use_cudnn)
    outputs, h, c = layer(x)
    expected, (expected_h, expected_c) = _reference(
        x, weights, go_backwards=go_backwards
    )
    assert_allclose(outputs, expected)
    assert_allclose(h, expected_h)
    assert_allclose(c, expected_c)


@pytest.mark.parametrize("use_cudnn", ["auto", False])
def test_lstm_initial_state(use_cudnn):
    x = random(2, 4, 3)
    layer, weights = _built(x, units=2, use_cudnn=use_cudnn)
    initial = [random(2, 2, seed=5), random(2, 2, seed=6)]
    outputs, h, c = layer(x, initial_state=initial)
    expected, (expected_h, expected_c) = _reference(x, weights, initial)
    assert_allclose(outputs, expected)
    assert_allclose(c, expected_c)


@pytest.mark.parametrize("use_cudnn", ["auto", False])
@pytest.mark.parametrize(
    "mask",
    [
        right_padded_mask([6, 3, 1], 6),  # fused on torch
        right_padded_mask([6, 3, 1], 6)[:, ::-1],  # fused on torch
        right_padded_mask([6, 6, 6], 6),
        np.array([[1, 0, 1, 1, 0, 1]] * 3, bool),  # not right-padded
        right_padded_mask([4, 0, 2], 6),  # an empty sequence
    ],
    ids=["right-padded", "left-padded", "full", "holes", "empty"],
)
def test_lstm_mask_matches_reference(use_cudnn, mask):
    x = random(3, 6, 5)
    layer, weights = _built(x, use_cudnn=use_cudnn)
    outputs, h, c = layer(x, mask=mask)
    expected, (expected_h, expected_c) = _reference(x, weights, mask=mask)
    assert_allclose(outputs, expected)
    assert_allclose(h, expected_h)
    assert_allclose(c, expected_c)


@pytest.mark.parametrize("left", [False, True])
def test_lstm_masked_go_backwards(left):
    x = random(3, 5, 2)
    mask = right_padded_mask([5, 2, 3], 5)
    mask = mask[:, ::-1] if left else mask
    layer, weights = _built(x, go_backwards=True)
    outputs, h, c = layer(x, mask=mask)
    expected, (expected_h, expected_c) = _reference(
        x, weights, mask=mask, go_backwards=True
    )
    assert_allclose(outputs, expected)
    assert_allclose(h, expected_h)
    assert_allclose(c, expected_c)


def test_lstm_masked_go_backwards_and_zero_output():
    x = random(3, 5, 2)
    mask = right_padded_mask([5, 2, 3], 5)
    layer, weights = _built(x, go_backwards=True, zero_output_for_mask=True)
    outputs, h, _ = layer(x, mask=mask)
    expected, (expected_h, _) = _reference(
        x, weights, mask=mask, go_backwards=True, zero_output_for_mask=True
    )
    assert_allclose(outputs, expected)
    assert_allclose(h, expected_h)


@run_if(module="torch")
@pytest.mark.parametrize("go_backwards", [False, True])
def test_lstm_matches_torch(go_backwards):
    import torch

    x = random(2, 7, 3)
    layer, (kernel, recurrent_kernel, bias) = _built(
        x, go_backwards=go_backwards
    )
    module = torch.nn.LSTM(3, 4, batch_first=True)
    with torch.no_grad():
        module.weight_ih_l0.copy_(torch.from_numpy(kernel.T))
        module.weight_hh_l0.copy_(torch.from_numpy(recurrent_kernel.T))
        module.bias_ih_l0.copy_(torch.from_numpy(bias))
        module.bias_hh_l0.zero_()
        inputs = torch.from_numpy(x)
        if go_backwards:
            inputs = inputs.flip(1)
        expected, (h, c) = module(inputs)
    outputs, out_h, out_c = layer(x)
    assert_allclose(outputs, expected.numpy())
    assert_allclose(out_h, h[0].numpy())
    assert_allclose(out_c, c[0].numpy())


def test_lstm_unit_forget_bias_and_weight_shapes():
    layer = layers.LSTM(3)
    layer.build((None, 4, 2))
    assert [tuple(w.shape) for w in layer.weights] == [(2, 12), (3, 12), (12,)]
    assert [w.path for w in layer.weights] == [
        f"{layer.name}/lstm_cell/kernel",
        f"{layer.name}/lstm_cell/recurrent_kernel",
        f"{layer.name}/lstm_cell/bias",
    ]
    bias = to_numpy(layer.cell.bias)
    assert bias.tolist() == [0.0] * 3 + [1.0] * 3 + [0.0] * 6


@run_if(trainable=True)
@pytest.mark.parametrize("use_cudnn", ["auto", False])
def test_lstm_gradients_match_loop(use_cudnn):
    """The fused kernel's gradients are the general loop's."""
    x = random(2, 5, 3)
    grads = []
    for cudnn in ("auto", False):
        layer = layers.LSTM(4, use_cudnn=cudnn, seed=0)
        layer.build(x.shape)
        set_random_weights(layer)
        grads.append(_weight_gradients(layer, x))
    for a, b in zip(*grads):
        assert_allclose(a, b, atol=1e-5)


def _weight_gradients(layer, x):
    from kerata.src import backend

    if backend.backend() == "jax":
        import jax

        def loss(values):
            out, _ = layer.stateless_call(values, non_trainable, x)
            return (out**2).sum()

        values = [v.value for v in layer.trainable_weights]
        non_trainable = [v.value for v in layer.non_trainable_variables]
        return [np.asarray(g) for g in jax.grad(loss)(values)]
    out = layer(x)
    (out**2).sum().backward()
    return [to_numpy(v.value.grad) for v in layer.trainable_weights]


def test_lstm_recurrent_dropout_runs_loop_and_is_seeded():
    x = random(4, 5, 3)
    outs = []
    for _ in range(2):
        layer = layers.LSTM(
            4, dropout=0.3, recurrent_dropout=0.4, seed=7, use_cudnn="auto"
        )
        layer.build(x.shape)
        set_random_weights(layer)
        outs.append(to_numpy(layer(x, training=True)))
        inference = layer(x)
    assert_allclose(outs[0], outs[1])
    weights = [to_numpy(w) for w in layer.weights]
    expected, _ = _reference(x, weights)
    assert_allclose(inference, expected[:, -1])
    assert not np.allclose(outs[0], expected[:, -1])


def test_lstm_use_cudnn_true_raises_when_not_fusable():
    layer = layers.LSTM(2, recurrent_dropout=0.5, use_cudnn=True)
    with pytest.raises(ValueError, match="use_cudnn"):
        layer(random(1, 3, 2), training=True)
    with pytest.raises(ValueError, match="use_cudnn"):
        layers.LSTM(2, use_cudnn="yes")


def test_lstm_config_round_trip():
    layer = layers.LSTM(
        3,
        recurrent_activation="hard_sigmoid",
        unit_forget_bias=False,
        return_state=True,
        go_backwards=True,
        dropout=0.2,
        seed=3,
    )
    config = layer.get_config()
    assert "cell" not in config
    assert config["seed"] == 3
    assert config["recurrent_activation"] == "hard_sigmoid"
    clone = layers.LSTM.from_config(config)
    assert clone.get_config() == config
    assert clone.go_backwards
    assert clone.return_state


def test_lstm_symbolic_output_shapes():
    inputs = kerata.Input((7, 3))
    out, h, c = layers.LSTM(5, return_sequences=True, return_state=True)(inputs)
    assert tuple(out.shape) == (None, 7, 5)
    assert tuple(h.shape) == tuple(c.shape) == (None, 5)


@run_if(trainable=True)
def test_lstm_trains_with_fit():
    rng = np.random.default_rng(0)
    x = rng.integers(1, 20, size=(64, 8)).astype("int32")
    y = (x[:, :1] > 10).astype("float32")
    model = kerata.Sequential(
        [
            kerata.Input((8,), dtype="int32"),
            layers.Embedding(20, 8, mask_zero=True),
            layers.LSTM(8),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy")
    history = model.fit(x, y, epochs=4, batch_size=32, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0]
