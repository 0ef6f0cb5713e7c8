"""Elementwise ops: values against NumPy, dtypes against Keras 3.

tests/golden/dtypes_elementwise.json holds the output dtype Keras 3 gives
for each case below ("error" where Keras raises). Regenerate it (needs
keras and jax) with `python -m tests.ops.numpy.test_elementwise`. Keys are
the input dtypes; "int" and "float" stand for Python scalars. Like Keras's
own dtype tests, the table leaves 64-bit dtypes out; `WIDE` below pins
kerata's rules for those.
"""

import functools
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
    os.path.dirname(__file__), "..", "..", "golden", "dtypes_elementwise.json"
)

# --- dtype cases ------------------------------------------------------------
DTYPES = (
    "bool",
    "uint8",
    "uint16",
    "uint32",
    "int8",
    "int16",
    "int32",
    "bfloat16",
    "float16",
    "float32",
)
INT_DTYPES = ("bool", "uint8", "int8", "int16", "int32")
SCALARS = ("int", "float")

UNARY_NAMES = (
    "abs absolute negative sign sqrt square exp exp2 expm1 log log10 log1p "
    "log2 sin cos tan arcsin arccos arctan arcsinh arccosh arctanh sinh cosh "
    "tanh ceil floor round trunc reciprocal cbrt deg2rad signbit conj "
    "conjugate real imag angle nan_to_num isfinite isinf isnan isneginf "
    "isposinf logical_not"
).split()
BINARY_NAMES = (
    "add subtract multiply divide true_divide divide_no_nan floor_divide mod "
    "power maximum minimum arctan2 heaviside hypot logaddexp logaddexp2 equal "
    "not_equal greater greater_equal less less_equal isclose logical_and "
    "logical_or logical_xor"
).split()
BITWISE_NAMES = ("bitwise_and", "bitwise_or", "bitwise_xor")
SHIFT_NAMES = (
    "bitwise_left_shift",
    "bitwise_right_shift",
    "left_shift",
    "right_shift",
)


def _unary(name):
    return lambda o, m, d: getattr(o, name)(m((2,), d))


def _binary(name):
    return lambda o, m, a, b: getattr(o, name)(m((2,), a), m((2,), b))


def _true(o, m):
    return m((2,), "bool") if m is _symbolic else o.ones((2,), dtype="bool")


UNARY = {name: _unary(name) for name in UNARY_NAMES}
UNARY["clip"] = lambda o, m, d: o.clip(m((2,), d), 0, 2)
UNARY["clip_float"] = lambda o, m, d: o.clip(m((2,), d), 0.5, 1.5)
UNARY["round_decimals"] = lambda o, m, d: o.round(m((2,), d), -1)
INT_UNARY = {name: _unary(name) for name in ("bitwise_not", "bitwise_invert")}
BINARY = {name: _binary(name) for name in BINARY_NAMES}
BINARY["where"] = lambda o, m, a, b: o.where(
    _true(o, m), m((2,), a), m((2,), b)
)
BINARY["select"] = lambda o, m, a, b: o.select(
    [_true(o, m), _true(o, m)], [m((2,), a), m((2,), b)]
)
INT_BINARY = {name: _binary(name) for name in BITWISE_NAMES}
SHIFT = {name: _binary(name) for name in SHIFT_NAMES}


def _pairs(dtypes, scalars):
    pairs = [(a, b) for a in dtypes for b in dtypes]
    pairs += [(a, s) for a in dtypes for s in scalars]
    return tuple(pairs + [(s, a) for a in dtypes for s in scalars])


# (cases, input dtypes, input pairs)
GROUPS = (
    (UNARY, DTYPES + ("complex64",), ()),
    (INT_UNARY, INT_DTYPES, ()),
    (BINARY, DTYPES, _pairs(DTYPES, SCALARS)),
    (INT_BINARY, INT_DTYPES, _pairs(INT_DTYPES, ("int",))),
    (SHIFT, INT_DTYPES[1:], _pairs(INT_DTYPES[1:], ("int",))),
)


def _make_scalars(make):
    """`make(shape, dtype)`, with "int" and "float" giving Python 1, 1.0."""

    def wrapped(shape, dtype):
        return {"int": 1, "float": 1.0}.get(dtype) or make(shape, dtype)

    return wrapped


def _symbolic(shape, dtype):
    return KerasTensor(shape, dtype=dtype)


