import numpy as np
import pytest

import kerata
from kerata import metrics
from kerata.src.testing import assert_allclose

VALUES = np.array([1.0, 3.0, 5.0, 7.0, 2.0, 4.0], "float32")
WEIGHTS = np.array([1.0, 0.5, 0.0, 2.0, 1.0, 1.0], "float32")


def test_mean_accumulates_over_batches():
    metric = metrics.Mean()
    metric.update_state(VALUES[:3])
    metric.update_state(VALUES[3:])
    assert_allclose(metric.result(), VALUES.mean())


def test_mean_with_sample_weight():
    metric = metrics.Mean()
    metric.update_state(VALUES[:4], sample_weight=WEIGHTS[:4])
    metric.update_state(VALUES[4:], sample_weight=WEIGHTS[4:])
    assert_allclose(metric.result(), np.average(VALUES, weights=WEIGHTS))


def test_mean_reduces_rank_2_per_sample():
    values = VALUES.reshape(3, 2)
    weights = np.array([1.0, 0.0, 2.0], "float32")
    metric = metrics.Mean()
    metric.update_state(values, sample_weight=weights)
    expected = np.average(values.mean(axis=1), weights=weights)
    assert_allclose(metric.result(), expected)


def test_sum_with_sample_weight():
    metric = metrics.Sum()
    metric.update_state(VALUES, sample_weight=WEIGHTS)
    metric.update_state(2.0)
    assert_allclose(metric.result(), np.sum(VALUES * WEIGHTS) + 2.0)


def test_reset_state_and_call():
    metric = metrics.Mean()
    metric.update_state(VALUES)
    metric.reset_state()
    assert float(metric.result()) == 0.0
    assert_allclose(metric([2.0, 4.0]), 3.0)
    assert len(metric.variables) == 2
    assert not any(v.trainable for v in metric.variables)


def test_mean_metric_wrapper_kwargs_and_config():
    def scaled_error(y_true, y_pred, scale=1.0):
        return kerata.ops.abs(y_true - y_pred) * scale

    metric = metrics.MeanMetricWrapper(scaled_error, scale=2.0)
    assert metric.name == "scaled_error"
    metric.update_state([1.0, 2.0], [2.0, 4.0])
    assert_allclose(metric.result(), 3.0)
    assert metric.get_config()["scale"] == 2.0


def test_mean_metric_wrapper_round_trip_builtin_fn():
    metric = metrics.MeanMetricWrapper(metrics.mean_squared_error, name="m")
    config = metrics.serialize(metric)
    clone = metrics.deserialize(config)
    clone.update_state([[0.0, 1.0]], [[1.0, 1.0]])
    assert clone.name == "m"
    assert_allclose(clone.result(), 0.5)


def test_mean_metric_wrapper_rejects_non_callable():
    with pytest.raises(TypeError, match="callable"):
        metrics.MeanMetricWrapper("mse")
