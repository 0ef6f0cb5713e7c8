import numpy as np
import pytest
from sklearn import metrics as sk

from kerata import metrics
from kerata.src.testing import assert_allclose

RNG = np.random.default_rng(2)
NUM = 40
Y_TRUE = RNG.integers(0, 2, NUM).astype("float32")
# Scores halfway between the 101 default thresholds (i / 100), so
# the threshold-based curves are exact.
Y_PRED = ((RNG.integers(0, 20, NUM) + 0.5) / 20).astype("float32")
WEIGHTS = RNG.uniform(0.1, 2.0, NUM).astype("float32")


def _two_batches(metric, y_true, y_pred, weights=None):
    half = len(y_true) // 2
    for part in (slice(0, half), slice(half, None)):
        metric.update_state(
            y_true[part],
            y_pred[part],
            sample_weight=None if weights is None else weights[part],
        )
    return metric.result()


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("threshold", [0.5, 0.3])
def test_counts_precision_recall_match_sklearn(weighted, threshold):
    w = WEIGHTS if weighted else None
    predicted = Y_PRED > threshold
    tn, fp, fn, tp = sk.confusion_matrix(
        Y_TRUE, predicted, sample_weight=w
    ).ravel()
    expected = {
        metrics.TruePositives: tp,
        metrics.FalsePositives: fp,
        metrics.TrueNegatives: tn,
        metrics.FalseNegatives: fn,
        metrics.Precision: sk.precision_score(
            Y_TRUE, predicted, sample_weight=w
        ),
        metrics.Recall: sk.recall_score(Y_TRUE, predicted, sample_weight=w),
    }
    for cls, value in expected.items():
        got = _two_batches(cls(thresholds=threshold), Y_TRUE, Y_PRED, w)
        assert tuple(got.shape) == ()
        assert_allclose(got, value, rtol=1e-5, atol=1e-5)


def test_several_thresholds_give_one_value_each():
    thresholds = [0.2, 0.5, 0.8]
    got = _two_batches(metrics.Precision(thresholds), Y_TRUE, Y_PRED)
    expected = [sk.precision_score(Y_TRUE, Y_PRED > t) for t in thresholds]
    assert_allclose(got, expected, rtol=1e-5)
    got = _two_batches(metrics.TruePositives(thresholds), Y_TRUE, Y_PRED)
    expected = [np.sum((Y_PRED > t) & (Y_TRUE == 1)) for t in thresholds]
    assert_allclose(got, expected)


def test_precision_recall_class_id_and_top_k():
    labels = RNG.integers(0, 2, (8, 3)).astype("float32")
    scores = RNG.uniform(size=(8, 3)).astype("float32")
    got = metrics.Precision(class_id=1)(labels, scores)
    expected = sk.precision_score(labels[:, 1], scores[:, 1] > 0.5)
    assert_allclose(got, expected, rtol=1e-5)
    top = np.argsort(-scores, axis=1)[:, :1]
    hits = np.zeros_like(scores, dtype=bool)
    np.put_along_axis(hits, top, True, axis=1)
    got = metrics.Recall(top_k=1)(labels, scores)
    assert_allclose(got, np.sum(hits & (labels == 1)) / labels.sum())


def test_reset_state():
    metric = metrics.Recall()
    metric.update_state(Y_TRUE, Y_PRED)
    metric.reset_state()
    assert float(metric.result()) == 0.0
    got = _two_batches(metric, Y_TRUE, Y_PRED)
    assert_allclose(got, sk.recall_score(Y_TRUE, Y_PRED > 0.5), rtol=1e-5)


@pytest.mark.parametrize("weighted", [False, True])
def test_roc_auc_matches_sklearn(weighted):
    w = WEIGHTS if weighted else None
    metric = metrics.AUC(num_thresholds=101)
    got = _two_batches(metric, Y_TRUE, Y_PRED, w)
    expected = sk.roc_auc_score(Y_TRUE, Y_PRED, sample_weight=w)
    assert_allclose(got, expected, rtol=1e-5)


def test_roc_auc_from_logits_and_given_thresholds():
    logits = np.log(Y_PRED / (1 - Y_PRED)).astype("float32")
    thresholds = [i / 20 for i in range(1, 20)]
    metric = metrics.AUC(thresholds=thresholds, from_logits=True)
    got = _two_batches(metric, Y_TRUE, logits)
    assert_allclose(got, sk.roc_auc_score(Y_TRUE, Y_PRED), rtol=1e-5)


def test_pr_auc_lies_between_step_sums_around_average_precision():
    # sklearn's average precision is a step sum of the exact PR curve, so
    # it lies between the lower and upper step sums; so does the
    # interpolated area.
    metric = metrics.AUC(num_thresholds=101, curve="PR")
    got = float(_two_batches(metric, Y_TRUE, Y_PRED))
    minoring = metrics.AUC(
        num_thresholds=101, curve="PR", summation_method="minoring"
    )
    majoring = metrics.AUC(
        num_thresholds=101, curve="PR", summation_method="majoring"
    )
    low = float(_two_batches(minoring, Y_TRUE, Y_PRED))
    high = float(_two_batches(majoring, Y_TRUE, Y_PRED))
    ap = sk.average_precision_score(Y_TRUE, Y_PRED)
    assert low - 1e-6 <= ap <= high + 1e-6
    assert low - 1e-6 <= got <= high + 1e-6


def test_multi_label_auc_averages_per_label():
    labels = RNG.integers(0, 2, (30, 3)).astype("float32")
    scores = ((RNG.integers(0, 20, (30, 3)) + 0.5) / 20).astype("float32")
    metric = metrics.AUC(num_thresholds=101, multi_label=True)
    got = _two_batches(metric, labels, scores)
    expected = sk.roc_auc_score(labels, scores, average="macro")
    assert_allclose(got, expected, rtol=1e-5)
    weights = [1.0, 2.0, 0.5]
    metric = metrics.AUC(
        num_thresholds=101, multi_label=True, label_weights=weights
    )
    got = _two_batches(metric, labels, scores)
    per_label = sk.roc_auc_score(labels, scores, average=None)
    assert_allclose(got, np.average(per_label, weights=weights), rtol=1e-5)


def test_bad_inputs():
    with pytest.raises(ValueError, match="Threshold values"):
        metrics.Precision(thresholds=1.5)
    with pytest.raises(ValueError, match="curve"):
        metrics.AUC(curve="XY")
    with pytest.raises(ValueError, match="summation_method"):
        metrics.AUC(summation_method="simpson")
    with pytest.raises(ValueError, match="num_thresholds"):
        metrics.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match="top_k"):
        metrics.Recall(top_k=0)
    with pytest.raises(ValueError, match="same shape"):
        metrics.Precision().update_state(np.ones((4, 2)), np.ones((4, 3)))
