"""kerata's losses vs Keras 3: values, reductions and configs."""

import os
import sys

import numpy as np
import pytest

from kerata.src import backend
from kerata.src import losses
from kerata.src.testing import assert_allclose

pytestmark = pytest.mark.parity


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        # Keras picks its backend once, at import; use kerata's.
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


def _data(shape, low=0.05, high=0.95, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(low, high, shape).astype("float32")


def _one_hot(shape, seed=1):
    labels = np.random.default_rng(seed).integers(0, shape[-1], shape[:-1])
    return np.eye(shape[-1], dtype="float32")[labels]


def _keras_value(keras, loss, *args):
    # Keras's numpy backend divides 0 by 0 for ignored classes (the
    # result is masked out); its warning is not kerata's concern.
    with np.errstate(invalid="ignore", divide="ignore"):
        return keras.ops.convert_to_numpy(loss(*args))


LABELS = np.array([[0, 2, 1], [1, 1, 0]], "int32")

# name -> (class name, kwargs, y_true, y_pred)
CASES = {
    "mse": ("MeanSquaredError", {}, _data((2, 3, 4), seed=1), _data((2, 3, 4))),
    "mae": ("MeanAbsoluteError", {}, _data((2, 4), seed=1), _data((2, 4))),
    "mape": (
        "MeanAbsolutePercentageError",
        {},
        _data((2, 4), seed=1),
        _data((2, 4)),
    ),
    "msle": (
        "MeanSquaredLogarithmicError",
        {},
        _data((2, 4), seed=1),
        _data((2, 4)),
    ),
    "huber": ("Huber", {"delta": 0.3}, _data((2, 4), seed=1), _data((2, 4))),
    "log_cosh": ("LogCosh", {}, _data((2, 4), seed=1), _data((2, 4))),
    "bce": (
        "BinaryCrossentropy",
        {"from_logits": True, "label_smoothing": 0.1},
        _one_hot((2, 4)),
        _data((2, 4), -3, 3),
    ),
    "bfce": (
        "BinaryFocalCrossentropy",
        {"apply_class_balancing": True, "gamma": 1.5},
        _one_hot((2, 4)),
        _data((2, 4)),
    ),
    "cce": (
        "CategoricalCrossentropy",
        {"label_smoothing": 0.2},
        _one_hot((2, 3, 4)),
        _data((2, 3, 4)),
    ),
    "cfce": (
        "CategoricalFocalCrossentropy",
        {"from_logits": True},
        _one_hot((2, 4)),
        _data((2, 4), -3, 3),
    ),
    "scce": (
        "SparseCategoricalCrossentropy",
        {"ignore_class": 1},
        LABELS,
        _data((2, 3, 4)),
    ),
    "hinge": ("Hinge", {}, _one_hot((2, 4)), _data((2, 4), -2, 2)),
    "squared_hinge": ("SquaredHinge", {}, _one_hot((2, 4)), _data((2, 4))),
    "categorical_hinge": (
        "CategoricalHinge",
        {},
        _one_hot((2, 4)),
        _data((2, 4)),
    ),
    "kld": ("KLDivergence", {}, _data((2, 4), seed=1), _data((2, 4))),
    "poisson": ("Poisson", {}, _data((2, 4), seed=1), _data((2, 4))),
    "cosine": ("CosineSimilarity", {}, _data((2, 4), -1, 1, 1), _data((2, 4))),
    "dice": ("Dice", {"axis": (1,)}, _one_hot((2, 4)), _data((2, 4))),
    "tversky": (
        "Tversky",
        {"alpha": 0.2, "beta": 0.8},
        _one_hot((2, 4)),
        _data((2, 4)),
    ),
}


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", None])
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras(keras, case, reduction):
    class_name, kwargs, y_true, y_pred = CASES[case]
    ours = getattr(losses, class_name)(reduction=reduction, **kwargs)
    theirs = getattr(keras.losses, class_name)(reduction=reduction, **kwargs)
    want = _keras_value(keras, theirs, y_true, y_pred)
    assert_allclose(ours(y_true, y_pred), want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("case", ["mse", "mae", "cce", "scce"])
def test_sample_weight_matches_keras(keras, case):
    class_name, kwargs, y_true, y_pred = CASES[case]
    weight = np.array([0.5, 2.0], "float32")
    for reduction in ("sum", "mean_with_sample_weight"):
        ours = getattr(losses, class_name)(reduction=reduction, **kwargs)
        theirs = getattr(keras.losses, class_name)(
            reduction=reduction, **kwargs
        )
        if case in ("mse", "cce", "scce"):
            # Keras needs weights of the losses' rank here.
            weight = np.array([[0.5, 1.0, 0.0], [2.0, 1.0, 1.0]], "float32")
        want = _keras_value(keras, theirs, y_true, y_pred, weight)
        got = ours(y_true, y_pred, weight)
        assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("case", sorted(CASES))
def test_configs_match_keras(keras, case):
    class_name, kwargs, _, _ = CASES[case]
    ours = getattr(losses, class_name)(name="x", reduction="sum", **kwargs)
    theirs = getattr(keras.losses, class_name)(
        name="x", reduction="sum", **kwargs
    )
    ours_config = ours.get_config()
    theirs_config = theirs.get_config()
    # kerata also saves the arguments Keras forgets (e.g. Huber's delta).
    assert {k: ours_config[k] for k in theirs_config} == theirs_config
    loaded = getattr(losses, class_name).from_config(theirs_config)
    loaded_config = loaded.get_config()
    assert {k: loaded_config[k] for k in theirs_config} == theirs_config
    keras_loaded = keras.losses.deserialize(losses.serialize(ours))
    assert keras_loaded.get_config() == theirs_config


@pytest.mark.parametrize(
    "name", ["mse", "mae", "mape", "msle", "binary_crossentropy", "kld"]
)
def test_names_resolve_like_keras(keras, name):
    assert losses.get(name).__name__ == keras.losses.get(name).__name__
