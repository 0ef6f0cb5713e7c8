import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import symbolic_shape


@pytest.mark.parametrize("n", [1, 3])
def test_repeat_vector_matches_reference(n):
    x = seeded((2, 4))
    layer = kerata.layers.RepeatVector(n)
    assert_allclose(layer(x), reference.repeat_vector(x, n))
    assert layer.get_config()["n"] == n
    assert_config_round_trip(layer, x)


def test_repeat_vector_symbolic_shape():
    layer = kerata.layers.RepeatVector(3)
    assert symbolic_shape(layer, (None, 5)) == (None, 3, 5)


def test_repeat_vector_rejects_bad_n_and_rank():
    with pytest.raises(TypeError, match="n"):
        kerata.layers.RepeatVector(2.0)
    with pytest.raises(ValueError, match="positive"):
        kerata.layers.RepeatVector(0)
    with pytest.raises(
        ValueError, match=r"'repeat_vector(_\d+)?'.*\(2, 3, 4\)"
    ):
        kerata.layers.RepeatVector(2)(np.ones((2, 3, 4), "float32"))
