"""kerata vs Keras 3 for the hinge, KL/Poisson, correlation, rate-at-rate
and IoU-variant metrics: same data, same results and configs."""

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

RNG = np.random.default_rng(13)
MULTI_HOT = RNG.integers(0, 2, (10, 5)).astype("float32")
ONE_HOT = np.eye(5, dtype="float32")[RNG.integers(0, 5, 10)]
SCORES = RNG.uniform(size=(10, 5)).astype("float32")
WEIGHTS = RNG.uniform(0.1, 2.0, 10).astype("float32")


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


# Keras's IoU metrics take per-sample weights for 1-D labels only.
BINARY = (MULTI_HOT[:, 0], SCORES[:, 0])
CASES = [
    ("Hinge", {}, MULTI_HOT),
    ("SquaredHinge", {}, MULTI_HOT),
    ("CategoricalHinge", {}, ONE_HOT),
    ("KLDivergence", {}, ONE_HOT),
    ("Poisson", {}, MULTI_HOT),
    ("PearsonCorrelation", {}, SCORES[::-1] + MULTI_HOT),
    ("ConcordanceCorrelation", {}, SCORES[::-1] + MULTI_HOT),
    ("SensitivityAtSpecificity", {"specificity": 0.5}, MULTI_HOT),
    (
        "SpecificityAtSensitivity",
        {"sensitivity": 0.6, "num_thresholds": 20},
        MULTI_HOT,
    ),
    ("PrecisionAtRecall", {"recall": 0.4, "class_id": 2}, MULTI_HOT),
    ("RecallAtPrecision", {"precision": 0.5, "num_thresholds": 1}, MULTI_HOT),
    ("BinaryIoU", {"target_class_ids": [1], "dtype": "float32"}, BINARY),
    ("BinaryIoU", {"threshold": 0.3, "dtype": "float32"}, BINARY),
    (
        "OneHotIoU",
        {"num_classes": 5, "target_class_ids": [0, 3], "dtype": "float32"},
        ONE_HOT,
    ),
    (
        "OneHotMeanIoU",
        {"num_classes": 5, "ignore_class": 1, "dtype": "float32"},
        ONE_HOT,
    ),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "y_true"),
    CASES,
    ids=[f"{name}-{i}" for i, (name, _, _) in enumerate(CASES)],
)
def test_metrics_match_keras(keras, name, kwargs, y_true):
    y_true, y_pred = y_true if isinstance(y_true, tuple) else (y_true, SCORES)
    ours = getattr(metrics, name)(**kwargs)
    theirs = getattr(keras.metrics, name)(**kwargs)
    for weights in (None, WEIGHTS):
        ours.reset_state()
        theirs.reset_state()
        for part in (slice(0, 5), slice(5, None)):
            w = None if weights is None else weights[part]
            ours.update_state(y_true[part], y_pred[part], sample_weight=w)
            theirs.update_state(y_true[part], y_pred[part], sample_weight=w)
        expected = keras.ops.convert_to_numpy(theirs.result())
        assert_allclose(ours.result(), expected, rtol=1e-4, atol=1e-6)
    # Keras numbers repeated default names ("hinge_1"); kerata does not.
    expected = {**theirs.get_config(), "name": ours.name}
    assert ours.get_config() == expected


@pytest.mark.parametrize(
    "name",
    [
        "hinge",
        "squared_hinge",
        "categorical_hinge",
        "kl_divergence",
        "poisson",
        "pearson_correlation",
        "concordance_correlation",
    ],
)
def test_functions_match_keras(keras, name):
    y_true = ONE_HOT if name == "categorical_hinge" else MULTI_HOT
    if "correlation" in name:
        # No constant rows: their coefficient is NaN.
        y_true = SCORES[::-1] + MULTI_HOT
    ours = getattr(metrics, name)(y_true, SCORES)
    theirs = getattr(keras.metrics, name)(y_true, SCORES)
    expected = keras.ops.convert_to_numpy(theirs)
    assert_allclose(ours, expected, rtol=1e-4, atol=1e-6)


def test_keras_configs_load(keras):
    for name, kwargs, _ in CASES:
        config = keras.metrics.serialize(getattr(keras.metrics, name)(**kwargs))
        metric = metrics.deserialize(config)
        assert type(metric) is getattr(metrics, name)
