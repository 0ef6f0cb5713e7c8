"""fit / evaluate / predict against Keras 3 on the same backend: the same
initial weights, data and optimizer give the same history and weights.
"""

import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend

pytestmark = [pytest.mark.parity, pytest.mark.requires_trainable_backend]


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = backend.backend()
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != backend.backend():
        pytest.skip(
            f"keras was imported with the {keras.backend.backend()!r} "
            f"backend, kerata runs {backend.backend()!r}"
        )
    return keras


def _build(api, weights=None):
    model = api.Sequential(
        [
            api.Input((6,)),
            api.layers.Dense(8, activation="relu"),
            api.layers.Dense(3, activation="softmax"),
        ]
    )
    if weights is not None:
        model.set_weights(weights)
    return model


@pytest.mark.parametrize("optimizer", ["sgd", "adam", "rmsprop"])
def test_fit_history_and_weights_match_keras(keras, optimizer):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 6)).astype("float32")
    y = rng.integers(0, 3, (40,))
    weights = np.linspace(0.2, 1.5, 40).astype("float32")
    reference = _build(keras)
    initial = reference.get_weights()
    ours = _build(kerata, initial)
    results = {}
    for name, api, model in (
        ("keras", keras, reference),
        ("kerata", kerata, ours),
    ):
        model.compile(
            optimizer=api.optimizers.get(optimizer),
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
            weighted_metrics=["sparse_categorical_crossentropy"],
        )
        history = model.fit(
            x,
            y,
            sample_weight=weights,
            batch_size=7,
            epochs=3,
            shuffle=False,
            validation_split=0.2,
            verbose=0,
        )
        results[name] = (
            history.history,
            model.get_weights(),
            model.evaluate(x, y, batch_size=9, verbose=0),
            model.predict(x[:5], verbose=0),
        )
    k_hist, k_weights, k_eval, k_pred = results["keras"]
    o_hist, o_weights, o_eval, o_pred = results["kerata"]
    assert sorted(o_hist) == sorted(k_hist)
    for key in k_hist:
        np.testing.assert_allclose(
            o_hist[key], k_hist[key], rtol=1e-4, atol=1e-6
        )
    for a, b in zip(o_weights, k_weights):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(o_eval, k_eval, rtol=1e-4)
    np.testing.assert_allclose(o_pred, k_pred, rtol=1e-4, atol=1e-6)
