"""LossScaleOptimizer against a hand-written NumPy reference of dynamic
loss scaling, and its config, state and training behaviour."""

import json
import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.optimizers.loss_scale_optimizer import (
    maybe_wrap_for_mixed_precision,
)
from kerata.src.testing import assert_allclose

LR = 0.1
MOMENTUM = 0.9


def _reference(w0, scaled_grads, initial_scale, growth_steps):
    """SGD with momentum behind dynamic loss scaling, step by step: the
    weights, scale, good-step counter and update count after each step."""
    w = w0.astype("float64")
    velocity = np.zeros_like(w)
    scale, counter, updates = float(initial_scale), 0, 0
    history = []
    for g in scaled_grads:
        if np.all(np.isfinite(g)):
            velocity = MOMENTUM * velocity - LR * (g / scale)
            w = w + velocity
            updates += 1
            if counter == growth_steps - 1:
                scale, counter = scale * 2, 0
            else:
                counter += 1
        else:
            scale, counter = scale / 2, 0
        history.append((w.copy(), scale, counter, updates))
    return history


def _grads():
    rng = np.random.default_rng(0)
    grads = [rng.standard_normal(3).astype("float32") * 8 for _ in range(7)]
    grads[2][1] = np.inf
    grads[3][0] = np.nan
    grads[5][2] = -np.inf
    return grads


def _optimizer(initial_scale=8.0, growth_steps=2):
    inner = kerata.optimizers.SGD(learning_rate=LR, momentum=MOMENTUM)
    return kerata.optimizers.LossScaleOptimizer(
        inner, initial_scale=initial_scale, dynamic_growth_steps=growth_steps
    )


def test_matches_reference_with_skips_and_growth():
    w0 = np.array([1.0, -2.0, 0.5], dtype="float32")
    grads = _grads()
    optimizer = _optimizer()
    w = kerata.Variable(w0)
    expected = _reference(w0, grads, 8.0, 2)
    for g, (w_ref, scale, counter, updates) in zip(grads, expected):
        optimizer.apply([g], [w])
        assert_allclose(w, w_ref, rtol=1e-5, atol=1e-6)
        assert float(optimizer.dynamic_scale.numpy()) == scale
        assert int(optimizer.step_counter.numpy()) == counter
        assert int(backend.convert_to_numpy(optimizer.iterations)) == updates


def test_skipped_step_changes_no_state():
    optimizer = _optimizer()
    w = kerata.Variable([1.0, 2.0, 3.0])
    optimizer.apply([np.ones(3, "float32")], [w])
    before = [v.numpy().copy() for v in optimizer.inner_optimizer.variables]
    weights = w.numpy().copy()
    optimizer.apply([np.array([1.0, np.nan, 0.0], "float32")], [w])
    assert_allclose(w, weights, rtol=0, atol=0)
    after = [v.numpy() for v in optimizer.inner_optimizer.variables]
    for old, new in zip(before, after):
        np.testing.assert_array_equal(old, new)


def test_none_gradients_are_left_out():
    optimizer = _optimizer(initial_scale=2.0)
    a = kerata.Variable([1.0])
    b = kerata.Variable([1.0])
    optimizer.apply([np.array([2.0], "float32"), None], [a, b])
    assert_allclose(a, [1.0 - LR], rtol=1e-6, atol=1e-7)
    assert_allclose(b, [1.0], rtol=0, atol=0)


def test_scale_loss_uses_current_scale():
    optimizer = _optimizer(initial_scale=4.0)
    assert float(backend.convert_to_numpy(optimizer.scale_loss(2.0))) == 8.0
    w = kerata.Variable([0.0])
    optimizer.apply([np.array([np.inf], "float32")], [w])
    assert float(backend.convert_to_numpy(optimizer.scale_loss(2.0))) == 4.0


def test_delegates_to_inner_optimizer():
    inner = kerata.optimizers.Adam(learning_rate=0.01, loss_scale_factor=8.0)
    optimizer = kerata.optimizers.LossScaleOptimizer(inner)
    # The inner factor is turned off: the loss is not scaled twice.
    assert inner.loss_scale_factor is None
    lr = float(backend.convert_to_numpy(optimizer.learning_rate))
    assert lr == pytest.approx(0.01)
    optimizer.learning_rate = 0.5
    assert float(backend.convert_to_numpy(inner.learning_rate)) == 0.5


def test_variables_and_save_load():
    optimizer = _optimizer()
    w = kerata.Variable([1.0, 2.0])
    optimizer.build([w])
    names = [v.name for v in optimizer.variables]
    # Keras's order: own iteration, learning rate, counter, scale, then
    # the inner optimizer's variables.
    assert names[:4] == [
        "iteration",
        "learning_rate",
        "step_counter",
        "dynamic_scale",
    ]
    assert len(names) == 4 + len(optimizer.inner_optimizer.variables)
    optimizer.apply([np.array([np.inf, 0.0], "float32")], [w])
    optimizer.apply([np.array([1.0, 1.0], "float32")], [w])
    store = {}
    optimizer.save_own_variables(store)
    fresh = _optimizer()
    fresh.build([kerata.Variable([0.0, 0.0])])
    fresh.load_own_variables(store)
    assert float(fresh.dynamic_scale.numpy()) == 4.0
    assert int(fresh.step_counter.numpy()) == 1
    with pytest.raises(ValueError, match="store holds"):
        fresh.load_own_variables({"0": 0})


