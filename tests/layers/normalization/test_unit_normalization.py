"""UnitNormalization: numerics against NumPy, axes, masks and configs."""

import numpy as np
import pytest

from kerata import layers
from kerata import ops
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import layers_normalization as reference
from tests.layers.core.helpers import get_mask
from tests.layers.core.helpers import symbolic_shape
from tests.layers.normalization.keras_oracle import assert_same_config
from tests.layers.normalization.keras_oracle import keras  # noqa: F401
from tests.layers.normalization.keras_oracle import random


@pytest.mark.parametrize(
    ("axis", "shape"), [(-1, (3, 5)), (1, (2, 3, 4)), ([1, 2], (2, 3, 4))]
)
def test_matches_reference(axis, shape):
    x = random(*shape, seed=1)
    out = layers.UnitNormalization(axis=axis)(x)
    assert_allclose(out, reference.unit_normalization(x, axis), atol=1e-6)
    norms = np.sqrt(
        (ops.convert_to_numpy(out) ** 2).sum(axis=tuple(np.atleast_1d(axis)))
    )
    assert_allclose(norms, np.ones_like(norms), atol=1e-5)


def test_zero_rows_stay_zero():
    x = np.zeros((2, 3), "float32")
    assert_allclose(layers.UnitNormalization()(x), x)


def test_shapes_mask_and_config():
    layer = layers.UnitNormalization(axis=(1, 2))
    assert layer.weights == []
    assert symbolic_shape(layer, (None, 3, 4)) == (None, 3, 4)
    ids = np.array([[1, 0, 2]], "int32")
    embedded = layers.Embedding(3, 2, mask_zero=True)(ids)
    out = layers.UnitNormalization()(embedded)
    assert get_mask(out).tolist() == [[True, False, True]]
    config = layer.get_config()
    assert config["axis"] == [1, 2]
    clone = layers.UnitNormalization.from_config(config)
    assert clone.get_config() == {**config, "name": clone.name}


def test_rejects_invalid_axis():
    with pytest.raises(TypeError, match="axis"):
        layers.UnitNormalization(axis=1.0)
    with pytest.raises(ValueError, match="out of range"):
        symbolic_shape(layers.UnitNormalization(axis=2), (None, 3))


@pytest.mark.parity
def test_matches_keras(keras):  # noqa: F811
    x = random(2, 3, 4, seed=3)
    ours = layers.UnitNormalization(axis=[1, 2])
    theirs = keras.layers.UnitNormalization(axis=[1, 2])
    expected = keras.ops.convert_to_numpy(theirs(x))
    assert_allclose(ours(x), expected, atol=1e-6)
    assert_same_config(ours, theirs)
