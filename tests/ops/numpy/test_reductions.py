"""Reductions and statistics: values against NumPy, dtypes against Keras 3.

tests/golden/dtypes_reductions.json holds the output dtypes Keras 3 gives
for the cases below; regenerate it (needs keras and jax) with
`python -m tests.ops.numpy.test_reductions`.
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
    os.path.dirname(__file__), "..", "..", "golden", "dtypes_reductions.json"
)

UNARY = {
    "sum": lambda o, m, d: o.sum(m((2, 3), d)),
    "sum_axis": lambda o, m, d: o.sum(m((2, 3), d), axis=0),
    "mean": lambda o, m, d: o.mean(m((2, 3), d)),
    "mean_axis": lambda o, m, d: o.mean(m((2, 3), d), axis=1),
    "max": lambda o, m, d: o.max(m((2, 3), d)),
    "min": lambda o, m, d: o.min(m((2, 3), d), axis=0),
    "amax": lambda o, m, d: o.amax(m((2, 3), d)),
    "amin": lambda o, m, d: o.amin(m((2, 3), d)),
    "prod": lambda o, m, d: o.prod(m((2, 3), d)),
    "std": lambda o, m, d: o.std(m((2, 3), d)),
    "var": lambda o, m, d: o.var(m((2, 3), d), axis=0),
    "all": lambda o, m, d: o.all(m((2, 3), d)),
    "any": lambda o, m, d: o.any(m((2, 3), d), axis=1),
    "argmax": lambda o, m, d: o.argmax(m((2, 3), d)),
    "argmin": lambda o, m, d: o.argmin(m((2, 3), d), axis=1),
    "cumsum": lambda o, m, d: o.cumsum(m((2, 3), d)),
    "cumprod": lambda o, m, d: o.cumprod(m((2, 3), d), axis=1),
    "median": lambda o, m, d: o.median(m((2, 3), d)),
    "quantile": lambda o, m, d: o.quantile(m((2, 3), d), 0.5),
    "average": lambda o, m, d: o.average(m((2, 3), d)),
    "count_nonzero": lambda o, m, d: o.count_nonzero(m((2, 3), d)),
    "bincount": lambda o, m, d: o.bincount(m((3,), d)),
    "histogram": lambda o, m, d: o.histogram(m((3,), d))[0],
}
BINARY = {
    "average_weights": lambda o, m, a, b: o.average(
        m((2,), a), weights=m((2,), b)
    ),
    "bincount_weights": lambda o, m, a, b: o.bincount(
        m((2,), a), weights=m((2,), b)
    ),
}
# 64-bit inputs, which Keras's table leaves out: kerata keeps the width.
WIDE = {
    ("sum", "int64"): "int64",
    ("sum", "float64"): "float64",
    ("mean", "int64"): "float32",
    ("mean", "float64"): "float64",
    ("max", "int64"): "int64",
    ("prod", "float64"): "float64",
    ("var", "float64"): "float64",
    ("argmax", "float64"): "int32",
    ("cumsum", "int64"): "int64",
    ("median", "float64"): "float64",
}

TABLE = {}
if os.path.exists(GOLDEN):
    with open(GOLDEN) as _f:
        TABLE = json.load(_f)


# Symbolic inputs run the backend code without computing (fast on JAX);
# ops whose symbolic output comes from a spec are checked on real tensors.
REAL = ("bincount", "bincount_weights", "histogram")


def _symbolic(shape, dtype):
    return KerasTensor(shape, dtype=dtype)


@pytest.mark.parametrize("op", sorted(TABLE))
def test_dtypes_match_keras(op):
    expected = TABLE[op]
    make = _symbolic
    if op in REAL:
        # Real runs compile per dtype on JAX: check every fifth case.
        expected = dict(sorted(expected.items())[::5])
        make = None
    problems = ref.golden_mismatches(
        ops, op, expected, unary=UNARY, binary=BINARY, make=make
    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("case", "expected"), sorted(WIDE.items()))
def test_wide_dtypes_keep_their_width(case, expected):
    op, dtype = case
    x = ops.ones((2, 3), dtype=dtype)
    assert ops.dtype(getattr(ops, op)(x)) == expected


AXES = [(None, False), (0, True), (-1, False), ((0, 2), True), ([2, 1], False)]
FLOAT_REDUCTIONS = ["sum", "mean", "max", "min", "amax", "amin", "prod"]
FLOAT_REDUCTIONS += ["std", "var", "median"]


def _x(shape=(2, 3, 4), dtype="float32", seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape).astype(dtype)


@pytest.mark.parametrize(("axis", "keepdims"), AXES)
@pytest.mark.parametrize("name", FLOAT_REDUCTIONS)
def test_float_reductions_match_numpy(name, axis, keepdims):
    x = _x()
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    expected = getattr(np, name)(x, axis=np_axis, keepdims=keepdims)
    got = getattr(ops, name)(x, axis=axis, keepdims=keepdims)
    assert tuple(got.shape) == expected.shape
    assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("axis", [None, 1, (0, 1)])
@pytest.mark.parametrize("name", ["all", "any"])
def test_logical_reductions_match_numpy(name, axis):
    x = np.array([[True, False, True], [True, True, True]])
    expected = getattr(np, name)(x, axis=axis)
    assert_allclose(getattr(ops, name)(x, axis=axis), expected)
    got = getattr(ops, name)(x, axis=axis, keepdims=True)
    assert tuple(got.shape) == getattr(np, name)(x, axis, keepdims=True).shape


def test_integer_sum_and_mean():
    x = np.arange(12, dtype="int32").reshape(3, 4)
    assert_allclose(ops.sum(x, axis=1), x.sum(axis=1))
    assert ops.dtype(ops.sum(x.astype("int8"))) == "int32"
    assert_allclose(ops.mean(x, axis=0), x.mean(axis=0))
    assert ops.dtype(ops.mean(x)) == "float32"


def test_sum_over_no_axes_is_identity():
    x = _x((2, 3))
    assert_allclose(ops.sum(x, axis=()), x)


def test_mean_of_float16_does_not_overflow():
    x = np.full((4,), 60000.0, dtype="float16")
    got = ops.mean(x)
    assert ops.dtype(got) == "float16"
    assert_allclose(got, np.float16(60000.0))


def test_max_and_min_with_initial():
    x = np.array([1.0, 2.0, 3.0], dtype="float32")
    assert_allclose(ops.max(x, initial=5.0), 5.0)
    assert_allclose(ops.min(x, initial=2.5), 1.0)


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", [None, 0, -1])
@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_arg_reductions_match_numpy(name, axis, keepdims):
    x = _x((3, 4))
    expected = getattr(np, name)(x, axis=axis, keepdims=keepdims)
    got = getattr(ops, name)(x, axis=axis, keepdims=keepdims)
    assert ops.dtype(got) == "int32"
    assert tuple(got.shape) == expected.shape
    assert_allclose(got, expected)


def test_argmax_of_bool_picks_the_first_true():
    assert int(ops.argmax(np.array([False, True, True]))) == 1


@pytest.mark.parametrize("axis", [None, 0, 1])
@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
def test_cumulative_match_numpy(name, axis):
    x = _x((3, 4))
    assert_allclose(
        getattr(ops, name)(x, axis=axis), getattr(np, name)(x, axis)
    )


def test_cumsum_dtype_argument_and_bool():
    x = np.array([True, True, False])
    got = ops.cumsum(x)
    assert ops.dtype(got) == "int32"
    assert_allclose(got, [1, 2, 2])
    assert ops.dtype(ops.cumsum(np.ones(3, "int32"), dtype="float32")) == (
        "float32"
    )


@pytest.mark.parametrize(
    ("method", "axis", "keepdims"),
    [
        ("linear", None, False),
        ("linear", 1, True),
        ("linear", (0, 2), False),
        ("lower", (0, 2), True),
        ("higher", 1, False),
        ("midpoint", None, True),
        ("nearest", 1, False),
    ],
)
def test_quantile_matches_numpy(method, axis, keepdims):
    x = _x((2, 5, 3))
    q = [0.1, 0.5, 0.9]
    expected = np.quantile(x, q, axis=axis, method=method, keepdims=keepdims)
    got = ops.quantile(x, q, axis=axis, method=method, keepdims=keepdims)
    assert tuple(got.shape) == expected.shape
    assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


def test_median_of_even_count_averages_the_middle():
    x = np.array([[4.0, 1.0, 3.0, 2.0]], dtype="float32")
    assert_allclose(ops.median(x, axis=1), [2.5])
    assert ops.dtype(ops.median(np.array([1, 2], dtype="int32"))) == "float32"


def test_quantile_rejects_unknown_method():
    with pytest.raises(ValueError, match="method"):
        ops.quantile(_x((3,)), 0.5, method="cubic")


@pytest.mark.parametrize("axis", [None, 0, 1])
def test_average_matches_numpy(axis):
    x = _x((3, 4))
    assert_allclose(ops.average(x, axis=axis), np.average(x, axis=axis))
    w = np.abs(_x((3, 4), seed=1)) + 0.1
    expected = np.average(x, axis=axis, weights=w)
    assert_allclose(ops.average(x, axis=axis, weights=w), expected, rtol=1e-5)


def test_average_with_1d_weights_along_axis():
    x = _x((3, 4))
    w = np.array([1.0, 2.0, 3.0, 4.0], dtype="float32")
    expected = np.average(x, axis=1, weights=w)
    assert_allclose(ops.average(x, axis=1, weights=w), expected, rtol=1e-5)


@pytest.mark.parametrize("axis", [None, 0, (0, 1)])
def test_count_nonzero_matches_numpy(axis):
    x = np.array([[0, 1, 2], [0, 0, 3]], dtype="int32")
    got = ops.count_nonzero(x, axis=axis)
    assert ops.dtype(got) == "int32"
    assert_allclose(got, np.count_nonzero(x, axis=axis))


def test_bincount_matches_numpy():
    x = np.array([0, 1, 1, 3, 5], dtype="int32")
    assert_allclose(ops.bincount(x), np.bincount(x))
    assert_allclose(ops.bincount(x, minlength=8), np.bincount(x, minlength=8))
    w = np.array([0.5, 1.0, 2.0, 1.5, 3.0], dtype="float32")
    got = ops.bincount(x, weights=w)
    assert ops.dtype(got) == "float32"
    assert_allclose(got, np.bincount(x, weights=w))


def test_bincount_of_2d_counts_each_row():
    x = np.array([[0, 1, 1], [2, 2, 0]], dtype="int32")
    expected = np.stack([np.bincount(r, minlength=3) for r in x])
    assert_allclose(ops.bincount(x), expected)


def test_bincount_rejects_floats():
    with pytest.raises(TypeError, match="bincount"):
        ops.bincount(np.array([0.0, 1.0], dtype="float32"))


@pytest.mark.parametrize(("bins", "range_"), [(4, None), (3, (-1.0, 1.0))])
def test_histogram_matches_numpy(bins, range_):
    x = _x((20,))
    counts, edges = ops.histogram(x, bins=bins, range=range_)
    np_counts, np_edges = np.histogram(x, bins=bins, range=range_)
    assert_allclose(counts, np_counts)
    assert_allclose(edges, np_edges, rtol=1e-5, atol=1e-6)


def test_histogram_rejects_bad_bins():
    with pytest.raises(ValueError, match="bins"):
        ops.histogram(_x((3,)), bins=0)


@pytest.mark.parametrize("name", ["sum", "mean", "max", "argmax", "var"])
def test_bad_axis_raises_a_clear_error(name):
    with pytest.raises(ValueError, match=f"`{name}`.*axis=3"):
        getattr(ops, name)(_x((2, 3)), axis=3)


@pytest.mark.parametrize(
    ("call", "shape", "dtype"),
    [
        (lambda x: ops.sum(x), (), "float32"),
        (lambda x: ops.sum(x, axis=1), (None, 4), "float32"),
        (lambda x: ops.mean(x, axis=-1, keepdims=True), (None, 3, 1), None),
        (lambda x: ops.argmax(x, axis=1), (None, 4), "int32"),
        (lambda x: ops.quantile(x, [0.1, 0.2], axis=2), (2, None, 3), None),
        (lambda x: ops.cumsum(x, axis=1), (None, 3, 4), None),
        (lambda x: ops.bincount(ops.cast(x, "int32")), (None, 3, None), None),
    ],
)
def test_symbolic_shapes(call, shape, dtype):
    out = call(KerasTensor((None, 3, 4)))
    assert out.shape == shape
    if dtype is not None:
        assert out.dtype == dtype


if __name__ == "__main__":
    ref.write_golden(GOLDEN, unary=UNARY, binary=BINARY)
