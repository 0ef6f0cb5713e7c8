"""Constraints against NumPy, and lookup by name."""

import numpy as np
import pytest

from kerata.src import backend
from kerata.src import constraints
from kerata.src import ops
from kerata.src.testing import assert_allclose

EPSILON = 1e-7


def _weights(shape):
    rng = np.random.default_rng(0)
    return rng.normal(size=shape).astype("float32") * 2.0


def _norms(w, axis):
    axis = tuple(axis) if isinstance(axis, list) else axis
    return np.sqrt(np.sum(np.square(w), axis=axis, keepdims=True))


def _max_norm(w, max_value, axis):
    norms = _norms(w, axis)
    return w * np.clip(norms, 0, max_value) / (norms + EPSILON)


def _min_max_norm(w, min_value, max_value, rate, axis):
    norms = _norms(w, axis)
    desired = rate * np.clip(norms, min_value, max_value) + (1 - rate) * norms
    return w * desired / (norms + EPSILON)


AXES = [((4, 3), 0), ((4, 3), 1), ((3, 3, 2, 4), [0, 1, 2])]


@pytest.mark.parametrize(("shape", "axis"), AXES)
@pytest.mark.parametrize("max_value", [1.0, 2])
def test_max_norm(shape, axis, max_value):
    w = _weights(shape)
    out = constraints.MaxNorm(max_value=max_value, axis=axis)(w)
    assert ops.dtype(out) == "float32"
    assert_allclose(out, _max_norm(w, max_value, axis))
    assert np.all(_norms(ops.convert_to_numpy(out), axis) <= max_value + 1e-5)


@pytest.mark.parametrize(("shape", "axis"), AXES)
def test_unit_norm(shape, axis):
    w = _weights(shape)
    out = constraints.UnitNorm(axis=axis)(ops.convert_to_tensor(w))
    assert_allclose(out, w / (_norms(w, axis) + EPSILON))
    assert_allclose(_norms(ops.convert_to_numpy(out), axis), 1.0, rtol=1e-5)


@pytest.mark.parametrize(("shape", "axis"), AXES)
@pytest.mark.parametrize("rate", [1.0, 0.5])
def test_min_max_norm(shape, axis, rate):
    w = _weights(shape)
    constraint = constraints.MinMaxNorm(
        min_value=1.5, max_value=2.5, rate=rate, axis=axis
    )
    out = constraint(ops.convert_to_tensor(w))
    assert_allclose(out, _min_max_norm(w, 1.5, 2.5, rate, axis))


def test_non_neg():
    w = _weights((4, 3))
    out = constraints.NonNeg()(ops.convert_to_tensor(w))
    assert ops.dtype(out) == "float32"
    assert_allclose(out, np.maximum(w, 0))


def test_constraints_accept_variables():
    variable = backend.Variable(np.array([[3.0], [4.0]], "float32"))
    assert_allclose(constraints.UnitNorm()(variable), [[0.6], [0.8]], rtol=1e-5)


def test_base_constraint_is_identity():
    w = ops.convert_to_tensor([1.0, -1.0])
    assert constraints.Constraint()(w) is w
    assert constraints.Constraint().get_config() == {}


# --- lookup and serialization ---------------------------------------------

CLASSES = [
    constraints.MaxNorm,
    constraints.MinMaxNorm,
    constraints.NonNeg,
    constraints.UnitNorm,
]

NAMES = {
    "max_norm": constraints.MaxNorm,
    "min_max_norm": constraints.MinMaxNorm,
    "non_neg": constraints.NonNeg,
    "unit_norm": constraints.UnitNorm,
}

# Default configs written by Keras 3.15 (`keras.constraints.serialize`).
KERAS_DEFAULT_CONFIGS = {
    "MaxNorm": {"max_value": 2, "axis": 0},
    "MinMaxNorm": {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0},
    "NonNeg": {},
    "UnitNorm": {"axis": 0},
}


@pytest.mark.parametrize("name", sorted(NAMES))
def test_get_by_snake_case_name(name):
    assert type(constraints.get(name)) is NAMES[name]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_get_by_class_name_class_and_instance(cls):
    assert type(constraints.get(cls.__name__)) is cls
    assert type(constraints.get(cls)) is cls
    instance = cls()
    assert constraints.get(instance) is instance


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_default_configs_match_keras_and_round_trip(cls):
    config = constraints.serialize(cls())
    assert config == {
        "module": "keras.constraints",
        "class_name": cls.__name__,
        "config": KERAS_DEFAULT_CONFIGS[cls.__name__],
        "registered_name": None,
    }
    restored = constraints.deserialize(config)
    assert type(restored) is cls
    assert type(constraints.get(config)) is cls


def test_round_trip_keeps_arguments():
    constraint = constraints.MinMaxNorm(0.5, 3.0, rate=0.2, axis=[0, 1])
    restored = constraints.deserialize(constraints.serialize(constraint))
    assert restored.get_config() == {
        "min_value": 0.5,
        "max_value": 3.0,
        "rate": 0.2,
        "axis": [0, 1],
    }


def test_get_passes_none_and_callables_through():
    assert constraints.get(None) is None

    def clip(w):
        return ops.clip(w, -1.0, 1.0)

    assert constraints.get(clip) is clip


def test_unknown_name_raises_with_the_name():
    with pytest.raises(ValueError, match="positive"):
        constraints.get("positive")
    with pytest.raises(ValueError, match="42"):
        constraints.get(42)


def test_serialize_none_is_none():
    assert constraints.serialize(None) is None
