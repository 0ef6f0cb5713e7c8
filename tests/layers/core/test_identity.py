import numpy as np

import kerata
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import get_mask


def test_identity_returns_inputs_and_keeps_masks():
    x = kerata.ops.convert_to_tensor(np.ones((2, 3), "float32"))
    layer = kerata.layers.Identity()
    assert layer(x) is x
    pair = [x, x]
    assert layer(pair) == pair
    ids = np.array([[1, 0]], "int32")
    embedded = kerata.layers.Embedding(3, 2, mask_zero=True)(ids)
    out = kerata.layers.Identity()(embedded)
    assert get_mask(out).tolist() == [[True, False]]


def test_identity_symbolic_keeps_shape_and_dtype():
    out = kerata.layers.Identity()(kerata.KerasTensor((None, 3), "int32"))
    assert out.shape == (None, 3)
    assert out.dtype == "int32"


def test_identity_config_round_trip():
    assert_config_round_trip(kerata.layers.Identity(), np.ones((1, 2), "f4"))
