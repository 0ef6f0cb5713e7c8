"""The rarer NumPy ops (`nanmean`, `percentile`, `fmod`, `geomspace`, ...):
values against NumPy, dtypes against Keras 3, symbolic shapes and errors.

The expected dtypes below are what Keras 3.15 (JAX backend) returns for
each case; `_keras_dtype_table()` recomputes them when keras and jax are
installed (`python -m tests.ops.numpy.test_extra` prints the mismatches).
"""

import numpy as np
import pytest

from kerata import ops
from kerata.src.backend import KerasTensor
from kerata.src.backend import standardize_dtype
from kerata.src.testing import assert_allclose

DTYPES = ("bool", "int8", "uint8", "int16", "int32")
DTYPES += ("float16", "bfloat16", "float32")
PAIRS = (
    ("bool", "bool"),
    ("bool", "int8"),
    ("int8", "int8"),
    ("uint8", "int8"),
    ("int8", "int32"),
    ("int32", "float16"),
    ("int16", "float32"),
    ("float16", "float32"),
    ("bfloat16", "float16"),
    ("float32", "int32"),
)

UNARY = {
    "fabs": lambda o, x: o.fabs(x),
    "rad2deg": lambda o, x: o.rad2deg(x),
    "sinc": lambda o, x: o.sinc(x),
    "i0": lambda o, x: o.i0(x),
    "isreal": lambda o, x: o.isreal(x),
    "fliplr": lambda o, x: o.fliplr(x),
    "flipud": lambda o, x: o.flipud(x),
    "empty_like": lambda o, x: o.empty_like(x),
    "dstack": lambda o, x: o.dstack([x, x]),
    "array_split": lambda o, x: o.array_split(x, 2, axis=1)[0],
    "hsplit": lambda o, x: o.hsplit(x, 2)[0],
    "vsplit": lambda o, x: o.vsplit(x, 2)[0],
    "nansum": lambda o, x: o.nansum(x),
    "nanprod": lambda o, x: o.nanprod(x, axis=0),
    "nanmax": lambda o, x: o.nanmax(x),
    "nanmin": lambda o, x: o.nanmin(x, axis=1),
    "nanargmax": lambda o, x: o.nanargmax(x),
    "nanargmin": lambda o, x: o.nanargmin(x, axis=1),
    "nancumsum": lambda o, x: o.nancumsum(x, axis=0),
    "nancumprod": lambda o, x: o.nancumprod(x),
    "nanmean": lambda o, x: o.nanmean(x),
    "nanvar": lambda o, x: o.nanvar(x, axis=0),
    "nanstd": lambda o, x: o.nanstd(x),
    "nanmedian": lambda o, x: o.nanmedian(x, axis=1),
    "nanquantile": lambda o, x: o.nanquantile(x, 0.5),
    "nanpercentile": lambda o, x: o.nanpercentile(x, 50, axis=0),
    "percentile": lambda o, x: o.percentile(x, 50),
    "ptp": lambda o, x: o.ptp(x, axis=0),
    "corrcoef": lambda o, x: o.corrcoef(x),
}
BINARY = {
    "fmax": lambda o, a, b: o.fmax(a, b),
    "fmin": lambda o, a, b: o.fmin(a, b),
    "fmod": lambda o, a, b: o.fmod(a, b),
    "gcd": lambda o, a, b: o.gcd(a, b),
    "lcm": lambda o, a, b: o.lcm(a, b),
    "nextafter": lambda o, a, b: o.nextafter(a, b),
    "allclose": lambda o, a, b: o.allclose(a, b),
    "ldexp": lambda o, a, b: o.ldexp(a, b),
    "correlate": lambda o, a, b: o.correlate(
        o.reshape(a, (-1,)), o.reshape(b, (-1,))
    ),
}

