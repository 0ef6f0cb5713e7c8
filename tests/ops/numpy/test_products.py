"""Matrix and tensor products: values against NumPy, dtypes against Keras 3.

tests/golden/dtypes_products.json holds the output dtypes Keras 3 gives
for the cases below; regenerate it (needs keras and jax) with
`python -m tests.ops.numpy.test_products`.
"""

import json
import os

import numpy as np
import pytest

from kerata import ops
from kerata.src.backend import KerasTensor
from kerata.src.testing import assert_allclose
from kerata.src.testing import to_numpy
from kerata.src.testing.reference import numpy_ops as ref

GOLDEN = os.path.join(
    os.path.dirname(__file__), "..", "..", "golden", "dtypes_products.json"
)

UNARY = {
    "trace": lambda o, m, d: o.trace(m((3, 3), d)),
}
BINARY = {
    "matmul": lambda o, m, a, b: o.matmul(m((2, 3), a), m((3, 2), b)),
    "dot": lambda o, m, a, b: o.dot(m((2, 3), a), m((3, 2), b)),
    "einsum": lambda o, m, a, b: o.einsum(
        "ij,jk->ik", m((2, 3), a), m((3, 2), b)
    ),
    "tensordot": lambda o, m, a, b: o.tensordot(m((2, 3), a), m((3, 2), b), 1),
    "inner": lambda o, m, a, b: o.inner(m((2, 3), a), m((2, 3), b)),
    "outer": lambda o, m, a, b: o.outer(m((2,), a), m((3,), b)),
    "vdot": lambda o, m, a, b: o.vdot(m((2, 3), a), m((2, 3), b)),
    "cross": lambda o, m, a, b: o.cross(m((2, 3), a), m((2, 3), b)),
    "kron": lambda o, m, a, b: o.kron(m((2,), a), m((2,), b)),
}

TABLE = {}
if os.path.exists(GOLDEN):
    with open(GOLDEN) as _f:
        TABLE = json.load(_f)


def _symbolic(shape, dtype):
    return KerasTensor(shape, dtype=dtype)


@pytest.mark.parametrize("op", sorted(TABLE))
def test_dtypes_match_keras(op):
    # Symbolic inputs run the backend code without computing.
    problems = ref.golden_mismatches(
        ops, op, TABLE[op], unary=UNARY, binary=BINARY, make=_symbolic
    )
    assert not problems, "\n".join(problems)


def _x(shape, dtype="float32", seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape).astype(dtype)


@pytest.mark.parametrize(
    ("shape1", "shape2"),
    [
        ((3,), (3,)),
        ((2, 3), (3, 4)),
        ((2, 3), (3,)),
        ((3,), (3, 4)),
        ((2, 2, 3), (3, 4)),
        ((2, 3), (2, 3, 4)),
        ((2, 2, 3), (5, 3, 4)),
        ((), (2, 3)),
    ],
)
def test_dot_matches_numpy(shape1, shape2):
    a, b = _x(shape1), _x(shape2, seed=1)
    expected = np.dot(to_numpy(a), to_numpy(b))
    assert_allclose(ops.dot(a, b), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    ("shape1", "shape2"),
    [
        ((2, 3), (3, 4)),
        ((5, 2, 3), (3, 4)),
        ((3,), (3, 2)),
        ((2, 1, 2, 3), (4, 3, 2)),
    ],
)
def test_matmul_matches_numpy(shape1, shape2):
    a, b = _x(shape1), _x(shape2, seed=1)
    assert_allclose(ops.matmul(a, b), np.matmul(a, b), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("dtype", ["int8", "int32", "bool", "uint8"])
def test_integer_products_are_exact(dtype):
    rng = np.random.default_rng(0)
    a = rng.integers(0, 3, (2, 3)).astype(dtype)
    b = rng.integers(0, 3, (3, 4)).astype(dtype)
    expected = np.matmul(a.astype("int64"), b.astype("int64"))
    if dtype == "bool":
        expected = expected != 0
    assert_allclose(ops.matmul(a, b), expected)
    assert_allclose(ops.dot(a, b), expected)
    assert_allclose(ops.einsum("ij,jk->ik", a, b), expected)


def test_int8_matmul_accumulates_in_int32():
    a = np.full((1, 4), 100, dtype="int8")
    got = ops.matmul(a, a.T)
    assert ops.dtype(got) == "int32"
    assert_allclose(got, [[40000]])


def test_matmul_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(4, 5\)"):
        ops.matmul(_x((2, 3)), _x((4, 5)))


@pytest.mark.parametrize(
    ("subscripts", "shapes"),
    [
        ("ij,jk->ik", [(2, 3), (3, 4)]),
        ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),
        ("ii->i", [(3, 3)]),
        ("ij->", [(2, 3)]),
        ("i,j,k->ijk", [(2,), (3,), (4,)]),
        ("...ij,...jk", [(5, 2, 3), (5, 3, 2)]),
    ],
)
def test_einsum_matches_numpy(subscripts, shapes):
    xs = [_x(s, seed=i) for i, s in enumerate(shapes)]
    expected = np.einsum(subscripts, *xs)
    got = ops.einsum(subscripts, *xs)
    assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    ("shape1", "shape2", "axes"),
    [
        ((2, 3, 4), (3, 4, 5), 2),
        ((2, 3), (3, 4), 1),
        ((2, 3, 4), (4, 3, 5), ([1, 2], [1, 0])),
        ((2, 3), (2, 3), ((0, 1), (0, 1))),
        ((3, 4), (4, 3), (1, 0)),
        ((2, 3), (4, 5), 0),
    ],
)
def test_tensordot_matches_numpy(shape1, shape2, axes):
    a, b = _x(shape1), _x(shape2, seed=1)
    expected = np.tensordot(a, b, axes)
    assert_allclose(ops.tensordot(a, b, axes), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    ("shape1", "shape2"), [((3,), (3,)), ((2, 3), (4, 3)), ((), (2,))]
)
def test_inner_matches_numpy(shape1, shape2):
    a, b = _x(shape1), _x(shape2, seed=1)
    expected = np.inner(to_numpy(a), to_numpy(b))
    assert_allclose(ops.inner(a, b), expected, rtol=1e-5, atol=1e-6)


