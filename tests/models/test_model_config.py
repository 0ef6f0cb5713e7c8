import json
import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.testing import assert_allclose


def _np(x):
    return kerata.ops.convert_to_numpy(x)


def _assert_same_predictions(a, b, x):
    b.set_weights(a.get_weights())
    out_a = a(x)
    out_b = b(x)
    if isinstance(out_a, (list, tuple)):
        for u, v in zip(out_a, out_b):
            assert_allclose(_np(u), _np(v))
    else:
        assert_allclose(_np(out_a), _np(out_b))


def _data(*shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape).astype("float32")


def test_sequential_round_trip():
    model = kerata.Sequential(
        [
            kerata.Input((4,)),
            kerata.layers.Dense(3, activation="relu", name="h"),
            kerata.layers.Dense(2, name="o"),
        ],
        name="seq",
    )
    config = model.get_config()
    assert config["name"] == "seq"
    assert [c["class_name"] for c in config["layers"]] == [
        "InputLayer",
        "Dense",
        "Dense",
    ]
    copy = kerata.Sequential.from_config(config)
    assert copy.name == "seq"
    assert [layer.name for layer in copy.layers] == ["h", "o"]
    _assert_same_predictions(model, copy, _data(2, 4))


def test_sequential_built_by_call_and_unbuilt():
    model = kerata.Sequential([kerata.layers.Dense(2, name="d")])
    unbuilt = kerata.models.model_from_json(model.to_json())
    assert not unbuilt.built
    model(_data(1, 3))
    copy = kerata.models.model_from_json(model.to_json())
    assert copy.built
    assert copy.output_shape == (None, 2)


def test_functional_multi_input_output_shared_layer():
    a = kerata.Input((4,), name="a")
    b = kerata.Input((4,), name="b")
    shared = kerata.layers.Dense(2, name="shared")
    summed = kerata.layers.Add(name="add")([shared(a), shared(b)])
    model = kerata.Model([a, b], [summed, shared(a)], name="multi")
    config = model.get_config()
    shared_config = config["layers"][2]
    assert shared_config["name"] == "shared"
    assert len(shared_config["inbound_nodes"]) == 3
    node = shared_config["inbound_nodes"][1]
    assert node["kwargs"] == {}
    assert node["args"][0]["config"]["keras_history"] == ["b", 0, 0]
    assert config["input_layers"] == [["a", 0, 0], ["b", 0, 0]]
    assert config["output_layers"] == [["add", 0, 0], ["shared", 2, 0]]
    copy = kerata.Model.from_config(config)
    assert [layer.name for layer in copy.layers] == [
        "a",
        "b",
        "shared",
        "add",
    ]
    assert copy.get_config() == config
    _assert_same_predictions(model, copy, [_data(2, 4), _data(2, 4, seed=1)])


def test_functional_json_round_trip_with_dict_io():
    x = kerata.Input((3,), name="x")
    model = kerata.Model({"x": x}, {"y": kerata.layers.Dense(2)(x)})
    copy = kerata.models.model_from_json(model.to_json())
    assert json.dumps(copy.get_config()) == json.dumps(model.get_config())
    data = {"x": _data(2, 3)}
    copy.set_weights(model.get_weights())
    assert_allclose(_np(model(data)["y"]), _np(copy(data)["y"]))


def test_nested_models_round_trip():
    inner_in = kerata.Input((3,))
    inner = kerata.Model(
        inner_in,
        kerata.layers.Dense(4, name="inner_dense")(inner_in),
        name="inner",
    )
    seq = kerata.Sequential([kerata.layers.Dense(2, name="seq_dense")])
    x = kerata.Input((3,))
    model = kerata.Model(x, seq(inner(x)), name="outer")
    copy = kerata.models.model_from_json(model.to_json())
    assert [layer.name for layer in copy.layers] == [
        layer.name for layer in model.layers
    ]
    assert copy.get_layer("inner").get_layer("inner_dense").units == 4
    _assert_same_predictions(model, copy, _data(2, 3))


