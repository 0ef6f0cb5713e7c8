import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import symbolic_shape


@pytest.mark.parametrize(
    ("shared_axes", "alpha_shape"),
    [(None, (4, 3)), ([1], (1, 3)), (1, (1, 3)), ([1, 2], (1, 1))],
)
def test_prelu_matches_reference(shared_axes, alpha_shape):
    layer = kerata.layers.PReLU(shared_axes=shared_axes)
    layer.build((None, 4, 3))
    assert layer.alpha.shape == alpha_shape
    alpha = seeded(alpha_shape, low=0.0, high=1.0, seed=3)
    layer.set_weights([alpha])
    x = seeded((2, 4, 3))
    assert_allclose(layer(x), reference.prelu(x, alpha), atol=1e-6)
    assert_config_round_trip(layer, x)


def test_prelu_default_is_relu_and_config():
    layer = kerata.layers.PReLU()
    x = seeded((2, 3))
    assert_allclose(layer(x), reference.relu(x))
    config = layer.get_config()
    assert config["shared_axes"] is None
    assert config["alpha_initializer"]["class_name"] == "Zeros"
    assert symbolic_shape(kerata.layers.PReLU(), (None, 3)) == (None, 3)


def test_prelu_rejects_wrong_input_shape():
    layer = kerata.layers.PReLU(shared_axes=[1])
    layer.build((None, 4, 3))
    with pytest.raises(ValueError, match=r"p_re_lu.*\(2, 4, 5\)"):
        layer(np.ones((2, 4, 5), "float32"))
    with pytest.raises(ValueError, match="p_re_lu"):
        layer(kerata.KerasTensor((None, 4)))


def test_prelu_rejects_shared_batch_axis_and_unknown_sizes():
    with pytest.raises(ValueError, match="batch"):
        kerata.layers.PReLU(shared_axes=[0]).build((None, 3))
    with pytest.raises(ValueError, match="known size"):
        kerata.layers.PReLU().build((None, None, 3))


@run_if(backends=("torch",))
def test_prelu_matches_torch_per_channel():
    import torch

    module = torch.nn.PReLU(num_parameters=3, init=0.1)
    with torch.no_grad():
        module.weight.copy_(torch.tensor([0.1, 0.2, 0.3]))
    x = seeded((2, 3, 5))  # torch: channels on axis 1
    expected = module(torch.from_numpy(x)).detach().numpy()
    layer = kerata.layers.PReLU(shared_axes=[2])
    layer.build((None, 3, 5))
    layer.set_weights([np.array([[0.1], [0.2], [0.3]], "float32")])
    assert_allclose(layer(x), expected, atol=1e-6)
