"""Tensor creation: values against NumPy, dtypes against Keras 3.

tests/golden/dtypes_creation.json holds the output dtypes Keras 3 gives
for the cases below; regenerate it (needs keras and jax) with
`python -m tests.ops.numpy.test_creation`.
"""

import json
import os

import numpy as np
import pytest

from kerata import ops
from kerata.src import backend
from kerata.src.backend import KerasTensor
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import numpy_ops as ref

GOLDEN = os.path.join(
    os.path.dirname(__file__), "..", "..", "golden", "dtypes_creation.json"
)

UNARY = {
    "ones_like": lambda o, m, d: o.ones_like(m((2, 3), d)),
    "zeros_like": lambda o, m, d: o.zeros_like(m((2, 3), d)),
    "full_like": lambda o, m, d: o.full_like(m((2, 3), d), 1),
    "tril": lambda o, m, d: o.tril(m((3, 3), d)),
    "triu": lambda o, m, d: o.triu(m((3, 3), d), 1),
    "diag": lambda o, m, d: o.diag(m((3,), d)),
    "diagflat": lambda o, m, d: o.diagflat(m((2, 2), d)),
    "copy": lambda o, m, d: o.copy(m((2,), d)),
    "vander": lambda o, m, d: o.vander(m((3,), d)),
    "linspace": lambda o, m, d: o.linspace(m((), d), m((), d), 3),
}
BINARY = {
    "meshgrid": lambda o, m, a, b: o.meshgrid(m((2,), a), m((3,), b))[1],
}
NULLARY = {
    "arange": {
        "int": lambda o: o.arange(3),
        "float": lambda o: o.arange(3.0),
        "int,int,float": lambda o: o.arange(0, 3, 0.5),
        "dtype": lambda o: o.arange(3, dtype="int16"),
    },
    "full": {
        "int": lambda o: o.full((2,), 1),
        "float": lambda o: o.full((2,), 1.0),
        "bool": lambda o: o.full((2,), True),
        "dtype": lambda o: o.full((2,), 1, dtype="int8"),
    },
    "full_like": {
        "float_into_int": lambda o: o.full_like(o.ones((2,), "int32"), 2.5),
    },
    "eye": {
        "default": lambda o: o.eye(3),
        "dtype": lambda o: o.eye(3, 2, 1, "int32"),
    },
    "identity": {"default": lambda o: o.identity(2)},
    "tri": {"default": lambda o: o.tri(3)},
    "empty": {"default": lambda o: o.empty((2,))},
    "ones": {"default": lambda o: o.ones((2,))},
    "zeros": {"default": lambda o: o.zeros((2,), "int32")},
    "array": {
        "int": lambda o: o.array([1, 2]),
        "float": lambda o: o.array([1.5]),
    },
    "linspace": {"int": lambda o: o.linspace(0, 3, 4)},
    "logspace": {"int": lambda o: o.logspace(0, 3, 4)},
    "hamming": {"int": lambda o: o.hamming(3)},
    "hanning": {"int": lambda o: o.hanning(3)},
    "bartlett": {"int": lambda o: o.bartlett(3)},
    "blackman": {"int": lambda o: o.blackman(3)},
    "kaiser": {"int": lambda o: o.kaiser(3, 1.0)},
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
        ops,
        op,
        TABLE[op],
        unary=UNARY,
        binary=BINARY,
        nullary=NULLARY,
        make=_symbolic,
    )
    assert not problems, "\n".join(problems)


def test_floatx_sets_the_default_dtype():
    backend.set_floatx("float16")
    assert ops.dtype(ops.full((2,), 1)) == "float16"
    assert ops.dtype(ops.eye(2)) == "float16"
    assert ops.dtype(ops.arange(2.0)) == "float16"
    assert ops.dtype(ops.hamming(3)) == "float16"


def _x(shape, dtype="float32", seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape).astype(dtype)


def test_like_ops_copy_shape_and_dtype():
    x = np.arange(6, dtype="int16").reshape(2, 3)
    assert_allclose(ops.ones_like(x), np.ones_like(x))
    assert_allclose(ops.zeros_like(x, dtype="float32"), np.zeros((2, 3)))
    got = ops.full_like(x, 7)
    assert ops.dtype(got) == "int16"
    assert_allclose(got, np.full_like(x, 7))


def test_full_with_a_tensor_fill_value():
    got = ops.full((2, 3), np.array([1.0, 2.0, 3.0], dtype="float32"))
    assert_allclose(got, np.broadcast_to([1.0, 2.0, 3.0], (2, 3)))


def test_empty_has_the_shape_and_dtype():
    x = ops.empty((2, 3), dtype="int32")
    assert tuple(x.shape) == (2, 3)
    assert ops.dtype(x) == "int32"


@pytest.mark.parametrize(("n", "m", "k"), [(3, None, 0), (2, 4, 1), (4, 3, -2)])
def test_eye_and_tri_match_numpy(n, m, k):
    assert_allclose(ops.eye(n, m, k), np.eye(n, m, k))
    assert_allclose(ops.tri(n, m, k), np.tri(n, m, k))
    assert_allclose(ops.identity(n), np.identity(n))


