"""Activations against plain-NumPy references, and lookup by name."""

import numpy as np
import pytest

from kerata.src import activations
from kerata.src import backend
from kerata.src import ops
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import activations as reference

# Extreme, tiny and ordinary values; threshold-type functions see their
# break points (0, +-0.5, +-1) exactly.
EDGES = [-100.0, -20.0, -5.0, -1.5, -1.0, -0.5, -1e-3, 0.0, 1e-3, 0.5, 1.0]
EDGES += [1.5, 5.0, 20.0, 100.0]


def _inputs():
    rng = np.random.default_rng(0)
    normal = rng.normal(size=(3, 4)).astype("float32") * 3.0
    edges = np.array(EDGES + [2.0], "float32").reshape(4, 4)
    return np.concatenate([normal, edges])  # (7, 4)


# (name, kwargs); every name in activations.ALL_OBJECTS appears here.
CASES = [
    ("relu", {}),
    ("relu", {"negative_slope": 0.1}),
    ("relu", {"max_value": 6.0}),
    ("relu", {"max_value": 2.5}),
    ("relu", {"threshold": 1.0}),
    ("relu", {"negative_slope": 0.1, "max_value": 6.0, "threshold": 1.0}),
    ("relu", {"negative_slope": 0.2, "max_value": 3.0, "threshold": -1.0}),
    ("relu6", {}),
    ("leaky_relu", {}),
    ("leaky_relu", {"negative_slope": 0.05}),
    ("elu", {}),
    ("elu", {"alpha": 0.5}),
    ("selu", {}),
    ("gelu", {}),
    ("gelu", {"approximate": True}),
    ("celu", {}),
    ("celu", {"alpha": 2.0}),
    ("glu", {}),
    ("glu", {"axis": 0}),
    ("silu", {}),
    ("mish", {}),
    ("softplus", {}),
    ("softsign", {}),
    ("sigmoid", {}),
    ("hard_sigmoid", {}),
    ("hard_silu", {}),
    ("tanh", {}),
    ("tanh_shrink", {}),
    ("hard_tanh", {}),
    ("hard_shrink", {}),
    ("hard_shrink", {"threshold": 1.0}),
    ("soft_shrink", {}),
    ("soft_shrink", {"threshold": 1.0}),
    ("squareplus", {}),
    ("squareplus", {"b": 1.0}),
    ("sparse_plus", {}),
    ("sparse_sigmoid", {}),
    ("sparsemax", {}),
    ("sparsemax", {"axis": 0}),
    ("threshold", {"threshold": 0.5, "default_value": -2.0}),
    ("exponential", {}),
    ("linear", {}),
    ("softmax", {}),
    ("softmax", {"axis": 0}),
    ("log_softmax", {}),
    ("log_softmax", {"axis": 0}),
    ("log_sigmoid", {}),
]


def test_cases_cover_every_activation():
    covered = {name for name, _ in CASES}
    assert covered == set(activations.ALL_OBJECTS_DICT) - {
        "swish",
        "hard_swish",
    }


@pytest.mark.parametrize(
    ("name", "kwargs"), CASES, ids=[f"{n}-{k}" for n, k in CASES]
)
def test_matches_reference(name, kwargs):
    x = _inputs()
    if name == "glu" and kwargs.get("axis") == 0:
        x = x[:6]  # the split axis needs an even size
    fn = getattr(activations, name)
    expected = getattr(reference, name)(x, **kwargs)
    out = fn(ops.convert_to_tensor(x), **kwargs)
    assert ops.dtype(out) == "float32"
    assert tuple(out.shape) == expected.shape
    # float32 math near +-100 loses a few ulps in cancellations such as
    # squareplus(-100) = (-100 + sqrt(10004)) / 2.
    assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", ["sigmoid", "softmax", "softplus", "tanh"])
def test_saturates_without_nan(name):
    x = ops.convert_to_tensor([-1e4, -88.0, 88.0, 1e4])
    out = ops.convert_to_numpy(getattr(activations, name)(x))
    assert np.all(np.isfinite(out))


def test_softmax_rows_sum_to_one():
    out = activations.softmax(ops.convert_to_tensor(_inputs()))
    assert_allclose(ops.sum(out, axis=-1), np.ones(7, "float32"))


def test_default_relu_is_the_plain_op():
    x = ops.convert_to_tensor(_inputs())
    assert_allclose(activations.relu(x), ops.relu(x))


def test_linear_returns_its_input():
    x = ops.convert_to_tensor([1.0, -2.0])
    assert activations.linear(x) is x


def test_symbolic_inputs_keep_their_shape():
    x = backend.KerasTensor((None, 6))
    for fn in (activations.relu, activations.softmax, activations.mish):
        assert fn(x).shape == (None, 6)
    y = activations.relu(x, negative_slope=0.1, max_value=4.0, threshold=1.0)
    assert y.shape == (None, 6)
    assert activations.glu(x).shape == (None, 3)


# --- lookup and serialization ---------------------------------------------


@pytest.mark.parametrize("name", sorted(activations.ALL_OBJECTS_DICT))
def test_get_by_name_and_round_trip(name):
    fn = activations.get(name)
    assert fn is activations.ALL_OBJECTS_DICT[name]
    assert fn is getattr(activations, name)
    config = activations.serialize(fn)
    assert isinstance(config, str)
    assert activations.deserialize(config) is fn
    assert activations.get(config) is fn


def test_aliases_serialize_to_canonical_names():
    assert activations.get("swish") is activations.silu
    assert activations.get("hard_swish") is activations.hard_silu
    assert activations.serialize(activations.swish) == "silu"
    assert activations.serialize(activations.hard_swish) == "hard_silu"


def test_get_none_is_linear_and_callables_pass_through():
    assert activations.get(None) is activations.linear

    def double(x):
        return x * 2

    assert activations.get(double) is double


def test_function_config_dict_deserializes():
    config = {
        "module": "keras.activations",
        "class_name": "function",
        "config": "relu",
        "registered_name": "relu",
    }
    assert activations.deserialize(config) is activations.relu
    assert activations.get(config) is activations.relu


def test_custom_function_round_trips_with_custom_objects():
    def double(x):
        return x * 2

    config = activations.serialize(double)
    assert config["class_name"] == "function"
    assert config["config"] == "double"
    restored = activations.deserialize(
        config, custom_objects={"double": double}
    )
    assert restored is double


def test_unknown_name_raises_with_the_name():
    with pytest.raises(ValueError, match="not_an_activation"):
        activations.get("not_an_activation")
    with pytest.raises(ValueError, match="not_an_activation"):
        activations.deserialize("not_an_activation")


def test_bad_identifier_type_raises():
    with pytest.raises(ValueError, match="42"):
        activations.get(42)


def test_activation_objects_serialize_to_dicts():
    class Scaled:
        def __init__(self, factor=2.0):
            self.factor = factor

        def __call__(self, x):
            return ops.multiply(x, self.factor)

        def get_config(self):
            return {"factor": self.factor}

    config = activations.serialize(Scaled(3.0))
    assert config["class_name"] == "Scaled"
    assert config["config"] == {"factor": 3.0}
    restored = activations.deserialize(
        config, custom_objects={"Scaled": Scaled}
    )
    assert restored.factor == 3.0