# Keras's result dtypes, by pattern (one entry per dtype of DTYPES).
_SAME = DTYPES
_FLOAT = ("float32",) * 5 + ("float16", "bfloat16", "float32")
_SUM = ("int32", "int32", "uint32", "int32", "int32") + _SAME[5:]
_CUMULATIVE = ("int32",) + _SAME[1:]
_PATTERNS = {
    "same": _SAME,
    "float": _FLOAT,
    "sum": _SUM,
    "cumulative": _CUMULATIVE,
    "bool": ("bool",) * 8,
    "int32": ("int32",) * 8,
    "ptp": ("error",) + _SAME[1:],
}
UNARY_EXPECTED = {
    "fabs": "float",
    "rad2deg": "float",
    "sinc": "float",
    "i0": "float",
    "isreal": "bool",
    "fliplr": "same",
    "flipud": "same",
    "empty_like": "same",
    "dstack": "same",
    "array_split": "same",
    "hsplit": "same",
    "vsplit": "same",
    "nansum": "sum",
    "nanprod": "sum",
    "nanmax": "same",
    "nanmin": "same",
    "nanargmax": "int32",
    "nanargmin": "int32",
    "nancumsum": "cumulative",
    "nancumprod": "cumulative",
    "nanmean": "float",
    "nanvar": "float",
    "nanstd": "float",
    "nanmedian": "float",
    "nanquantile": "float",
    "nanpercentile": "float",
    "percentile": "float",
    "ptp": "ptp",
    "corrcoef": "float",
}
# One entry per pair of PAIRS.
_MAX = ("bool", "int8", "int8", "int16", "int32", "float16", "float32")
_MAX += ("float32", "float32", "float32")
_GCD = ("error", "int8", "int8", "int16", "int32") + ("error",) * 5
_INEXACT = ("float32",) * 5 + ("float16",) + ("float32",) * 4
BINARY_EXPECTED = {
    "fmax": _MAX,
    "fmin": _MAX,
    "fmod": ("int32",) + _MAX[1:],
    "gcd": _GCD,
    "lcm": _GCD,
    "nextafter": _INEXACT,
    "allclose": ("bool",) * 10,
    "ldexp": ("error",) + ("float32",) * 4 + ("error",) * 4 + ("float32",),
    "correlate": _INEXACT,
}


def _dtype_of(fn, *inputs):
    try:
        return standardize_dtype(fn(ops, *inputs).dtype)
    except (TypeError, ValueError):
        return "error"


# Symbolic inputs run the same backend code as real ones without
# computing, so they check dtype inference cheaply (no JAX compiles).
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_dtypes_match_keras(name):
    expected = dict(zip(DTYPES, _PATTERNS[UNARY_EXPECTED[name]]))
    got = {
        d: _dtype_of(UNARY[name], KerasTensor((2, 4), dtype=d)) for d in DTYPES
    }
    assert got == expected


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_dtypes_match_keras(name):
    expected = dict(zip(PAIRS, BINARY_EXPECTED[name]))
    got = {
        (a, b): _dtype_of(
            BINARY[name], KerasTensor((2, 4), dtype=a), KerasTensor((4,), b)
        )
        for a, b in PAIRS
    }
    assert got == expected


@pytest.mark.parametrize(
    ("name", "dtype", "expected"),
    [
        ("nansum", "float64", "float64"),
        ("nanmean", "float64", "float64"),
        ("nanmax", "int64", "int64"),
        ("percentile", "float64", "float64"),
        ("fabs", "float64", "float64"),
    ],
)
def test_wide_dtypes_keep_their_width(name, dtype, expected):
    got = UNARY[name](ops, KerasTensor((2, 4), dtype=dtype))
    assert standardize_dtype(got.dtype) == expected


# --- values against NumPy ------------------------------------------------
def _data(shape=(3, 4), nans=True, seed=0):
    x = np.random.default_rng(seed).standard_normal(shape).astype("float32")
    if nans:
        x[0, 1] = np.nan
        x[2, 3] = np.nan
    return x


NAN_REDUCTIONS = ["nansum", "nanprod", "nanmax", "nanmin", "nanmean"]
NAN_REDUCTIONS += ["nanvar", "nanstd", "nanmedian", "ptp"]


# Each op runs once, alternating between a full and a keepdims reduction
# (JAX compiles every op per shape, so the cases are kept few).
@pytest.mark.parametrize(
    ("name", "axis", "keepdims"),
    [
        (n, None, False) if i % 2 else (n, 1, True)
        for i, n in enumerate(NAN_REDUCTIONS)
    ],
)
def test_nan_reductions_match_numpy(name, axis, keepdims):
    x = _data(nans=name != "ptp")
    expected = getattr(np, name)(x, axis=axis, keepdims=keepdims)
    got = getattr(ops, name)(x, axis=axis, keepdims=keepdims)
    assert tuple(got.shape) == expected.shape
    assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


def test_nan_reductions_of_all_nan_slices_give_nan():
    x = np.array([[np.nan, np.nan], [1.0, 2.0]], dtype="float32")
    for name in ("nanmax", "nanmin", "nanmean", "nanmedian"):
        got = ops.convert_to_numpy(getattr(ops, name)(x, axis=1))
        assert np.isnan(got[0]), name
        assert not np.isnan(got[1]), name
    assert_allclose(ops.nansum(x, axis=1), [0.0, 3.0])


