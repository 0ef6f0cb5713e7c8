"""Indexing, sorting and searching: values against NumPy, dtypes against
Keras 3.

tests/golden/dtypes_indexing.json holds the output dtypes Keras 3 gives
for the cases below; regenerate it (needs keras and jax) with
`python -m tests.ops.numpy.test_indexing`.
"""

import json
import os

import numpy as np
import pytest

from kerata import ops
from kerata.src.backend import KerasTensor
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import numpy_ops as ref

GOLDEN = os.path.join(
    os.path.dirname(__file__), "..", "..", "golden", "dtypes_indexing.json"
)

UNARY = {
    "get_item": lambda o, m, d: o.get_item(m((2, 3), d), (0, slice(1, 3))),
    "take": lambda o, m, d: o.take(m((2, 3), d), [0, 1], axis=1),
    "take_along_axis": lambda o, m, d: o.take_along_axis(
        m((2, 3), d), o.zeros((2, 1), "int32"), axis=1
    ),
    "argsort": lambda o, m, d: o.argsort(m((2, 3), d)),
    "sort": lambda o, m, d: o.sort(m((2, 3), d)),
    "argpartition": lambda o, m, d: o.argpartition(m((2, 3), d), 1),
    "unravel_index": lambda o, m, d: o.unravel_index(m((3,), d), (2, 2))[0],
    "diagonal": lambda o, m, d: o.diagonal(m((3, 3), d)),
    "nonzero": lambda o, m, d: o.nonzero(m((2, 3), d))[0],
}
BINARY = {
    "take_indices": lambda o, m, a, b: o.take(m((3,), a), m((2,), b)),
    "searchsorted": lambda o, m, a, b: o.searchsorted(m((3,), a), m((2,), b)),
    "digitize": lambda o, m, a, b: o.digitize(m((3,), a), m((2,), b)),
    "isin": lambda o, m, a, b: o.isin(m((3,), a), m((2,), b)),
}

TABLE = {}
if os.path.exists(GOLDEN):
    with open(GOLDEN) as _f:
        TABLE = json.load(_f)


def _symbolic(shape, dtype):
    return KerasTensor(shape, dtype=dtype)


@pytest.mark.parametrize("op", sorted(TABLE))
def test_dtypes_match_keras(op):
    # Symbolic inputs run the backend code without computing; `nonzero`
    # has a value-dependent shape, so it runs on real tensors.
    make = None if op == "nonzero" else _symbolic
    problems = ref.golden_mismatches(
        ops, op, TABLE[op], unary=UNARY, binary=BINARY, make=make
    )
    assert not problems, "\n".join(problems)


def _x(shape, dtype="float32", seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape).astype(dtype)


@pytest.mark.parametrize(
    "key",
    [
        0,
        -1,
        slice(1, 3),
        (slice(None), 1),
        (Ellipsis, 0),
        (None, 0),
        (0, None, slice(None, None, 2)),
        (slice(None), [0, 2]),
        [1, slice(None)],
    ],
)
def test_get_item_matches_numpy(key):
    x = _x((3, 4, 5))
    np_key = tuple(key) if isinstance(key, list) else key
    assert_allclose(ops.get_item(x, key), x[np_key])


def test_get_item_with_tensor_indices_and_masks():
    x = _x((4, 3))
    index = ops.convert_to_tensor([3, 0])
    assert_allclose(ops.get_item(x, index), x[[3, 0]])
    mask = x[:, 0] > 0
    assert_allclose(ops.get_item(x, ops.convert_to_tensor(mask)), x[mask])


@pytest.mark.parametrize(
    ("key", "shape"),
    [
        (0, (3, 4)),
        ((slice(None), 1), (None, 4)),
        ((Ellipsis, slice(1, 3)), (None, 3, 2)),
        ((slice(None), None, 0), (None, 1, 4)),
        ((slice(None), -1, slice(None, None, 2)), (None, 2)),
    ],
)
def test_get_item_symbolic(key, shape):
    x = KerasTensor((None, 3, 4))
    assert ops.get_item(x, key).shape == shape
    assert x[key].shape == shape


@pytest.mark.parametrize(
    ("indices", "axis"),
    [
        ([0, 2], 0),
        ([[1, 0], [2, 2]], 1),
        ([-1, 0], -1),
        (5, None),
        ([[0, 11], [3, -1]], None),
    ],
)
def test_take_matches_numpy(indices, axis):
    x = _x((3, 4))
    expected = np.take(x, indices, axis=axis)
    assert_allclose(ops.take(x, indices, axis=axis), expected)


@pytest.mark.parametrize("axis", [0, 1, -1, None])
def test_take_along_axis_matches_numpy(axis):
    x = _x((3, 4))
    if axis is None:
        indices = np.array([5, 0, -1])
    else:
        indices = (
            np.argsort(x, axis=axis)[:2]
            if axis == 0
            else (np.argsort(x, axis=axis)[:, :2])
        )
    expected = np.take_along_axis(x, indices, axis=axis)
    got = ops.take_along_axis(x, indices, axis=axis)
    assert_allclose(got, expected)


def test_take_along_axis_broadcasts_indices():
    x = _x((3, 4))
    indices = np.array([[0, 3]])
    expected = np.take_along_axis(x, np.broadcast_to(indices, (3, 2)), 1)
    assert_allclose(ops.take_along_axis(x, indices, axis=1), expected)


