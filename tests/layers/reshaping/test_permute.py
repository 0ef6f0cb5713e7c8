import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import symbolic_shape


@pytest.mark.parametrize("dims", [(2, 1), (1, 2), (3, 1, 2), (2, 3, 1)])
def test_permute_matches_reference(dims):
    x = seeded((2,) + tuple(range(3, 3 + len(dims))))
    layer = kerata.layers.Permute(dims)
    assert_allclose(layer(x), reference.permute(x, dims))
    assert layer.get_config()["dims"] == dims
    assert_config_round_trip(layer, x)


def test_permute_symbolic_shape_and_dtype():
    out = kerata.layers.Permute((2, 1))(
        kerata.KerasTensor((None, 3, 4), "int32")
    )
    assert out.shape == (None, 4, 3)
    assert out.dtype == "int32"
    assert symbolic_shape(kerata.layers.Permute([1]), (None, 3)) == (None, 3)


@pytest.mark.parametrize("dims", [(0, 1), (1, 3), (2, 2)])
def test_permute_rejects_invalid_dims(dims):
    with pytest.raises(ValueError, match="dims"):
        kerata.layers.Permute(dims)


def test_permute_rejects_wrong_rank():
    with pytest.raises(ValueError, match=r"'permute'.*\(2, 3\)"):
        kerata.layers.Permute((2, 1))(np.ones((2, 3), "float32"))
