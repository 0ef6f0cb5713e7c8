import numpy as np
import pytest

import kerata
from kerata.src.backend.common import masking
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import symbolic_shape
from tests.layers.core.helpers import to_np


@pytest.mark.parametrize("axis", [-1, 1, 0])
def test_softmax_matches_reference(axis):
    x = seeded((2, 3, 4), low=-5, high=5)
    layer = kerata.layers.Softmax(axis=axis)
    assert_allclose(layer(x), reference.softmax(x, axis=axis), atol=1e-6)
    assert layer.get_config()["axis"] == axis
    assert_config_round_trip(layer, x)


def test_softmax_over_several_axes():
    x = seeded((2, 3, 4), low=-5, high=5)
    layer = kerata.layers.Softmax(axis=(1, 2))
    assert_allclose(layer(x), reference.softmax(x, axis=(1, 2)), atol=1e-6)
    single = kerata.layers.Softmax(axis=[1])
    assert_allclose(single(x), reference.softmax(x, axis=1), atol=1e-6)


@pytest.mark.parametrize("mask_dtype", ["bool", "float32", "int32"])
def test_softmax_honours_explicit_mask(mask_dtype):
    x = seeded((2, 4), low=-3, high=3)
    mask = np.array([[1, 1, 0, 1], [0, 0, 0, 0]]).astype(mask_dtype)
    out = kerata.layers.Softmax()(x, mask=mask)
    expected = reference.softmax(x, mask=mask.astype(bool))
    assert_allclose(out, expected, atol=1e-6)
    # A fully masked row is all zeros, not uniform.
    assert to_np(out)[1].tolist() == [0.0] * 4


def test_softmax_broadcasts_mask_and_uses_attached_mask():
    x = seeded((2, 3, 4), low=-3, high=3)
    mask = np.array([[[1, 0, 1, 1]], [[0, 1, 1, 1]]]).astype(bool)
    out = kerata.layers.Softmax()(x, mask=mask)
    expected = reference.softmax(x, mask=np.broadcast_to(mask, x.shape))
    assert_allclose(out, expected, atol=1e-6)
    tensor = kerata.ops.convert_to_tensor(x)
    masking.set_keras_mask(tensor, kerata.ops.convert_to_tensor(mask))
    assert_allclose(kerata.layers.Softmax()(tensor), expected, atol=1e-6)


def test_softmax_rejects_mask_that_does_not_broadcast():
    x = seeded((2, 4))
    with pytest.raises(ValueError, match="broadcast"):
        kerata.layers.Softmax()(x, mask=np.ones((2, 3), bool))


def test_softmax_symbolic_shape():
    assert symbolic_shape(kerata.layers.Softmax(), (None, 5)) == (None, 5)


@run_if(backends=("torch",))
def test_softmax_matches_torch():
    import torch

    x = seeded((3, 5), low=-5, high=5)
    expected = torch.softmax(torch.from_numpy(x), dim=-1).numpy()
    assert_allclose(kerata.layers.Softmax()(x), expected, atol=1e-6)


def test_softmax_passes_mask_on():
    x = seeded((2, 3))
    mask = np.array([[True, False, True], [True, True, False]])
    out = kerata.layers.Softmax()(x, mask=mask)
    assert to_np(masking.get_keras_mask(out)).tolist() == mask.tolist()
