import numpy as np
import pytest

from kerata import metrics
from kerata.src import backend
from kerata.src.testing import assert_allclose


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("accuracy", metrics.Accuracy),
        ("acc", metrics.Accuracy),
        ("Accuracy", metrics.Accuracy),
        ("binary_accuracy", metrics.BinaryAccuracy),
        ("sparse_categorical_accuracy", metrics.SparseCategoricalAccuracy),
        ("mse", metrics.MeanSquaredError),
        ("mae", metrics.MeanAbsoluteError),
        ("msle", metrics.MeanSquaredLogarithmicError),
        ("auc", metrics.AUC),
        ("Precision", metrics.Precision),
    ],
)
def test_get_by_name(name, cls):
    assert type(metrics.get(name)) is cls


def test_get_passes_callables_and_none():
    assert metrics.get(None) is None
    fn = metrics.mean_squared_error
    assert metrics.get(fn) is fn


def test_get_rejects_unknown():
    with pytest.raises(ValueError, match="not_a_metric"):
        metrics.get("not_a_metric")
    with pytest.raises(ValueError, match="identifier"):
        metrics.get(3)


CONFIG_CASES = [
    metrics.Mean(name="m"),
    metrics.Sum(),
    metrics.Accuracy(),
    metrics.BinaryAccuracy(threshold=0.3),
    metrics.CategoricalAccuracy(),
    metrics.SparseCategoricalAccuracy(),
    metrics.TopKCategoricalAccuracy(k=3),
    metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True),
    metrics.Precision(thresholds=[0.2, 0.7], class_id=1),
    metrics.Recall(top_k=2),
    metrics.TruePositives(thresholds=0.4),
    metrics.FalseNegatives(),
    metrics.AUC(num_thresholds=50, curve="PR", summation_method="minoring"),
    metrics.AUC(thresholds=[0.2, 0.5], multi_label=True, num_labels=2),
    metrics.F1Score(average="macro", threshold=0.4),
    metrics.FBetaScore(beta=2.0),
    metrics.MeanIoU(num_classes=3, ignore_class=0),
    metrics.IoU(num_classes=3, target_class_ids=[1, 2]),
    metrics.MeanSquaredError(),
    metrics.RootMeanSquaredError(),
    metrics.MeanAbsoluteError(),
    metrics.MeanAbsolutePercentageError(),
    metrics.MeanSquaredLogarithmicError(),
    metrics.LogCoshError(),
    metrics.BinaryCrossentropy(from_logits=True, label_smoothing=0.1),
    metrics.CategoricalCrossentropy(axis=1),
    metrics.SparseCategoricalCrossentropy(from_logits=True),
    metrics.CosineSimilarity(axis=1),
    metrics.R2Score(class_aggregation=None, num_regressors=1),
]


@pytest.mark.parametrize("metric", CONFIG_CASES, ids=lambda m: type(m).__name__)
def test_config_round_trip(metric):
    config = metric.get_config()
    clone = type(metric).from_config(config)
    assert clone.get_config() == config
    again = metrics.deserialize(metrics.serialize(metric))
    assert type(again) is type(metric)
    assert again.get_config() == config


def test_stateless_api_leaves_variables_unchanged():
    metric = metrics.Mean()
    state = [v.value for v in metric.variables]
    state = metric.stateless_update_state(state, [1.0, 2.0, 6.0])
    state = metric.stateless_update_state(state, [3.0])
    assert float(metric.result()) == 0.0
    assert_allclose(metric.stateless_result(state), 3.0)
    reset = metric.stateless_reset_state()
    assert [float(v) for v in reset] == [0.0, 0.0]


def test_stateless_update_checks_number_of_values():
    metric = metrics.Mean()
    with pytest.raises(ValueError, match="expected as many values"):
        metric.stateless_update_state([0.0], [1.0])


@pytest.mark.skipif(backend.backend() != "jax", reason="jit needs jax")
def test_stateless_update_under_jax_jit():
    import jax

    metric = metrics.BinaryAccuracy()
    state = [v.value for v in metric.variables]

    @jax.jit
    def step(state, y_true, y_pred):
        return metric.stateless_update_state(state, y_true, y_pred)

    y_true = np.array([[1.0], [0.0], [1.0]], "float32")
    y_pred = np.array([[0.9], [0.8], [0.7]], "float32")
    state = step(state, y_true, y_pred)
    state = step(state, y_true, y_pred)
    assert_allclose(metric.stateless_result(state), 2.0 / 3.0)


def test_custom_metric_dtype_and_name():
    metric = metrics.Mean(dtype="float64")
    assert metric.dtype == "float64"
    assert metric.variables[0].dtype == "float64"
    assert metrics.Precision().name == "precision"
