import numpy as np
import pytest
from sklearn import metrics as sk

from kerata import metrics
from kerata.src.testing import assert_allclose

RNG = np.random.default_rng(0)
NUM = 12
LABELS = RNG.integers(0, 4, NUM)
SCORES = RNG.uniform(size=(NUM, 4)).astype("float32")
ONE_HOT = np.eye(4, dtype="float32")[LABELS]
WEIGHTS = RNG.uniform(0.1, 2.0, NUM).astype("float32")
BINARY = RNG.integers(0, 2, (NUM, 1)).astype("float32")
PROBS = RNG.uniform(size=(NUM, 1)).astype("float32")


def _top_k_hits(k):
    ranks = np.argsort(-SCORES, axis=1)[:, :k]
    return (ranks == LABELS[:, None]).any(axis=1)


def _two_batches(metric, y_true, y_pred, weights=None):
    half = NUM // 2
    for part in (slice(0, half), slice(half, NUM)):
        metric.update_state(
            y_true[part],
            y_pred[part],
            sample_weight=None if weights is None else weights[part],
        )
    return metric.result()


@pytest.mark.parametrize("weighted", [False, True])
def test_accuracy_matches_sklearn(weighted):
    weights = WEIGHTS if weighted else None
    pred = np.argmax(SCORES, axis=1)
    result = _two_batches(metrics.Accuracy(), LABELS, pred, weights)
    assert_allclose(
        result, sk.accuracy_score(LABELS, pred, sample_weight=weights)
    )


@pytest.mark.parametrize("weighted", [False, True])
def test_binary_accuracy_matches_sklearn(weighted):
    weights = WEIGHTS if weighted else None
    result = _two_batches(metrics.BinaryAccuracy(), BINARY, PROBS, weights)
    expected = sk.accuracy_score(BINARY, PROBS > 0.5, sample_weight=weights)
    assert_allclose(result, expected)


def test_binary_accuracy_threshold():
    metric = metrics.BinaryAccuracy(threshold=0.8)
    result = _two_batches(metric, BINARY, PROBS)
    assert_allclose(result, sk.accuracy_score(BINARY, PROBS > 0.8))


@pytest.mark.parametrize("weighted", [False, True])
def test_categorical_accuracies_match_sklearn(weighted):
    weights = WEIGHTS if weighted else None
    pred = np.argmax(SCORES, axis=1)
    expected = sk.accuracy_score(LABELS, pred, sample_weight=weights)
    cat = _two_batches(metrics.CategoricalAccuracy(), ONE_HOT, SCORES, weights)
    sparse = _two_batches(
        metrics.SparseCategoricalAccuracy(), LABELS[:, None], SCORES, weights
    )
    assert_allclose(cat, expected)
    assert_allclose(sparse, expected)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_top_k_accuracies(k):
    expected = sk.top_k_accuracy_score(LABELS, SCORES, k=k, labels=range(4))
    assert_allclose(expected, _top_k_hits(k).mean())
    top = _two_batches(metrics.TopKCategoricalAccuracy(k=k), ONE_HOT, SCORES)
    sparse = _two_batches(
        metrics.SparseTopKCategoricalAccuracy(k=k), LABELS, SCORES
    )
    assert_allclose(top, expected)
    assert_allclose(sparse, expected)


def test_sparse_top_k_from_sorted_ids():
    ids = np.argsort(-SCORES, axis=1).astype("int32")
    metric = metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True)
    result = _two_batches(metric, LABELS, ids)
    assert_allclose(result, _top_k_hits(2).mean())


def test_accuracy_functions_per_sample():
    values = metrics.sparse_categorical_accuracy(LABELS, SCORES)
    assert_allclose(values, LABELS == np.argmax(SCORES, axis=1))
    values = metrics.binary_accuracy(BINARY, PROBS)
    assert_allclose(values, (BINARY == (PROBS > 0.5))[:, 0])
