"""kerata.layers.serialize / deserialize: Keras's dict format, round
trips of built and custom layers, Keras parity and errors."""

import json
import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.testing import assert_allclose


def test_serialize_writes_keras_format():
    config = kerata.layers.serialize(kerata.layers.Dense(4, name="d"))
    assert config["module"] == "keras.layers"
    assert config["class_name"] == "Dense"
    assert config["registered_name"] is None
    assert config["config"]["units"] == 4
    assert "build_config" not in config
    json.dumps(config)  # JSON-compatible


def test_round_trip_of_a_built_layer():
    layer = kerata.layers.Conv1D(2, 3, activation="relu", name="conv")
    x = np.random.default_rng(0).standard_normal((1, 6, 2)).astype("float32")
    expected = layer(x)
    config = kerata.layers.serialize(layer)
    assert config["build_config"] == {"input_shape": (1, 6, 2)}
    clone = kerata.layers.deserialize(json.loads(json.dumps(config)))
    assert isinstance(clone, kerata.layers.Conv1D)
    assert clone.built
    assert clone.name == "conv"
    clone.set_weights(layer.get_weights())
    assert_allclose(clone(x), expected)


def test_custom_layers_need_custom_objects():
    class Shift(kerata.layers.Layer):
        def __init__(self, amount=1.0, **kwargs):
            super().__init__(**kwargs)
            self.amount = amount

        def call(self, x):
            return x + self.amount

    config = kerata.layers.serialize(Shift(2.0))
    with pytest.raises(TypeError, match="Shift"):
        kerata.layers.deserialize(config)
    clone = kerata.layers.deserialize(config, custom_objects={"Shift": Shift})
    assert clone.amount == 2.0


def test_deserialize_rejects_configs_of_other_objects():
    config = kerata.saving.serialize_keras_object(kerata.initializers.Ones())
    with pytest.raises(ValueError, match="expects the config of a layer"):
        kerata.layers.deserialize(config)


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = backend.backend()
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != backend.backend():
        pytest.skip(
            f"keras was imported with the {keras.backend.backend()!r} "
            f"backend, kerata runs {backend.backend()!r}"
        )
    return keras


@pytest.mark.parity
def test_configs_load_in_both_directions(keras):
    ours = kerata.layers.serialize(kerata.layers.Dense(3, name="d"))
    theirs = keras.layers.serialize(keras.layers.Dense(3, name="d"))
    assert keras.layers.deserialize(ours).units == 3
    layer = kerata.layers.deserialize(theirs)
    assert isinstance(layer, kerata.layers.Dense)
    assert layer.units == 3
    skip = ("dtype",)
    assert {k: v for k, v in ours["config"].items() if k not in skip} == {
        k: v for k, v in theirs["config"].items() if k not in skip
    }
