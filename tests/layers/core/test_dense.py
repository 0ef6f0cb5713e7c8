import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import symbolic_shape
from tests.layers.core.helpers import to_np


def _dense(units, input_dim, **kwargs):
    layer = kerata.layers.Dense(units, **kwargs)
    layer.build((None, input_dim))
    kernel = seeded((input_dim, units), seed=1)
    weights = [kernel]
    if layer.use_bias:
        weights.append(seeded((units,), seed=2))
    layer.set_weights(weights)
    return layer, weights


@pytest.mark.parametrize(
    ("activation", "use_bias"), [(None, True), ("relu", False), ("tanh", True)]
)
def test_dense_matches_reference(activation, use_bias):
    layer, weights = _dense(3, 4, activation=activation, use_bias=use_bias)
    x = seeded((5, 4))
    bias = weights[1] if use_bias else None
    expected = reference.dense(x, weights[0], bias, activation=activation)
    assert_allclose(layer(x), expected, rtol=1e-5, atol=1e-5)


def test_dense_projects_last_axis_of_rank_3_inputs():
    layer, (kernel, bias) = _dense(2, 3)
    x = seeded((2, 4, 3))
    assert_allclose(layer(x), reference.dense(x, kernel, bias), atol=1e-5)


def test_dense_weights_names_and_shapes():
    layer = kerata.layers.Dense(4)
    layer(np.ones((2, 3), "float32"))
    assert [w.path for w in layer.weights] == ["dense/kernel", "dense/bias"]
    assert layer.kernel.shape == (3, 4)
    assert layer.bias.shape == (4,)
    assert layer.count_params() == 16
    no_bias = kerata.layers.Dense(4, use_bias=False)
    no_bias(np.ones((2, 3), "float32"))
    assert len(no_bias.weights) == 1
    assert no_bias.bias is None


def test_dense_initializers_are_used():
    layer = kerata.layers.Dense(
        2, kernel_initializer="ones", bias_initializer="ones"
    )
    out = layer(np.ones((1, 3), "float32"))
    assert to_np(out).tolist() == [[4.0, 4.0]]


@run_if(backends=("torch",))
def test_dense_matches_torch_linear():
    import torch

    linear = torch.nn.Linear(4, 3)
    layer = kerata.layers.Dense(3)
    layer.build((None, 4))
    layer.set_weights(
        [
            linear.weight.detach().numpy().T,
            linear.bias.detach().numpy(),
        ]
    )
    x = seeded((6, 4))
    expected = linear(torch.from_numpy(x)).detach().numpy()
    assert_allclose(layer(x), expected, atol=1e-6)


def test_dense_symbolic_output_shape():
    assert symbolic_shape(kerata.layers.Dense(5), (None, 3)) == (None, 5)
    assert symbolic_shape(kerata.layers.Dense(5), (None, 7, 3)) == (
        None,
        7,
        5,
    )


def test_dense_config_round_trip():
    layer, _ = _dense(3, 4, activation="relu")
    config = layer.get_config()
    assert config["units"] == 3
    assert config["activation"] == "relu"
    assert config["use_bias"] is True
    for key in (
        "kernel_initializer",
        "bias_initializer",
        "kernel_regularizer",
        "bias_regularizer",
        "kernel_constraint",
        "bias_constraint",
    ):
        assert key in config
    assert_config_round_trip(layer, seeded((2, 4)))


def test_dense_rejects_wrong_input_shape_eagerly():
    layer, _ = _dense(3, 4)
    with pytest.raises(ValueError, match=r"'dense'.*\(2, 5\)"):
        layer(np.ones((2, 5), "float32"))


def test_dense_rejects_wrong_input_shape_symbolically():
    layer, _ = _dense(3, 4)
    with pytest.raises(ValueError, match=r"'dense'.*\(None, 5\)"):
        layer(kerata.KerasTensor((None, 5)))


def test_dense_rejects_rank_1_inputs():
    with pytest.raises(ValueError, match="dense"):
        kerata.layers.Dense(2)(kerata.KerasTensor((3,)))


@pytest.mark.parametrize("units", [0, -1, 2.5, None, True])
def test_dense_rejects_invalid_units(units):
    with pytest.raises(ValueError, match="units"):
        kerata.layers.Dense(units)


def test_dense_rejects_lora():
    with pytest.raises(NotImplementedError, match="lora_rank"):
        kerata.layers.Dense(2, lora_rank=4)


def test_dense_regularizer_adds_losses():
    layer = kerata.layers.Dense(
        2, kernel_initializer="ones", kernel_regularizer="l2"
    )
    layer(np.ones((1, 3), "float32"))
    assert len(layer.losses) == 1
    assert float(to_np(layer.losses[0])) == pytest.approx(0.01 * 6)


def test_dense_passes_mask_through():
    from kerata.src.backend.common import masking

    x = kerata.ops.ones((2, 3, 4))
    mask = kerata.ops.convert_to_tensor(np.array([[1, 1, 0], [1, 0, 0]]) > 0)
    masking.set_keras_mask(x, mask)
    out = kerata.layers.Dense(2)(x)
    assert to_np(masking.get_keras_mask(out)).tolist() == to_np(mask).tolist()


def test_dense_activation_can_be_replaced():
    layer, (kernel, bias) = _dense(3, 4)
    layer.activation = "relu"
    x = seeded((2, 4))
    expected = reference.dense(x, kernel, bias, activation="relu")
    assert_allclose(layer(x), expected, atol=1e-5)