def _table(ops_module, make, on_error):
    table = {}
    for cases, dtypes, pairs in GROUPS:
        unary = cases if not pairs else None
        binary = cases if pairs else None
        table.update(
            ref.dtype_table(
                ops_module,
                unary=unary,
                binary=binary,
                dtypes=dtypes,
                pairs=pairs,
                on_error=on_error,
                make=_make_scalars(make),
            )
        )
    return table


def _case(op):
    for cases, _, pairs in GROUPS:
        if op in cases:
            return cases[op], bool(pairs)
    raise KeyError(op)


TABLE = {}
if os.path.exists(GOLDEN):
    with open(GOLDEN) as _f:
        TABLE = json.load(_f)


def _ones(shape, dtype):
    return ops.ones(shape, dtype=dtype)


def _run(op, key, make):
    fn, binary = _case(op)
    make = _make_scalars(make)
    if binary:
        a, b = key.split(",")
        return fn(ops, make, a, b)
    return fn(ops, make, key)


@functools.cache
def _supported(key):
    return all(ref.supports(ops, d) for d in key.split(",") if d in DTYPES)


def _mismatches(op, keys, make):
    problems = []
    for key in keys:
        want = TABLE[op][key]
        if not _supported(key):
            continue
        if want == "error":
            try:
                _run(op, key, make)
            except (TypeError, ValueError):
                continue
            problems.append(f"{op}[{key}]: expected a TypeError/ValueError")
            continue
        try:
            out = _run(op, key, make)
        except Exception as e:  # noqa: BLE001 - reported below
            problems.append(f"{op}[{key}]: raised {e!r}, expected {want}")
            continue
        got = backend.standardize_dtype(out.dtype)
        if got != want:
            problems.append(f"{op}[{key}]: got {got}, expected {want}")
    return problems


@pytest.mark.parametrize("op", sorted(TABLE))
def test_dtypes_match_keras(op):
    """Every case, on symbolic inputs: dtype inference runs the backend
    code without computing, so this is fast on JAX too."""
    problems = _mismatches(op, sorted(TABLE[op]), _symbolic)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("op", sorted(TABLE))
