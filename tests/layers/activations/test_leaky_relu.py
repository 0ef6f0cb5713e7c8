import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip

X = np.linspace(-3.0, 3.0, 13, dtype="float32").reshape(1, 13)


@pytest.mark.parametrize("negative_slope", [0.3, 0.0, 0.5])
def test_leaky_relu_matches_reference(negative_slope):
    layer = kerata.layers.LeakyReLU(negative_slope=negative_slope)
    assert_allclose(layer(X), reference.leaky_relu(X, negative_slope))
    assert layer.get_config()["negative_slope"] == negative_slope
    assert_config_round_trip(layer, X)


def test_leaky_relu_default_slope_and_legacy_alpha():
    assert kerata.layers.LeakyReLU().negative_slope == 0.3
    with pytest.warns(UserWarning, match="alpha"):
        layer = kerata.layers.LeakyReLU(alpha=0.2)
    assert layer.negative_slope == 0.2


def test_leaky_relu_rejects_negative_slope():
    with pytest.raises(ValueError, match="negative_slope"):
        kerata.layers.LeakyReLU(negative_slope=-0.1)


@run_if(backends=("torch",))
def test_leaky_relu_matches_torch():
    import torch

    expected = torch.nn.LeakyReLU(0.3)(torch.from_numpy(X)).numpy()
    assert_allclose(kerata.layers.LeakyReLU()(X), expected)
