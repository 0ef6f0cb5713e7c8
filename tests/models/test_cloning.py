import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src import ops
from kerata.src.testing import assert_allclose


def _x(*shape):
    return np.linspace(-1.0, 1.0, int(np.prod(shape)), dtype="float32").reshape(
        shape
    )


def _assert_new_weights(model, clone):
    assert len(clone.weights) == len(model.weights)
    old = {id(v) for v in model.weights}
    assert all(id(v) not in old for v in clone.weights)


def test_clone_sequential_has_same_config_and_new_weights():
    model = kerata.Sequential(
        [
            kerata.Input((3,), name="features"),
            kerata.layers.Dense(4, activation="relu"),
            kerata.layers.Dense(2),
        ],
        name="seq",
    )
    clone = kerata.models.clone_model(model)
    assert isinstance(clone, kerata.Sequential)
    assert clone.get_config() == model.get_config()
    _assert_new_weights(model, clone)
    assert all(a is not b for a, b in zip(model.layers, clone.layers))
    clone.set_weights(model.get_weights())
    assert_allclose(clone(_x(2, 3)), model(_x(2, 3)))


def test_clone_sequential_without_input_stays_unbuilt():
    model = kerata.Sequential([kerata.layers.Dense(2)])
    clone = kerata.models.clone_model(model)
    assert not clone.built
    assert tuple(clone(_x(1, 3)).shape) == (1, 2)


def test_clone_functional_with_shared_layer_and_ops():
    a = kerata.Input((3,), name="a")
    b = kerata.Input((3,), name="b")
    shared = kerata.layers.Dense(2, name="shared")
    out = ops.relu(kerata.layers.Add()([shared(a), shared(b)]))
    out = kerata.layers.Dense(1, name="head")(out)
    model = kerata.Model({"a": a, "b": b}, out, name="fn")
    clone = kerata.models.clone_model(model)
    assert clone.get_config() == model.get_config()
    # The shared layer is cloned once and used twice.
    assert [layer.name for layer in clone.layers] == [
        layer.name for layer in model.layers
    ]
    _assert_new_weights(model, clone)
    clone.set_weights(model.get_weights())
    inputs = {"a": _x(2, 3), "b": _x(2, 3)[::-1].copy()}
    assert_allclose(clone(inputs), model(inputs))


def test_clone_function_and_call_function_insert_layers():
    inputs = kerata.Input((3,))
    hidden = kerata.layers.Dense(4, name="hidden")(inputs)
    model = kerata.Model(inputs, kerata.layers.Dense(1, name="out")(hidden))

    def call_function(layer, *args, **kwargs):
        out = layer(*args, **kwargs)
        if layer.name == "hidden":
            out = kerata.layers.Activation("relu", name="extra")(out)
        return out

    clone = kerata.models.clone_model(
        model, clone_function=lambda layer: layer, call_function=call_function
    )
    names = [layer.name for layer in clone.layers]
    assert names[1:] == ["hidden", "extra", "out"]
    # clone_function returned the layers themselves: weights are shared.
    assert clone.get_layer("hidden") is model.get_layer("hidden")
    x = _x(2, 3)
    hidden_out = ops.relu(model.get_layer("hidden")(x))
    assert_allclose(clone(x), model.get_layer("out")(hidden_out))


def test_input_tensors_build_the_clone_on_given_inputs():
    model = kerata.Sequential([kerata.Input((3,)), kerata.layers.Dense(2)])
    new_input = kerata.Input((3,), name="given")
    clone = kerata.models.clone_model(model, input_tensors=[new_input])
    assert clone.inputs[0] is new_input

    inputs = kerata.Input((3,))
    functional = kerata.Model(inputs, kerata.layers.Dense(2)(inputs))
    given = kerata.Input((3,))
    clone = kerata.models.clone_model(functional, input_tensors=given)
    assert clone.inputs[0] is given
    with pytest.raises(ValueError, match="structure of `model.input`"):
        kerata.models.clone_model(
            functional, input_tensors=[kerata.Input((3,)), kerata.Input((3,))]
        )
    with pytest.raises(ValueError, match="symbolic tensors"):
        kerata.models.clone_model(functional, input_tensors=np.ones((1, 3)))


