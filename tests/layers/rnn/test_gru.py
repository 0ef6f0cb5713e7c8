import numpy as np
import pytest

from kerata import layers
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import rnn as reference
from tests.layers.rnn.helpers import random
from tests.layers.rnn.helpers import right_padded_mask
from tests.layers.rnn.helpers import set_random_weights


def _reference(x, weights, reset_after=True, **kwargs):
    kernel, recurrent_kernel, bias = weights
    units = recurrent_kernel.shape[0]

    def step(x_t, states):
        return reference.gru_step(
            x_t, states, kernel, recurrent_kernel, bias, reset_after
        )

    initial = [np.zeros((x.shape[0], units), "float32")]
    return reference.run(step, x, initial, **kwargs)


@pytest.mark.parametrize(
    ("reset_after", "use_cudnn", "go_backwards"),
    [
        (True, "auto", False),
        (True, "auto", True),
        (True, False, False),
        (False, "auto", True),
    ],
)
def test_gru_matches_reference(reset_after, use_cudnn, go_backwards):
    x = random(3, 6, 5)
    layer = layers.GRU(
        4,
        reset_after=reset_after,
        use_cudnn=use_cudnn,
        go_backwards=go_backwards,
        return_sequences=True,
        return_state=True,
    )
    layer.build(x.shape)
    weights = set_random_weights(layer)
    outputs, h = layer(x)
    expected, (expected_h,) = _reference(
        x, weights, reset_after, go_backwards=go_backwards
    )
    assert_allclose(outputs, expected)
    assert_allclose(h, expected_h)


@pytest.mark.parametrize(
    "mask",
    [
        right_padded_mask([6, 2, 4], 6),
        right_padded_mask([6, 2, 4], 6)[:, ::-1],
        np.array([[1, 0, 1, 1, 0, 1]] * 3, bool),
    ],
    ids=["right-padded", "left-padded", "holes"],
)
def test_gru_mask_matches_reference(mask):
    x = random(3, 6, 5)
    layer = layers.GRU(4, return_sequences=True, return_state=True)
    layer.build(x.shape)
    weights = set_random_weights(layer)
    outputs, h = layer(x, mask=mask)
    expected, (expected_h,) = _reference(x, weights, mask=mask)
    assert_allclose(outputs, expected)
    assert_allclose(h, expected_h)


def test_gru_weight_shapes():
    layer = layers.GRU(3)
    layer.build((None, 4, 2))
    assert [tuple(w.shape) for w in layer.weights] == [(2, 9), (3, 9), (2, 9)]
    layer = layers.GRU(3, reset_after=False)
    layer.build((None, 4, 2))
    assert tuple(layer.cell.bias.shape) == (9,)


@run_if(module="torch")
def test_gru_matches_torch():
    import torch

    x = random(2, 7, 3)
    layer = layers.GRU(4, return_sequences=True, return_state=True)
    layer.build(x.shape)
    kernel, recurrent_kernel, bias = set_random_weights(layer)

    def torch_order(w):  # Keras's z, r, h -> torch's r, z, n
        z, r, h = np.split(w, 3, axis=-1)
        return torch.from_numpy(np.concatenate([r, z, h], axis=-1))

    module = torch.nn.GRU(3, 4, batch_first=True)
    with torch.no_grad():
        module.weight_ih_l0.copy_(torch_order(kernel).T)
        module.weight_hh_l0.copy_(torch_order(recurrent_kernel).T)
        module.bias_ih_l0.copy_(torch_order(bias[0]))
        module.bias_hh_l0.copy_(torch_order(bias[1]))
        expected, h = module(torch.from_numpy(x))
    outputs, out_h = layer(x)
    assert_allclose(outputs, expected.numpy())
    assert_allclose(out_h, h[0].numpy())


def test_gru_dropout_is_seeded():
    x = random(4, 5, 3)
    outs = []
    for _ in range(2):
        layer = layers.GRU(4, dropout=0.5, seed=11)
        layer.build(x.shape)
        set_random_weights(layer)
        outs.append(layer(x, training=True))
    assert_allclose(outs[0], outs[1])


def test_gru_config_round_trip():
    layer = layers.GRU(3, reset_after=False, stateful=False, seed=2)
    config = layer.get_config()
    assert config["reset_after"] is False
    clone = layers.GRU.from_config(config)
    assert clone.get_config() == config
