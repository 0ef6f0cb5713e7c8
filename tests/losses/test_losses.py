"""Built-in losses against plain-NumPy references, on every backend."""

import numpy as np
import pytest

from kerata.src import losses
from kerata.src import ops
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import losses as reference


def _rng(seed=0):
    return np.random.default_rng(seed)


def _values(shape=(3, 4), low=-2.0, high=2.0, seed=0):
    return _rng(seed).uniform(low, high, shape).astype("float32")


def _probs(shape=(3, 4), seed=0):
    x = _rng(seed).uniform(0.05, 1.0, shape).astype("float32")
    return x / x.sum(axis=-1, keepdims=True)


def _one_hot(shape=(3, 4), seed=1):
    labels = _rng(seed).integers(0, shape[-1], shape[:-1])
    return np.eye(shape[-1], dtype="float32")[labels]


def _binary(shape=(3, 4), seed=1):
    return _rng(seed).integers(0, 2, shape).astype("float32")


def _unit(shape=(3, 4), seed=0):
    return _rng(seed).uniform(0.05, 0.95, shape).astype("float32")


# name -> (y_true, y_pred, kwargs); each case checks the function and the
# class (with the default reduction) against the reference.
CASES = {
    "mean_squared_error": (_values(seed=1), _values(), {}),
    "mean_absolute_error": (_values(seed=1), _values(), {}),
    "mean_absolute_percentage_error": (_values(seed=1), _values(), {}),
    "mean_squared_logarithmic_error": (
        _values(low=0, seed=1),
        _values(low=0),
        {},
    ),
    "huber": (_values(seed=1), _values(), {"delta": 0.7}),
    "log_cosh": (_values(seed=1), _values(), {}),
    "binary_crossentropy": (_binary(), _unit(), {}),
    "binary_crossentropy_logits": (
        _binary(),
        _values(),
        {"from_logits": True, "label_smoothing": 0.2},
    ),
    "binary_focal_crossentropy": (
        _binary(),
        _unit(),
        {"apply_class_balancing": True, "alpha": 0.3, "gamma": 1.5},
    ),
    "binary_focal_crossentropy_logits": (
        _binary(),
        _values(),
        {"from_logits": True, "label_smoothing": 0.1},
    ),
    "categorical_crossentropy": (_one_hot(), _probs(), {}),
    "categorical_crossentropy_logits": (
        _one_hot(),
        _values(),
        {"from_logits": True, "label_smoothing": 0.1},
    ),
    "categorical_focal_crossentropy": (
        _one_hot(),
        _probs(),
        {"alpha": 0.5, "gamma": 1.0},
    ),
    "categorical_focal_crossentropy_logits": (
        _one_hot(),
        _values(),
        {"from_logits": True, "label_smoothing": 0.1},
    ),
    "hinge": (_binary(), _values(), {}),
    "hinge_signed": (2 * _binary() - 1, _values(), {}),
    "squared_hinge": (_binary(), _values(), {}),
    "categorical_hinge": (_one_hot(), _values(), {}),
    "kl_divergence": (_probs(seed=1), _probs(), {}),
    "poisson": (_values(low=0, seed=1), _values(low=0.1), {}),
    "cosine_similarity": (_values(seed=1), _values(), {}),
    "dice": (_binary(), _unit(), {}),
    "dice_axis": (_binary(), _unit(), {"axis": -1}),
    "tversky": (_binary(), _unit(), {"alpha": 0.3, "beta": 0.7}),
}

CLASSES = {
    "mean_squared_error": "MeanSquaredError",
    "mean_absolute_error": "MeanAbsoluteError",
    "mean_absolute_percentage_error": "MeanAbsolutePercentageError",
    "mean_squared_logarithmic_error": "MeanSquaredLogarithmicError",
    "huber": "Huber",
    "log_cosh": "LogCosh",
    "binary_crossentropy": "BinaryCrossentropy",
    "binary_focal_crossentropy": "BinaryFocalCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
    "categorical_focal_crossentropy": "CategoricalFocalCrossentropy",
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
    "hinge": "Hinge",
    "squared_hinge": "SquaredHinge",
    "categorical_hinge": "CategoricalHinge",
    "kl_divergence": "KLDivergence",
    "poisson": "Poisson",
    "cosine_similarity": "CosineSimilarity",
    "dice": "Dice",
    "tversky": "Tversky",
}


def _function_name(case):
    for name in sorted(CLASSES, key=len, reverse=True):
        if case.startswith(name):
            return name
    raise KeyError(case)


