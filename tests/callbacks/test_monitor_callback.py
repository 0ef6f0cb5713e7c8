import pytest

from kerata import losses
from kerata import metrics
from kerata.src.callbacks import monitor_callback


@pytest.mark.parametrize(
    ("metric", "direction"),
    [
        (metrics.BinaryAccuracy(), "up"),
        (metrics.AUC(), "up"),
        (metrics.F1Score(), "up"),
        (metrics.R2Score(), "up"),
        (metrics.MeanIoU(num_classes=2), "up"),
        (metrics.MeanSquaredError(), "down"),
        (metrics.RootMeanSquaredError(), "down"),
        (metrics.KLDivergence(), "down"),
        (metrics.MeanMetricWrapper(losses.mean_squared_error), "down"),
        (metrics.Mean(), None),
        (metrics.Sum(), None),
    ],
)
def test_metric_direction(metric, direction):
    assert monitor_callback.metric_direction(metric) == direction


def test_metric_direction_attribute_wins():
    metric = metrics.Mean()
    metric._direction = "up"
    assert monitor_callback.metric_direction(metric) == "up"


def test_min_delta_counts_in_the_monitored_direction():
    callback = monitor_callback.MonitorCallback(
        monitor="loss", mode="min", min_delta=0.1
    )
    callback._set_monitor_op()
    assert callback._is_improvement(0.5, None)
    assert callback._is_improvement(0.85, 1.0)
    assert not callback._is_improvement(0.95, 1.0)
    callback = monitor_callback.MonitorCallback(
        monitor="acc", mode="max", min_delta=-0.1
    )
    callback._set_monitor_op()
    assert callback._is_improvement(1.15, 1.0)
    assert not callback._is_improvement(1.05, 1.0)