def test_eager_dtypes_match_keras(op):
    """A sample of the cases on real tensors (each new dtype costs JAX a
    compilation)."""
    keys = sorted(TABLE[op])
    problems = _mismatches(op, keys[:: max(1, len(keys) // 2)], _ones)
    assert not problems, "\n".join(problems)


# 64-bit inputs, which Keras's table leaves out. Keras's backends disagree
# with each other here; kerata keeps a dtype that needs no promotion
# (64-bit included) and otherwise follows `result_type`, which narrows.
WIDE = {
    ("add", "float64", "float64"): "float64",
    ("add", "int64", "int64"): "int64",
    ("add", "int64", "int"): "int64",
    ("add", "float", "float64"): "float64",
    ("multiply", "int8", "int64"): "int32",
    ("subtract", "float32", "float64"): "float32",
    ("maximum", "float64", "float64"): "float64",
    ("maximum", "int64", "int"): "int64",
    ("divide", "float64", "float64"): "float64",
    ("divide", "int64", "int64"): "float32",
    ("floor_divide", "int64", "int64"): "int64",
    ("power", "float64", "int"): "float64",
    ("where", "float64", "float"): "float64",
    ("arctan2", "float64", "float64"): "float64",
    ("equal", "int64", "float64"): "bool",
    ("bitwise_and", "int64", "int64"): "int64",
    ("sqrt", "int64"): "float32",
    ("sqrt", "float64"): "float64",
    ("sin", "float64"): "float64",
    ("exp", "int64"): "float32",
    ("cbrt", "int64"): "float32",
    ("reciprocal", "int64"): "float32",
    ("floor", "float64"): "float64",
    ("round", "int64"): "int64",
    ("abs", "int64"): "int64",
    ("square", "float64"): "float64",
    ("angle", "float64"): "float64",
    ("clip", "int64"): "int64",
    ("clip_float", "float64"): "float64",
}


@pytest.mark.parametrize(("case", "expected"), sorted(WIDE.items()))
def test_wide_dtypes(case, expected):
    op, *dtypes = case
    out = _run(op, ",".join(dtypes), _ones)
    assert backend.standardize_dtype(out.dtype) == expected


def test_floatx_types_int_inputs_of_float_functions():
    backend.set_floatx("float16")
    x = ops.ones((2,), dtype="int32")
    assert ops.dtype(ops.sqrt(x)) == "float16"
    assert ops.dtype(ops.divide(x, x)) == "float16"
    assert ops.dtype(ops.add(x, 1.5)) == "float16"
    assert ops.dtype(ops.sqrt(ops.ones((2,), dtype="float32"))) == "float32"


# --- values against NumPy ---------------------------------------------------
RNG = np.random.default_rng(7)

# name: (NumPy reference, low, high) for float inputs.
FLOAT_UNARY = {
    "sqrt": (np.sqrt, 0.1, 4.0),
    "exp": (np.exp, -3.0, 3.0),
    "exp2": (np.exp2, -3.0, 3.0),
    "expm1": (np.expm1, -3.0, 3.0),
    "log": (np.log, 0.1, 4.0),
    "log10": (np.log10, 0.1, 4.0),
    "log1p": (np.log1p, -0.9, 4.0),
    "log2": (np.log2, 0.1, 4.0),
    "sin": (np.sin, -3.0, 3.0),
    "cos": (np.cos, -3.0, 3.0),
    "tan": (np.tan, -1.2, 1.2),
    "arcsin": (np.arcsin, -0.9, 0.9),
    "arccos": (np.arccos, -0.9, 0.9),
    "arctan": (np.arctan, -3.0, 3.0),
    "sinh": (np.sinh, -3.0, 3.0),
    "cosh": (np.cosh, -3.0, 3.0),
    "tanh": (np.tanh, -3.0, 3.0),
    "arcsinh": (np.arcsinh, -3.0, 3.0),
    "arccosh": (np.arccosh, 1.1, 4.0),
    "arctanh": (np.arctanh, -0.9, 0.9),
    "cbrt": (np.cbrt, -8.0, 8.0),
    "reciprocal": (np.reciprocal, 0.5, 3.0),
    "deg2rad": (np.deg2rad, -360.0, 360.0),
    "abs": (np.abs, -3.0, 3.0),
    "absolute": (np.absolute, -3.0, 3.0),
    "negative": (np.negative, -3.0, 3.0),
    "sign": (np.sign, -3.0, 3.0),
    "square": (np.square, -3.0, 3.0),
    "ceil": (np.ceil, -3.0, 3.0),
    "floor": (np.floor, -3.0, 3.0),
    "round": (np.round, -3.0, 3.0),
    "trunc": (np.trunc, -3.0, 3.0),
    "angle": (np.angle, -3.0, 3.0),
    "real": (np.real, -3.0, 3.0),
    "imag": (np.imag, -3.0, 3.0),
    "conj": (np.conj, -3.0, 3.0),
    "conjugate": (np.conjugate, -3.0, 3.0),
    "signbit": (np.signbit, -3.0, 3.0),
}


def _uniform(low, high, shape=(3, 4), dtype="float32"):
    return RNG.uniform(low, high, shape).astype(dtype)


HALF_CHECKED = ("sqrt", "exp", "log", "sin", "tanh", "round", "reciprocal")
UNARY_CASES = [(name, "float32") for name in sorted(FLOAT_UNARY)]
UNARY_CASES += [(name, "float16") for name in HALF_CHECKED]


@pytest.mark.parametrize(("name", "dtype"), UNARY_CASES)
def test_unary_matches_numpy(name, dtype):
    fn, low, high = FLOAT_UNARY[name]
    x = _uniform(low, high, dtype=dtype)
    got = getattr(ops, name)(x)
    expected = fn(x.astype("float64"))
    assert tuple(got.shape) == x.shape
    if expected.dtype != bool:
        expected = expected.astype(dtype)
    assert_allclose(got, expected)


@pytest.mark.parametrize("name", ["sqrt", "exp", "sin", "log1p", "cbrt"])
def test_float_functions_of_ints_compute_in_floatx(name):
    fn = FLOAT_UNARY[name][0]
    x = np.array([[0, 1, 2], [3, 4, 5]], dtype="int32")
    got = getattr(ops, name)(x)
    assert ops.dtype(got) == "float32"
    assert_allclose(got, fn(x.astype("float32")))


def test_unary_on_complex_matches_numpy():
    z = (_uniform(-2, 2, (5,)) + 1j * _uniform(-2, 2, (5,))).astype("complex64")
    for name in ("abs", "real", "imag", "conj", "angle", "sqrt", "exp"):
        got = getattr(ops, name)(z)
        expected = getattr(np, name)(z)
        assert backend.standardize_dtype(got.dtype) == expected.dtype.name
        assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    assert_allclose(ops.sign(z), z / np.abs(z), rtol=1e-5, atol=1e-6)
    assert_allclose(
        ops.round(z * 10, 0), np.round(z * 10), rtol=1e-6, atol=1e-6
    )


# name: (NumPy reference, domain of x1, domain of x2).
FLOAT_BINARY = {
    "add": (np.add, (-3, 3), (-3, 3)),
    "subtract": (np.subtract, (-3, 3), (-3, 3)),
    "multiply": (np.multiply, (-3, 3), (-3, 3)),
    "divide": (np.divide, (-3, 3), (0.5, 3)),
    "true_divide": (np.true_divide, (-3, 3), (0.5, 3)),
    "floor_divide": (np.floor_divide, (-3, 3), (0.5, 3)),
    "mod": (np.mod, (-3, 3), (0.5, 3)),
    "power": (np.power, (0.5, 3), (-2, 2)),
    "maximum": (np.maximum, (-3, 3), (-3, 3)),
    "minimum": (np.minimum, (-3, 3), (-3, 3)),
    "arctan2": (np.arctan2, (-3, 3), (-3, 3)),
    "hypot": (np.hypot, (-3, 3), (-3, 3)),
    "logaddexp": (np.logaddexp, (-3, 3), (-3, 3)),
    "logaddexp2": (np.logaddexp2, (-3, 3), (-3, 3)),
    "equal": (np.equal, (-3, 3), (-3, 3)),
    "not_equal": (np.not_equal, (-3, 3), (-3, 3)),
    "greater": (np.greater, (-3, 3), (-3, 3)),
    "greater_equal": (np.greater_equal, (-3, 3), (-3, 3)),
    "less": (np.less, (-3, 3), (-3, 3)),
    "less_equal": (np.less_equal, (-3, 3), (-3, 3)),
}
# Shapes that broadcast: equal, column against row, missing leading axes.
SHAPES = [((3, 4), (3, 4)), ((3, 1), (4,)), ((4,), (2, 3, 4))]


@pytest.mark.parametrize("shapes", SHAPES, ids=str)
@pytest.mark.parametrize("name", sorted(FLOAT_BINARY))
def test_binary_matches_numpy(name, shapes):
    fn, (lo1, hi1), (lo2, hi2) = FLOAT_BINARY[name]
    x1 = _uniform(lo1, hi1, shapes[0])
    x2 = _uniform(lo2, hi2, shapes[1])
    if name in ("equal", "not_equal", "greater_equal", "less_equal"):
        x2 = np.broadcast_to(x1, np.broadcast_shapes(*shapes)).copy()
        x2.flat[::2] = 0.5
    got = getattr(ops, name)(x1, x2)
    expected = fn(x1, x2)
    assert tuple(got.shape) == expected.shape
    assert_allclose(got, expected)


@pytest.mark.parametrize("name", sorted(FLOAT_BINARY))
def test_binary_with_python_scalars(name):
    fn, (lo1, hi1), (lo2, hi2) = FLOAT_BINARY[name]
    x1 = _uniform(lo1, hi1)
    x2 = _uniform(lo2, hi2)
    s1, s2 = 1.5, 2.0
    assert_allclose(getattr(ops, name)(x1, s2), fn(x1, np.float32(s2)))
    assert_allclose(getattr(ops, name)(s1, x2), fn(np.float32(s1), x2))
    assert_allclose(
        getattr(ops, name)(ops.convert_to_tensor(x1), 2),
        fn(x1, np.float32(2)),
    )


INT_BINARY_REFS = {
    "add": np.add,
    "subtract": np.subtract,
    "multiply": np.multiply,
    "floor_divide": np.floor_divide,
    "mod": np.mod,
    "maximum": np.maximum,
    "minimum": np.minimum,
    "bitwise_and": np.bitwise_and,
    "bitwise_or": np.bitwise_or,
    "bitwise_xor": np.bitwise_xor,
    "greater": np.greater,
    "equal": np.equal,
}


@pytest.mark.parametrize("dtype", ["int32", "uint8"])
@pytest.mark.parametrize("name", sorted(INT_BINARY_REFS))
def test_integer_binary_matches_numpy(name, dtype):
    info = np.iinfo(dtype)
    low, high = max(info.min, -50), min(info.max, 50)
    x1 = RNG.integers(low, high, (3, 4)).astype(dtype)
    x2 = RNG.integers(max(low, 1), high, (4,)).astype(dtype)  # no zeros
    got = getattr(ops, name)(x1, x2)
    expected = INT_BINARY_REFS[name](x1, x2)
    assert backend.standardize_dtype(got.dtype) == expected.dtype.name
    np.testing.assert_array_equal(ops.convert_to_numpy(got), expected)
    # A Python int operand is weak: the result keeps the tensor's dtype.
    got = getattr(ops, name)(x1, 3)
    expected = INT_BINARY_REFS[name](x1, np.asarray(3, dtype))
    np.testing.assert_array_equal(ops.convert_to_numpy(got), expected)


def test_integer_power_and_shifts():
    x = np.array([[1, 2, 3], [-4, 5, -6]], dtype="int32")
    y = np.array([0, 1, 3], dtype="int32")
    for name, fn in (
        ("power", np.power),
        ("bitwise_left_shift", np.left_shift),
        ("left_shift", np.left_shift),
        ("bitwise_right_shift", np.right_shift),
        ("right_shift", np.right_shift),
    ):
        np.testing.assert_array_equal(
            ops.convert_to_numpy(getattr(ops, name)(x, y)), fn(x, y)
        )
        np.testing.assert_array_equal(
            ops.convert_to_numpy(getattr(ops, name)(x, 2)), fn(x, 2)
        )
    for name in ("bitwise_not", "bitwise_invert"):
        got = getattr(ops, name)(x)
        np.testing.assert_array_equal(ops.convert_to_numpy(got), np.invert(x))
    b = np.array([True, False])
    np.testing.assert_array_equal(
        ops.convert_to_numpy(ops.bitwise_not(b)), [False, True]
    )


def test_bool_arithmetic():
    t = np.array([True, True, False, False])
    f = np.array([True, False, True, False])
    assert_allclose(ops.add(t, f), t | f)
    assert_allclose(ops.multiply(t, f), t & f)
    assert ops.dtype(ops.add(t, f)) == "bool"
    assert ops.dtype(ops.power(t, f)) == "int32"
    with pytest.raises(TypeError):
        ops.subtract(t, f)
    with pytest.raises(TypeError):
        ops.negative(t)


def test_logical_ops_match_numpy():
    x1 = np.array([[0, 1, 2], [3, 0, -1]], dtype="int32")
    x2 = np.array([0.0, 0.5, 0.0], dtype="float32")
    for name in ("logical_and", "logical_or", "logical_xor"):
        got = getattr(ops, name)(x1, x2)
        assert ops.dtype(got) == "bool"
        assert_allclose(got, getattr(np, name)(x1, x2))
    assert_allclose(ops.logical_not(x1), np.logical_not(x1))


def test_division_edge_cases():
    x1 = np.array([1.0, -1.0, 0.0, np.nan, 6.0], dtype="float32")
    x2 = np.array([0.0, 0.0, 0.0, 0.0, 3.0], dtype="float32")
    assert_allclose(ops.divide_no_nan(x1, x2), [0.0, 0.0, 0.0, 0.0, 2.0])
    with np.errstate(all="ignore"):
        assert_allclose(ops.divide(x1, x2), x1 / x2)
    ints = np.array([7, -7, 0], dtype="int32")
    assert_allclose(ops.divide_no_nan(ints, [2, 0, 5]), [3.5, 0.0, 0.0])
    assert ops.dtype(ops.divide_no_nan(ints, [2, 0, 5])) == "float32"
    assert_allclose(ops.floor_divide(ints, 2), [3, -4, 0])
    assert_allclose(ops.mod(ints, 3), [1, 2, 0])
    assert_allclose(ops.mod(np.float32(-7.5), 2.0), np.mod(-7.5, 2.0))


def test_special_float_values():
    x = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0], dtype="float32")
    for name in ("isfinite", "isinf", "isnan", "isneginf", "isposinf"):
        assert_allclose(getattr(ops, name)(x), getattr(np, name)(x))
    assert_allclose(ops.signbit(x), np.signbit(x))
    big = np.finfo("float32")
    assert_allclose(ops.nan_to_num(x), [0.0, big.max, big.min, 0.0, 0.0, 1.0])
    assert_allclose(
        ops.nan_to_num(x, nan=-1.0, posinf=9.0, neginf=-9.0),
        [-1.0, 9.0, -9.0, 0.0, 0.0, 1.0],
    )
    assert_allclose(ops.maximum(x, 0.0), np.maximum(x, 0.0))
    assert_allclose(ops.minimum(x, 0.0), np.minimum(x, 0.0))
    ints = np.array([1, 2], dtype="int32")
    assert_allclose(ops.nan_to_num(ints), ints)
    assert_allclose(ops.isnan(ints), [False, False])


def test_isclose_matches_numpy():
    x1 = np.array([1.0, 1.0, np.nan, 100.0], dtype="float32")
    x2 = np.array([1.0 + 1e-6, 1.01, np.nan, 100.5], dtype="float32")
    assert_allclose(ops.isclose(x1, x2), np.isclose(x1, x2))
    assert_allclose(
        ops.isclose(x1, x2, equal_nan=True), np.isclose(x1, x2, equal_nan=True)
    )
    assert_allclose(
        ops.isclose(x1, x2, rtol=0.01, atol=0.0),
        np.isclose(x1, x2, rtol=0.01, atol=0.0),
    )
    assert_allclose(ops.isclose([1, 2], [1, 3]), [True, False])


def test_heaviside_matches_numpy():
    x1 = np.array([-1.5, 0.0, 2.0, 0.0], dtype="float32")
    x2 = np.array([0.5, 0.5, 0.5, 0.25], dtype="float32")
    assert_allclose(ops.heaviside(x1, x2), np.heaviside(x1, x2))
    assert_allclose(ops.heaviside(x1, 0.5), np.heaviside(x1, 0.5))


@pytest.mark.parametrize("decimals", [0, 1, 2, -1])
def test_round_matches_numpy(decimals):
    x = np.array([0.5, 1.5, 2.5, -0.5, 1.2345, -12.75, 150.0], "float32")
    assert_allclose(ops.round(x, decimals), np.round(x, decimals))
    ints = np.array([-151, -150, -5, 5, 15, 25, 1234], dtype="int32")
    got = ops.round(ints, decimals)
    assert ops.dtype(got) == "int32"
    np.testing.assert_array_equal(
        ops.convert_to_numpy(got), np.round(ints, decimals)
    )


def test_round_rejects_non_int_decimals():
    with pytest.raises(TypeError, match="decimals"):
        ops.round([1.0], 0.5)


@pytest.mark.parametrize(
    ("x_min", "x_max"), [(0, 2), (-0.5, 1.5), (None, 1.0), (-1.0, None)]
)
def test_clip_matches_numpy(x_min, x_max):
    x = _uniform(-3, 3)
    assert_allclose(ops.clip(x, x_min, x_max), np.clip(x, x_min, x_max))


def test_clip_with_tensor_bounds_and_ints():
    x = np.arange(-3, 5, dtype="int32")
    lo = np.full((8,), -1, dtype="int32")
    got = ops.clip(x, lo, 2)
    assert ops.dtype(got) == "int32"
    assert_allclose(got, np.clip(x, -1, 2))
    b = np.array([True, False])
    assert ops.dtype(ops.clip(b, 0, 1)) == "int32"


def test_where_matches_numpy():
    c = RNG.uniform(size=(3, 4)) > 0.5
    x1 = _uniform(-3, 3)
    x2 = _uniform(-3, 3, (4,))
    assert_allclose(ops.where(c, x1, x2), np.where(c, x1, x2))
    assert_allclose(ops.where(c, x1, 0.0), np.where(c, x1, 0.0))
    assert_allclose(ops.where(c, -1.0, x2), np.where(c, -1.0, x2))
    ints = np.array([[0, 2], [3, 0]], dtype="int32")
    assert_allclose(ops.where(ints, 1, 0), np.where(ints, 1, 0))


def test_where_with_condition_only_gives_indices():
    c = np.array([[True, False, True], [False, True, False]])
    got = ops.where(c)
    assert isinstance(got, tuple)
    assert len(got) == 2
    for g, e in zip(got, np.nonzero(c)):
        assert ops.dtype(g) == "int32"
        np.testing.assert_array_equal(ops.convert_to_numpy(g), e)


def test_where_rejects_one_of_x1_x2():
    with pytest.raises(ValueError, match="x1"):
        ops.where([True], 1.0)
    with pytest.raises(ValueError, match="x1"):
        ops.where([True], x2=1.0)


def test_select_matches_numpy():
    x = _uniform(-3, 3)
    condlist = [x < -1, x > 1]
    choicelist = [x * 2, x * 3]
    assert_allclose(
        ops.select(condlist, choicelist), np.select(condlist, choicelist)
    )
    assert_allclose(
        ops.select(condlist, choicelist, default=x),
        np.select(condlist, choicelist, default=x),
    )
    ints = [np.array([1, 2], "int8"), np.array([3, 4], "int8")]
    got = ops.select([np.array([True, False])] * 2, ints)
    assert ops.dtype(got) == "int8"
    assert_allclose(got, [1, 0])


def test_select_rejects_mismatched_lists():
    with pytest.raises(ValueError, match="same"):
        ops.select([np.array([True])], [])
    with pytest.raises(TypeError, match="lists"):
        ops.select(np.array([True]), [np.array([1])])


def test_ops_accept_variables():
    v = backend.Variable(np.array([1.0, -2.0], dtype="float32"))
    assert_allclose(ops.add(v, 1.0), [2.0, -1.0])
    assert_allclose(ops.multiply(v, v), [1.0, 4.0])
    assert_allclose(ops.abs(v), [1.0, 2.0])
    assert_allclose(ops.maximum(v, 0.0), [1.0, 0.0])
    assert_allclose(ops.greater(v, 0), [True, False])


@pytest.mark.parametrize("name", ["add", "multiply", "maximum", "equal"])
def test_incompatible_shapes_raise(name):
    x1 = np.ones((3,), "float32")
    x2 = np.ones((4,), "float32")
    with pytest.raises((ValueError, RuntimeError, TypeError)):
        getattr(ops, name)(x1, x2)


@pytest.mark.parametrize(
    "call", [ops.bitwise_and, ops.left_shift, ops.bitwise_or]
)
def test_bitwise_ops_reject_floats(call):
    with pytest.raises(TypeError, match="integer"):
        call(np.ones((2,), "float32"), 1)


# --- symbolic tensors -------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "shape", "dtype"),
    [
        (lambda x: ops.add(x, 1.0), (None, 3), "float32"),
        (lambda x: ops.add(x, KerasTensor((1, 3), "int32")), (None, 3), None),
        (lambda x: ops.multiply(x, KerasTensor((4, 1, 3))), (4, None, 3), None),
        (lambda x: ops.sqrt(ops.cast(x, "int8")), (None, 3), "float32"),
        (lambda x: ops.greater(x, 0), (None, 3), "bool"),
        (lambda x: ops.round(x, 2), (None, 3), "float32"),
        (lambda x: ops.clip(x, 0.0, 1.0), (None, 3), "float32"),
        (lambda x: ops.where(ops.greater(x, 0), x, 0), (None, 3), "float32"),
        (lambda x: ops.select([ops.less(x, 0)], [x]), (None, 3), "float32"),
        (lambda x: ops.isclose(x, x), (None, 3), "bool"),
        (lambda x: ops.nan_to_num(x, posinf=1.0), (None, 3), "float32"),
    ],
)
def test_symbolic_shapes(call, shape, dtype):
    out = call(KerasTensor((None, 3)))
    assert out.shape == shape
    assert out.dtype == (dtype or "float32")


