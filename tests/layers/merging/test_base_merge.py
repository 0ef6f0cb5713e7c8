"""Add, Subtract, Multiply, Average, Maximum and Minimum (the Merge base)."""

import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import get_mask
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import symbolic_shape

LAYERS = {
    "add": (kerata.layers.Add, kerata.layers.add, reference.add),
    "subtract": (
        kerata.layers.Subtract,
        kerata.layers.subtract,
        reference.subtract,
    ),
    "multiply": (
        kerata.layers.Multiply,
        kerata.layers.multiply,
        reference.multiply,
    ),
    "average": (
        kerata.layers.Average,
        kerata.layers.average,
        reference.average,
    ),
    "maximum": (
        kerata.layers.Maximum,
        kerata.layers.maximum,
        reference.maximum,
    ),
    "minimum": (
        kerata.layers.Minimum,
        kerata.layers.minimum,
        reference.minimum,
    ),
}
NAMES = sorted(LAYERS)


@pytest.mark.parametrize("name", NAMES)
def test_merge_matches_reference(name):
    cls, fn, ref = LAYERS[name]
    xs = [seeded((2, 3, 4), seed=i) for i in range(2)]
    assert_allclose(cls()(xs), ref(xs), atol=1e-6)
    assert_allclose(fn(xs), ref(xs), atol=1e-6)
    assert_config_round_trip(cls(), xs)


@pytest.mark.parametrize("name", ["add", "multiply", "average", "maximum"])
def test_merge_three_inputs(name):
    cls, _, ref = LAYERS[name]
    xs = [seeded((2, 4), seed=i) for i in range(3)]
    assert_allclose(cls()(xs), ref(xs), atol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_merge_broadcasts_after_batch_axis(name):
    cls, _, ref = LAYERS[name]
    # Size-1 axes broadcast; a lower-rank input gets axes after the batch.
    for shapes in [((2, 1, 4), (2, 3, 4)), ((2, 4), (2, 3, 4))]:
        xs = [seeded(s, seed=i) for i, s in enumerate(shapes)]
        out = cls()(xs)
        assert tuple(out.shape) == (2, 3, 4)
        assert_allclose(out, ref(xs), atol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_merge_symbolic_output_shape(name):
    cls = LAYERS[name][0]
    assert symbolic_shape(cls(), (None, 3), (None, 3)) == (None, 3)
    assert symbolic_shape(cls(), (4, 1, 3), (None, 5, 3)) == (4, 5, 3)
    assert symbolic_shape(cls(), (None, 3), (None, 2, 3)) == (None, 2, 3)


@pytest.mark.parametrize("name", NAMES)
def test_merge_rejects_incompatible_shapes(name):
    cls = LAYERS[name][0]
    xs = [np.ones((2, 3), "float32"), np.ones((2, 4), "float32")]
    with pytest.raises(ValueError, match=r"incompatible shapes.*\(2, 4\)"):
        cls(name="merge")(xs)
    with pytest.raises(ValueError, match=r"'merge2'.*\(None, 4\)"):
        cls(name="merge2")(
            [kerata.KerasTensor((None, 3)), kerata.KerasTensor((None, 4))]
        )


def test_merge_rejects_different_batch_sizes_and_single_tensor():
    with pytest.raises(ValueError, match="batch sizes"):
        kerata.layers.Add()(
            [np.ones((2, 3), "float32"), np.ones((3, 3), "float32")]
        )
    with pytest.raises(ValueError, match="list of tensors"):
        kerata.layers.Add()(np.ones((2, 3), "float32"))


def test_subtract_needs_exactly_two_inputs():
    xs = [np.ones((2, 3), "float32")] * 3
    with pytest.raises(ValueError, match="exactly 2"):
        kerata.layers.Subtract()(xs)


def _masked_pair():
    """Two embedded sequences with masks [[T, T, F]] and [[T, F, F]]."""
    ids = [np.array([[1, 2, 0]], "int32"), np.array([[3, 0, 0]], "int32")]
    outs = []
    for i, x in enumerate(ids):
        layer = kerata.layers.Embedding(4, 2, mask_zero=True)
        layer.build()
        table = np.arange(8, dtype="float32").reshape(4, 2) * (i + 1) - 3.0
        layer.set_weights([table])
        outs.append(layer(x))
    return outs


@pytest.mark.parametrize("name", NAMES)
def test_merge_output_mask_is_union_of_input_masks(name):
    xs = _masked_pair()
    out = LAYERS[name][0]()(xs)
    assert get_mask(out).tolist() == [[True, True, False]]
    # Without a mask on every input there is no output mask.
    plain = kerata.ops.ones((1, 3, 2))
    assert get_mask(LAYERS[name][0]()([xs[0], plain])) is None


def test_maximum_and_minimum_ignore_masked_positions():
    a, b = _masked_pair()
    a_np = kerata.ops.convert_to_numpy(a)
    b_np = kerata.ops.convert_to_numpy(b)
    out_max = kerata.ops.convert_to_numpy(kerata.layers.Maximum()([a, b]))
    out_min = kerata.ops.convert_to_numpy(kerata.layers.Minimum()([a, b]))
    # Step 0: both unmasked; step 1: only `a` unmasked, so it wins both.
    assert_allclose(out_max[0, 0], np.maximum(a_np[0, 0], b_np[0, 0]))
    assert_allclose(out_min[0, 0], np.minimum(a_np[0, 0], b_np[0, 0]))
    assert_allclose(out_max[0, 1], a_np[0, 1])
    assert_allclose(out_min[0, 1], a_np[0, 1])


def test_multiply_treats_masked_positions_as_one_then_zeroes():
    a, b = _masked_pair()
    a_np = kerata.ops.convert_to_numpy(a)
    b_np = kerata.ops.convert_to_numpy(b)
    out = kerata.ops.convert_to_numpy(kerata.layers.Multiply()([a, b]))
    assert_allclose(out[0, 0], a_np[0, 0] * b_np[0, 0])
    assert_allclose(out[0, 1], a_np[0, 1])
    assert_allclose(out[0, 2], np.zeros(2))