@kerata.saving.register_keras_serializable(package="TestModelConfig")
class TwoDense(kerata.Model):
    def __init__(self, units=3, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.hidden = kerata.layers.Dense(units, activation="tanh")
        self.out = kerata.layers.Dense(1)

    def call(self, x):
        return self.out(self.hidden(x))

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_subclassed_model_round_trip():
    model = TwoDense(units=5, name="two")
    model(_data(1, 2))
    copy = kerata.models.model_from_json(model.to_json())
    assert isinstance(copy, TwoDense)
    assert copy.units == 5
    assert copy.name == "two"
    copy(_data(1, 2))
    _assert_same_predictions(model, copy, _data(3, 2))


def test_missing_custom_object_raises():
    class Local(kerata.layers.Layer):
        def call(self, x):
            return x

        def get_config(self):
            return super().get_config()

    x = kerata.Input((2,))
    model = kerata.Model(x, Local(name="local")(x))
    with pytest.raises(TypeError, match="Could not locate 'Local'"):
        kerata.models.model_from_json(model.to_json())
    copy = kerata.models.model_from_json(
        model.to_json(), custom_objects={"Local": Local}
    )
    assert isinstance(copy.get_layer("local"), Local)


# --- Keras 3 as oracle ----------------------------------------------------


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        # Keras picks its backend once, at import; use kerata's.
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


def _dense_model(lib):
    x = lib.Input((6,), name="x")
    h = lib.layers.Dense(4, activation="relu", name="h")(x)
    return lib.Model(x, lib.layers.Dense(2, name="o")(h), name="m")


def _conv_model(lib):
    return lib.Sequential(
        [
            lib.Input((8, 8, 2)),
            lib.layers.Conv2D(3, 3, activation="relu", name="conv"),
            lib.layers.Flatten(name="flat"),
            lib.layers.Dense(2, name="out"),
        ],
        name="conv_model",
    )


def _lstm_model(lib):
    x = lib.Input((5,), dtype="int32", name="tokens")
    h = lib.layers.Embedding(10, 3, name="emb")(x)
    return lib.Model(x, lib.layers.LSTM(4, name="lstm")(h), name="rnn")


def _nested_model(lib):
    inner_in = lib.Input((3,))
    inner = lib.Model(
        inner_in, lib.layers.Dense(4, name="inner_dense")(inner_in)
    )
    seq = lib.Sequential([lib.layers.Dense(2, name="seq_dense")])
    x = lib.Input((3,))
    return lib.Model(x, seq(inner(x)), name="outer")


_MODELS = [
    (_nested_model, lambda: _data(2, 3)),
    (_dense_model, lambda: _data(2, 6)),
    (_conv_model, lambda: _data(2, 8, 8, 2)),
    (
        _lstm_model,
        lambda: (
            np.random.default_rng(0).integers(0, 10, (2, 5)).astype("int32")
        ),
    ),
]


@pytest.mark.parity
@pytest.mark.parametrize(("make", "data"), _MODELS)
def test_kerata_loads_keras_config(keras, make, data):
    keras_model = make(keras)
    model = kerata.models.model_from_json(keras_model.to_json())
    assert [layer.name for layer in model.layers] == [
        layer.name for layer in keras_model.layers
    ]
    if "output_layers" in keras_model.get_config():
        from_config = kerata.Model.from_config(keras_model.get_config())
        assert len(from_config.layers) == len(model.layers)
    model.set_weights(keras_model.get_weights())
    x = data()
    assert_allclose(_np(model(x)), keras.ops.convert_to_numpy(keras_model(x)))


@pytest.mark.parity
@pytest.mark.parametrize(("make", "data"), _MODELS)
def test_keras_loads_kerata_json(keras, make, data):
    model = make(kerata)
    keras_model = keras.models.model_from_json(model.to_json())
    assert [layer.name for layer in keras_model.layers] == [
        layer.name for layer in model.layers
    ]
    keras_model.set_weights(model.get_weights())
    x = data()
    assert_allclose(_np(model(x)), keras.ops.convert_to_numpy(keras_model(x)))
