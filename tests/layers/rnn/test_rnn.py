import numpy as np
import pytest

import kerata
from kerata import layers
from kerata import ops
from kerata.src.layers.rnn import rnn as rnn_module
from kerata.src.testing import assert_allclose
from kerata.src.testing import to_numpy
from kerata.src.testing.reference import rnn as reference
from tests.layers.rnn.helpers import random
from tests.layers.rnn.helpers import set_random_weights


class MinimalCell(layers.Layer):
    """A user cell: `h = x @ kernel + h_prev @ recurrent_kernel`."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(
            shape=(input_shape[-1], self.units), name="kernel"
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units), name="recurrent_kernel"
        )

    def call(self, inputs, states):
        h = ops.matmul(inputs, self.kernel) + ops.matmul(
            states[0], self.recurrent_kernel
        )
        return h, [h]

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def _minimal_reference(x, kernel, recurrent_kernel, **kwargs):
    def step(x_t, states):
        h = x_t @ kernel + states[0] @ recurrent_kernel
        return h, [h]

    initial = [np.zeros((x.shape[0], kernel.shape[1]), "float32")]
    return reference.run(step, x, initial, **kwargs)


def test_rnn_runs_a_user_cell():
    x = random(2, 4, 3)
    layer = layers.RNN(MinimalCell(5), return_sequences=True)
    layer.build(x.shape)
    kernel, recurrent_kernel = set_random_weights(layer)
    expected, _ = _minimal_reference(x, kernel, recurrent_kernel)
    assert_allclose(layer(x), expected)


def test_rnn_mask_from_embedding_is_used_and_passed_on():
    tokens = np.array([[3, 1, 0, 0], [2, 2, 4, 0]], "int32")
    embedding = layers.Embedding(5, 3, mask_zero=True)
    layer = layers.RNN(MinimalCell(2), return_sequences=True)
    x = embedding(tokens)
    out = layer(x)
    kernel, recurrent_kernel = layer.get_weights()
    mask = tokens != 0
    expected, _ = _minimal_reference(
        to_numpy(x), kernel, recurrent_kernel, mask=mask
    )
    assert_allclose(out, expected)
    assert to_numpy(layer.compute_mask(x, mask)).tolist() == mask.tolist()
    last = layers.RNN(MinimalCell(2))
    assert last.compute_mask(x, mask) is None


def test_rnn_zero_output_for_mask():
    x = random(2, 4, 3)
    mask = np.array([[1, 1, 0, 1], [0, 1, 1, 0]], bool)
    layer = layers.RNN(
        MinimalCell(2), return_sequences=True, zero_output_for_mask=True
    )
    layer.build(x.shape)
    kernel, recurrent_kernel = set_random_weights(layer)
    expected, _ = _minimal_reference(
        x, kernel, recurrent_kernel, mask=mask, zero_output_for_mask=True
    )
    assert_allclose(layer(x, mask=mask), expected)


def test_stacked_cells_match_reference():
    x = random(2, 5, 3)
    cells = [layers.SimpleRNNCell(4), layers.LSTMCell(2)]
    layer = layers.RNN(cells, return_sequences=True, return_state=True)
    layer.build(x.shape)
    k1, r1, b1, k2, r2, b2 = set_random_weights(layer)
    outputs, [h1], (h2, c2) = layer(x)

    def step(x_t, states):
        out1, s1 = reference.simple_rnn_step(x_t, states[:1], k1, r1, b1)
        out2, s2 = reference.lstm_step(out1, states[1:], k2, r2, b2)
        return out2, s1 + s2

    zeros = np.zeros((2, 4), "float32")
    expected, states = reference.run(
        step, x, [zeros, zeros[:, :2], zeros[:, :2]]
    )
    assert_allclose(outputs, expected)
    assert_allclose(h1, states[0])
    assert_allclose(c2, states[2])


def test_stateful_carries_states_and_resets():
    x = random(2, 3, 3)
    layer = layers.LSTM(4, stateful=True, return_sequences=True)
    layer.build(x.shape)
    weights = set_random_weights(layer)
    assert len(layer.weights) == 3  # the states are not weights
    first = to_numpy(layer(x))
    second = to_numpy(layer(x))
    kernel, recurrent_kernel, bias = weights

    def step(x_t, states):
        return reference.lstm_step(x_t, states, kernel, recurrent_kernel, bias)

    zeros = np.zeros((2, 4), "float32")
    expected, _ = reference.run(step, np.concatenate([x, x], 1), [zeros] * 2)
    assert_allclose(first, expected[:, :3])
    assert_allclose(second, expected[:, 3:])
    layer.reset_states()
    assert not any(to_numpy(v).any() for v in layer.states)
    assert_allclose(layer(x), first)
    with pytest.raises(ValueError, match="batch size"):
        layer(random(3, 3, 3))


def test_stateful_needs_a_batch_size():
    with pytest.raises(ValueError, match="batch size"):
        layers.SimpleRNN(2, stateful=True)(kerata.Input((3, 2)))


def test_get_initial_state_and_public_attributes():
    layer = layers.RNN(layers.LSTMCell(3), go_backwards=True)
    states = layer.get_initial_state(2)
    assert [tuple(s.shape) for s in states] == [(2, 3), (2, 3)]
    assert layer.state_size == [3, 3]
    assert layer.go_backwards
    assert not layer.stateful
    assert layer.states is None


def test_symbolic_call_and_functional_model():
    inputs = kerata.Input((6, 3))
    outputs = layers.RNN(
        [layers.GRUCell(4), layers.LSTMCell(5)], return_state=True
    )(inputs)
    assert [tuple(o.shape) for o in kerata.tree.flatten(outputs)] == [
        (None, 5),
        (None, 4),
        (None, 5),
        (None, 5),
    ]
    model = kerata.Model(inputs, outputs[0])
    assert tuple(model(random(2, 6, 3)).shape) == (2, 5)


def test_rnn_config_round_trip_nests_cells():
    layer = layers.RNN(
        [layers.LSTMCell(3), layers.GRUCell(2, reset_after=False)],
        return_sequences=True,
        unroll=True,
    )
    config = layer.get_config()
    assert config["cell"]["class_name"] == "StackedRNNCells"
    assert config["cell"]["module"] == "keras.layers"
    inner = config["cell"]["config"]["cells"]
    assert [c["class_name"] for c in inner] == ["LSTMCell", "GRUCell"]
    clone = layers.RNN.from_config(config)
    assert clone.get_config()["cell"]["config"]["cells"][1] == inner[1]
    x = random(2, 3, 4)
    layer.build(x.shape)
    clone.build(x.shape)
    clone.set_weights(layer.get_weights())
    assert_allclose(clone(x), layer(x))


def test_user_cell_config_with_custom_objects():
    layer = layers.RNN(MinimalCell(3))
    config = layer.get_config()
    clone = layers.RNN.from_config(
        config, custom_objects={"MinimalCell": MinimalCell}
    )
    assert clone.cell.units == 3


def test_rnn_rejects_cells_without_state_size():
    with pytest.raises(ValueError, match="state_size"):
        layers.RNN(layers.Dense(2))


def test_fused_kernel_is_used_when_the_backend_has_one(monkeypatch):
    """With a fused LSTM (torch), the general loop never runs."""
    x = random(2, 4, 3)
    try:
        rnn_module.backend_rnn.lstm(
            x,
            x[:, 0],
            x[:, 0],
            None,
            np.ones((3, 12), "float32"),
            np.ones((3, 12), "float32"),
            np.ones((12,), "float32"),
            kerata.activations.tanh,
            kerata.activations.sigmoid,
        )
    except NotImplementedError:
        pytest.skip("this backend has no fused LSTM")

    def fail(*args, **kwargs):
        raise AssertionError("the general loop ran")

    monkeypatch.setattr(rnn_module.backend_rnn, "rnn", fail)
    mask = np.array([[1, 1, 1, 0], [1, 1, 0, 0]], bool)
    for layer in (layers.LSTM(3), layers.GRU(3, dropout=0.2)):
        layer(x, mask=mask, training=True)
        layer(x, mask=mask[:, ::-1])
    layers.LSTM(3, go_backwards=True)(x, mask=mask)
    with pytest.raises(AssertionError, match="general loop"):
        layers.GRU(3, reset_after=False)(x)
