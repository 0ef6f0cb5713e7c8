import numpy as np
import pytest

from kerata import metrics
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import metrics as reference

RNG = np.random.default_rng(12)
NUM = 10
Y_TRUE = RNG.normal(size=(NUM, 6)).astype("float32")
Y_PRED = (0.7 * Y_TRUE + RNG.normal(size=(NUM, 6))).astype("float32")
WEIGHTS = RNG.uniform(0.1, 2.0, NUM).astype("float32")

CASES = [
    (metrics.PearsonCorrelation, reference.pearson_correlation),
    (metrics.ConcordanceCorrelation, reference.concordance_correlation),
]


def _two_batches(metric, y_true, y_pred, weights=None):
    for part in (slice(0, 3), slice(3, NUM)):
        metric.update_state(
            y_true[part],
            y_pred[part],
            sample_weight=None if weights is None else weights[part],
        )
    return metric.result()


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize(("cls", "fn"), CASES)
def test_correlations_match_reference(cls, fn, weighted):
    w = WEIGHTS if weighted else None
    expected = np.average(fn(Y_TRUE, Y_PRED), weights=w)
    got = _two_batches(cls(), Y_TRUE, Y_PRED, w)
    assert tuple(got.shape) == ()
    assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(("cls", "fn"), CASES)
def test_axis_zero_correlates_columns(cls, fn):
    metric = cls(axis=0)
    metric.update_state(Y_TRUE, Y_PRED)
    expected = np.mean(fn(Y_TRUE.T, Y_PRED.T))
    assert_allclose(metric.result(), expected, rtol=1e-5, atol=1e-6)


def test_functions_match_reference():
    got = metrics.pearson_correlation(Y_TRUE, Y_PRED)
    assert tuple(got.shape) == (NUM,)
    assert_allclose(got, reference.pearson_correlation(Y_TRUE, Y_PRED), 1e-5)
    got = metrics.concordance_correlation(Y_TRUE, Y_PRED)
    expected = reference.concordance_correlation(Y_TRUE, Y_PRED)
    assert_allclose(got, expected, rtol=1e-5)
    # Concordance is 1 only for equal values; Pearson for any linear map.
    assert_allclose(metrics.pearson_correlation(Y_TRUE, 2 * Y_TRUE + 1), 1.0)
    same = metrics.concordance_correlation(Y_TRUE, Y_TRUE)
    assert_allclose(same, np.ones(NUM), rtol=1e-5)


@pytest.mark.parametrize(
    ("cls", "name"),
    [
        (metrics.PearsonCorrelation, "pearson_correlation"),
        (metrics.ConcordanceCorrelation, "concordance_correlation"),
    ],
)
def test_names_config_and_reset(cls, name):
    metric = metrics.get(name)
    assert type(metric) is cls
    config = cls(axis=0, name="c").get_config()
    assert config == {"name": "c", "dtype": "float32", "axis": 0}
    clone = metrics.deserialize(metrics.serialize(cls(axis=0, name="c")))
    assert type(clone) is cls
    assert clone.get_config() == config
    metric.update_state(Y_TRUE, Y_PRED)
    metric.reset_state()
    assert float(metric.result()) == 0.0


def test_constant_rows_give_nan_without_warnings():
    # As in Keras: a constant slice has no Pearson coefficient.
    y_true = np.array([[1.0, 1.0, 1.0], [0.0, 1.0, 2.0]], "float32")
    y_pred = np.array([[0.0, 1.0, 2.0], [0.0, 2.0, 4.0]], "float32")
    got = metrics.pearson_correlation(y_true, y_pred)
    assert_allclose(got, [np.nan, 1.0], rtol=1e-5)
    got = metrics.concordance_correlation(y_true, y_pred)
    assert_allclose(got, reference.concordance_correlation(y_true, y_pred))
