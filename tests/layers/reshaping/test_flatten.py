import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import symbolic_shape


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("shape", [(2, 3, 4, 5), (2, 3), (2,)])
def test_flatten_matches_reference(data_format, shape):
    x = seeded(shape)
    layer = kerata.layers.Flatten(data_format=data_format)
    expected = reference.flatten(x, data_format).reshape(shape[0], -1)
    out = layer(x)
    assert tuple(out.shape) == expected.shape
    assert_allclose(out, expected)
    assert_config_round_trip(layer, x)


def test_flatten_symbolic_shapes_and_dtype():
    assert symbolic_shape(kerata.layers.Flatten(), (None, 3, 4)) == (None, 12)
    assert symbolic_shape(kerata.layers.Flatten(), (None, None, 4)) == (
        None,
        None,
    )
    assert symbolic_shape(kerata.layers.Flatten(), (None,)) == (None, 1)
    out = kerata.layers.Flatten()(kerata.KerasTensor((None, 2, 2), "int32"))
    assert out.dtype == "int32"


def test_flatten_default_data_format_and_rank_check():
    assert kerata.layers.Flatten().get_config()["data_format"] == (
        "channels_last"
    )
    with pytest.raises(ValueError, match="flatten"):
        kerata.layers.Flatten()(kerata.KerasTensor(()))


@run_if(backends=("torch",))
def test_flatten_matches_torch():
    import torch

    x = seeded((2, 3, 4))
    expected = torch.nn.Flatten()(torch.from_numpy(x)).numpy()
    assert_allclose(kerata.layers.Flatten()(x), expected)
