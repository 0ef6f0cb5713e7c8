"""Backends may run the built-in update rules fused over all variables
(`_builtin_update_rule`). Whatever they do must match the generic path:
each optimizer against a subclass whose `update_step` only calls the
parent's, which a backend cannot fuse because it cannot know the rule.
"""

import inspect

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.testing import assert_allclose
from tests.optimizers import _helpers

KO = kerata.optimizers
SCHEDULES = KO.schedules

CASES = {
    "sgd": lambda: KO.SGD(learning_rate=0.1),
    "sgd_schedule_clipvalue": lambda: KO.SGD(
        learning_rate=SCHEDULES.ExponentialDecay(0.1, 5, 0.5), clipvalue=0.5
    ),
    "sgd_momentum_weight_decay": lambda: KO.SGD(
        learning_rate=0.05, momentum=0.9, weight_decay=0.01
    ),
    "sgd_nesterov_clipnorm": lambda: KO.SGD(
        learning_rate=0.05, momentum=0.9, nesterov=True, clipnorm=1.0
    ),
    "adam": lambda: KO.Adam(learning_rate=0.01),
    "adam_amsgrad_global_clipnorm": lambda: KO.Adam(
        learning_rate=0.01, amsgrad=True, global_clipnorm=1.0
    ),
    "adam_schedule_ema": lambda: KO.Adam(
        learning_rate=SCHEDULES.CosineDecay(0.01, 20),
        use_ema=True,
        ema_overwrite_frequency=5,
    ),
    "adamw": lambda: KO.AdamW(learning_rate=0.01, weight_decay=0.1),
    "rmsprop": lambda: KO.RMSprop(learning_rate=0.01),
    "rmsprop_centered_momentum_clipnorm": lambda: KO.RMSprop(
        learning_rate=0.01, momentum=0.5, centered=True, clipnorm=1.0
    ),
    "rmsprop_callable_learning_rate": lambda: KO.RMSprop(
        learning_rate=lambda: 0.02, momentum=0.9
    ),
    "adagrad": lambda: KO.Adagrad(
        learning_rate=0.1, initial_accumulator_value=0.5, clipnorm=1.0
    ),
    "adamax": lambda: KO.Adamax(learning_rate=0.01, weight_decay=0.01),
    "lion": lambda: KO.Lion(
        learning_rate=SCHEDULES.PolynomialDecay(0.01, 20, 0.001)
    ),
    "sgd_gradient_accumulation": lambda: KO.SGD(
        learning_rate=0.1, momentum=0.9, gradient_accumulation_steps=2
    ),
}


def _generic(optimizer):
    """A copy of `optimizer` that runs the per-variable `update_step`."""
    cls = type(optimizer)

    class Generic(cls):
        def update_step(self, gradient, variable, learning_rate):
            super().update_step(gradient, variable, learning_rate)

    return Generic.from_config(optimizer.get_config())


def _use_device_scalars(monkeypatch):
    adapter = backend.load_adapter("optimizer")
    module = inspect.getmodule(adapter)
    if not hasattr(module, "_HOST_SCALARS"):
        pytest.skip("this backend has a single fused-update code path")
    monkeypatch.setattr(module, "_HOST_SCALARS", False)


@pytest.fixture(params=["host_scalars", "device_scalars"])
def scalars(request, monkeypatch):
    """On backends whose adapter reads CPU scalars back to Python numbers,
    also runs the code path meant for accelerators (scalars as tensors)."""
    if request.param == "device_scalars":
        _use_device_scalars(monkeypatch)
    return request.param


