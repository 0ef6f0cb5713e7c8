import numpy as np
import pytest

from kerata import metrics
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import losses as reference

RNG = np.random.default_rng(11)
NUM = 10
SIGNED = RNG.choice([-1.0, 1.0], size=(NUM, 4)).astype("float32")
BINARY = RNG.integers(0, 2, (NUM, 4)).astype("float32")
ONE_HOT = np.eye(4, dtype="float32")[RNG.integers(0, 4, NUM)]
SCORES = RNG.normal(size=(NUM, 4)).astype("float32")
WEIGHTS = RNG.uniform(0.1, 2.0, NUM).astype("float32")

CASES = [
    (metrics.Hinge, reference.hinge, SIGNED),
    (metrics.Hinge, reference.hinge, BINARY),
    (metrics.SquaredHinge, reference.squared_hinge, SIGNED),
    (metrics.SquaredHinge, reference.squared_hinge, BINARY),
    (metrics.CategoricalHinge, reference.categorical_hinge, ONE_HOT),
]


def _two_batches(metric, y_true, y_pred, weights=None):
    for part in (slice(0, 4), slice(4, NUM)):
        metric.update_state(
            y_true[part],
            y_pred[part],
            sample_weight=None if weights is None else weights[part],
        )
    return metric.result()


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize(("cls", "fn", "labels"), CASES)
def test_hinge_metrics_match_reference(cls, fn, labels, weighted):
    w = WEIGHTS if weighted else None
    expected = np.average(fn(labels, SCORES), weights=w)
    got = _two_batches(cls(), labels, SCORES, w)
    assert tuple(got.shape) == ()
    assert_allclose(got, expected, rtol=1e-5)


@pytest.mark.parametrize(
    ("cls", "name"),
    [
        (metrics.Hinge, "hinge"),
        (metrics.SquaredHinge, "squared_hinge"),
        (metrics.CategoricalHinge, "categorical_hinge"),
    ],
)
def test_names_config_and_reset(cls, name):
    metric = metrics.get(name)
    assert type(metric) is cls
    assert metric.name == name
    assert metric.get_config() == {"name": name, "dtype": "float32"}
    clone = metrics.deserialize(metrics.serialize(cls(name="h")))
    assert type(clone) is cls
    assert clone.name == "h"
    metric.update_state(ONE_HOT, SCORES)
    metric.reset_state()
    assert float(metric.result()) == 0.0


def test_metric_functions_are_exported():
    got = metrics.hinge([[1.0, -1.0]], [[0.5, 0.5]])
    assert_allclose(got, reference.hinge([[1.0, -1.0]], [[0.5, 0.5]]))
    assert metrics.squared_hinge is not None
    assert metrics.categorical_hinge is not None


def test_stateless_update():
    metric = metrics.Hinge()
    state = [v.value for v in metric.variables]
    state = metric.stateless_update_state(state, SIGNED, SCORES)
    assert float(metric.result()) == 0.0
    expected = np.mean(reference.hinge(SIGNED, SCORES))
    assert_allclose(metric.stateless_result(state), expected, rtol=1e-5)