def test_stateless_apply_matches_apply():
    grads = _grads()[:4]
    stateful = _optimizer()
    w = kerata.Variable([1.0, -2.0, 0.5])
    stateless = _optimizer()
    w2 = kerata.Variable([1.0, -2.0, 0.5])
    stateless.build([w2])
    values = [v.value for v in stateless.variables]
    weights = [w2.value]
    for g in grads:
        stateful.apply([g], [w])
        weights, values = stateless.stateless_apply(values, [g], weights)
    assert_allclose(weights[0], w, rtol=1e-6, atol=1e-7)
    for ours, theirs in zip(values, stateful.variables):
        assert_allclose(ours, theirs, rtol=1e-6, atol=1e-7)
    with pytest.raises(ValueError, match="optimizer variable values"):
        stateless.stateless_apply(values[:1], [grads[0]], weights)


def test_config_round_trip():
    optimizer = _optimizer(initial_scale=64.0, growth_steps=10)
    config = json.loads(json.dumps(optimizer.get_config()))
    assert config["inner_optimizer"]["class_name"] == "SGD"
    restored = kerata.optimizers.LossScaleOptimizer.from_config(config)
    assert restored.get_config() == config
    assert restored.inner_optimizer.get_config()["momentum"] == MOMENTUM
    serialized = kerata.saving.serialize_keras_object(optimizer)
    again = kerata.saving.deserialize_keras_object(
        json.loads(json.dumps(serialized))
    )
    assert type(again) is kerata.optimizers.LossScaleOptimizer
    assert again.initial_scale == 64.0


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"inner_optimizer": "sgd"}, TypeError, "Optimizer instance"),
        ({"initial_scale": 0}, ValueError, "initial_scale"),
        ({"dynamic_growth_steps": 0}, ValueError, "dynamic_growth_steps"),
        ({"dynamic": False}, ValueError, "loss_scale_factor"),
        ({"clipnorm": 1.0}, ValueError, "inner optimizer"),
        ({"momentum": 0.9}, ValueError, "unexpected"),
    ],
)
def test_invalid_arguments(kwargs, error, match):
    kwargs = {"inner_optimizer": kerata.optimizers.SGD(), **kwargs}
    with pytest.raises(error, match=match):
        kerata.optimizers.LossScaleOptimizer(**kwargs)


def test_accepts_default_base_arguments_of_old_configs():
    optimizer = kerata.optimizers.LossScaleOptimizer(
        kerata.optimizers.SGD(), clipnorm=None, use_ema=False
    )
    assert optimizer.initial_scale == 2.0**15


def test_maybe_wrap_for_mixed_precision():
    sgd = kerata.optimizers.SGD()
    wrapped = maybe_wrap_for_mixed_precision(sgd, "mixed_float16")
    assert isinstance(wrapped, kerata.optimizers.LossScaleOptimizer)
    assert wrapped.inner_optimizer is sgd
    assert wrapped.name == "loss_scale_optimizer"
    policy = kerata.DTypePolicy("mixed_float16")
    assert maybe_wrap_for_mixed_precision(wrapped, policy) is wrapped
    assert maybe_wrap_for_mixed_precision(sgd, "mixed_bfloat16") is sgd
    assert maybe_wrap_for_mixed_precision(sgd, policy, False) is sgd
    assert maybe_wrap_for_mixed_precision(None, policy) is None


@pytest.mark.requires_trainable_backend
@pytest.mark.parametrize(
    "growth_steps",
    [100, pytest.param(2, id="scale-grows")],
)
def test_fit_matches_unscaled_training(growth_steps):
    # Scales are powers of two, so scaling and unscaling is exact: training
    # through the wrapper gives the same weights as the inner optimizer.
    x = np.linspace(-1, 1, 16, dtype="float32").reshape(8, 2)
    y = x @ np.array([[1.0], [-2.0]], dtype="float32")
    weights = []
    for wrap in (False, True):
        model = kerata.Sequential([kerata.Input((2,)), kerata.layers.Dense(1)])
        model.set_weights([np.array([[0.5], [0.5]], "float32"), np.zeros(1)])
        optimizer = kerata.optimizers.SGD(learning_rate=0.1)
        if wrap:
            optimizer = kerata.optimizers.LossScaleOptimizer(
                optimizer,
                initial_scale=1024.0,
                dynamic_growth_steps=growth_steps,
            )
        model.compile(optimizer=optimizer, loss="mse")
        model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
        weights.append(model.get_weights())
    assert_allclose(weights[1], weights[0], rtol=1e-6, atol=1e-7)
    scale = 1024.0 * 2 ** (4 // growth_steps)
    assert float(optimizer.dynamic_scale.numpy()) == scale
    assert int(backend.convert_to_numpy(optimizer.iterations)) == 4


@pytest.mark.parity
def test_matches_keras():
    if "keras" not in sys.modules:
        name = backend.backend()
        os.environ["KERAS_BACKEND"] = "torch" if name == "numpy" else name
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "torch":
        # Keras's eager apply on JAX leaks tracers from its `cond`.
        pytest.skip("the Keras oracle runs on its torch backend only")
    grads = _grads()
    w0 = np.array([1.0, -2.0, 0.5], dtype="float32")
    theirs = keras.optimizers.LossScaleOptimizer(
        keras.optimizers.SGD(learning_rate=LR, momentum=MOMENTUM),
        initial_scale=8.0,
        dynamic_growth_steps=2,
    )
    variable = keras.Variable(w0)
    ours = _optimizer()
    w = kerata.Variable(w0)
    for g in grads:
        theirs.apply([keras.ops.convert_to_tensor(g)], [variable])
        ours.apply([g], [w])
    assert_allclose(w, keras.ops.convert_to_numpy(variable), rtol=1e-6)
    assert float(ours.dynamic_scale.numpy()) == float(
        keras.ops.convert_to_numpy(theirs.dynamic_scale)
    )
