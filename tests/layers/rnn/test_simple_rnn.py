import numpy as np
import pytest

from kerata import layers
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import rnn as reference
from tests.layers.rnn.helpers import random
from tests.layers.rnn.helpers import set_random_weights


@pytest.mark.parametrize("go_backwards", [False, True])
@pytest.mark.parametrize("unroll", [False, True])
def test_simple_rnn_matches_reference(go_backwards, unroll):
    layer = layers.SimpleRNN(
        4,
        return_sequences=True,
        return_state=True,
        go_backwards=go_backwards,
        unroll=unroll,
    )
    x = random(2, 5, 3)
    layer.build(x.shape)
    kernel, recurrent_kernel, bias = set_random_weights(layer)
    outputs, h = layer(x)

    def step(x_t, states):
        return reference.simple_rnn_step(
            x_t, states, kernel, recurrent_kernel, bias
        )

    expected, (expected_h,) = reference.run(
        step, x, [np.zeros((2, 4), "float32")], go_backwards=go_backwards
    )
    assert_allclose(outputs, expected)
    assert_allclose(h, expected_h)


def test_simple_rnn_mask_carries_states():
    layer = layers.SimpleRNN(3, return_sequences=True)
    x = random(3, 6, 2)
    layer.build(x.shape)
    kernel, recurrent_kernel, bias = set_random_weights(layer)
    mask = np.array(
        [[1, 1, 0, 1, 0, 0], [1, 1, 1, 1, 1, 1], [0, 1, 1, 0, 1, 1]], bool
    )

    def step(x_t, states):
        return reference.simple_rnn_step(
            x_t, states, kernel, recurrent_kernel, bias
        )

    expected, _ = reference.run(
        step, x, [np.zeros((3, 3), "float32")], mask=mask
    )
    assert_allclose(layer(x, mask=mask), expected)


@run_if(module="torch")
def test_simple_rnn_matches_torch():
    import torch

    layer = layers.SimpleRNN(4, return_sequences=True)
    x = random(2, 5, 3)
    layer.build(x.shape)
    kernel, recurrent_kernel, bias = set_random_weights(layer)
    module = torch.nn.RNN(3, 4, batch_first=True)
    with torch.no_grad():
        module.weight_ih_l0.copy_(torch.from_numpy(kernel.T))
        module.weight_hh_l0.copy_(torch.from_numpy(recurrent_kernel.T))
        module.bias_ih_l0.copy_(torch.from_numpy(bias))
        module.bias_hh_l0.zero_()
        expected, _ = module(torch.from_numpy(x))
    assert_allclose(layer(x), expected.numpy())


def test_simple_rnn_config_round_trip():
    layer = layers.SimpleRNN(
        5, activation="relu", dropout=0.1, return_sequences=True
    )
    config = layer.get_config()
    assert "cell" not in config
    assert config["units"] == 5
    assert config["activation"] == "relu"
    assert "seed" not in config
    clone = layers.SimpleRNN.from_config(config)
    assert clone.get_config() == config


def test_simple_rnn_rejects_bad_units():
    with pytest.raises(ValueError, match="units"):
        layers.SimpleRNN(0)
