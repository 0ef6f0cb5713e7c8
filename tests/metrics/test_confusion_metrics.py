import numpy as np
import pytest
from sklearn import metrics as sk

from kerata import metrics
from kerata.src import backend
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import metrics as reference

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


# One rate at a bound on another: (class, its bound argument, maximized
# rate, bounded rate) in the names of `reference.rates_at_thresholds`.
RATE_METRICS = [
    (
        metrics.SensitivityAtSpecificity,
        "specificity",
        "sensitivity",
        "specificity",
    ),
    (
        metrics.SpecificityAtSensitivity,
        "sensitivity",
        "specificity",
        "sensitivity",
    ),
    (metrics.PrecisionAtRecall, "recall", "precision", "sensitivity"),
    (metrics.RecallAtPrecision, "precision", "sensitivity", "precision"),
]


def _sklearn_rate_at_rate(maximized, bounded, value, weights):
    # Scores fall between the 200 thresholds, so the thresholds reach the
    # same operating points as sklearn's curves.
    if "precision" in (maximized, bounded):
        precision, recall, _ = sk.precision_recall_curve(
            Y_TRUE, Y_PRED, sample_weight=weights, drop_intermediate=False
        )
        # Drop sklearn's closing point (precision 1, recall 0); no
        # positive prediction has precision 0 here, as in Keras.
        rates = {"precision": precision[:-1], "sensitivity": recall[:-1]}
    else:
        fpr, tpr, _ = sk.roc_curve(
            Y_TRUE, Y_PRED, sample_weight=weights, drop_intermediate=False
        )
        rates = {"sensitivity": tpr, "specificity": 1.0 - fpr}
    feasible = rates[bounded] >= value
    return np.max(np.where(feasible, rates[maximized], 0.0), initial=0.0)


@pytest.mark.parametrize("value", [0.3, 0.8])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize(
    ("cls", "arg", "maximized", "bounded"),
    RATE_METRICS,
    ids=lambda x: getattr(x, "__name__", str(x)),
)
def test_rate_at_rate_matches_sklearn_and_reference(
    cls, arg, maximized, bounded, weighted, value
):
    w = WEIGHTS if weighted else None
    got = _two_batches(cls(**{arg: value}), Y_TRUE, Y_PRED, w)
    assert tuple(got.shape) == ()
    rates = reference.rates_at_thresholds(Y_TRUE, Y_PRED, w)
    expected = reference.best_rate_at_rate(rates, maximized, bounded, value)
    assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    expected = _sklearn_rate_at_rate(maximized, bounded, value, w)
    assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("cls", "arg", "maximized", "bounded"),
    RATE_METRICS,
    ids=lambda x: getattr(x, "__name__", str(x)),
)
def test_rate_at_rate_class_id_clipping_and_one_threshold(
    cls, arg, maximized, bounded
):
    labels = RNG.integers(0, 2, (12, 3)).astype("float32")
    # Some scores outside [0, 1]: they count as 0 or 1.
    scores = RNG.uniform(-0.3, 1.3, (12, 3)).astype("float32")
    weights = RNG.uniform(0.1, 2.0, 12).astype("float32")
    metric = cls(**{arg: 0.4}, num_thresholds=7, class_id=2)
    metric.update_state(labels, scores, sample_weight=weights)
    rates = reference.rates_at_thresholds(
        labels[:, 2], scores[:, 2], weights, num_thresholds=7
    )
    expected = reference.best_rate_at_rate(rates, maximized, bounded, 0.4)
    assert_allclose(metric.result(), expected, rtol=1e-5, atol=1e-6)
    metric = cls(**{arg: 0.4}, num_thresholds=1)
    metric.update_state(labels, scores)
    rates = reference.rates_at_thresholds(labels, scores, num_thresholds=1)
    expected = reference.best_rate_at_rate(rates, maximized, bounded, 0.4)
    assert_allclose(metric.result(), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("cls", "arg"), [case[:2] for case in RATE_METRICS], ids=str
)
def test_rate_at_rate_config_reset_and_errors(cls, arg):
    metric = cls(**{arg: 0.7}, num_thresholds=50, class_id=1, name="r")
    config = metric.get_config()
    assert config == {
        "name": "r",
        "dtype": "float32",
        "class_id": 1,
        "num_thresholds": 50,
        arg: 0.7,
    }
    assert getattr(metric, arg) == 0.7
    assert len(metric.thresholds) == 50
    clone = metrics.deserialize(metrics.serialize(metric))
    assert (type(clone), clone.get_config()) == (cls, config)
    metric.update_state(np.eye(3), np.eye(3) * 0.9)
    assert float(metric.result()) > 0.0
    metric.reset_state()
    assert float(metric.result()) == 0.0
    assert [v.name for v in metric.variables] == [
        "true_positives",
        "false_positives",
        "true_negatives",
        "false_negatives",
    ]
    with pytest.raises(ValueError, match=arg):
        cls(**{arg: 1.5})
    with pytest.raises(TypeError, match=arg):
        cls(**{arg: "high"})
    with pytest.raises(ValueError, match="num_thresholds"):
        cls(**{arg: 0.5}, num_thresholds=0)
    with pytest.raises(ValueError, match="class_id"):
        cls(**{arg: 0.5}, class_id=0).update_state([0, 1], [0.2, 0.8])


@pytest.mark.skipif(backend.backend() != "jax", reason="jit needs jax")
def test_rate_at_rate_stateless_under_jax_jit():
    import jax

    metric = metrics.SensitivityAtSpecificity(0.5)
    state = [v.value for v in metric.variables]

    @jax.jit
    def step(state, y_true, y_pred, weights):
        return metric.stateless_update_state(state, y_true, y_pred, weights)

    half = NUM // 2
    for part in (slice(0, half), slice(half, None)):
        state = step(state, Y_TRUE[part], Y_PRED[part], WEIGHTS[part])
    rates = reference.rates_at_thresholds(Y_TRUE, Y_PRED, WEIGHTS)
    expected = reference.best_rate_at_rate(
        rates, "sensitivity", "specificity", 0.5
    )
    assert_allclose(metric.stateless_result(state), expected, rtol=1e-5)
    assert float(metric.result()) == 0.0