def _assert_same_as_generic(optimizer, generic, values=None, grads=None):
    actual = _helpers.run_kerata(optimizer, values, grads)
    desired = _helpers.run_kerata(generic, values, grads)
    assert_allclose(actual, desired, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("case", sorted(CASES))
def test_fused_matches_generic(case, scalars):
    optimizer = CASES[case]()
    _assert_same_as_generic(optimizer, _generic(optimizer))


def test_fused_matches_generic_with_excluded_weight_decay(scalars):
    optimizer = KO.AdamW(learning_rate=0.01, weight_decay=0.1)
    generic = _generic(optimizer)
    for opt in (optimizer, generic):
        opt.exclude_from_weight_decay(var_names=["w1"])
    _assert_same_as_generic(optimizer, generic)


def test_fused_matches_generic_with_missing_gradients(scalars):
    # Steps that update a subset of the variables.
    grads = _helpers.gradient_steps()
    for i, step in enumerate(grads):
        step[i % 2] = None
    optimizer = KO.Adam(learning_rate=0.01, amsgrad=True)
    _assert_same_as_generic(optimizer, _generic(optimizer), grads=grads)


@pytest.mark.parametrize("half", [[1], [0, 1]], ids=["mixed", "float16"])
def test_fused_matches_generic_with_half_precision(half):
    values = _helpers.initial_values()
    for i in half:
        values[i] = values[i].astype("float16")
    optimizer = KO.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)
    actual = _helpers.run_kerata(optimizer, values)
    desired = _helpers.run_kerata(_generic(optimizer), values)
    assert actual[1].dtype == np.float16
    assert_allclose(actual, desired, rtol=1e-3, atol=1e-3)


def test_learning_rate_change_takes_effect(scalars):
    variables = [kerata.Variable(v) for v in _helpers.initial_values()]
    optimizer = KO.Adam(learning_rate=0.01)
    generic = _generic(optimizer)
    twins = [kerata.Variable(v) for v in _helpers.initial_values()]
    for i, step in enumerate(_helpers.gradient_steps()):
        if i == 10:
            optimizer.learning_rate = 0.5
            generic.learning_rate = 0.5
        optimizer.apply(step, variables)
        generic.apply(step, twins)
    assert_allclose(variables, twins, rtol=1e-6, atol=1e-6)


def test_stateless_apply_matches_apply():
    variables = [kerata.Variable(v) for v in _helpers.initial_values()]
    optimizer = KO.Adam(learning_rate=0.01)
    optimizer.build(variables)
    # Copies: on some backends `value` aliases what `apply` writes to.
    weights = [kerata.ops.copy(v.value) for v in variables]
    state = [kerata.ops.copy(v.value) for v in optimizer.variables]
    for step in _helpers.gradient_steps()[:5]:
        weights, state = optimizer.stateless_apply(state, step, weights)
        optimizer.apply(step, variables)
    assert_allclose(weights, variables, rtol=1e-6, atol=1e-6)
    assert_allclose(state, optimizer.variables, rtol=1e-6, atol=1e-6)


def test_builtin_update_rule_follows_update_step():
    class Tuned(KO.Adam):
        def update_step(self, gradient, variable, learning_rate):
            super().update_step(gradient, variable, learning_rate)

    class Renamed(KO.AdamW):
        pass

    assert KO.Adam()._builtin_update_rule() == "adam"
    assert KO.AdamW()._builtin_update_rule() == "adam"
    assert Renamed()._builtin_update_rule() == "adam"
    assert Tuned()._builtin_update_rule() is None
    assert KO.Nadam()._builtin_update_rule() is None


@pytest.mark.parametrize("case", sorted(CASES))
def test_device_path_reads_no_value_back(case, monkeypatch):
    # On an accelerator, reading a tensor's value waits for the device.
    _use_device_scalars(monkeypatch)
    torch = pytest.importorskip("torch")
    variables = [kerata.Variable(v) for v in _helpers.initial_values()]
    steps = [
        [torch.from_numpy(g) for g in step]
        for step in _helpers.gradient_steps(steps=3)
    ]
    optimizer = CASES[case]()
    optimizer.apply(steps[0], variables)

    def read_back(*args, **kwargs):
        raise AssertionError("a tensor value was read back to the host")

    for name in ("item", "__float__", "__bool__", "tolist", "numpy"):
        monkeypatch.setattr(torch.Tensor, name, read_back)
    for step in steps[1:]:
        optimizer.apply(step, variables)
