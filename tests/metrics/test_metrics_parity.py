"""kerata metrics vs Keras 3: same data, same results and configs."""

import os
import sys

import numpy as np
import pytest

from kerata import metrics
from kerata.src import backend
from kerata.src.testing import assert_allclose

pytestmark = [
    pytest.mark.parity,
    # Keras's numpy backend warns inside its own divide_no_nan.
    pytest.mark.filterwarnings("ignore::RuntimeWarning:keras.*"),
]

RNG = np.random.default_rng(5)
MULTI_HOT = RNG.integers(0, 2, (8, 6)).astype("float32")
SCORES = RNG.uniform(size=(8, 6)).astype("float32")
LABELS = RNG.integers(0, 6, 8)
WEIGHTS = RNG.uniform(0.1, 2.0, 8).astype("float32")


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


DENSE = [
    ("Accuracy", {}),
    ("BinaryAccuracy", {}),
    ("CategoricalAccuracy", {}),
    ("TopKCategoricalAccuracy", {}),
    ("MeanSquaredError", {}),
    ("RootMeanSquaredError", {}),
    ("MeanAbsoluteError", {}),
    ("MeanAbsolutePercentageError", {}),
    ("MeanSquaredLogarithmicError", {}),
    ("LogCoshError", {}),
    ("BinaryCrossentropy", {"label_smoothing": 0.1}),
    ("CategoricalCrossentropy", {"from_logits": True}),
    ("Precision", {"thresholds": [0.3, 0.6]}),
    ("Recall", {"top_k": 2}),
    ("AUC", {"num_thresholds": 20}),
    ("AUC", {"curve": "PR", "summation_method": "minoring"}),
    ("AUC", {"curve": "PR", "multi_label": True}),
    ("FalsePositives", {}),
    ("R2Score", {}),
    ("F1Score", {"average": "weighted"}),
    ("FBetaScore", {"beta": 0.5, "threshold": 0.5}),
]
SPARSE = [
    ("SparseCategoricalAccuracy", {}),
    ("SparseCategoricalCrossentropy", {}),
    ("SparseCategoricalCrossentropy", {"ignore_class": 2}),
    ("SparseTopKCategoricalAccuracy", {"k": 3}),
]


def _compare(keras, name, kwargs, y_true, y_pred):
    ours = getattr(metrics, name)(**kwargs)
    theirs = getattr(keras.metrics, name)(**kwargs)
    for weights in (None, WEIGHTS):
        ours.reset_state()
        theirs.reset_state()
        ours.update_state(y_true, y_pred, sample_weight=weights)
        theirs.update_state(y_true, y_pred, sample_weight=weights)
        expected = keras.ops.convert_to_numpy(theirs.result())
        assert_allclose(ours.result(), expected, rtol=1e-4, atol=1e-6)
    # Keras numbers repeated default names ("auc_1"); kerata does not.
    expected = {**theirs.get_config(), "name": ours.name}
    assert ours.get_config() == expected


@pytest.mark.parametrize(("name", "kwargs"), DENSE, ids=lambda x: str(x))
def test_dense_metrics_match_keras(keras, name, kwargs):
    _compare(keras, name, kwargs, MULTI_HOT, SCORES)


@pytest.mark.parametrize(("name", "kwargs"), SPARSE, ids=lambda x: str(x))
def test_sparse_metrics_match_keras(keras, name, kwargs):
    _compare(keras, name, kwargs, LABELS, SCORES)


def test_mean_iou_matches_keras(keras):
    y_pred = RNG.integers(0, 6, 8)
    weights = RNG.integers(0, 3, 8)
    ours = metrics.MeanIoU(num_classes=6)
    theirs = keras.metrics.MeanIoU(num_classes=6)
    ours.update_state(LABELS, y_pred, sample_weight=weights)
    theirs.update_state(LABELS, y_pred, sample_weight=weights)
    expected = keras.ops.convert_to_numpy(theirs.result())
    assert_allclose(ours.result(), expected, rtol=1e-5)
    assert ours.get_config() == theirs.get_config()


def test_keras_config_loads():
    config = {
        "module": "keras.metrics",
        "class_name": "AUC",
        "config": {"name": "auc", "dtype": "float32", "curve": "PR"},
        "registered_name": None,
    }
    metric = metrics.deserialize(config)
    assert metric.curve == "PR"