@pytest.mark.parametrize("axis", [None, 0, 1])
@pytest.mark.parametrize("name", ["nanargmax", "nanargmin"])
def test_nan_arg_reductions_match_numpy(name, axis):
    x = _data()
    got = getattr(ops, name)(x, axis=axis)
    assert_allclose(got, getattr(np, name)(x, axis=axis))


@pytest.mark.parametrize("axis", [None, 1])
@pytest.mark.parametrize("name", ["nancumsum", "nancumprod"])
def test_nan_cumulative_match_numpy(name, axis):
    x = _data()
    got = getattr(ops, name)(x, axis=axis)
    assert_allclose(got, getattr(np, name)(x, axis=axis), rtol=1e-5)


@pytest.mark.parametrize(
    ("name", "q", "axis"),
    [
        ("percentile", [10.0, 50.0, 90.0], None),
        ("nanpercentile", [10.0, 50.0], 0),
        ("nanquantile", 0.25, None),
    ],
)
def test_quantiles_match_numpy(name, q, axis):
    x = _data(nans=name.startswith("nan"))
    expected = getattr(np, name)(x, q, axis=axis)
    got = getattr(ops, name)(x, q, axis=axis)
    assert tuple(got.shape) == np.shape(expected)
    assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("method", ["lower", "midpoint"])
def test_percentile_methods_match_numpy(method):
    x = np.arange(10, dtype="float32")
    expected = np.percentile(x, [33.0, 66.0], method=method)
    assert_allclose(ops.percentile(x, [33.0, 66.0], method=method), expected)


ELEMENTWISE = ["fabs", "rad2deg", "sinc", "i0"]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_unary_elementwise_match_numpy(name):
    x = np.linspace(-3.0, 3.0, 12, dtype="float32").reshape(3, 4)
    got = getattr(ops, name)(x)
    assert_allclose(got, getattr(np, name)(x), rtol=1e-5, atol=1e-5)


def test_isreal():
    assert ops.convert_to_numpy(ops.isreal([1.0, -2.0])).tolist() == [
        True,
        True,
    ]
    x = np.array([1 + 0j, 1 + 2j], dtype="complex64")
    assert ops.convert_to_numpy(ops.isreal(x)).tolist() == [True, False]


BINARY_FLOAT = ["fmax", "fmin", "fmod", "nextafter"]


@pytest.mark.parametrize("name", BINARY_FLOAT)
def test_binary_float_ops_match_numpy(name):
    a = _data()
    b = _data(seed=1)
    b[1, 1] = np.nan
    got = getattr(ops, name)(a, b)
    assert_allclose(got, getattr(np, name)(a, b), rtol=0, atol=0)


def test_fmod_and_integer_ops_match_numpy():
    a = np.array([-7, 12, 18, 5, 0], dtype="int32")
    b = np.array([3, 8, -4, 5, 6], dtype="int32")
    assert_allclose(ops.fmod(a, b), np.fmod(a, b))
    assert_allclose(ops.gcd(a, b), np.gcd(a, b))
    assert_allclose(ops.lcm(a, b), np.lcm(a, b))
    assert_allclose(ops.fmax(a, b), np.fmax(a, b))
    assert standardize_dtype(ops.gcd(a, 4).dtype) == "int32"


def test_ldexp_matches_numpy():
    x = np.array([0.5, -1.5, 3.0], dtype="float32")
    e = np.array([1, 3, -2], dtype="int32")
    assert_allclose(ops.ldexp(x, e), np.ldexp(x, e))


def test_allclose():
    a = np.array([1.0, np.nan], dtype="float32")
    assert not bool(ops.convert_to_numpy(ops.allclose(a, a)))
    assert bool(ops.convert_to_numpy(ops.allclose(a, a, equal_nan=True)))
    close = ops.allclose([1.0, 2.0], [1.05, 2.0], rtol=0.0, atol=0.1)
    assert bool(ops.convert_to_numpy(close))


@pytest.mark.parametrize(
    ("lengths", "mode"),
    [((5, 3), "valid"), ((5, 3), "same"), ((3, 5), "full"), ((4, 5), "same")],
)
def test_correlate_matches_numpy(lengths, mode):
    rng = np.random.default_rng(0)
    a = rng.standard_normal(lengths[0]).astype("float32")
    v = rng.standard_normal(lengths[1]).astype("float32")
    expected = np.correlate(a, v, mode)
    assert_allclose(ops.correlate(a, v, mode=mode), expected, atol=1e-5)


