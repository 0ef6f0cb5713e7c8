import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import symbolic_shape


@pytest.mark.parametrize(
    ("target_shape", "expected"),
    [
        ((3, 4), (3, 4)),
        ((-1, 2), (6, 2)),
        ((2, -1, 3), (2, 2, 3)),
        ((12,), (12,)),
    ],
)
def test_reshape_matches_reference(target_shape, expected):
    x = seeded((2, 3, 4))
    layer = kerata.layers.Reshape(target_shape)
    out = layer(x)
    assert tuple(out.shape) == (2,) + expected
    assert_allclose(out, reference.reshape(x, expected))
    assert layer.get_config()["target_shape"] == tuple(target_shape)
    assert_config_round_trip(layer, x)


def test_reshape_symbolic_shapes():
    assert symbolic_shape(kerata.layers.Reshape((2, -1)), (None, 6)) == (
        None,
        2,
        3,
    )
    assert symbolic_shape(kerata.layers.Reshape((2, -1)), (None, None)) == (
        None,
        2,
        None,
    )
    out = kerata.layers.Reshape((4,))(kerata.KerasTensor((None, 2, 2), "int32"))
    assert out.dtype == "int32"


def test_reshape_rejects_size_change():
    with pytest.raises(ValueError, match=r"'reshape'.*\(3, 4\)"):
        kerata.layers.Reshape((5, 2))(np.ones((2, 3, 4), "float32"))
    with pytest.raises(ValueError, match="total size"):
        kerata.layers.Reshape((5, -1))(kerata.KerasTensor((None, 12)))


@pytest.mark.parametrize("target_shape", [(-1, -1), (2, -2), (2.0, 3)])
def test_reshape_rejects_invalid_target_shape(target_shape):
    with pytest.raises(ValueError, match="target_shape"):
        kerata.layers.Reshape(target_shape)
