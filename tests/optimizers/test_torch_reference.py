"""Update rules against `torch.optim` on the same fixed gradients.

The gradients are given as arrays, so these tests run on every backend,
numpy included. Where Keras and torch place `epsilon` differently, the
epsilons are set so the difference is far below the tolerance.
"""

import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from tests.optimizers import _helpers

torch = pytest.importorskip("torch")


def _run_torch(make):
    params = [
        torch.nn.Parameter(torch.from_numpy(v.copy()))
        for v in _helpers.initial_values()
    ]
    optimizer = make(params)
    for step in _helpers.gradient_steps():
        for p, g in zip(params, step):
            p.grad = torch.from_numpy(g.copy())
        optimizer.step()
    return [p.detach().numpy() for p in params]


KO = kerata.optimizers
TO = torch.optim
CASES = {
    "sgd": (
        lambda: KO.SGD(learning_rate=0.1),
        lambda p: TO.SGD(p, lr=0.1),
    ),
    "sgd_momentum": (
        lambda: KO.SGD(learning_rate=0.05, momentum=0.9),
        lambda p: TO.SGD(p, lr=0.05, momentum=0.9),
    ),
    "sgd_nesterov": (
        lambda: KO.SGD(learning_rate=0.05, momentum=0.9, nesterov=True),
        lambda p: TO.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
    ),
    "adam": (
        lambda: KO.Adam(learning_rate=0.01, epsilon=1e-10),
        lambda p: TO.Adam(p, lr=0.01, eps=1e-10),
    ),
    "adam_amsgrad": (
        lambda: KO.Adam(learning_rate=0.01, epsilon=1e-10, amsgrad=True),
        lambda p: TO.Adam(p, lr=0.01, eps=1e-10, amsgrad=True),
    ),
    "adamw": (
        lambda: KO.AdamW(learning_rate=0.01, weight_decay=0.1, epsilon=1e-10),
        lambda p: TO.AdamW(p, lr=0.01, weight_decay=0.1, eps=1e-10),
    ),
    "rmsprop": (
        lambda: KO.RMSprop(learning_rate=0.01, epsilon=0.0),
        lambda p: TO.RMSprop(p, lr=0.01, alpha=0.9, eps=0.0),
    ),
    "rmsprop_momentum_centered": (
        lambda: KO.RMSprop(
            learning_rate=0.01, momentum=0.5, centered=True, epsilon=0.0
        ),
        lambda p: TO.RMSprop(
            p, lr=0.01, alpha=0.9, momentum=0.5, centered=True, eps=0.0
        ),
    ),
    "adagrad": (
        lambda: KO.Adagrad(
            learning_rate=0.1, initial_accumulator_value=0.1, epsilon=0.0
        ),
        lambda p: TO.Adagrad(p, lr=0.1, initial_accumulator_value=0.1, eps=0.0),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_torch_optim(case):
    make_kerata, make_torch = CASES[case]
    actual = _helpers.run_kerata(make_kerata())
    desired = _run_torch(make_torch)
    assert_allclose(actual, desired, rtol=1e-5, atol=1e-5)


def test_iterations_count_applies():
    optimizer = kerata.optimizers.SGD()
    _helpers.run_kerata(optimizer)
    assert (
        int(kerata.ops.convert_to_numpy(optimizer.iterations)) == _helpers.STEPS
    )


def test_none_gradients_leave_variables_unchanged():
    w = kerata.Variable(np.ones(2, "float32"))
    u = kerata.Variable(np.ones(2, "float32"))
    optimizer = kerata.optimizers.SGD(learning_rate=1.0)
    optimizer.apply([np.ones(2, "float32"), None], [w, u])
    assert w.numpy().tolist() == [0.0, 0.0]
    assert u.numpy().tolist() == [1.0, 1.0]
