"""BatchNormalization: training vs inference numerics, moving statistics,
trainable=False, masks, stateless calls, torch.nn parity, configs."""

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


def _built(axis=-1, shape=(6, 3), **kwargs):
    layer = layers.BatchNormalization(axis=axis, **kwargs)
    layer.build(shape)
    size = shape[axis]
    gamma = _random(size, seed=1) + 1.0
    beta = _random(size, seed=2)
    mean = _random(size, seed=3)
    variance = np.abs(_random(size, seed=4)) + 0.5
    layer.set_weights([gamma, beta, mean, variance])
    return layer, (gamma, beta, mean, variance)


@pytest.mark.parametrize(
    ("axis", "shape"), [(-1, (6, 3)), (1, (4, 3, 5, 2)), (-1, (2, 4, 4, 3))]
)
def test_inference_uses_moving_statistics(axis, shape):
    layer, (gamma, beta, mean, variance) = _built(axis, shape)
    x = _random(*shape, seed=5, scale=2.0, shift=1.0)
    expected = reference.batch_normalization(
        x, mean, variance, gamma, beta, axis, 1e-3
    )
    assert_allclose(layer(x), expected, **TOL)
    assert_allclose(layer(x, training=False), expected, **TOL)
    # Inference leaves the moving statistics alone.
    assert_allclose(layer.moving_mean, mean)
    assert_allclose(layer.moving_variance, variance)


@pytest.mark.parametrize(
    ("axis", "shape"), [(-1, (6, 3)), (1, (4, 3, 5, 2)), (3, (2, 4, 4, 3))]
)
def test_training_uses_batch_statistics_and_updates_moving_ones(axis, shape):
    layer, (gamma, beta, mean, variance) = _built(axis, shape, momentum=0.9)
    x = _random(*shape, seed=5, scale=2.0, shift=1.0)
    batch_mean, batch_variance = reference.batch_moments(x, axis)
    expected = reference.batch_normalization(
        x, batch_mean, batch_variance, gamma, beta, axis, 1e-3
    )
    assert_allclose(layer(x, training=True), expected, **TOL)
    assert_allclose(layer.moving_mean, mean * 0.9 + batch_mean * 0.1, **TOL)
    assert_allclose(
        layer.moving_variance, variance * 0.9 + batch_variance * 0.1, **TOL
    )
    # A second step moves them again, from the new values.
    layer(x, training=True)
    assert_allclose(
        layer.moving_mean,
        (mean * 0.9 + batch_mean * 0.1) * 0.9 + batch_mean * 0.1,
        **TOL,
    )


def test_training_and_inference_outputs_differ():
    layer, _ = _built()
    x = _random(6, 3, seed=5, scale=3.0, shift=2.0)
    train = kerata.ops.convert_to_numpy(layer(x, training=True))
    infer = kerata.ops.convert_to_numpy(layer(x, training=False))
    assert not np.allclose(train, infer, atol=1e-2)
    # Batch statistics normalize each feature to mean beta.
    np.testing.assert_allclose(
        train.mean(axis=0), layer.beta.numpy(), rtol=1e-4, atol=1e-4
    )


def test_frozen_layer_runs_in_inference_mode():
    layer, (gamma, beta, mean, variance) = _built()
    layer.trainable = False
    x = _random(6, 3, seed=5)
    expected = reference.batch_normalization(
        x, mean, variance, gamma, beta, -1, 1e-3
    )
    assert_allclose(layer(x, training=True), expected, **TOL)
    assert_allclose(layer.moving_mean, mean)
    assert len(layer.trainable_weights) == 0
    assert len(layer.non_trainable_weights) == 4


def test_center_and_scale_off():
    layer = layers.BatchNormalization(center=False, scale=False, epsilon=0.01)
    x = _random(5, 4, seed=5)
    out = layer(x, training=True)
    assert layer.gamma is None
    assert layer.beta is None
    assert [w.name for w in layer.weights] == ["moving_mean", "moving_variance"]
    mean, variance = reference.batch_moments(x)
    expected = reference.batch_normalization(x, mean, variance, epsilon=0.01)
    assert_allclose(out, expected, **TOL)


def test_weight_names_and_order_follow_keras():
    layer = layers.BatchNormalization()
    layer.build((None, 4))
    assert [w.name for w in layer.weights] == [
        "gamma",
        "beta",
        "moving_mean",
        "moving_variance",
    ]
    assert [w.name for w in layer.non_trainable_weights] == [
        "moving_mean",
        "moving_variance",
    ]


