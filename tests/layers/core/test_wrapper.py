"""Wrapper: building the wrapped layer, config round trips (nested layer
with its build config), custom objects, and errors."""

import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose


class Doubled(kerata.layers.Wrapper):
    def call(self, x):
        return 2.0 * self.layer(x)


class Scaled(kerata.layers.Wrapper):
    def __init__(self, layer, factor=1.0, **kwargs):
        super().__init__(layer, **kwargs)
        self.factor = factor

    def call(self, x):
        return self.factor * self.layer(x)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def test_build_builds_the_wrapped_layer():
    dense = kerata.layers.Dense(3, kernel_initializer="ones")
    layer = Doubled(dense)
    layer.build((None, 2))
    assert dense.built
    assert tuple(dense.kernel.shape) == (2, 3)
    assert layer.weights == dense.weights
    x = np.array([[1.0, 2.0]], dtype="float32")
    assert_allclose(layer(x), [[6.0, 6.0, 6.0]])


def test_config_round_trip_with_extra_arguments():
    layer = Scaled(kerata.layers.Dense(3), factor=0.5, name="scaled")
    x = np.random.default_rng(0).standard_normal((2, 4)).astype("float32")
    expected = layer(x)
    config = layer.get_config()
    assert config["name"] == "scaled"
    assert config["factor"] == 0.5
    assert config["layer"]["class_name"] == "Dense"
    assert config["layer"]["build_config"] == {"input_shape": (2, 4)}
    clone = Scaled.from_config(config)
    assert clone.layer.built  # from the nested build config
    clone.set_weights(layer.get_weights())
    assert_allclose(clone(x), expected)
    assert clone.get_config() == config


def test_from_config_finds_custom_wrapped_layers():
    class Square(kerata.layers.Layer):
        def call(self, x):
            return x * x

    config = Doubled(Square(name="sq")).get_config()
    with pytest.raises(TypeError, match="Square"):
        Doubled.from_config(config)
    clone = Doubled.from_config(config, custom_objects={"Square": Square})
    assert isinstance(clone.layer, Square)
    assert_allclose(clone(np.array([3.0], dtype="float32")), [18.0])


def test_rejects_non_layers():
    with pytest.raises(ValueError, match="must be a `kerata.layers.Layer`"):
        Doubled("dense")


def test_freezing_the_wrapper_freezes_the_layer():
    layer = Doubled(kerata.layers.Dense(2))
    layer.build((None, 3))
    layer.trainable = False
    assert layer.trainable_weights == []
    assert len(layer.non_trainable_weights) == 2
