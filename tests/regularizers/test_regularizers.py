"""Regularizers against NumPy, and lookup by name."""

import numpy as np
import pytest

from kerata.src import backend
from kerata.src import ops
from kerata.src import regularizers


def _weights(shape=(4, 3)):
    rng = np.random.default_rng(0)
    return rng.normal(size=shape).astype("float32")


def _orthogonal_penalty(x, factor, mode):
    x = x.astype("float64")
    if mode == "columns":
        x = x.T
    x = x / np.sqrt(np.sum(x * x, axis=1, keepdims=True))
    cosines = np.abs(x @ x.T)
    size = x.shape[0]
    off_diagonal = cosines.sum() - np.trace(cosines)
    return factor * 0.5 * off_diagonal / (size * (size - 1) / 2)


@pytest.mark.parametrize(
    ("regularizer", "expected"),
    [
        (regularizers.L1(0.3), lambda x: 0.3 * np.abs(x).sum()),
        (regularizers.L2(0.2), lambda x: 0.2 * np.square(x).sum()),
        (
            regularizers.L1L2(l1=0.1, l2=0.4),
            lambda x: 0.1 * np.abs(x).sum() + 0.4 * np.square(x).sum(),
        ),
        (regularizers.L1L2(l2=0.4), lambda x: 0.4 * np.square(x).sum()),
        (regularizers.L1L2(), lambda x: 0.0),
    ],
    ids=["l1", "l2", "l1_l2", "l2_only", "zero"],
)
def test_penalties_match_numpy(regularizer, expected):
    x = _weights()
    out = regularizer(ops.convert_to_tensor(x))
    assert tuple(out.shape) == ()
    assert ops.dtype(out) == "float32"
    assert float(out) == pytest.approx(expected(x.astype("float64")), rel=1e-5)


@pytest.mark.parametrize("mode", ["rows", "columns"])
@pytest.mark.parametrize("shape", [(3, 5), (5, 3)])
def test_orthogonal_regularizer_matches_numpy(mode, shape):
    x = _weights(shape)
    reg = regularizers.OrthogonalRegularizer(factor=0.5, mode=mode)
    out = reg(ops.convert_to_tensor(x))
    assert float(out) == pytest.approx(
        _orthogonal_penalty(x, 0.5, mode), rel=1e-5
    )


def test_orthogonal_regularizer_is_zero_on_orthogonal_rows():
    reg = regularizers.OrthogonalRegularizer(factor=1.0)
    out = reg(ops.convert_to_tensor(np.eye(3, dtype="float32") * 2.0))
    assert float(out) == pytest.approx(0.0, abs=1e-7)


def test_regularizers_accept_variables():
    variable = backend.Variable(np.ones((2, 2), "float32"))
    penalty = ops.convert_to_numpy(regularizers.L2(0.5)(variable))
    assert float(penalty) == pytest.approx(2.0)


def test_orthogonal_regularizer_rejects_other_ranks():
    reg = regularizers.OrthogonalRegularizer()
    with pytest.raises(ValueError, match="rank-2"):
        reg(ops.ones((2, 2, 2)))


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: regularizers.L1(-0.1), "l1"),
        (lambda: regularizers.L2(float("nan")), "l2"),
        (lambda: regularizers.L1L2(l1="x"), "l1"),
        (lambda: regularizers.OrthogonalRegularizer(factor=-1.0), "factor"),
        (lambda: regularizers.OrthogonalRegularizer(mode="diag"), "diag"),
    ],
)
def test_bad_arguments_raise(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_none_factors_mean_defaults():
    assert regularizers.L1(None).l1 == 0.01
    assert regularizers.L2(None).l2 == 0.01
    assert regularizers.L1L2(None, None).get_config() == {"l1": 0.0, "l2": 0.0}


# --- lookup and serialization ---------------------------------------------

NAMES = {
    "l1": (regularizers.L1, {"l1": 0.01}),
    "L1": (regularizers.L1, {"l1": 0.01}),
    "l2": (regularizers.L2, {"l2": 0.01}),
    "L2": (regularizers.L2, {"l2": 0.01}),
    "l1_l2": (regularizers.L1L2, {"l1": 0.0, "l2": 0.0}),
    "l1l2": (regularizers.L1L2, {"l1": 0.0, "l2": 0.0}),
    "L1L2": (regularizers.L1L2, {"l1": 0.0, "l2": 0.0}),
    "orthogonal_regularizer": (
        regularizers.OrthogonalRegularizer,
        {"factor": 0.01, "mode": "rows"},
    ),
    "OrthogonalRegularizer": (
        regularizers.OrthogonalRegularizer,
        {"factor": 0.01, "mode": "rows"},
    ),
}


@pytest.mark.parametrize("name", sorted(NAMES))
def test_get_by_name(name):
    cls, config = NAMES[name]
    reg = regularizers.get(name)
    assert type(reg) is cls
    assert reg.get_config() == config


@pytest.mark.parametrize(
    "reg",
    [
        regularizers.L1(0.5),
        regularizers.L2(0.25),
        regularizers.L1L2(0.5, 0.25),
        regularizers.OrthogonalRegularizer(0.5, "columns"),
    ],
    ids=lambda r: type(r).__name__,
)
def test_serialize_matches_keras_and_round_trips(reg):
    config = regularizers.serialize(reg)
    # The format and values Keras 3.15 writes for these objects.
    assert config == {
        "module": "keras.regularizers",
        "class_name": type(reg).__name__,
        "config": reg.get_config(),
        "registered_name": None,
    }
    restored = regularizers.deserialize(config)
    assert type(restored) is type(reg)
    assert restored.get_config() == reg.get_config()
    assert regularizers.get(config).get_config() == reg.get_config()


def test_keras_configs():
    assert regularizers.L1(0.5).get_config() == {"l1": 0.5}
    assert regularizers.L1L2(0.5, 0.25).get_config() == {"l1": 0.5, "l2": 0.25}
    assert regularizers.OrthogonalRegularizer(0.5, "columns").get_config() == {
        "factor": 0.5,
        "mode": "columns",
    }


def test_get_passes_none_instances_and_callables_through():
    assert regularizers.get(None) is None
    reg = regularizers.L2(0.3)
    assert regularizers.get(reg) is reg
    assert type(regularizers.get(regularizers.L1)) is regularizers.L1

    def total(x):
        return ops.sum(x)

    assert regularizers.get(total) is total


def test_custom_regularizer_round_trips_with_custom_objects():
    class Total(regularizers.Regularizer):
        def __call__(self, x):
            return ops.sum(x)

        def get_config(self):
            return {}

    config = regularizers.serialize(Total())
    restored = regularizers.deserialize(config, custom_objects={"Total": Total})
    assert isinstance(restored, Total)


def test_base_class_has_no_config():
    with pytest.raises(NotImplementedError):
        regularizers.Regularizer().get_config()


def test_unknown_name_raises_with_the_name():
    with pytest.raises(ValueError, match="l3"):
        regularizers.get("l3")
    with pytest.raises(ValueError, match="42"):
        regularizers.get(42)


def test_serialize_none_and_functions():
    assert regularizers.serialize(None) is None

    def total(x):
        return ops.sum(x)

    config = regularizers.serialize(total)
    assert config["class_name"] == "function"
    assert config["config"] == "total"
    restored = regularizers.deserialize(config, custom_objects={"total": total})
    assert restored is total