def test_corrcoef_and_slogdet_match_numpy():
    x = _data((3, 5), nans=False)
    assert_allclose(ops.corrcoef(x), np.corrcoef(x), rtol=1e-5, atol=1e-5)
    m = np.array([[[2.0, 1.0], [1.0, -3.0]], [[1.0, 0.0], [0.0, 4.0]]])
    m = m.astype("float32")
    sign, logdet = ops.slogdet(m)
    expected_sign, expected_logdet = np.linalg.slogdet(m)
    assert_allclose(sign, expected_sign)
    assert_allclose(logdet, expected_logdet, rtol=1e-5)


@pytest.mark.parametrize(
    ("start", "stop", "kwargs"),
    [
        (-2.0, -32.0, {"num": 5, "endpoint": False}),
        ([1.0, 2.0], [10.0, 20.0], {"num": 3, "axis": 1}),
    ],
)
def test_geomspace_matches_numpy(start, stop, kwargs):
    expected = np.geomspace(start, stop, **kwargs)
    got = ops.geomspace(start, stop, **kwargs)
    assert standardize_dtype(got.dtype) == "float32"
    assert_allclose(got, expected, rtol=1e-5)


def test_flips_and_stacks_match_numpy():
    x = np.arange(24).reshape(2, 3, 4)
    assert_allclose(ops.fliplr(x), np.fliplr(x))
    assert_allclose(ops.flipud(x), np.flipud(x))
    assert_allclose(ops.dstack([x, x]), np.dstack([x, x]))
    one = np.arange(3)
    assert_allclose(ops.dstack([one, one]), np.dstack([one, one]))
    empty = ops.empty_like(x, dtype="float32")
    assert tuple(empty.shape) == (2, 3, 4)
    assert standardize_dtype(empty.dtype) == "float32"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("array_split", ([1, 3], 2)),
        ("vsplit", ([1],)),
        ("dsplit", (2,)),
    ],
)
def test_splits_match_numpy(name, args):
    x = np.arange(2 * 3 * 4).reshape(2, 3, 4)
    expected = getattr(np, name)(x, *args)
    got = getattr(ops, name)(x, *args)
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert_allclose(g, e)


def test_hsplit_of_a_vector_splits_axis_0():
    parts = ops.hsplit(np.arange(4), 2)
    assert [ops.convert_to_numpy(p).tolist() for p in parts] == [[0, 1], [2, 3]]


# --- symbolic shapes ------------------------------------------------------
@pytest.mark.parametrize(
    ("fn", "expected"),
    [
        (lambda x: ops.nanmean(x, axis=1), (None,)),
        (lambda x: ops.nansum(x, axis=0, keepdims=True), (1, 4)),
        (lambda x: ops.nanpercentile(x, [10, 90], axis=1), (2, None)),
        (lambda x: ops.nancumsum(x, axis=1), (None, 4)),
        (lambda x: ops.nanargmax(x, axis=1), (None,)),
        (lambda x: ops.fliplr(x), (None, 4)),
        (lambda x: ops.dstack([x, x]), (None, 4, 2)),
        (lambda x: ops.hsplit(x, 2)[1], (None, 2)),
        (lambda x: ops.fmax(x, 1.0), (None, 4)),
        (lambda x: ops.ptp(x), ()),
    ],
)
def test_symbolic_shapes(fn, expected):
    out = fn(KerasTensor((None, 4), dtype="float32"))
    assert tuple(out.shape) == expected


def test_symbolic_slogdet_and_correlate():
    sign, logdet = ops.slogdet(KerasTensor((2, 3, 3)))
    assert tuple(sign.shape) == (2,)
    assert tuple(logdet.shape) == (2,)
    out = ops.correlate(KerasTensor((5,)), KerasTensor((3,)), mode="full")
    assert tuple(out.shape) == (7,)


# --- bad arguments ----------------------------------------------------------
@pytest.mark.parametrize(
    ("fn", "error", "match"),
    [
        (lambda: ops.fliplr(np.ones(3)), ValueError, "rank >= 2"),
        (lambda: ops.vsplit(np.ones(3), 3), ValueError, "rank >= 2"),
        (lambda: ops.dsplit(np.ones((2, 2)), 2), ValueError, "rank >= 3"),
        (lambda: ops.hsplit(np.ones((2, 3)), 2), ValueError, "equal"),
        (lambda: ops.gcd(np.ones(2), 2), TypeError, "integer"),
        (lambda: ops.ldexp(np.ones(2), 1.5), TypeError, "integer exponent"),
        (lambda: ops.ptp(np.ones(2, bool)), TypeError, "bool"),
        (
            lambda: ops.correlate(np.ones(3), np.ones(2), mode="wide"),
            ValueError,
            "mode",
        ),
        (lambda: ops.correlate(np.ones((2, 2)), np.ones(2)), ValueError, "1-D"),
        (
            lambda: ops.percentile(np.ones(3), 50, method="x"),
            ValueError,
            "method",
        ),
        (lambda: ops.nanmean(np.ones((2, 2)), axis=3), ValueError, "axis"),
        (lambda: ops.geomspace(1.0, 2.0, num=-1), ValueError, "num"),
    ],
)
def test_bad_arguments_raise(fn, error, match):
    with pytest.raises(error, match=match):
        fn()


