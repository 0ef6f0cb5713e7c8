"""LayerNormalization: numerics against NumPy and torch.nn.LayerNorm,
axes, centering and scaling, shapes and configs."""

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src import backend
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_conv as reference

TOL = {"rtol": 1e-5, "atol": 1e-5}


def _random(*shape, seed=0, scale=1.0, shift=0.0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(shape) * scale + shift).astype("float32")


def _set_random_weights(layer, input_shape):
    layer.build(input_shape)
    weights = [
        _random(*w.shape, seed=i + 1) + (1.0 if w.name == "gamma" else 0.0)
        for i, w in enumerate(layer.weights)
    ]
    layer.set_weights(weights)
    return weights


@pytest.mark.parametrize(
    ("axis", "shape"),
    [
        (-1, (3, 5)),
        (-1, (2, 3, 4)),
        (1, (2, 3, 4)),
        ([1, 2], (2, 3, 4)),
        ([-1, 1], (2, 3, 2, 4)),
    ],
)
def test_matches_reference(axis, shape):
    layer = layers.LayerNormalization(axis=axis, epsilon=1e-3)
    gamma, beta = _set_random_weights(layer, shape)
    x = _random(*shape, seed=7, scale=3.0, shift=1.0)
    expected = reference.layer_normalization(x, gamma, beta, axis, 1e-3)
    assert_allclose(layer(x), expected, **TOL)


def test_training_flag_changes_nothing():
    layer = layers.LayerNormalization()
    x = _random(4, 6, seed=7)
    assert_allclose(layer(x, training=True), layer(x, training=False))


@pytest.mark.parametrize(("center", "scale"), [(False, True), (True, False)])
def test_center_and_scale(center, scale):
    layer = layers.LayerNormalization(center=center, scale=scale)
    weights = _set_random_weights(layer, (3, 4))
    assert len(weights) == 1
    gamma = weights[0] if scale else None
    beta = weights[0] if center else None
    x = _random(3, 4, seed=7)
    expected = reference.layer_normalization(x, gamma, beta)
    assert_allclose(layer(x), expected, **TOL)


def test_rms_scaling_uses_gamma_only():
    layer = layers.LayerNormalization(rms_scaling=True)
    (gamma,) = _set_random_weights(layer, (3, 4))
    assert layer.beta is None
    x = _random(3, 4, seed=7, shift=2.0)
    expected = reference.layer_normalization(x, gamma, rms_scaling=True)
    assert_allclose(layer(x), expected, **TOL)


@run_if(backends=("torch",))
def test_matches_torch_layernorm():
    import torch

    layer = layers.LayerNormalization(axis=[-2, -1], epsilon=1e-5)
    gamma, beta = _set_random_weights(layer, (2, 3, 4))
    module = torch.nn.LayerNorm((3, 4), eps=1e-5)
    with torch.no_grad():
        module.weight.copy_(torch.from_numpy(gamma))
        module.bias.copy_(torch.from_numpy(beta))
        x = _random(2, 3, 4, seed=7)
        expected = module(torch.from_numpy(x)).numpy()
    assert_allclose(layer(x), expected, **TOL)


def test_symbolic_output_shape_and_weight_shapes():
    layer = layers.LayerNormalization(axis=[1, 2])
    out = layer(backend.KerasTensor((None, 3, 4)))
    assert tuple(out.shape) == (None, 3, 4)
    assert layer.gamma.shape == (3, 4)
    assert layer.axis == [1, 2]


def test_invalid_axis_raises():
    with pytest.raises(TypeError, match="axis"):
        layers.LayerNormalization(axis="last")
    with pytest.raises(ValueError, match=r"axis 3.*\(None, 4\)"):
        layers.LayerNormalization(axis=3).build((None, 4))
    with pytest.raises(ValueError, match="ln_a"):
        layers.LayerNormalization(axis=2, name="ln_a")(
            backend.KerasTensor((None, 4))
        )


def test_config_round_trip():
    layer = layers.LayerNormalization(axis=[1, 2], epsilon=1e-6, center=False)
    config = layer.get_config()
    assert config["axis"] == [1, 2]
    assert config["epsilon"] == 1e-6
    assert config["center"] is False
    assert config["rms_scaling"] is False
    restored = layers.LayerNormalization.from_config(config)
    assert restored.get_config() == config


def test_mixed_precision_output_is_float16():
    layer = layers.LayerNormalization(dtype="mixed_float16")
    x = _random(2, 6, seed=7, scale=3.0)
    out = layer(x)
    assert kerata.ops.dtype(out) == "float16"
    assert layer.gamma.dtype == "float32"
    expected = reference.layer_normalization(x, np.ones(6), np.zeros(6))
    assert_allclose(out, expected, rtol=1e-2, atol=1e-2)
