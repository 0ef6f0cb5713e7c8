import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import symbolic_shape


@pytest.mark.parametrize(
    ("axes", "shape_x", "shape_y", "expected_shape"),
    [
        (1, (2, 3), (2, 3), (2, 1)),
        (-1, (2, 3), (2, 3), (2, 1)),
        ((2, 1), (2, 3, 4), (2, 4, 5), (2, 3, 5)),
        (1, (2, 3, 4), (2, 3, 5), (2, 4, 5)),
        ((1, 2), (2, 4), (2, 3, 4), (2, 3)),
        (-1, (2, 3, 4), (2, 5, 4), (2, 3, 5)),
    ],
)
@pytest.mark.parametrize("normalize", [False, True])
def test_dot_matches_reference(
    axes, shape_x, shape_y, expected_shape, normalize
):
    x = seeded(shape_x, seed=1)
    y = seeded(shape_y, seed=2)
    layer = kerata.layers.Dot(axes=axes, normalize=normalize)
    out = layer([x, y])
    assert tuple(out.shape) == expected_shape
    expected = reference.dot(x, y, axes, normalize=normalize)
    assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    symbolic = symbolic_shape(
        kerata.layers.Dot(axes=axes),
        (None,) + shape_x[1:],
        (None,) + shape_y[1:],
    )
    assert symbolic == (None,) + expected_shape[1:]


def test_dot_function_and_config_round_trip():
    x, y = seeded((2, 3), seed=1), seeded((2, 3), seed=2)
    assert_allclose(
        kerata.layers.dot([x, y], axes=1), reference.dot(x, y, 1), atol=1e-5
    )
    layer = kerata.layers.Dot(axes=(1, 1), normalize=True)
    config = layer.get_config()
    assert config["axes"] == (1, 1)
    assert config["normalize"] is True
    assert_config_round_trip(layer, [x, y])


def test_dot_rejects_bad_axes_and_shapes():
    with pytest.raises(TypeError, match="axes"):
        kerata.layers.Dot(axes="1")
    with pytest.raises(ValueError, match="axes"):
        kerata.layers.Dot(axes=(1, 2, 3))
    with pytest.raises(ValueError, match="batch axis"):
        kerata.layers.Dot(axes=0)([np.ones((2, 3), "f4")] * 2)
    with pytest.raises(ValueError, match=r"'my_dot'.*\(2, 4\)"):
        kerata.layers.Dot(axes=1, name="my_dot")(
            [np.ones((2, 3), "float32"), np.ones((2, 4), "float32")]
        )
    with pytest.raises(ValueError, match="exactly 2"):
        kerata.layers.Dot(axes=1)([np.ones((2, 3), "float32")] * 3)