def test_view_matches_numpy():
    x = np.array([[1.0, -2.0], [0.5, 3.0]], dtype="float32")
    for dtype in ("int32", "int8", "float16"):
        got = ops.view(x, dtype)
        assert standardize_dtype(got.dtype) == dtype
        assert_allclose(got, x.view(dtype))
    assert_allclose(ops.view(x), x)
    symbolic = ops.view(KerasTensor((None, 4), dtype="int32"), "int8")
    assert tuple(symbolic.shape) == (None, 16)


def test_unique_matches_numpy():
    x = np.array([[3, 1, 3], [2, 1, 1]], dtype="int32")
    got = ops.unique(
        x, return_index=True, return_inverse=True, return_counts=True
    )
    expected = np.unique(
        x, return_index=True, return_inverse=True, return_counts=True
    )
    for g, e in zip(got, expected):
        assert_allclose(g, e)
    assert [standardize_dtype(g.dtype) for g in got] == ["int32"] * 4
    rows = np.array([[1, 2], [1, 2], [0, 1]], dtype="int32")
    values, inverse = ops.unique(rows, axis=0, return_inverse=True)
    assert_allclose(values, [[0, 1], [1, 2]])
    assert_allclose(inverse, [1, 1, 0])


def test_unique_with_size_pads_or_truncates():
    x = np.array([4, 2, 4], dtype="int32")
    padded, counts = ops.unique(x, return_counts=True, size=4, fill_value=-1)
    assert ops.convert_to_numpy(padded).tolist() == [2, 4, -1, -1]
    assert ops.convert_to_numpy(counts).tolist() == [1, 2, 0, 0]
    assert ops.convert_to_numpy(ops.unique(x, size=1)).tolist() == [2]
    values, inverse = ops.unique(
        KerasTensor((None, 3), dtype="int32"), return_inverse=True, size=5
    )
    assert tuple(values.shape) == (5,)
    assert tuple(inverse.shape) == (None, 3)
    with pytest.raises(ValueError, match="size"):
        ops.unique(x, size=-1)


def test_vectorize_broadcasts_and_honours_signature():
    scale = ops.vectorize(lambda a, k: a * k, excluded={1})
    got = scale(np.array([[1.0, 2.0], [3.0, 4.0]], "float32"), 3.0)
    assert_allclose(got, [[3.0, 6.0], [9.0, 12.0]])
    matvec = ops.vectorize(
        lambda m, v: ops.matmul(m, v), signature="(m,n),(n)->(m)"
    )
    m = np.arange(12, dtype="float32").reshape(2, 2, 3)
    v = np.array([1.0, 0.0, -1.0], "float32")
    got = matvec(m, v)
    assert tuple(got.shape) == (2, 2)
    assert_allclose(got, np.einsum("bmn,n->bm", m, v))
    with pytest.raises(ValueError, match="callable"):
        ops.vectorize(3)


def _keras_dtype_table():
    """Mismatches between the tables above and Keras 3 (JAX backend)."""
    import os

    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras

    problems = []
    for name, fn in UNARY.items():
        want = dict(zip(DTYPES, _PATTERNS[UNARY_EXPECTED[name]]))
        for d in DTYPES:
            got = _keras_dtype(keras, fn, keras.ops.ones((2, 4), d))
            if got != want[d]:
                problems.append(f"{name}[{d}]: keras {got}, table {want[d]}")
    for name, fn in BINARY.items():
        for (a, b), want in zip(PAIRS, BINARY_EXPECTED[name]):
            x1, x2 = keras.ops.ones((2, 4), a), keras.ops.ones((4,), b)
            got = _keras_dtype(keras, fn, x1, x2)
            if got != want:
                problems.append(f"{name}[{a},{b}]: keras {got}, table {want}")
    return problems


def _keras_dtype(keras, fn, *inputs):
    try:
        return keras.backend.standardize_dtype(fn(keras.ops, *inputs).dtype)
    except Exception:  # noqa: BLE001 - any Keras failure reads as "error"
        return "error"


if __name__ == "__main__":
    print("\n".join(_keras_dtype_table()) or "tables match Keras")
