"""RMSNormalization: numerics against NumPy and torch.nn.RMSNorm, axes,
shapes and configs."""

import pytest

from kerata import layers
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_normalization as reference
from tests.layers.core.helpers import symbolic_shape
from tests.layers.normalization.keras_oracle import assert_same_config
from tests.layers.normalization.keras_oracle import keras  # noqa: F401
from tests.layers.normalization.keras_oracle import random

TOL = {"rtol": 1e-5, "atol": 1e-5}


@pytest.mark.parametrize(
    ("axis", "shape"),
    [(-1, (3, 5)), (-1, (2, 3, 4)), (1, (2, 3, 4)), ([1, 2], (2, 3, 4))],
)
def test_matches_reference(axis, shape):
    layer = layers.RMSNormalization(axis=axis, epsilon=1e-5)
    layer.build(shape)
    scale = random(*layer.scale.shape, seed=1)
    layer.set_weights([scale])
    x = random(*shape, seed=2) * 2 + 0.5
    expected = reference.rms_normalization(x, scale, axis, 1e-5)
    assert_allclose(layer(x), expected, **TOL)


@run_if(backends=("torch",))
def test_matches_torch_rms_norm():
    import torch

    module = torch.nn.RMSNorm(6, eps=1e-6)
    with torch.no_grad():
        module.weight.copy_(torch.linspace(0.5, 2.0, 6))
    x = random(2, 3, 6, seed=3)
    expected = module(torch.from_numpy(x)).detach().numpy()
    layer = layers.RMSNormalization()
    layer.build(x.shape)
    layer.set_weights([module.weight.detach().numpy()])
    assert_allclose(layer(x), expected, **TOL)


def test_weights_shapes_and_config_round_trip():
    layer = layers.RMSNormalization(axis=[1, 2], epsilon=1e-4)
    assert symbolic_shape(layer, (None, 3, 4)) == (None, 3, 4)
    assert [tuple(w.shape) for w in layer.weights] == [(3, 4)]
    assert layer.weights[0].name == "scale"
    config = layer.get_config()
    assert (config["axis"], config["epsilon"]) == ([1, 2], 1e-4)
    clone = layers.RMSNormalization.from_config(config)
    assert clone.get_config() == {**config, "name": clone.name}


def test_rejects_invalid_axis():
    with pytest.raises(TypeError, match="axis"):
        layers.RMSNormalization(axis="last")
    with pytest.raises(ValueError, match="out of range"):
        layers.RMSNormalization(axis=3)(random(2, 3))


@pytest.mark.parity
def test_matches_keras(keras):  # noqa: F811
    ours = layers.RMSNormalization(epsilon=1e-5)
    theirs = keras.layers.RMSNormalization(epsilon=1e-5)
    ours.build((2, 4))
    theirs.build((2, 4))
    scale = random(4, seed=1)
    ours.set_weights([scale])
    theirs.set_weights([scale])
    x = random(2, 4, seed=2)
    assert_allclose(ours(x), keras.ops.convert_to_numpy(theirs(x)), **TOL)
    assert_same_config(ours, theirs)