def test_symbolic_where_with_condition_only():
    out = ops.where(KerasTensor((None, 3), dtype="bool"))
    assert isinstance(out, tuple)
    assert len(out) == 2
    assert all(o.shape == (None,) and o.dtype == "int32" for o in out)


def test_symbolic_ops_record_a_graph():
    x = KerasTensor((None, 3))
    y = ops.exp(ops.subtract(x, 1.0))
    assert y._history is not None


def _keras_ones(shape, dtype):
    import keras  # imported (and configured) by ref.keras_dtype_table

    return keras.ops.ones(shape, dtype=dtype)


if __name__ == "__main__":
    errors = {}

    def _on_error(op, key, error):
        errors.setdefault(op, {})[key] = "error"

    table = {}
    for cases, dtypes, pairs in GROUPS:
        table.update(
            ref.keras_dtype_table(
                unary=cases if not pairs else None,
                binary=cases if pairs else None,
                dtypes=dtypes,
                pairs=pairs,
                on_error=_on_error,
                make=_make_scalars(_keras_ones),
            )
        )
    for op, keys in errors.items():
        table.setdefault(op, {}).update(keys)
    with open(GOLDEN, "w") as f:
        json.dump(table, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {sum(len(v) for v in table.values())} entries to {GOLDEN}")
