import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip

X = np.linspace(-5.0, 3.0, 17, dtype="float32").reshape(1, 17)


@pytest.mark.parametrize("alpha", [1.0, 0.5])
def test_elu_matches_reference(alpha):
    layer = kerata.layers.ELU(alpha=alpha)
    assert_allclose(layer(X), reference.elu(X, alpha), atol=1e-6)
    assert layer.get_config()["alpha"] == alpha
    assert_config_round_trip(layer, X)


@run_if(backends=("torch",))
def test_elu_matches_torch():
    import torch

    expected = torch.nn.ELU(0.7)(torch.from_numpy(X)).numpy()
    assert_allclose(kerata.layers.ELU(alpha=0.7)(X), expected, atol=1e-6)
