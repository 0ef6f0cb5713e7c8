"""Shape manipulation: values against NumPy, dtypes against Keras 3.

tests/golden/dtypes_shape.json holds the output dtypes Keras 3 gives for
the cases below; regenerate it (needs keras and jax) with
`python -m tests.ops.numpy.test_shape`.
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
    os.path.dirname(__file__), "..", "..", "golden", "dtypes_shape.json"
)

UNARY = {
    "reshape": lambda o, m, d: o.reshape(m((2, 3), d), (3, 2)),
    "transpose": lambda o, m, d: o.transpose(m((2, 3), d)),
    "expand_dims": lambda o, m, d: o.expand_dims(m((2, 3), d), 0),
    "squeeze": lambda o, m, d: o.squeeze(m((1, 3), d)),
    "split": lambda o, m, d: o.split(m((4,), d), 2)[0],
    "tile": lambda o, m, d: o.tile(m((2,), d), 2),
    "repeat": lambda o, m, d: o.repeat(m((2,), d), 2),
    "flip": lambda o, m, d: o.flip(m((2, 3), d)),
    "roll": lambda o, m, d: o.roll(m((2, 3), d), 1),
    "rot90": lambda o, m, d: o.rot90(m((2, 3), d)),
    "moveaxis": lambda o, m, d: o.moveaxis(m((2, 3), d), 0, 1),
    "swapaxes": lambda o, m, d: o.swapaxes(m((2, 3), d), 0, 1),
    "broadcast_to": lambda o, m, d: o.broadcast_to(m((3,), d), (2, 3)),
    "ravel": lambda o, m, d: o.ravel(m((2, 3), d)),
    "pad": lambda o, m, d: o.pad(m((2, 3), d), 1),
    "pad_reflect": lambda o, m, d: o.pad(m((2, 3), d), 1, mode="reflect"),
    "diff": lambda o, m, d: o.diff(m((3,), d)),
    "trapezoid": lambda o, m, d: o.trapezoid(m((3,), d)),
}
BINARY = {
    "concatenate": lambda o, m, a, b: o.concatenate([m((2,), a), m((2,), b)]),
    "stack": lambda o, m, a, b: o.stack([m((2,), a), m((2,), b)]),
    "hstack": lambda o, m, a, b: o.hstack([m((2,), a), m((2,), b)]),
    "vstack": lambda o, m, a, b: o.vstack([m((2,), a), m((2,), b)]),
    "append": lambda o, m, a, b: o.append(m((2,), a), m((2,), b)),
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


@pytest.mark.parametrize("dtype", ["int64", "float64", "bool"])
def test_concatenate_keeps_a_shared_dtype(dtype):
    x = ops.ones((2,), dtype=dtype)
    assert ops.dtype(ops.concatenate([x, x])) == dtype
    assert ops.dtype(ops.stack([x, x])) == dtype


def _x(shape=(2, 3, 4), dtype="float32", seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape).astype(dtype)


@pytest.mark.parametrize("newshape", [(4, 6), (-1, 2), 24, (2, -1, 3)])
def test_reshape_matches_numpy(newshape):
    x = _x()
    assert_allclose(ops.reshape(x, newshape), np.reshape(x, newshape))


def test_reshape_rejects_a_bad_size():
    with pytest.raises(ValueError, match=r"\(2, 3, 4\).*\(5, 5\)"):
        ops.reshape(_x(), (5, 5))


@pytest.mark.parametrize(
    ("shape", "newshape", "expected"),
    [
        ((None, 4), (-1, 2), (None, 2)),
        ((None, 3, 4), (-1, 12), (None, 12)),
        ((2, 3, 4), (6, -1), (6, 4)),
        ((None, 4), (2, 2, -1), (2, 2, None)),
    ],
)
def test_reshape_symbolic(shape, newshape, expected):
    assert ops.reshape(KerasTensor(shape), newshape).shape == expected


def test_keras_tensor_reshape_method_and_transpose():
    assert KerasTensor((None, 4)).reshape(-1, 2).shape == (None, 2)
    assert KerasTensor((None, 4)).T.shape == (4, None)


def test_ops_accept_variables():
    v = backend.Variable(np.arange(6, dtype="float32").reshape(2, 3))
    assert_allclose(ops.reshape(v, (3, 2)), np.arange(6).reshape(3, 2))
    assert_allclose(ops.transpose(v), np.arange(6).reshape(2, 3).T)
    assert_allclose(ops.sum(v, axis=0), [3.0, 5.0, 7.0])
    assert_allclose(
        ops.concatenate([v, v]), np.tile(np.arange(6), 2).reshape(4, 3)
    )
    assert_allclose(
        ops.matmul(v, ops.transpose(v)), [[5.0, 14.0], [14.0, 50.0]]
    )
    assert_allclose(ops.take(v, [2, 0], axis=1), [[2.0, 0.0], [5.0, 3.0]])


@pytest.mark.parametrize("axes", [None, (1, 0, 2), (2, 0, 1), [-1, 0, 1]])
def test_transpose_matches_numpy(axes):
    x = _x()
    assert_allclose(ops.transpose(x, axes), np.transpose(x, axes))


def test_transpose_rejects_a_bad_permutation():
    with pytest.raises(ValueError, match="permutation"):
        ops.transpose(_x(), (0, 1))


@pytest.mark.parametrize("axis", [0, -1, 2, (0, 2), (-1, 0)])
def test_expand_dims_matches_numpy(axis):
    x = _x((2, 3))
    assert_allclose(ops.expand_dims(x, axis), np.expand_dims(x, axis))


@pytest.mark.parametrize("axis", [None, 0, -1, (0, 2)])
def test_squeeze_matches_numpy(axis):
    x = _x((1, 3, 1))
    assert_allclose(ops.squeeze(x, axis), np.squeeze(x, axis))


def test_squeeze_refuses_an_axis_of_size_above_one():
    with pytest.raises(ValueError):
        ops.squeeze(_x((1, 3)), axis=1)


@pytest.mark.parametrize("axis", [0, 1, -1, None])
def test_concatenate_matches_numpy(axis):
    a, b = _x((2, 3)), _x((2, 3), seed=1)
    assert_allclose(
        ops.concatenate([a, b], axis=axis), np.concatenate([a, b], axis)
    )


def test_concatenate_promotes_mixed_dtypes():
    a = np.array([1, 2], dtype="int8")
    b = np.array([0.5], dtype="float16")
    got = ops.concatenate([a, b])
    assert ops.dtype(got) == "float16"
    assert_allclose(got, [1.0, 2.0, 0.5])


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_stack_matches_numpy(axis):
    a, b = _x((2, 3)), _x((2, 3), seed=1)
    assert_allclose(ops.stack([a, b], axis=axis), np.stack([a, b], axis))


@pytest.mark.parametrize("shape", [(3,), (2, 3)])
def test_hstack_and_vstack_match_numpy(shape):
    a, b = _x(shape), _x(shape, seed=1)
    assert_allclose(ops.hstack([a, b]), np.hstack([a, b]))
    assert_allclose(ops.vstack([a, b]), np.vstack([a, b]))


@pytest.mark.parametrize(
    ("sections", "axis"), [(2, 0), (3, 1), ([1, 3], 2), ([2], -1)]
)
def test_split_matches_numpy(sections, axis):
    x = _x((2, 3, 4))
    got = ops.split(x, sections, axis=axis)
    expected = np.split(x, sections, axis=axis)
    assert isinstance(got, list)
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert_allclose(g, e)


def test_split_refuses_unequal_sections():
    with pytest.raises(ValueError, match="equal sections"):
        ops.split(_x((5,)), 2)


@pytest.mark.parametrize("repeats", [2, (2, 1), (1, 2, 3), [3]])
def test_tile_matches_numpy(repeats):
    x = _x((2, 3))
    assert_allclose(ops.tile(x, repeats), np.tile(x, repeats))


@pytest.mark.parametrize(
    ("repeats", "axis"), [(2, None), (3, 0), ([1, 2], 0), ([1, 0, 2], 1)]
)
def test_repeat_matches_numpy(repeats, axis):
    x = _x((2, 3))
    assert_allclose(ops.repeat(x, repeats, axis), np.repeat(x, repeats, axis))


@pytest.mark.parametrize("axis", [None, 0, -1, (0, 2)])
def test_flip_matches_numpy(axis):
    x = _x()
    assert_allclose(ops.flip(x, axis), np.flip(x, axis))


@pytest.mark.parametrize(
    ("shift", "axis"), [(1, None), (-2, 0), (3, -1), ((1, 2), (0, 2))]
)
def test_roll_matches_numpy(shift, axis):
    x = _x()
    assert_allclose(ops.roll(x, shift, axis), np.roll(x, shift, axis))


@pytest.mark.parametrize(
    ("k", "axes"), [(1, (0, 1)), (2, (1, 2)), (-1, (2, 0))]
)
def test_rot90_matches_numpy(k, axes):
    x = _x()
    assert_allclose(ops.rot90(x, k, axes), np.rot90(x, k, axes))


@pytest.mark.parametrize(
    ("source", "destination"), [(0, -1), (-1, 0), ((0, 1), (2, 0))]
)
def test_moveaxis_matches_numpy(source, destination):
    x = _x()
    assert_allclose(
        ops.moveaxis(x, source, destination),
        np.moveaxis(x, source, destination),
    )


def test_swapaxes_broadcast_to_and_ravel():
    x = _x()
    assert_allclose(ops.swapaxes(x, 0, -1), np.swapaxes(x, 0, -1))
    y = _x((3, 1))
    assert_allclose(
        ops.broadcast_to(y, (2, 3, 4)), np.broadcast_to(y, (2, 3, 4))
    )
    assert_allclose(ops.ravel(x), np.ravel(x))


def test_broadcast_to_rejects_incompatible_shapes():
    with pytest.raises(ValueError, match=r"\(3,\) to shape \(2, 4\)"):
        ops.broadcast_to(_x((3,)), (2, 4))


@pytest.mark.parametrize("mode", ["constant", "reflect", "symmetric"])
@pytest.mark.parametrize(
    "pad_width", [1, (2, 1), ((0, 1), (2, 0)), ((1, 2),), ((3, 4), (5, 1))]
)
def test_pad_matches_numpy(mode, pad_width):
    x = _x((2, 3))
    expected = np.pad(x, pad_width, mode=mode)
    assert_allclose(ops.pad(x, pad_width, mode=mode), expected)


def test_pad_constant_values_and_integer_dtype():
    x = np.arange(6, dtype="int32").reshape(2, 3)
    got = ops.pad(x, ((1, 0), (0, 2)), constant_values=7)
    assert ops.dtype(got) == "int32"
    assert_allclose(got, np.pad(x, ((1, 0), (0, 2)), constant_values=7))


def test_pad_rejects_bad_arguments():
    with pytest.raises(ValueError, match="mode"):
        ops.pad(_x((2,)), 1, mode="wrap")
    with pytest.raises(ValueError, match="constant_values"):
        ops.pad(_x((2,)), 1, mode="reflect", constant_values=1)


@pytest.mark.parametrize("axis", [None, 0, 1])
def test_append_matches_numpy(axis):
    a, b = _x((2, 3)), _x((2, 3), seed=1)
    assert_allclose(ops.append(a, b, axis=axis), np.append(a, b, axis=axis))


def test_ndim_and_size():
    x = _x()
    assert ops.ndim(x) == 3
    assert ops.size(x) == 24
    assert ops.ndim(KerasTensor((None, 3))) == 2
    symbolic_size = ops.size(KerasTensor((None, 3)))
    assert symbolic_size.shape == ()
    assert symbolic_size.dtype == "int32"


@pytest.mark.parametrize(("n", "axis"), [(1, -1), (2, 0), (1, 1)])
def test_diff_matches_numpy(n, axis):
    x = _x((3, 4))
    assert_allclose(ops.diff(x, n=n, axis=axis), np.diff(x, n=n, axis=axis))


def test_diff_of_bool_is_not_equal():
    x = np.array([True, False, False, True])
    assert_allclose(ops.diff(x), np.diff(x))


def test_trapezoid_matches_numpy():
    y = _x((3, 4))
    assert_allclose(ops.trapezoid(y), np.trapezoid(y), rtol=1e-5)
    assert_allclose(
        ops.trapezoid(y, dx=0.5, axis=0), np.trapezoid(y, dx=0.5, axis=0)
    )
    x = np.array([0.0, 1.0, 3.0, 4.0], dtype="float32")
    assert_allclose(ops.trapezoid(y, x=x), np.trapezoid(y, x=x), rtol=1e-5)
    assert ops.dtype(ops.trapezoid(np.ones(3, "int32"))) == "float32"


@pytest.mark.parametrize(
    "call",
    [
        lambda x: ops.expand_dims(x, 4),
        lambda x: ops.squeeze(x, 3),
        lambda x: ops.concatenate([x, x], axis=3),
        lambda x: ops.flip(x, 5),
        lambda x: ops.moveaxis(x, 3, 0),
        lambda x: ops.diff(x, axis=-4),
    ],
)
def test_bad_axis_raises_a_clear_error(call):
    with pytest.raises(ValueError, match="Invalid `axis`"):
        call(_x())


@pytest.mark.parametrize(
    ("call", "shape"),
    [
        (lambda x: ops.transpose(x), (4, 3, None)),
        (lambda x: ops.expand_dims(x, 1), (None, 1, 3, 4)),
        (lambda x: ops.concatenate([x, x], axis=-1), (None, 3, 8)),
        (lambda x: ops.stack([x, x], axis=1), (None, 2, 3, 4)),
        (lambda x: ops.split(x, 2, axis=2)[1], (None, 3, 2)),
        (lambda x: ops.pad(x, ((0, 0), (1, 1), (2, 0))), (None, 5, 6)),
        (lambda x: ops.tile(x, (1, 2, 1)), (None, 6, 4)),
        (lambda x: ops.ravel(x), (None,)),
        (lambda x: ops.broadcast_to(x[:1], (5, 3, 4)), (5, 3, 4)),
    ],
)
def test_symbolic_shapes(call, shape):
    assert call(KerasTensor((None, 3, 4))).shape == shape


if __name__ == "__main__":
    ref.write_golden(GOLDEN, unary=UNARY, binary=BINARY)