def test_masked_training_ignores_masked_steps():
    layer = layers.BatchNormalization(momentum=0.0)
    x = _random(2, 4, 3, seed=5)
    mask = np.array([[True, True, True, False], [True, False, True, True]])
    layer(x, training=True, mask=kerata.ops.convert_to_tensor(mask))
    kept = x[mask]  # (6, 3): only the unmasked steps
    assert_allclose(layer.moving_mean, kept.mean(axis=0), rtol=1e-4, atol=1e-5)
    assert_allclose(
        layer.moving_variance, kept.var(axis=0), rtol=1e-4, atol=1e-5
    )


def test_stateless_call_returns_new_moving_statistics():
    layer, (gamma, beta, mean, variance) = _built(momentum=0.5)
    x = _random(6, 3, seed=5)
    out, (new_mean, new_variance) = layer.stateless_call(
        layer.trainable_variables,
        layer.non_trainable_variables,
        x,
        training=True,
    )
    batch_mean, batch_variance = reference.batch_moments(x)
    assert_allclose(new_mean, mean * 0.5 + batch_mean * 0.5, **TOL)
    assert_allclose(new_variance, variance * 0.5 + batch_variance * 0.5, **TOL)
    # The layer's own variables did not change.
    assert_allclose(layer.moving_mean, mean)
    assert_allclose(layer.moving_variance, variance)


@run_if(backends=("torch",))
def test_matches_torch_batchnorm2d():
    import torch

    layer, (gamma, beta, mean, variance) = _built(1, (4, 3, 5, 2))
    module = torch.nn.BatchNorm2d(3, eps=1e-3, momentum=0.01)
    with torch.no_grad():
        module.weight.copy_(torch.from_numpy(gamma))
        module.bias.copy_(torch.from_numpy(beta))
        module.running_mean.copy_(torch.from_numpy(mean))
        module.running_var.copy_(torch.from_numpy(variance))
    x = _random(4, 3, 5, 2, seed=5)
    module.eval()
    with torch.no_grad():
        expected = module(torch.from_numpy(x)).numpy()
    assert_allclose(layer(x), expected, **TOL)
    module.train()
    with torch.no_grad():
        expected = module(torch.from_numpy(x)).numpy()
    assert_allclose(layer(x, training=True), expected, **TOL)
    # torch keeps the unbiased variance; the means agree.
    assert_allclose(layer.moving_mean, module.running_mean.numpy(), **TOL)


def test_symbolic_output_shape():
    layer = layers.BatchNormalization(axis=1)
    out = layer(backend.KerasTensor((None, 3, 8)))
    assert tuple(out.shape) == (None, 3, 8)
    assert layer.gamma.shape == (3,)


def test_wrong_input_raises():
    layer = layers.BatchNormalization(name="bn_a")
    layer(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match=r"bn_a.*\(None, 4\)"):
        layer(backend.KerasTensor((None, 4)))
    with pytest.raises(ValueError, match=r"bn_a.*rank 2"):
        layer(backend.KerasTensor((None, 2, 3)))
    with pytest.raises(ValueError, match=r"axis=2.*\(None, 3\)"):
        layers.BatchNormalization(axis=2).build((None, 3))
    with pytest.raises(ValueError, match="axis -1"):
        layers.BatchNormalization().build((None, None))


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"axis": [1, 2]}, TypeError),
        ({"synchronized": True}, ValueError),
        ({"renorm": True}, NotImplementedError),
    ],
)
def test_invalid_arguments_raise(kwargs, error):
    with pytest.raises(error):
        layers.BatchNormalization(**kwargs)


def test_config_round_trip():
    layer = layers.BatchNormalization(
        axis=1, momentum=0.9, epsilon=1e-5, center=False, name="bn_b"
    )
    config = layer.get_config()
    for key, value in {
        "axis": 1,
        "momentum": 0.9,
        "epsilon": 1e-5,
        "center": False,
        "scale": True,
        "synchronized": False,
        "renorm": False,
    }.items():
        assert config[key] == value
    assert "moving_variance_initializer" in config
    restored = layers.BatchNormalization.from_config(config)
    assert restored.get_config() == config


def test_mixed_precision_keeps_float32_statistics():
    layer = layers.BatchNormalization(dtype="mixed_float16", momentum=0.0)
    x = _random(8, 3, seed=5, scale=2.0)
    out = layer(x, training=True)
    assert kerata.ops.dtype(out) == "float16"
    assert layer.moving_mean.dtype == "float32"
    mean, variance = reference.batch_moments(x.astype("float16"))
    assert_allclose(layer.moving_mean, mean, rtol=1e-3, atol=1e-3)
    expected = reference.batch_normalization(x, mean, variance)
    assert_allclose(out, expected, rtol=1e-2, atol=1e-2)
