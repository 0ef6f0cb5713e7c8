import numpy as np
import pytest
from sklearn import metrics as sk

from kerata import metrics
from kerata.src.testing import assert_allclose

RNG = np.random.default_rng(3)
NUM = 24
# Every class appears in labels and in predictions, so no score is 0/0.
LABELS = np.arange(NUM) % 3
SCORES = RNG.uniform(size=(NUM, 3)).astype("float32")
SCORES[np.arange(3), np.arange(3)] = 2.0
ONE_HOT = np.eye(3, dtype="float32")[LABELS]
WEIGHTS = RNG.uniform(0.1, 2.0, NUM).astype("float32")
MULTI = RNG.integers(0, 2, (NUM, 3)).astype("float32")
MULTI[:3] = np.eye(3)


def _two_batches(metric, y_true, y_pred, weights=None):
    for part in (slice(0, 10), slice(10, NUM)):
        metric.update_state(
            y_true[part],
            y_pred[part],
            sample_weight=None if weights is None else weights[part],
        )
    return metric.result()


@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
@pytest.mark.parametrize("weighted", [False, True])
def test_f1_argmax_matches_sklearn(average, weighted):
    w = WEIGHTS if weighted else None
    got = _two_batches(metrics.F1Score(average=average), ONE_HOT, SCORES, w)
    pred = np.argmax(SCORES, axis=1)
    expected = sk.f1_score(LABELS, pred, average=average, sample_weight=w)
    assert_allclose(got, expected, rtol=1e-5)


@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
def test_fbeta_multilabel_threshold_matches_sklearn(average):
    metric = metrics.FBetaScore(average=average, beta=2.0, threshold=0.4)
    got = _two_batches(metric, MULTI, SCORES)
    expected = sk.fbeta_score(MULTI, SCORES > 0.4, beta=2.0, average=average)
    assert_allclose(got, expected, rtol=1e-5)


def test_reset_state_and_errors():
    metric = metrics.F1Score(average="macro")
    metric.update_state(ONE_HOT, SCORES)
    metric.reset_state()
    assert_allclose(metric.result(), 0.0)
    got = _two_batches(metric, ONE_HOT, SCORES)
    expected = sk.f1_score(LABELS, np.argmax(SCORES, 1), average="macro")
    assert_allclose(got, expected, rtol=1e-5)
    with pytest.raises(ValueError, match="built for 3 classes"):
        metric.update_state(ONE_HOT[:, :2], SCORES[:, :2])
    with pytest.raises(ValueError, match="same shape|one shape"):
        metrics.F1Score().update_state(LABELS, SCORES)
    with pytest.raises(ValueError, match="average"):
        metrics.F1Score(average="samples")
    with pytest.raises(ValueError, match="beta"):
        metrics.FBetaScore(beta=0.0)
    with pytest.raises(ValueError, match="threshold"):
        metrics.F1Score(threshold=1.5)
