import numpy as np

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import get_mask
from tests.layers.core.helpers import symbolic_shape
from tests.layers.core.helpers import to_np

X = np.array(
    [
        [[1.0, 2.0], [0.0, 0.0], [0.0, 3.0]],
        [[-1.0, -1.0], [5.0, 6.0], [-1.0, -1.0]],
    ],
    "float32",
)


def test_masking_zeroes_masked_steps_and_computes_mask():
    for mask_value in (0.0, -1.0):
        layer = kerata.layers.Masking(mask_value=mask_value)
        out = layer(X)
        expected, expected_mask = reference.masking(X, mask_value)
        assert_allclose(out, expected)
        assert get_mask(out).tolist() == expected_mask.tolist()
        assert to_np(layer.compute_mask(X)).tolist() == expected_mask.tolist()


def test_masking_mask_reaches_next_layer():
    seen = {}

    def fn(x, mask=None):
        seen["mask"] = mask
        return x

    out = kerata.layers.Masking()(X)
    kerata.layers.Lambda(fn)(out)
    expected = [[True, False, True], [True, True, True]]
    assert to_np(seen["mask"]).tolist() == expected


def test_masking_symbolic_shape_and_config():
    layer = kerata.layers.Masking(mask_value=-1.0)
    assert symbolic_shape(layer, (None, 4, 2)) == (None, 4, 2)
    assert layer.get_config()["mask_value"] == -1.0
    assert_config_round_trip(layer, X)