@pytest.mark.parametrize("case", sorted(CASES))
def test_function_matches_reference(case):
    y_true, y_pred, kwargs = CASES[case]
    name = _function_name(case)
    got = getattr(losses, name)(y_true, y_pred, **kwargs)
    want = getattr(reference, name)(y_true, y_pred, **kwargs)
    assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("case", sorted(CASES))
def test_class_matches_reference(case):
    y_true, y_pred, kwargs = CASES[case]
    name = _function_name(case)
    loss = getattr(losses, CLASSES[name])(**kwargs)
    want = getattr(reference, name)(y_true, y_pred, **kwargs)
    assert_allclose(loss(y_true, y_pred), reference.reduce(want), 1e-5, 1e-5)


@pytest.mark.parametrize("from_logits", [False, True])
@pytest.mark.parametrize("ignore_class", [None, 2])
def test_sparse_categorical_crossentropy(from_logits, ignore_class):
    y_pred = _values((3, 5, 4)) if from_logits else _probs((3, 5, 4))
    y_true = _rng(2).integers(0, 4, (3, 5)).astype("int32")
    loss = losses.SparseCategoricalCrossentropy(
        from_logits=from_logits, ignore_class=ignore_class
    )
    values, valid = reference.sparse_categorical_crossentropy(
        y_true, y_pred, from_logits, ignore_class
    )
    got = losses.sparse_categorical_crossentropy(
        y_true, y_pred, from_logits=from_logits, ignore_class=ignore_class
    )
    assert_allclose(got, values, 1e-5, 1e-5)
    # Ignored targets leave the mean: it runs over valid entries only.
    assert_allclose(loss(y_true, y_pred), values.sum() / valid.sum(), 1e-5)


def test_sparse_categorical_crossentropy_trailing_axis():
    y_pred = _probs((3, 4))
    y_true = np.array([[0], [3], [1]], "int32")
    want, _ = reference.sparse_categorical_crossentropy(y_true, y_pred)
    got = losses.SparseCategoricalCrossentropy(reduction=None)(y_true, y_pred)
    assert_allclose(got, want, 1e-5, 1e-5)


def test_huber_switches_at_delta():
    got = losses.huber([[0.0, 0.0]], [[0.5, 3.0]], delta=1.0)
    assert_allclose(got, [(0.125 + 2.5) / 2])


def test_log_cosh_is_stable_for_large_errors():
    got = ops.convert_to_numpy(losses.log_cosh([[0.0]], [[200.0]]))
    assert np.isfinite(got).all()
    assert_allclose(got, [200.0 - np.log(2.0)], rtol=1e-5)


def test_rank_1_targets_against_column_predictions():
    y_true = np.array([1.0, 2.0, 3.0], "float32")
    y_pred = np.array([[1.5], [2.0], [2.0]], "float32")
    loss = losses.MeanSquaredError(reduction=None)
    assert_allclose(loss(y_true, y_pred), [0.25, 0.0, 1.0])


@pytest.mark.parametrize(
    "fn",
    [
        losses.mean_squared_error,
        losses.mean_absolute_error,
        losses.binary_crossentropy,
        losses.categorical_crossentropy,
        losses.hinge,
        losses.kl_divergence,
    ],
    ids=lambda f: f.__name__,
)
def test_shape_mismatch_raises(fn):
    with pytest.raises(ValueError, match="shape"):
        fn(np.zeros((2, 3), "float32"), np.zeros((2, 4), "float32"))


def test_sparse_shape_mismatch_raises():
    with pytest.raises(ValueError, match="shape"):
        losses.sparse_categorical_crossentropy(
            np.zeros((3,), "int32"), np.full((2, 4), 0.25, "float32")
        )


def test_categorical_crossentropy_rejects_bool_axis():
    with pytest.raises(ValueError, match="axis"):
        losses.CategoricalCrossentropy(axis=True)


@pytest.mark.parametrize(
    "fn", [losses.binary_crossentropy, losses.binary_focal_crossentropy]
)
def test_binary_targets_broadcast(fn):
    y_true = np.array([[1.0], [0.0]], "float32")
    y_pred = _unit((2, 3))
    want = fn(np.repeat(y_true, 3, axis=1), y_pred)
    assert_allclose(fn(y_true, y_pred), want)
    assert_allclose(fn(y_pred, y_true), fn(y_pred, np.repeat(y_true, 3, 1)))
