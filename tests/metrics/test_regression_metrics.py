import numpy as np
import pytest
from sklearn import metrics as sk

from kerata import metrics
from kerata.src.testing import assert_allclose

RNG = np.random.default_rng(1)
NUM = 10
Y_TRUE = RNG.normal(size=(NUM, 3)).astype("float32")
Y_PRED = (Y_TRUE + RNG.normal(scale=0.5, size=(NUM, 3))).astype("float32")
WEIGHTS = RNG.uniform(0.1, 2.0, NUM).astype("float32")


def _two_batches(metric, y_true, y_pred, weights=None):
    for part in (slice(0, 4), slice(4, NUM)):
        metric.update_state(
            y_true[part],
            y_pred[part],
            sample_weight=None if weights is None else weights[part],
        )
    return metric.result()


@pytest.mark.parametrize("weighted", [False, True])
def test_mse_rmse_mae_match_sklearn(weighted):
    w = WEIGHTS if weighted else None
    mse = sk.mean_squared_error(Y_TRUE, Y_PRED, sample_weight=w)
    mae = sk.mean_absolute_error(Y_TRUE, Y_PRED, sample_weight=w)
    got = _two_batches(metrics.MeanSquaredError(), Y_TRUE, Y_PRED, w)
    assert_allclose(got, mse, rtol=1e-5)
    got = _two_batches(metrics.RootMeanSquaredError(), Y_TRUE, Y_PRED, w)
    assert_allclose(got, np.sqrt(mse), rtol=1e-5)
    got = _two_batches(metrics.MeanAbsoluteError(), Y_TRUE, Y_PRED, w)
    assert_allclose(got, mae, rtol=1e-5)


def test_cosine_similarity():
    metric = metrics.CosineSimilarity()
    got = _two_batches(metric, Y_TRUE, Y_PRED)
    cos = np.sum(Y_TRUE * Y_PRED, axis=1) / (
        np.linalg.norm(Y_TRUE, axis=1) * np.linalg.norm(Y_PRED, axis=1)
    )
    assert_allclose(got, cos.mean(), rtol=1e-5)


@pytest.mark.parametrize(
    ("aggregation", "sk_multioutput"),
    [
        ("uniform_average", "uniform_average"),
        ("variance_weighted_average", "variance_weighted"),
        (None, "raw_values"),
    ],
)
@pytest.mark.parametrize("weighted", [False, True])
def test_r2_score_matches_sklearn(aggregation, sk_multioutput, weighted):
    w = WEIGHTS if weighted else None
    metric = metrics.R2Score(class_aggregation=aggregation)
    got = _two_batches(metric, Y_TRUE, Y_PRED, w)
    expected = sk.r2_score(
        Y_TRUE, Y_PRED, sample_weight=w, multioutput=sk_multioutput
    )
    assert_allclose(got, expected, rtol=1e-4, atol=1e-5)


def test_r2_score_single_output_and_adjusted():
    metric = metrics.R2Score(num_regressors=2)
    got = _two_batches(metric, Y_TRUE[:, 0], Y_PRED[:, 0])
    r2 = sk.r2_score(Y_TRUE[:, 0], Y_PRED[:, 0])
    adjusted = 1 - (1 - r2) * (NUM - 1) / (NUM - 2 - 1)
    assert_allclose(got, adjusted, rtol=1e-4)


def test_r2_score_reset_and_errors():
    metric = metrics.R2Score()
    metric.update_state(Y_TRUE, Y_PRED)
    metric.reset_state()
    got = _two_batches(metric, Y_TRUE, Y_PRED)
    assert_allclose(got, sk.r2_score(Y_TRUE, Y_PRED), rtol=1e-4)
    with pytest.raises(ValueError, match="built for 3 outputs"):
        metric.update_state(Y_TRUE[:, :2], Y_PRED[:, :2])
    with pytest.raises(ValueError, match="class_aggregation"):
        metrics.R2Score(class_aggregation="median")
    with pytest.raises(ValueError, match="num_regressors"):
        metrics.R2Score(num_regressors=-1)


@pytest.mark.parametrize("weighted", [False, True])
def test_mape_msle_match_sklearn(weighted):
    w = WEIGHTS if weighted else None
    positive_true = np.abs(Y_TRUE) + 0.1
    positive_pred = np.abs(Y_PRED)
    metric = metrics.MeanAbsolutePercentageError()
    got = _two_batches(metric, positive_true, positive_pred, w)
    expected = 100 * sk.mean_absolute_percentage_error(
        positive_true, positive_pred, sample_weight=w
    )
    assert_allclose(got, expected, rtol=1e-5)
    metric = metrics.MeanSquaredLogarithmicError()
    got = _two_batches(metric, positive_true, positive_pred, w)
    expected = sk.mean_squared_log_error(
        positive_true, positive_pred, sample_weight=w
    )
    assert_allclose(got, expected, rtol=1e-4, atol=1e-6)


def test_log_cosh_error():
    got = _two_batches(metrics.LogCoshError(), Y_TRUE, Y_PRED)
    expected = np.mean(np.log(np.cosh(Y_PRED.astype("float64") - Y_TRUE)))
    assert_allclose(got, expected, rtol=1e-5)