@pytest.mark.parametrize("axis", [-1, 0, None])
def test_sort_and_argsort_match_numpy(axis):
    x = _x((3, 4))
    assert_allclose(ops.sort(x, axis=axis), np.sort(x, axis=axis))
    got = ops.argsort(x, axis=axis)
    assert ops.dtype(got) == "int32"
    assert_allclose(got, np.argsort(x, axis=axis, kind="stable"))


def test_argsort_is_stable():
    x = np.array([2, 1, 2, 1, 0], dtype="int32")
    assert_allclose(ops.argsort(x), [4, 1, 3, 0, 2])


@pytest.mark.parametrize(("kth", "axis"), [(0, -1), (2, -1), (1, 0), (3, 1)])
def test_argpartition_partitions(kth, axis):
    x = _x((4, 5))
    indices = ops.convert_to_numpy(ops.argpartition(x, kth, axis=axis))
    parted = np.take_along_axis(x, indices, axis=axis)
    pivot = np.take(np.sort(x, axis=axis), [kth], axis=axis)
    assert_allclose(np.take(parted, [kth], axis=axis), pivot)
    before = np.take(parted, range(kth), axis=axis)
    after = np.take(parted, range(kth + 1, x.shape[axis]), axis=axis)
    assert np.all(before <= pivot)
    assert np.all(after >= pivot)


@pytest.mark.parametrize("side", ["left", "right"])
def test_searchsorted_matches_numpy(side):
    seq = np.array([1.0, 2.0, 2.0, 4.0, 7.0], dtype="float32")
    values = np.array([[0.0, 2.0], [4.5, 9.0]], dtype="float32")
    got = ops.searchsorted(seq, values, side=side)
    assert ops.dtype(got) == "int32"
    assert_allclose(got, np.searchsorted(seq, values, side=side))


def test_searchsorted_rejects_bad_side():
    with pytest.raises(ValueError, match="side"):
        ops.searchsorted([1, 2], [1], side="middle")


def test_nonzero_matches_numpy():
    x = np.array([[0, 3, 0], [1, 0, 2]], dtype="int32")
    got = ops.nonzero(x)
    expected = np.nonzero(x)
    assert len(got) == 2
    for g, e in zip(got, expected):
        assert ops.dtype(g) == "int32"
        assert_allclose(g, e)


def test_nonzero_symbolic_has_unknown_length():
    out = ops.nonzero(KerasTensor((3, 4)))
    assert [o.shape for o in out] == [(None,), (None,)]
    assert all(o.dtype == "int32" for o in out)


@pytest.mark.parametrize("shape", [(2, 3), (4, 1, 5)])
def test_unravel_index_matches_numpy(shape):
    indices = np.array([0, 4, 5, 1], dtype="int32")
    got = ops.unravel_index(indices, shape)
    expected = np.unravel_index(indices, shape)
    assert len(got) == len(shape)
    for g, e in zip(got, expected):
        assert_allclose(g, e)


def test_digitize_matches_numpy():
    x = np.array([-1.0, 0.0, 0.5, 1.0, 2.5, 3.0], dtype="float32")
    bins = np.array([0.0, 1.0, 2.5], dtype="float32")
    got = ops.digitize(x, bins)
    assert ops.dtype(got) == "int32"
    assert_allclose(got, np.digitize(x, bins))


@pytest.mark.parametrize("invert", [False, True])
def test_isin_matches_numpy(invert):
    x = np.array([[1, 2], [3, 4]], dtype="int32")
    test = np.array([2, 4, 6], dtype="int32")
    got = ops.isin(x, test, invert=invert)
    assert_allclose(got, np.isin(x, test, invert=invert))


def test_isin_on_bool():
    got = ops.isin(np.array([True, False]), np.array([True]))
    assert_allclose(got, [True, False])


@pytest.mark.parametrize(
    ("offset", "axis1", "axis2"), [(0, 0, 1), (1, 0, 1), (-1, 1, 2), (0, 2, 0)]
)
def test_diagonal_matches_numpy(offset, axis1, axis2):
    x = _x((3, 4, 5))
    expected = np.diagonal(x, offset, axis1, axis2)
    assert_allclose(ops.diagonal(x, offset, axis1, axis2), expected)


@pytest.mark.parametrize(
    "call",
    [
        lambda x: ops.take(x, [0], axis=2),
        lambda x: ops.argsort(x, axis=3),
        lambda x: ops.sort(x, axis=-3),
        lambda x: ops.diagonal(x, axis1=0, axis2=2),
    ],
)
def test_bad_axis_raises_a_clear_error(call):
    with pytest.raises(ValueError, match="Invalid `axis`"):
        call(_x((2, 3)))


@pytest.mark.parametrize(
    ("call", "shape"),
    [
        (lambda x: ops.take(x, [0, 1], axis=1), (None, 2, 4)),
        (lambda x: ops.argsort(x, axis=1), (None, 3, 4)),
        (lambda x: ops.sort(x), (None, 3, 4)),
        (lambda x: ops.diagonal(x, axis1=1, axis2=2), (None, 3)),
        (lambda x: ops.searchsorted(ops.arange(3.0), x), (None, 3, 4)),
        (lambda x: ops.isin(x, [1.0]), (None, 3, 4)),
    ],
)
def test_symbolic_shapes(call, shape):
    assert call(KerasTensor((None, 3, 4))).shape == shape


if __name__ == "__main__":
    ref.write_golden(GOLDEN, unary=UNARY, binary=BINARY)
