"""Muon against a plain-NumPy reference of its update rule (Newton-Schulz
for matrices, AdamW for the rest), and against Keras 3."""

import json
import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.testing import assert_allclose

A, B, C = 3.4445, -4.7750, 2.0315


def _newton_schulz(x, steps):
    tall = x.shape[0] > x.shape[1]
    if tall:
        x = x.T
    x = x / (np.linalg.norm(x) + 1e-7)
    for _ in range(steps):
        gram = x @ x.T
        x = A * x + (B * gram + C * gram @ gram) @ x
    return x.T if tall else x


def _reference(values, names, grads, lr, options):
    """Muon's rule step by step in float64, for variables given by name."""
    o = {
        "adam_beta_1": 0.9,
        "adam_beta_2": 0.999,
        "epsilon": 1e-7,
        "weight_decay": 0.004,
        "adam_weight_decay": 0.004,
        "momentum": 0.95,
        "ns_steps": 5,
        "nesterov": True,
        "rms_rate": 0.2,
        "adam_lr_ratio": 1.0,
        "exclude_layers": [],
        **options,
    }
    values = [v.astype("float64") for v in values]
    m = [np.zeros_like(v) for v in values]
    v2 = [np.zeros_like(v) for v in values]

    def uses_adam(i):
        if values[i].ndim != 2 or "embedding" in names[i]:
            return True
        return any(p in names[i] for p in o["exclude_layers"])

    for t, step in enumerate(grads, start=1):
        for i, g in enumerate(step):
            g = g.astype("float64")
            decay = (
                o["adam_weight_decay"] if uses_adam(i) else o["weight_decay"]
            )
            if decay is not None:
                values[i] = values[i] - values[i] * lr * decay
            if uses_adam(i):
                b1, b2 = o["adam_beta_1"], o["adam_beta_2"]
                alpha = lr * o["adam_lr_ratio"] * np.sqrt(1 - b2**t)
                alpha /= 1 - b1**t
                m[i] = m[i] + (g - m[i]) * (1 - b1)
                v2[i] = v2[i] + (g * g - v2[i]) * (1 - b2)
                values[i] = values[i] - m[i] * alpha / (
                    np.sqrt(v2[i]) + o["epsilon"]
                )
            else:
                m[i] = o["momentum"] * m[i] + g
                d = g + o["momentum"] * m[i] if o["nesterov"] else m[i]
                update = lr * _newton_schulz(d, o["ns_steps"])
                if o["rms_rate"] is not None:
                    update = update * np.sqrt(max(g.shape)) * o["rms_rate"]
                values[i] = values[i] - update
    return values


SHAPES = {"dense/kernel": (3, 5), "tall": (6, 2), "bias": (4,)}
NAMES = {"dense/kernel": "kernel", "tall": "tall", "bias": "bias"}


def _setup(names):
    rng = np.random.default_rng(3)
    values = [rng.standard_normal(SHAPES[n]).astype("float32") for n in names]
    grads = [
        [rng.standard_normal(SHAPES[n]).astype("float32") for n in names]
        for _ in range(3)
    ]
    return values, grads


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"nesterov": False, "rms_rate": None, "weight_decay": 0.1},
        {"adam_lr_ratio": 0.5, "adam_weight_decay": None, "ns_steps": 3},
        {"exclude_layers": ["kernel"]},
    ],
    ids=["defaults", "plain-momentum", "adam-options", "excluded"],
)
def test_matches_numpy_reference(options):
    names = list(SHAPES)
    values, grads = _setup(names)
    optimizer = kerata.optimizers.Muon(learning_rate=0.05, **options)
    variables = [
        kerata.Variable(v.copy(), name=NAMES[n]) for v, n in zip(values, names)
    ]
    for step in grads:
        optimizer.apply(step, variables)
    paths = [v.path for v in variables]
    expected = _reference(values, paths, grads, 0.05, options)
    assert_allclose([v.numpy() for v in variables], expected, rtol=2e-4)


def test_embeddings_use_adamw_unless_included():
    table = kerata.Variable(np.ones((4, 3), "float32"), name="embeddings")
    kernel = kerata.Variable(np.ones((3, 3), "float32"), name="kernel")
    optimizer = kerata.optimizers.Muon()
    optimizer.build([table, kernel])
    assert optimizer._should_use_adamw(table)
    assert not optimizer._should_use_adamw(kernel)
    included = kerata.optimizers.Muon(exclude_embeddings=False)
    assert not included._should_use_adamw(table)


def test_newton_schulz_orthogonalizes():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 6)).astype("float32")
    optimizer = kerata.optimizers.Muon()
    out = backend.convert_to_numpy(optimizer.zeropower_via_newtonschulz5(x, 5))
    assert_allclose(out, _newton_schulz(x, 5), rtol=1e-4, atol=1e-5)
    # Singular values are pushed into a band around 1.
    singular = np.linalg.svd(out, compute_uv=False)
    assert np.all((singular > 0.5) & (singular < 1.5))
    with pytest.raises(ValueError, match="2 or more dimensions"):
        optimizer.zeropower_via_newtonschulz5(x[0], 5)


def test_config_round_trip():
    optimizer = kerata.optimizers.Muon(
        learning_rate=0.01, exclude_layers=["head"], nesterov=False
    )
    config = json.loads(json.dumps(optimizer.get_config()))
    restored = kerata.optimizers.Muon.from_config(config)
    assert restored.get_config() == config
    assert restored.exclude_layers == ["head"]


@pytest.mark.parity
def test_matches_keras():
    if "keras" not in sys.modules:
        name = backend.backend()
        os.environ["KERAS_BACKEND"] = "torch" if name == "numpy" else name
    keras = pytest.importorskip("keras")
    names = list(SHAPES)
    values, grads = _setup(names)
    theirs = keras.optimizers.Muon(learning_rate=0.05)
    keras_vars = [
        keras.Variable(v.copy(), name=NAMES[n]) for v, n in zip(values, names)
    ]
    ours = kerata.optimizers.Muon(learning_rate=0.05)
    variables = [
        kerata.Variable(v.copy(), name=NAMES[n]) for v, n in zip(values, names)
    ]
    for step in grads:
        theirs.apply([keras.ops.convert_to_tensor(g) for g in step], keras_vars)
        ours.apply(step, variables)
    expected = [keras.ops.convert_to_numpy(v) for v in keras_vars]
    assert_allclose([v.numpy() for v in variables], expected, rtol=2e-4)
