"""Helpers shared by the tests of the core, activation, merging,
regularization and reshaping layers."""

import numpy as np

import kerata
from kerata.src import backend
from kerata.src.backend.common import masking
from kerata.src.testing import assert_allclose


def to_np(x):
    return np.asarray(kerata.ops.convert_to_numpy(x))


def get_mask(x):
    """The mask a layer attached to its output, as NumPy (or None)."""
    mask = masking.get_keras_mask(x)
    return None if mask is None else to_np(mask)


def symbolic_shape(layer, *shapes):
    """Output shape of `layer` called on KerasTensors of `shapes` (a list
    of inputs when several shapes are given)."""
    inputs = [kerata.KerasTensor(s) for s in shapes]
    out = layer(inputs if len(inputs) > 1 else inputs[0])
    return out.shape


def assert_config_round_trip(layer, inputs):
    """A layer rebuilt from its config, with the same weights, gives the
    same output and the same config."""
    expected = layer(inputs)
    config = layer.get_config()
    clone = type(layer).from_config(config)
    clone(inputs)
    if layer.weights:
        clone.set_weights(layer.get_weights())
    assert_allclose(clone(inputs), expected)
    clone_config = clone.get_config()
    config.pop("name")
    clone_config.pop("name")
    assert clone_config == config
    return clone


def seeded(shape, dtype="float32", low=-2.0, high=2.0, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(low, high, size=shape).astype(dtype)


def is_backend(name):
    return backend.backend() == name