@pytest.mark.parametrize(
    "args",
    [(5,), (2, 7), (1, 10, 3), (0.5, 2.0, 0.25), (5, 0, -2), (-3,)],
)
def test_arange_matches_numpy(args):
    expected = np.arange(*args)
    got = ops.arange(*args)
    assert_allclose(got, expected)
    is_float = any(isinstance(a, float) for a in args)
    assert ops.dtype(got) == ("float32" if is_float else "int32")


def test_arange_rejects_a_zero_step():
    with pytest.raises(ValueError, match="step"):
        ops.arange(0, 3, 0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"start": 0.0, "stop": 1.0, "num": 5},
        {"start": -1.0, "stop": 1.0, "num": 4, "endpoint": False},
        {"start": 2.0, "stop": 3.0, "num": 1},
        {"start": [0.0, 1.0], "stop": [1.0, 5.0], "num": 3},
        {"start": [0.0, 1.0], "stop": 2.0, "num": 3, "axis": 1},
        {"start": 0, "stop": 10, "num": 4, "dtype": "int32"},
        {"start": -5, "stop": 0, "num": 3, "dtype": "int32"},
    ],
)
def test_linspace_matches_numpy(kwargs):
    np_kwargs = dict(kwargs)
    if "dtype" not in np_kwargs:
        np_kwargs["dtype"] = "float32"
    expected = np.linspace(**np_kwargs)
    assert_allclose(ops.linspace(**kwargs), expected, rtol=1e-6, atol=1e-6)


def test_linspace_retstep():
    values, step = ops.linspace(0.0, 1.0, 5, retstep=True)
    assert_allclose(values, np.linspace(0.0, 1.0, 5))
    assert_allclose(step, 0.25)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"start": 0.0, "stop": 2.0, "num": 3},
        {"start": 1.0, "stop": 3.0, "num": 4, "base": 2.0, "endpoint": False},
        {"start": [0.0, 1.0], "stop": 2.0, "num": 3, "axis": -1},
    ],
)
def test_logspace_matches_numpy(kwargs):
    expected = np.logspace(**kwargs, dtype="float32")
    assert_allclose(ops.logspace(**kwargs), expected, rtol=1e-5)


@pytest.mark.parametrize("k", [0, 1, -1, 5])
@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 3)])
def test_tril_and_triu_match_numpy(shape, k):
    x = _x(shape)
    assert_allclose(ops.tril(x, k), np.tril(x, k))
    assert_allclose(ops.triu(x, k), np.triu(x, k))


@pytest.mark.parametrize("k", [0, 1, -2])
@pytest.mark.parametrize("shape", [(3,), (3, 4)])
def test_diag_and_diagflat_match_numpy(shape, k):
    x = _x(shape)
    assert_allclose(ops.diag(x, k), np.diag(x, k))
    assert_allclose(ops.diagflat(x, k), np.diagflat(x, k))


def test_diag_rejects_3d_input():
    with pytest.raises(ValueError, match="diag"):
        ops.diag(_x((2, 2, 2)))


@pytest.mark.parametrize("indexing", ["xy", "ij"])
def test_meshgrid_matches_numpy(indexing):
    a, b, c = _x((2,)), _x((3,), seed=1), _x((4,), seed=2)
    got = ops.meshgrid(a, b, c, indexing=indexing)
    expected = np.meshgrid(a, b, c, indexing=indexing)
    assert len(got) == 3
    for g, e in zip(got, expected):
        assert_allclose(g, e)


def test_meshgrid_rejects_unknown_indexing():
    with pytest.raises(ValueError, match="indexing"):
        ops.meshgrid(_x((2,)), indexing="yx")


def test_array_and_copy():
    assert_allclose(ops.array([[1, 2], [3, 4]]), [[1, 2], [3, 4]])
    assert ops.dtype(ops.array([1, 2], dtype="float16")) == "float16"
    x = ops.convert_to_tensor(_x((3,)))
    y = ops.copy(x)
    assert_allclose(y, x)
    assert y is not x


@pytest.mark.parametrize(
    ("n", "increasing"), [(None, False), (2, True), (4, False)]
)
def test_vander_matches_numpy(n, increasing):
    x = np.array([1, 2, 3], dtype="int32")
    expected = np.vander(x, n, increasing)
    got = ops.vander(x, n, increasing)
    assert ops.dtype(got) == "int32"
    assert_allclose(got, expected)


@pytest.mark.parametrize("n", [0, 1, 5, 8])
@pytest.mark.parametrize("name", ["hamming", "hanning", "bartlett", "blackman"])
def test_windows_match_numpy(name, n):
    assert_allclose(getattr(ops, name)(n), getattr(np, name)(n), atol=1e-6)


@pytest.mark.parametrize("beta", [0.0, 5.0])
def test_kaiser_matches_numpy(beta):
    assert_allclose(ops.kaiser(6, beta), np.kaiser(6, beta), atol=1e-6)


@pytest.mark.parametrize(
    ("call", "shape"),
    [
        (lambda x: ops.ones_like(x), (None, 3)),
        (lambda x: ops.full_like(x, 2.0), (None, 3)),
        (lambda x: ops.tril(x), (None, 3)),
        (lambda x: ops.copy(x), (None, 3)),
    ],
)
def test_symbolic_shapes(call, shape):
    assert call(KerasTensor((None, 3))).shape == shape


if __name__ == "__main__":
    ref.write_golden(GOLDEN, unary=UNARY, binary=BINARY, nullary=NULLARY)
