"""TorchModuleWrapper: outputs against the wrapped torch module, variable
tracking, training with fit, freezing, symbolic and stateless calls,
weight files (state_dict, buffers included), configs, and errors."""

import os

import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if

torch_only = run_if(backends=("torch",))


def _mlp(batch_norm=True):
    import torch

    torch.manual_seed(0)
    norm = torch.nn.BatchNorm1d(4) if batch_norm else torch.nn.Identity()
    return torch.nn.Sequential(
        torch.nn.Linear(3, 4), norm, torch.nn.ReLU(), torch.nn.Linear(4, 1)
    )


def _numpy(tensor):
    return tensor.detach().cpu().numpy().copy()


def _x(n=8, seed=0):
    return np.random.default_rng(seed).standard_normal((n, 3)).astype("float32")


@run_if(backends=("jax", "numpy"))
def test_other_backends_raise_a_clear_error():
    with pytest.raises(ValueError, match="torch backend only"):
        kerata.layers.TorchModuleWrapper(None)


@torch_only
def test_outputs_match_the_module_and_parameters_are_variables():
    import torch

    module = _mlp()
    layer = kerata.layers.TorchModuleWrapper(module)
    assert layer.built
    assert [w.name for w in layer.trainable_weights] == [
        "0.weight",
        "0.bias",
        "1.weight",
        "1.bias",
        "3.weight",
        "3.bias",
    ]
    # The module computes with the variables' own tensors.
    for variable, param in zip(layer.weights, module.parameters()):
        assert variable.value is param
    x = _x()
    out = layer(x, training=False)
    assert not module.training
    device = module[0].weight.device  # kerata's device
    with torch.no_grad():
        expected = module(torch.from_numpy(x).to(device)).cpu().numpy()
    assert_allclose(out, expected)
    layer(x)  # training is not False: train mode, as in Keras
    assert module.training


@torch_only
def test_shared_parameters_get_one_variable():
    import torch

    linear = torch.nn.Linear(2, 2)
    module = torch.nn.Sequential(linear, torch.nn.Tanh(), linear)
    layer = kerata.layers.TorchModuleWrapper(module)
    assert len(layer.weights) == 2
    assert module[0].weight is module[2].weight is layer.weights[0].value


@torch_only
def test_fit_trains_the_module_unless_frozen():
    module = _mlp(batch_norm=False)
    layer = kerata.layers.TorchModuleWrapper(module)
    inputs = kerata.Input(shape=(3,))
    model = kerata.Model(inputs, layer(inputs))
    model.compile(optimizer=kerata.optimizers.SGD(0.1), loss="mse")
    x = _x(16)
    y = x.sum(axis=1, keepdims=True)
    before = _numpy(module[0].weight)
    history = model.fit(x, y, batch_size=8, epochs=4, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0]
    assert not np.allclose(_numpy(module[0].weight), before)
    assert_allclose(layer.weights[0], _numpy(module[0].weight))
    layer.trainable = False
    assert model.trainable_weights == []
    assert len(model.non_trainable_weights) == 4
    assert not module[0].weight.requires_grad
    frozen = _numpy(module[0].weight)
    model.compile(optimizer=kerata.optimizers.SGD(0.1), loss="mse")
    model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    assert_allclose(_numpy(module[0].weight), frozen)


@torch_only
def test_symbolic_calls_do_not_touch_the_module_state():
    module = _mlp()
    layer = kerata.layers.TorchModuleWrapper(module)
    stats = module[1].running_mean.clone()
    assert layer(kerata.Input(shape=(3,))).shape == (None, 1)
    assert module[1].running_mean.equal(stats)
    fixed = kerata.layers.TorchModuleWrapper(_mlp(), output_shape=(None, 1))
    assert fixed.compute_output_shape((None, 3)) == (None, 1)


@torch_only
def test_stateless_call_uses_the_given_values():
    import torch

    layer = kerata.layers.TorchModuleWrapper(torch.nn.Linear(3, 2))
    kernel = np.ones((2, 3), dtype="float32")
    bias = np.array([1.0, -1.0], dtype="float32")
    out, _ = layer.stateless_call(
        [kerata.ops.convert_to_tensor(kernel), bias], [], _x(2)
    )
    assert_allclose(out, _x(2) @ kernel.T + bias)
    assert not np.allclose(layer.get_weights()[0], kernel)


@torch_only
def test_weight_files_hold_the_state_dict(tmp_path):
    module = _mlp()
    layer = kerata.layers.TorchModuleWrapper(module)
    inputs = kerata.Input(shape=(3,))
    model = kerata.Model(inputs, layer(inputs))
    layer(_x(), training=True)  # updates the BatchNorm statistics
    expected = model.predict(_x(), verbose=0)
    store = {}
    layer.save_own_variables(store)
    assert set(store) == set(module.state_dict())
    path = os.path.join(tmp_path, "model.weights.h5")
    model.save_weights(path)
    other = kerata.layers.TorchModuleWrapper(_mlp())
    first = kerata.ops.convert_to_numpy(other(_x(), training=False))
    assert not np.allclose(first, expected)
    clone = kerata.Model(inputs, other(inputs))
    clone.load_weights(path)
    assert_allclose(clone.predict(_x(), verbose=0), expected)


@torch_only
def test_keras_archive_round_trip(tmp_path):
    layer = kerata.layers.TorchModuleWrapper(_mlp(batch_norm=False))
    inputs = kerata.Input(shape=(3,))
    model = kerata.Model(inputs, layer(inputs))
    expected = model.predict(_x(), verbose=0)
    path = os.path.join(tmp_path, "model.keras")
    model.save(path)
    with pytest.raises(ValueError, match="safe mode"):
        kerata.saving.load_model(path)
    loaded = kerata.saving.load_model(path, safe_mode=False)
    assert_allclose(loaded.predict(_x(), verbose=0), expected)


@torch_only
def test_config_round_trip_needs_unsafe_mode():
    import torch

    layer = kerata.layers.TorchModuleWrapper(torch.nn.Linear(3, 2), name="t")
    config = layer.get_config()
    assert isinstance(config["module"], str)
    with pytest.raises(ValueError, match="safe mode"):
        kerata.layers.TorchModuleWrapper.from_config(config)
    clone = kerata.layers.TorchModuleWrapper.from_config(
        config, safe_mode=False
    )
    assert clone.name == "t"
    assert_allclose(clone(_x()), layer(_x()))


@torch_only
def test_bad_modules():
    import torch

    with pytest.raises(TypeError, match="torch.nn.Module"):
        kerata.layers.TorchModuleWrapper(lambda x: x)
    with pytest.raises(ValueError, match="Lazy modules"):
        kerata.layers.TorchModuleWrapper(torch.nn.LazyLinear(2))
