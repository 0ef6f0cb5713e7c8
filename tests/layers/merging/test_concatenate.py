import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import get_mask
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import symbolic_shape


@pytest.mark.parametrize(
    ("axis", "shapes"),
    [
        (-1, [(2, 3, 4), (2, 3, 1)]),
        (1, [(2, 3, 4), (2, 5, 4)]),
        (0, [(2, 3), (1, 3)]),
        (-2, [(2, 1, 4), (2, 2, 4), (2, 3, 4)]),
    ],
)
def test_concatenate_matches_reference(axis, shapes):
    xs = [seeded(s, seed=i) for i, s in enumerate(shapes)]
    layer = kerata.layers.Concatenate(axis=axis)
    assert_allclose(layer(xs), reference.concatenate(xs, axis=axis))
    assert_allclose(
        kerata.layers.concatenate(xs, axis=axis),
        reference.concatenate(xs, axis=axis),
    )
    assert layer.get_config()["axis"] == axis
    assert_config_round_trip(kerata.layers.Concatenate(axis=axis), xs)


def test_concatenate_symbolic_output_shape():
    layer = kerata.layers.Concatenate()
    assert symbolic_shape(layer, (None, 3), (None, 5)) == (None, 8)
    layer = kerata.layers.Concatenate(axis=1)
    assert symbolic_shape(layer, (None, None, 2), (None, 3, 2)) == (
        None,
        None,
        2,
    )


def test_concatenate_rejects_mismatched_shapes():
    xs = [np.ones((2, 3, 4), "float32"), np.ones((2, 2, 5), "float32")]
    with pytest.raises(ValueError, match=r"'cat'.*\(2, 2, 5\)"):
        kerata.layers.Concatenate(name="cat")(xs)
    with pytest.raises(ValueError, match="same rank"):
        kerata.layers.Concatenate()(
            [kerata.KerasTensor((None, 3)), kerata.KerasTensor((None, 3, 1))]
        )
    with pytest.raises(ValueError, match="list"):
        kerata.layers.Concatenate()(np.ones((2, 3), "float32"))


def test_concatenate_mask():
    ids = np.array([[1, 2, 0]], "int32")
    masked = kerata.layers.Embedding(4, 2, mask_zero=True)(ids)
    plain = kerata.ops.ones((1, 3, 2))
    out = kerata.layers.Concatenate(axis=1)([masked, plain])
    assert get_mask(out).tolist() == [[True, True, False, True, True, True]]
    out = kerata.layers.Concatenate()([masked, plain])
    assert get_mask(out).tolist() == [[True, True, True]]
    out = kerata.layers.Concatenate()([plain, plain])
    assert get_mask(out) is None
