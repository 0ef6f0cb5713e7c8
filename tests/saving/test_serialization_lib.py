import pytest

import kerata
from kerata.saving import deserialize_keras_object
from kerata.saving import serialize_keras_object


@kerata.saving.register_keras_serializable(package="TestSer")
class Offset(kerata.layers.Layer):
    def __init__(self, offset=1.0, **kwargs):
        super().__init__(**kwargs)
        self.offset = offset

    def call(self, x):
        return x + self.offset

    def get_config(self):
        return {**super().get_config(), "offset": self.offset}


def test_plain_values_and_containers_round_trip():
    value = {"a": [1, 2.5, "x", None, True], "b": (3, 4)}
    config = serialize_keras_object(value)
    assert config == {"a": [1, 2.5, "x", None, True], "b": [3, 4]}
    assert deserialize_keras_object(config) == config


def test_layer_config_matches_keras_format():
    layer = kerata.layers.Dense(3, name="d")
    layer(kerata.Input((2,)))
    config = serialize_keras_object(layer)
    assert list(config) == [
        "module",
        "class_name",
        "config",
        "registered_name",
        "build_config",
    ]
    assert config["module"] == "keras.layers"
    assert config["registered_name"] is None
    assert list(config["build_config"]["input_shape"]) == [None, 2]
    rebuilt = deserialize_keras_object(config)
    assert isinstance(rebuilt, kerata.layers.Dense)
    assert rebuilt.built
    assert rebuilt.name == "d"
    assert rebuilt.units == 3


def test_registered_layer_round_trip():
    config = serialize_keras_object(Offset(2.0, name="off"))
    assert config["registered_name"] == "TestSer>Offset"
    rebuilt = deserialize_keras_object(config)
    assert isinstance(rebuilt, Offset)
    assert rebuilt.offset == 2.0


def test_custom_objects_argument_and_scope():
    class Unregistered(kerata.layers.Layer):
        def get_config(self):
            return super().get_config()

    config = serialize_keras_object(Unregistered(name="u"))
    with pytest.raises(TypeError, match="Could not locate"):
        deserialize_keras_object(config)
    found = deserialize_keras_object(config, {"Unregistered": Unregistered})
    assert isinstance(found, Unregistered)
    with kerata.saving.custom_object_scope({"Unregistered": Unregistered}):
        assert isinstance(deserialize_keras_object(config), Unregistered)


def test_builtin_function_round_trip():
    config = serialize_keras_object(kerata.activations.relu)
    assert config["class_name"] == "function"
    assert deserialize_keras_object(config) is kerata.activations.relu


def test_keras_function_config_is_read():
    config = {
        "module": "keras.activations",
        "class_name": "function",
        "config": "relu",
        "registered_name": "relu",
    }
    assert deserialize_keras_object(config) is kerata.activations.relu


def test_unserializable_object_raises():
    with pytest.raises(TypeError, match="Cannot serialize"):
        serialize_keras_object(object())
