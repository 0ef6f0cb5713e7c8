"""Update rules and configs against Keras 3 on the same fixed gradients,
with Keras's own defaults (epsilon placement, Adagrad's initial
accumulator), where torch.optim differs."""

import os
import sys

import pytest

import kerata
from kerata.src import backend
from kerata.src.testing import assert_allclose
from tests.optimizers import _helpers

pytestmark = pytest.mark.parity


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        name = backend.backend()
        os.environ["KERAS_BACKEND"] = "torch" if name == "numpy" else name
    keras = pytest.importorskip("keras")
    if keras.backend.backend() not in ("torch", "jax"):
        pytest.skip(f"keras runs {keras.backend.backend()!r}, cannot train")
    return keras


def _run_keras(keras, optimizer, grads):
    variables = [
        keras.Variable(v, name=f"w{i}")
        for i, v in enumerate(_helpers.initial_values())
    ]
    for step in grads:
        optimizer.apply(
            [keras.ops.convert_to_tensor(g) for g in step], variables
        )
    return [keras.ops.convert_to_numpy(v) for v in variables]


CASES = [
    ("RMSprop", {"learning_rate": 0.01}),
    ("RMSprop", {"learning_rate": 0.01, "momentum": 0.5, "centered": True}),
    ("Adagrad", {"learning_rate": 0.1}),
    ("Adam", {"learning_rate": 0.01}),
    ("Adam", {"learning_rate": 0.01, "amsgrad": True}),
    ("AdamW", {"learning_rate": 0.01, "weight_decay": 0.1}),
    ("SGD", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"learning_rate": 0.1, "global_clipnorm": 1.0}),
    ("Adam", {"learning_rate": 0.01, "clipnorm": 0.5, "weight_decay": 0.1}),
    ("SGD", {"learning_rate": 0.1, "clipvalue": 0.5, "use_ema": True}),
    ("SGD", {"learning_rate": 0.1, "gradient_accumulation_steps": 3}),
    ("Adamax", {"learning_rate": 0.01}),
    ("Nadam", {"learning_rate": 0.01}),
    ("Adadelta", {"learning_rate": 1.0}),
    ("Lion", {"learning_rate": 0.01}),
    ("Lamb", {"learning_rate": 0.01}),
    ("Nadam", {"learning_rate": 0.01, "gradient_accumulation_steps": 2}),
    ("Ftrl", {"learning_rate": 0.1}),
    (
        "Ftrl",
        {
            "learning_rate": 0.1,
            "l1_regularization_strength": 0.5,
            "l2_regularization_strength": 0.1,
            "l2_shrinkage_regularization_strength": 0.05,
            "beta": 0.2,
        },
    ),
    ("Adafactor", {"learning_rate": 0.1}),
    ("Adafactor", {"learning_rate": 0.01, "relative_step": False}),
]


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_matches_keras(keras, name, kwargs):
    grads = _helpers.gradient_steps()
    if "gradient_accumulation_steps" in kwargs:
        # Keras retraces its accumulation branch on every jax step: slow.
        grads = grads[:7]
    optimizer = getattr(kerata.optimizers, name)(**kwargs)
    actual = _helpers.run_kerata(optimizer, grads=grads)
    desired = _run_keras(
        keras, getattr(keras.optimizers, name)(**kwargs), grads
    )
    assert_allclose(actual, desired, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    "name",
    [
        "SGD",
        "Adam",
        "AdamW",
        "RMSprop",
        "Adagrad",
        "Adamax",
        "Nadam",
        "Adadelta",
        "Lion",
        "Lamb",
        "Ftrl",
        "Adafactor",
    ],
)
def test_config_matches_keras(keras, name):
    ours = getattr(kerata.optimizers, name)(learning_rate=0.5).get_config()
    theirs = getattr(keras.optimizers, name)(learning_rate=0.5).get_config()
    assert _unnamed(ours) == _unnamed(theirs)
    assert ours["name"].split("_")[0] == theirs["name"].split("_")[0]
    # Configs load in both directions.
    keras_clone = getattr(keras.optimizers, name).from_config(ours)
    assert _unnamed(keras_clone.get_config()) == _unnamed(theirs)
    clone = getattr(kerata.optimizers, name).from_config(theirs)
    assert _unnamed(clone.get_config()) == _unnamed(ours)


def _unnamed(config):
    # Names are made unique per process, so they differ by a suffix.
    return {k: v for k, v in config.items() if k != "name"}