def test_recursive_clones_nested_models_layer_by_layer():
    inner = kerata.Sequential(
        [kerata.Input((3,)), kerata.layers.Dense(2, name="inner_dense")],
        name="inner",
    )
    inputs = kerata.Input((3,))
    model = kerata.Model(inputs, kerata.layers.Dense(1)(inner(inputs)))
    seen = []

    def clone_function(layer):
        seen.append(layer.name)
        return layer.__class__.from_config(layer.get_config())

    kerata.models.clone_model(model, clone_function=clone_function)
    assert "inner" in seen
    assert "inner_dense" not in seen
    seen.clear()
    clone = kerata.models.clone_model(
        model, clone_function=clone_function, recursive=True
    )
    assert "inner_dense" in seen
    assert "inner" not in seen
    _assert_new_weights(model, clone)


class _Scaled(kerata.Model):
    def __init__(self, units=2, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.dense = kerata.layers.Dense(units)

    def call(self, inputs):
        return self.dense(inputs) * 2.0

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_clone_subclassed_model_from_config():
    model = _Scaled(units=3, name="scaled")
    model(_x(1, 4))
    clone = kerata.models.clone_model(model)
    assert type(clone) is _Scaled
    assert clone.units == 3
    assert clone.name == "scaled"
    assert tuple(clone(_x(1, 4)).shape) == (1, 3)
    _assert_new_weights(model, clone)
    with pytest.raises(ValueError, match="only supported for Sequential"):
        kerata.models.clone_model(model, clone_function=lambda x: x)
    with pytest.raises(ValueError, match="only supported for functional"):
        kerata.models.clone_model(model, call_function=lambda *a: a)


def test_argument_errors():
    model = kerata.Sequential([kerata.Input((3,)), kerata.layers.Dense(2)])
    with pytest.raises(ValueError, match="not supported for Sequential"):
        kerata.models.clone_model(model, call_function=lambda *a: a)
    with pytest.raises(ValueError, match="unexpected keyword"):
        kerata.models.clone_model(model, foo=1)
    with pytest.raises(TypeError, match="expects a kerata Model"):
        kerata.models.clone_model("model")
    with pytest.raises(ValueError, match="must be a callable"):
        kerata.models.clone_model(model, clone_function=3)


@pytest.mark.requires_trainable_backend
def test_compiled_model_clone_is_compiled_alike():
    model = kerata.Sequential([kerata.Input((3,)), kerata.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    clone = kerata.models.clone_model(model)
    assert clone.compiled
    assert clone.get_compile_config() == model.get_compile_config()
    assert clone.optimizer is not model.optimizer


def test_get_source_inputs():
    a = kerata.Input((2,), name="a")
    b = kerata.Input((2,), name="b")
    mid = kerata.layers.Dense(2)(a)
    out = kerata.layers.Add()([mid, b, kerata.layers.Dense(2)(a)])
    sources = kerata.utils.get_source_inputs(out)
    assert len(sources) == 2
    assert sources[0] is a
    assert sources[1] is b
    assert kerata.utils.get_source_inputs(a)[0] is a
    assert kerata.utils.get_source_inputs(3) == 3


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        # Keras picks its backend once, at import; use kerata's.
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


def _clone_summary(lib):
    inner = lib.Sequential(
        [lib.Input((3,)), lib.layers.Dense(2, name="inner_dense")],
        name="inner",
    )
    a = lib.Input((3,), name="a")
    b = lib.Input((3,), name="b")
    shared = lib.layers.Dense(3, name="shared")
    x = lib.layers.Add(name="add")([shared(a), shared(b)])
    model = lib.Model([a, b], lib.layers.Dense(1, name="head")(inner(x)))
    summaries = []
    for recursive in (False, True):
        clone = lib.models.clone_model(model, recursive=recursive)
        summaries.append(
            (
                clone.name == model.name,
                [(type(x).__name__, x.name) for x in clone.layers],
                [tuple(w.shape) for w in clone.weights],
                any(w is v for w in clone.weights for v in model.weights),
            )
        )
    return summaries


@pytest.mark.parity
def test_clone_matches_keras(keras):
    assert _clone_summary(kerata) == _clone_summary(keras)
