"""Tensors on another device than the current one are moved at kerata's
boundaries (layer calls, losses, optimizers, data adapters, ops'
conversion), as Keras does: a CPU tensor from a DataLoader feeds a model
on a GPU. Checked on any machine with the "meta" device standing in for
an accelerator."""

import numpy as np
import pytest

from kerata.src import backend

if backend.backend() != "torch":
    pytest.skip("torch backend tests", allow_module_level=True)
torch = pytest.importorskip("torch")

from kerata.src.backend.torch import core  # noqa: E402


def test_tensors_on_the_current_device_are_returned_as_they_are():
    x = torch.ones(3, device=core.get_device())
    assert core.to_current_device(x) is x
    assert core.convert_to_tensor(x) is x


def test_a_scope_moves_tensors_to_its_device():
    x = torch.ones(2, 3)
    with core.device_scope("meta"):
        moved = core.to_current_device(x)
        converted = core.convert_to_tensor(x, dtype="float64")
    assert moved.device.type == "meta"
    assert tuple(moved.shape) == (2, 3)
    assert converted.device.type == "meta"
    assert converted.dtype == torch.float64
    # Out of the scope, a tensor on the default device stays as it is.
    here = torch.ones(2, 3, device=core.get_device())
    assert core.to_current_device(here) is here


def test_non_tensors_pass_through():
    value = np.ones(2)
    with core.device_scope("meta"):
        assert core.to_current_device(value) is value


def test_layers_and_losses_move_their_inputs(monkeypatch):
    # Each boundary calls to_current_device; record the calls.
    import kerata

    seen = []
    real = backend.to_current_device

    def spy(x):
        seen.append(type(x).__name__)
        return real(x)

    monkeypatch.setattr(backend, "to_current_device", spy)
    layer = kerata.layers.Dense(2)
    x = torch.ones(4, 3)
    layer(x)
    assert "Tensor" in seen
    seen.clear()
    loss = kerata.losses.MeanSquaredError()
    loss(torch.zeros(4, 2), torch.ones(4, 2))
    assert seen.count("Tensor") >= 1
