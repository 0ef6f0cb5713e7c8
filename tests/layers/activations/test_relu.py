import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import symbolic_shape

X = np.linspace(-4.0, 4.0, 17, dtype="float32").reshape(1, 17)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"max_value": 2.0},
        {"negative_slope": 0.1},
        {"threshold": 1.0},
        {"max_value": 3.0, "negative_slope": 0.2, "threshold": 1.0},
        {"negative_slope": 0.2, "threshold": 0.5},
    ],
)
def test_relu_matches_reference(kwargs):
    layer = kerata.layers.ReLU(**kwargs)
    assert_allclose(layer(X), reference.relu(X, **kwargs), atol=1e-6)
    assert_config_round_trip(layer, X)


def test_relu_config_defaults():
    config = kerata.layers.ReLU().get_config()
    assert config["max_value"] is None
    assert config["negative_slope"] == 0.0
    assert config["threshold"] == 0.0
    assert symbolic_shape(kerata.layers.ReLU(), (None, 3)) == (None, 3)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"max_value": -1.0}, "max_value"),
        ({"negative_slope": -0.5}, "negative_slope"),
        ({"threshold": None}, "threshold"),
        ({"threshold": -1.0}, "threshold"),
    ],
)
def test_relu_rejects_invalid_arguments(kwargs, name):
    with pytest.raises(ValueError, match=name):
        kerata.layers.ReLU(**kwargs)


@run_if(backends=("torch",))
def test_relu6_matches_torch():
    import torch

    expected = torch.nn.ReLU6()(torch.from_numpy(X)).numpy()
    assert_allclose(kerata.layers.ReLU(max_value=6.0)(X), expected)
