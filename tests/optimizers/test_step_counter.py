"""The bias corrections of Adam and Adamax follow `iterations`, however it
changes: by `apply`, by `assign`, or by loading saved optimizer state.

Backends may keep a host-side copy of the counter to avoid reading it
from the device every step (torch does); these tests pin that such a
copy never goes stale.
"""

import inspect

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.testing import assert_allclose
from tests.optimizers import _helpers

KO = kerata.optimizers


@pytest.fixture(params=["host_scalars", "device_scalars"])
def scalars(request, monkeypatch):
    """Also runs the accelerator code path where the adapter has one (it
    must not read the counter back to recover from a change)."""
    if request.param == "device_scalars":
        module = inspect.getmodule(backend.load_adapter("optimizer"))
        if not hasattr(module, "_HOST_SCALARS"):
            pytest.skip("this backend has a single fused-update code path")
        monkeypatch.setattr(module, "_HOST_SCALARS", False)
    return request.param


def _generic(optimizer):
    """A twin that runs the per-variable `update_step` (never fused)."""

    class Generic(type(optimizer)):
        def update_step(self, gradient, variable, learning_rate):
            super().update_step(gradient, variable, learning_rate)

    return Generic.from_config(optimizer.get_config())


def _run(optimizer, change):
    variables = [kerata.Variable(v) for v in _helpers.initial_values()]
    for i, step in enumerate(_helpers.gradient_steps(steps=6)):
        if i == 3:
            change(optimizer)
        optimizer.apply(step, variables)
    return [v.numpy() for v in variables]


def _set_iterations(optimizer):
    optimizer.iterations.assign(100)


def _reload_state(optimizer):
    store = {}
    optimizer.save_own_variables(store)
    store["0"] = np.array(40, "int32")  # the iteration counter
    optimizer.load_own_variables(store)


@pytest.mark.parametrize("make", [KO.Adam, KO.Adamax], ids=["adam", "adamax"])
@pytest.mark.parametrize(
    "change", [_set_iterations, _reload_state], ids=["assign", "load"]
)
def test_updates_follow_a_changed_step_counter(make, change, scalars):
    optimizer = make(learning_rate=0.01)
    actual = _run(optimizer, change)
    desired = _run(_generic(optimizer), change)
    assert_allclose(actual, desired, rtol=1e-6, atol=1e-6)
    assert int(kerata.ops.convert_to_numpy(optimizer.iterations)) in (103, 43)
