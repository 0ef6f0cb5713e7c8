"""Circle and CategoricalGeneralizedCrossEntropy against plain-NumPy
references and Keras 3; the loss functions Keras also calls metrics."""

import json
import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.testing import assert_allclose


def _softplus(x):
    return np.logaddexp(0.0, x)


def _logsumexp(x, mask):
    out = np.full(x.shape[0], -np.inf)
    for i in range(x.shape[0]):
        if mask[i].any():
            row = x[i][mask[i]]
            top = row.max()
            out[i] = top + np.log(np.exp(row - top).sum())
    return out


def circle_reference(
    labels, emb, ref_labels=None, ref_emb=None, remove_diagonal=True, **kw
):
    gamma, margin = kw.get("gamma", 80.0), kw.get("margin", 0.4)
    emb = emb.astype("float64")
    ref_emb = emb if ref_emb is None else ref_emb.astype("float64")
    ref_labels = labels if ref_labels is None else ref_labels
    dist = np.maximum(1.0 - emb @ ref_emb.T, 0.0)
    pos = labels[:, None] == ref_labels[None, :]
    neg = ~pos
    if remove_diagonal:
        pos = pos & ~np.eye(*pos.shape, dtype=bool)
    pos_w = np.maximum((margin + dist) * pos, 0.0)
    neg_w = np.maximum((1.0 + margin - dist) * neg, 0.0)
    pos_s = -gamma * pos_w * (margin - dist)
    neg_s = gamma * neg_w * (1.0 - margin - dist)
    return _softplus(_logsumexp(pos_s, pos) + _logsumexp(neg_s, neg))


def gce_reference(labels, probs, q):
    p = probs[np.arange(len(labels)), labels]
    return (1.0 - p**q) / q


def _embeddings(n, dim=4, seed=0):
    x = np.random.default_rng(seed).standard_normal((n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype("float32")


LABELS = np.array([0, 1, 0, 2, 1, 3])  # label 3 has no partner: masked


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"gamma": 2.0, "margin": 0.25}, {"remove_diagonal": False}],
)
def test_circle_matches_reference(kwargs):
    emb = _embeddings(6)
    got = kerata.losses.circle(LABELS, emb, **kwargs)
    expected = circle_reference(LABELS, emb, **kwargs)
    assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    # The class averages over the samples with a loss (the mask).
    loss = kerata.losses.Circle(**kwargs)
    kept = expected[expected > 0]
    assert_allclose(loss(LABELS, emb), kept.mean(), rtol=1e-5, atol=1e-5)


def test_circle_with_references():
    emb = _embeddings(3, seed=1)
    ref = _embeddings(5, seed=2)
    ref_labels = np.array([0, 1, 1, 2, 0])
    labels = np.array([0, 1, 2])
    got = kerata.losses.circle(
        labels, emb, ref_labels=ref_labels, ref_embeddings=ref, gamma=4.0
    )
    expected = circle_reference(labels, emb, ref_labels, ref, gamma=4.0)
    assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


def test_gce_matches_reference():
    probs = np.array(
        [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]], dtype="float32"
    )
    labels = np.array([0, 2, 1])
    for q in (0.1, 0.7):
        got = kerata.losses.categorical_generalized_cross_entropy(
            labels, probs, q=q
        )
        assert_allclose(got, gce_reference(labels, probs, q), rtol=1e-5)
    loss = kerata.losses.CategoricalGeneralizedCrossEntropy(q=0.7)
    weights = np.array([1.0, 0.0, 2.0], dtype="float32")
    expected = (gce_reference(labels, probs, 0.7) * weights).mean()
    assert_allclose(loss(labels, probs, weights), expected, rtol=1e-5)
    # Column labels give the same per-sample losses.
    column = loss(labels[:, None], probs, weights)
    assert_allclose(column, expected, rtol=1e-5)


@pytest.mark.parametrize("q", [0, 1, 1.5, True])
def test_gce_rejects_q_outside_open_interval(q):
    with pytest.raises(ValueError, match="Received: q="):
        kerata.losses.CategoricalGeneralizedCrossEntropy(q=q)


@pytest.mark.parametrize(
    ("cls", "kwargs"),
    [
        ("Circle", {"gamma": 10.0, "margin": 0.3, "remove_diagonal": False}),
        ("CategoricalGeneralizedCrossEntropy", {"q": 0.3}),
    ],
)
def test_config_round_trip(cls, kwargs):
    loss = getattr(kerata.losses, cls)(**kwargs, reduction="sum", name="l")
    config = json.loads(json.dumps(loss.get_config()))
    assert {k: config[k] for k in kwargs} == kwargs
    restored = getattr(kerata.losses, cls).from_config(config)
    assert restored.get_config() == config
    serialized = kerata.saving.serialize_keras_object(loss)
    again = kerata.saving.deserialize_keras_object(serialized)
    assert again.get_config() == config


def test_metric_function_aliases():
    for name in ("huber", "binary_focal_crossentropy"):
        assert getattr(kerata.metrics, name) is getattr(kerata.losses, name)
    alias = kerata.metrics.categorical_focal_crossentropy
    assert alias is kerata.losses.categorical_focal_crossentropy


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        name = backend.backend()
        os.environ["KERAS_BACKEND"] = "torch" if name == "numpy" else name
    return pytest.importorskip("keras")


@pytest.mark.parity
def test_losses_match_keras(keras):
    emb = _embeddings(6)
    probs = np.array([[0.7, 0.3], [0.2, 0.8], [0.6, 0.4]], dtype="float32")
    labels = np.array([0, 1, 1])
    cases = [
        ("Circle", {"gamma": 8.0}, LABELS, emb),
        ("Circle", {}, LABELS, emb),
        ("CategoricalGeneralizedCrossEntropy", {"q": 0.4}, labels, probs),
    ]
    for cls, kwargs, y_true, y_pred in cases:
        ours = getattr(kerata.losses, cls)(**kwargs)
        theirs = getattr(keras.losses, cls)(**kwargs)
        expected = keras.ops.convert_to_numpy(theirs(y_true, y_pred))
        assert_allclose(ours(y_true, y_pred), expected, rtol=1e-5, atol=1e-6)
        assert ours.get_config() == theirs.get_config()
    for name in (
        "huber",
        "binary_focal_crossentropy",
        "categorical_focal_crossentropy",
    ):
        assert getattr(keras.metrics, name) is getattr(keras.losses, name)
