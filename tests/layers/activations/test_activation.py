import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import symbolic_shape


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid", "linear"])
def test_activation_by_name_matches_reference(name):
    x = seeded((3, 4), low=-3, high=3)
    layer = kerata.layers.Activation(name)
    assert_allclose(layer(x), reference.ACTIVATIONS[name](x), atol=1e-6)
    assert layer.get_config()["activation"] == name
    assert_config_round_trip(layer, x)


def test_activation_accepts_callable_and_keeps_shape():
    layer = kerata.layers.Activation(kerata.activations.relu)
    assert layer.get_config()["activation"] == "relu"
    assert symbolic_shape(layer, (None, 2, 3)) == (None, 2, 3)
    assert layer.supports_masking


def test_activation_rejects_unknown_name():
    with pytest.raises(ValueError, match="not_an_activation"):
        kerata.layers.Activation("not_an_activation")


def test_activation_softmax_by_name():
    x = np.array([[1.0, 2.0, 3.0]], "float32")
    layer = kerata.layers.Activation("softmax")
    assert_allclose(layer(x), reference.softmax(x), atol=1e-6)