def test_outer_and_vdot_flatten_their_inputs():
    a, b = _x((2, 2)), _x((3,), seed=1)
    assert_allclose(ops.outer(a, b), np.outer(a, b))
    c, d = _x((2, 3)), _x((3, 2), seed=1)
    assert_allclose(ops.vdot(c, d), np.vdot(c, d), rtol=1e-5)


@pytest.mark.parametrize(
    ("shape1", "shape2", "kwargs"),
    [
        ((3,), (3,), {}),
        ((4, 3), (4, 3), {}),
        ((4, 3), (3,), {}),
        ((3, 4), (4, 3), {"axisa": 0, "axisb": 1, "axisc": 0}),
        ((2, 3, 5), (2, 3, 5), {"axis": 1}),
    ],
)
def test_cross_matches_numpy(shape1, shape2, kwargs):
    a, b = _x(shape1), _x(shape2, seed=1)
    expected = np.cross(a, b, **kwargs)
    assert_allclose(ops.cross(a, b, **kwargs), expected, rtol=1e-5, atol=1e-6)


def test_cross_reads_2_vectors_as_z_equal_0():
    a = np.array([1.0, 2.0], dtype="float32")
    b = np.array([3.0, 4.0], dtype="float32")
    assert_allclose(ops.cross(a, b), -2.0)  # the z component only
    c = np.array([[1.0, 0.0, 2.0]], dtype="float32")
    padded = np.array([3.0, 4.0, 0.0], dtype="float32")
    assert_allclose(ops.cross(c, b), np.cross(c, padded))


def test_cross_rejects_bad_vector_sizes():
    with pytest.raises(ValueError, match="size 2 or 3"):
        ops.cross(_x((4,)), _x((4,)))


@pytest.mark.parametrize(("shape1", "shape2"), [((2,), (3,)), ((2, 2), (3, 1))])
def test_kron_matches_numpy(shape1, shape2):
    a, b = _x(shape1), _x(shape2, seed=1)
    assert_allclose(ops.kron(a, b), np.kron(a, b))


@pytest.mark.parametrize(
    ("offset", "axis1", "axis2"), [(0, 0, 1), (1, 0, 1), (-1, 1, 2), (0, 2, 0)]
)
def test_trace_matches_numpy(offset, axis1, axis2):
    x = _x((3, 4, 5))
    expected = np.trace(x, offset=offset, axis1=axis1, axis2=axis2)
    got = ops.trace(x, offset=offset, axis1=axis1, axis2=axis2)
    assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_trace_of_int8_sums_in_int32():
    x = np.full((3, 3), 100, dtype="int8")
    got = ops.trace(x)
    assert ops.dtype(got) == "int32"
    assert int(ops.convert_to_numpy(got)) == 300


@pytest.mark.parametrize(
    ("call", "shape"),
    [
        (lambda x: ops.matmul(x, ops.ones((4, 5))), (None, 3, 5)),
        (lambda x: ops.dot(x, ops.ones((4,))), (None, 3)),
        (lambda x: ops.einsum("bij,jk->bik", x, ops.ones((3, 2))), None),
        (lambda x: ops.einsum("bij->bj", x), (None, 4)),
        (lambda x: ops.tensordot(x, ops.ones((3, 4)), 2), (None,)),
        (lambda x: ops.trace(x, axis1=1, axis2=2), (None,)),
    ],
)
def test_symbolic_shapes(call, shape):
    x = KerasTensor((None, 3, 4))
    if shape is None:
        with pytest.raises(ValueError):
            call(x)
        return
    assert call(x).shape == shape


if __name__ == "__main__":
    ref.write_golden(GOLDEN, unary=UNARY, binary=BINARY)
