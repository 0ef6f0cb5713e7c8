"""`kerata.ops` core ops (control flow, slicing, scattering, casts) on the
active backend, against plain Python/NumPy loops."""

import numpy as np
import pytest

from kerata import ops
from kerata.src import backend
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if

RNG = np.random.default_rng(3)


def _np(x):
    return ops.convert_to_numpy(x)


def _dtype(x):
    return backend.standardize_dtype(x.dtype)


def _grad(fn, x):
    """d(sum(fn(x)))/dx with the active (trainable) framework."""
    if backend.backend() == "torch":
        # On kerata's device (CUDA where there is one), as a model's are.
        t = ops.convert_to_tensor(x).detach().requires_grad_(True)
        fn(t).sum().backward()
        return t.grad.cpu().numpy()
    import jax

    return np.asarray(jax.grad(lambda v: fn(v).sum())(x))


# --- cond and switch --------------------------------------------------------
@pytest.mark.parametrize("positive", [True, False])
def test_cond_picks_branch(positive):
    x = ops.convert_to_tensor([1.0, -2.0] if positive else [-1.0, 2.0])
    y = ops.cond(x[0] > 0, lambda: x + 10, lambda: x - 10)
    assert_allclose(y, _np(x) + (10 if positive else -10))
    assert ops.cond(positive, lambda: 1, lambda: 2) == (1 if positive else 2)


def test_cond_returns_structures():
    x = ops.convert_to_tensor([1, 2])
    a, b = ops.cond(False, lambda: (x, x + 1), lambda: (x + 2, x + 3))
    assert _np(a).tolist() == [3, 4]
    assert _np(b).tolist() == [4, 5]


def test_cond_rejects_bad_arguments():
    with pytest.raises(ValueError, match="scalar"):
        ops.cond(ops.convert_to_tensor([True, False]), lambda: 1, lambda: 2)
    with pytest.raises(TypeError, match="true_fn"):
        ops.cond(True, 1, lambda: 2)


def test_cond_symbolic_checks_branches():
    pred = KerasTensor((), dtype="bool")
    x = KerasTensor((None, 3))
    out = ops.cond(pred, lambda: x + x, lambda: x)
    assert out.shape == (None, 3)
    assert out.dtype == "float32"
    with pytest.raises(ValueError, match="same structure"):
        ops.cond(pred, lambda: x, lambda: (x, x))


@pytest.mark.parametrize(("index", "expected"), [(0, 11), (1, 9), (7, 9)])
def test_switch_clamps_index(index, expected):
    branches = [lambda v: v + 1, lambda v: v - 1]
    y = ops.switch(ops.convert_to_tensor(index), branches, 10)
    assert int(y) == expected
    assert int(ops.switch(-3, branches, 10)) == 11


def test_switch_rejects_bad_branches():
    with pytest.raises(ValueError, match="non-empty"):
        ops.switch(0, [], 1)
    with pytest.raises(TypeError, match=r"branches\[1\]"):
        ops.switch(0, [abs, 3], 1)


# --- scan and friends ---------------------------------------------------------
def _running_sum(carry, x):
    carry = carry + x
    return carry, carry * 2


@pytest.mark.parametrize("reverse", [False, True])
def test_scan_matches_python_loop(reverse):
    xs = RNG.normal(size=(5, 3)).astype("float32")
    carry, ys = ops.scan(
        _running_sum, np.zeros(3, "float32"), xs, reverse=reverse
    )
    expected_carry, expected_ys = np.zeros(3, "float32"), [None] * 5
    for i in reversed(range(5)) if reverse else range(5):
        expected_carry = expected_carry + xs[i]
        expected_ys[i] = expected_carry * 2
    assert_allclose(carry, expected_carry)
    assert_allclose(ys, np.stack(expected_ys))


def test_scan_nested_without_xs():
    def step(carry, x):
        a, b = carry["a"], carry["b"]
        return {"a": a + 1, "b": b * 2}, None

    init = {"a": ops.convert_to_tensor(0), "b": ops.convert_to_tensor(1.0)}
    carry, ys = ops.scan(step, init, length=4)
    assert ys is None
    assert int(carry["a"]) == 4
    assert float(carry["b"]) == 16.0


def test_scan_nested_xs_and_ys():
    xs = (np.arange(3, dtype="float32"), np.ones((3, 2), "float32"))

    def step(carry, x):
        scale, vec = x
        return carry + scale, {"scaled": vec * scale}

    carry, ys = ops.scan(step, np.float32(0.0), xs)
    assert float(carry) == 3.0
    assert_allclose(ys["scaled"], np.arange(3)[:, None] * np.ones((3, 2)))


def test_scan_rejects_bad_arguments():
    with pytest.raises(ValueError, match="length"):
        ops.scan(_running_sum, 0.0)
    with pytest.raises(ValueError, match="unroll"):
        ops.scan(_running_sum, 0.0, np.ones(2), unroll=0)
    with pytest.raises(TypeError, match="`f`"):
        ops.scan(None, 0.0, np.ones(2))


def test_scan_symbolic():
    init = KerasTensor((4,))
    xs = KerasTensor((6, 4))
    carry, ys = ops.scan(_running_sum, init, xs)
    assert carry.shape == (4,)
    assert ys.shape == (6, 4)


def _sequential_scan(f, elems, axis):
    out = [np.take(elems, [0], axis=axis)]
    for i in range(1, elems.shape[axis]):
        out.append(f(out[-1], np.take(elems, [i], axis=axis)))
    return np.concatenate(out, axis=axis)


@pytest.mark.parametrize("n", [1, 7])
def test_associative_scan_cumsum(n):
    x = RNG.integers(-5, 5, size=(n,)).astype("int32")
    y = ops.associative_scan(lambda a, b: a + b, x)
    assert _np(y).tolist() == np.cumsum(x).tolist()
    y = ops.associative_scan(lambda a, b: a + b, x, reverse=True)
    assert _np(y).tolist() == np.cumsum(x[::-1])[::-1].tolist()


def test_associative_scan_axis_and_structure():
    x = RNG.normal(size=(2, 4)).astype("float32")
    y = ops.associative_scan(lambda a, b: a + b, x, axis=1)
    assert_allclose(y, np.cumsum(x, axis=1), atol=1e-5)
    # A linear recurrence h = a * h + b as a scan over (a, b) pairs.
    a = RNG.uniform(0.5, 1.0, size=(4,)).astype("float32")
    b = RNG.normal(size=(4,)).astype("float32")

    def combine(left, right):
        return left[0] * right[0], left[1] * right[0] + right[1]

    _, h = ops.associative_scan(combine, (a, b))
    expected, state = [], 0.0
    for ai, bi in zip(a, b):
        state = ai * state + bi
        expected.append(state)
    assert_allclose(h, np.array(expected, "float32"), atol=1e-5)


def test_associative_scan_rejects_mismatched_elems():
    with pytest.raises(ValueError, match="same size"):
        ops.associative_scan(lambda a, b: a, (np.ones(3), np.ones(4)))


def test_map_and_vectorized_map():
    xs = RNG.normal(size=(4, 3)).astype("float32")
    expected = np.stack([x @ x for x in xs])
    assert_allclose(ops.map(lambda x: x @ x, xs), expected)
    assert_allclose(ops.vectorized_map(lambda x: x @ x, xs), expected)
    pair = ops.vectorized_map(lambda t: t[0] + t[1], (xs, xs))
    assert_allclose(pair, 2 * xs)
    nested = ops.map(lambda d: {"y": d["x"] * 2}, {"x": xs})
    assert_allclose(nested["y"], 2 * xs)


def test_map_symbolic():
    y = ops.map(lambda x: x + 1, KerasTensor((5, 2)))
    assert y.shape == (5, 2)
    y = ops.vectorized_map(lambda x: x[0], KerasTensor((5, 2), "int32"))
    assert y.shape == (5,)
    assert y.dtype == "int32"


# --- loops --------------------------------------------------------------------
def test_while_loop():
    i, total = ops.while_loop(
        lambda i, t: i < 5, lambda i, t: (i + 1, t + i), (0, 0)
    )
    assert (int(i), int(total)) == (5, 10)
    single = ops.while_loop(lambda v: v < 100, lambda v: v * 2, 1.0)
    assert float(single) == 128.0
    assert isinstance(ops.while_loop(lambda v: v < 1, lambda v: v, [5]), tuple)


def test_while_loop_maximum_iterations():
    out = ops.while_loop(
        lambda v: v < 100, lambda v: v + 1, 0, maximum_iterations=3
    )
    assert int(out) == 3


def test_while_loop_rejects_bad_arguments():
    with pytest.raises(ValueError, match="2 loop variables"):
        ops.while_loop(lambda a, b: a < 3, lambda a, b: a + 1, (0, 0))
    with pytest.raises(ValueError, match="maximum_iterations"):
        ops.while_loop(lambda v: v < 3, lambda v: v, 0, maximum_iterations=-1)
    with pytest.raises(TypeError, match="body"):
        ops.while_loop(lambda v: v < 3, None, 0)


def test_while_loop_and_fori_loop_symbolic():
    x = KerasTensor((None, 2))
    (out,) = ops.while_loop(lambda v: True, lambda v: v, [x])
    assert out.shape == (None, 2)
    assert ops.fori_loop(0, 3, lambda i, v: v, x).shape == (None, 2)


def test_fori_loop():
    out = ops.fori_loop(0, 5, lambda i, v: v + i, ops.convert_to_tensor(10))
    assert int(out) == 20
    pair = ops.fori_loop(
        2, 4, lambda i, v: (v[0] * 2, v[1] + i), (np.float32(1.0), 0)
    )
    assert float(pair[0]) == 4.0
    assert int(pair[1]) == 5


@run_if(backends=("jax",))
def test_control_flow_under_jax_jit():
    import jax

    @jax.jit
    def f(x, index, start):
        y = ops.cond(x.sum() > 0, lambda: x * 2, lambda: x - 1)
        y = ops.switch(index, [lambda v: v + 1, lambda v: v * 3], y)
        _, y = ops.while_loop(
            lambda i, v: i < 3, lambda i, v: (i + 1, v + 1.0), (0, y)
        )
        y = ops.fori_loop(0, 2, lambda i, v: v + i, y)
        total, _ = ops.scan(lambda c, v: (c + v, None), 0.0, y)
        window = ops.slice(y, (start,), (2,))
        return total, window

    x = np.array([1.0, 2.0, 3.0], "float32")
    total, window = f(x, 1, 1)
    expected = (x * 2) * 3 + 3 + 1
    assert_allclose(total, expected.sum())
    assert_allclose(window, expected[1:3])


# --- gradients ----------------------------------------------------------------
@run_if(trainable=True)
def test_stop_gradient_blocks_gradients():
    x = np.array([1.0, 2.0], "float32")
    grads = _grad(lambda v: v * ops.stop_gradient(v), x)
    assert_allclose(grads, x)


def test_stop_gradient_values_and_variables():
    v = backend.Variable([1.0, 2.0])
    assert _np(ops.stop_gradient(v)).tolist() == [1.0, 2.0]
    assert ops.stop_gradient(KerasTensor((2, 3))).shape == (2, 3)


def _log1pexp_positional(x):
    e = np.e**x

    def grad(upstream):
        return upstream * (1 - 1 / (1 + e))

    return ops.convert_to_tensor(np.log(1 + np.e)) * 0 + x, grad


def _scaled_identity_keyword(x):
    def grad(*args, upstream=None):
        if upstream is None:
            (upstream,) = args
        return upstream * 3.0

    return x + 0, grad


@pytest.mark.parametrize(
    "fn", [_log1pexp_positional, _scaled_identity_keyword], ids=["pos", "kw"]
)
def test_custom_gradient_forward(fn):
    x = ops.convert_to_tensor([0.0, 1.0])
    assert_allclose(ops.custom_gradient(fn)(x), [0.0, 1.0])


@run_if(trainable=True)
def test_custom_gradient_backward():
    def clip_gradient(x):
        def grad(upstream):
            return upstream * 0.0 + 7.0

        return x * x, grad

    f = ops.custom_gradient(clip_gradient)
    x = np.array([1.0, -2.0], "float32")
    assert_allclose(_grad(f, x), [7.0, 7.0])
    g = ops.custom_gradient(_scaled_identity_keyword)
    assert_allclose(_grad(g, x), [3.0, 3.0])


def test_custom_gradient_rejects_non_callable():
    with pytest.raises(TypeError, match="`f`"):
        ops.custom_gradient(3)


# --- slicing ------------------------------------------------------------------
X = np.arange(24, dtype="float32").reshape(2, 3, 4)


@pytest.mark.parametrize(
    ("start", "shape", "expected"),
    [
        ((0, 1, 1), (2, 2, 3), X[0:2, 1:3, 1:4]),
        ((1, 0, 2), (1, -1, -1), X[1:2, :, 2:]),
        ((0, 2, 3), (1, 2, 2), X[0:1, 1:3, 2:4]),  # starts clamped
    ],
)
def test_slice(start, shape, expected):
    assert_allclose(ops.slice(X, start, shape), expected)
    starts = ops.convert_to_tensor(start)
    assert_allclose(ops.slice(X, starts, shape), expected)


def test_slice_symbolic_and_errors():
    y = ops.slice(KerasTensor((None, 5)), (0, 1), (2, -1))
    assert y.shape == (2, 4)
    with pytest.raises(ValueError, match="one entry per dimension"):
        ops.slice(X, (0, 0), (1, 1))


def test_slice_update():
    updates = np.full((1, 2, 2), -1.0, "float32")
    expected = X.copy()
    expected[1:2, 1:3, 0:2] = updates
    assert_allclose(ops.slice_update(X, (1, 1, 0), updates), expected)
    clamped = X.copy()
    clamped[1:2, 1:3, 2:4] = updates
    assert_allclose(ops.slice_update(X, (5, 1, 9), updates), clamped)
    ints = ops.slice_update(np.zeros(4, "int32"), [1], np.array([2.0, 3.0]))
    assert _dtype(ints) == "int32"
    assert _np(ints).tolist() == [0, 2, 3, 0]
    with pytest.raises(ValueError, match="rank"):
        ops.slice_update(X, (0, 0, 0), np.ones((2, 2)))


# --- scattering ---------------------------------------------------------------
def test_scatter_sums_repeated_indices():
    indices = np.array([[0, 1], [2, 0], [0, 1]])
    values = np.array([1.0, 2.0, 3.0], "float32")
    expected = np.zeros((3, 2), "float32")
    np.add.at(expected, (indices[:, 0], indices[:, 1]), values)
    y = ops.scatter(indices, values, (3, 2))
    assert_allclose(y, expected)
    assert _dtype(y) == "float32"


def test_scatter_slices_and_symbolic():
    indices = np.array([[1], [3]])
    values = np.arange(6, dtype="int32").reshape(2, 3)
    expected = np.zeros((4, 3), "int32")
    expected[[1, 3]] = values
    assert _np(ops.scatter(indices, values, (4, 3))).tolist() == (
        expected.tolist()
    )
    spec = ops.scatter(
        KerasTensor((2, 1), "int32"), KerasTensor((2, 3)), (4, 3)
    )
    assert spec.shape == (4, 3)
    with pytest.raises(ValueError, match="shape"):
        ops.scatter(indices, np.ones((2, 2)), (4, 3))


@pytest.mark.parametrize("reduction", [None, "add", "max", "min", "mul"])
def test_scatter_update_matches_numpy(reduction):
    inputs = RNG.normal(size=(3, 4)).astype("float32")
    indices = np.array([[0, 1], [2, 3], [0, 1], [1, 0]])
    updates = RNG.normal(size=(4,)).astype("float32")
    expected = inputs.copy()
    index = (indices[:, 0], indices[:, 1])
    if reduction is None:
        indices, updates = indices[1:], updates[1:]  # unique: order-free
        expected[indices[:, 0], indices[:, 1]] = updates
    else:
        ufunc = {
            "add": np.add,
            "max": np.maximum,
            "min": np.minimum,
            "mul": np.multiply,
        }[reduction]
        ufunc.at(expected, index, updates)
    y = ops.scatter_update(inputs, indices, updates, reduction=reduction)
    assert_allclose(y, expected)


def test_scatter_update_rows_and_errors():
    inputs = np.zeros((3, 2), "int32")
    y = ops.scatter_update(inputs, [[2]], [[5, 6]])
    assert _np(y).tolist() == [[0, 0], [0, 0], [5, 6]]
    assert _dtype(y) == "int32"
    with pytest.raises(ValueError, match="reduction"):
        ops.scatter_update(inputs, [[2]], [[5, 6]], reduction="mean")
    spec = ops.scatter_update(KerasTensor((3, 2)), [[2]], [[5.0, 6.0]])
    assert spec.shape == (3, 2)


# --- unstack and casts --------------------------------------------------------
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_unstack(axis):
    parts = ops.unstack(X, axis=axis)
    assert isinstance(parts, list)
    assert len(parts) == X.shape[axis]
    for i, part in enumerate(parts):
        assert_allclose(part, np.take(X, i, axis=axis))


def test_unstack_symbolic_and_errors():
    parts = ops.unstack(KerasTensor((None, 3, 2)), axis=1)
    assert len(parts) == 3
    assert parts[0].shape == (None, 2)
    with pytest.raises(ValueError, match="num"):
        ops.unstack(KerasTensor((None, 3)))
    with pytest.raises(ValueError, match="does not match"):
        ops.unstack(X, num=5)
    with pytest.raises(ValueError, match="out of range"):
        ops.unstack(X, axis=3)


@pytest.mark.parametrize(
    ("values", "src", "dst"),
    [
        ([-10.0, 100.7, 300.0, 255.0], "float32", "uint8"),
        ([-3e9, 3e9, 12.0], "float32", "int32"),
        ([-300, 7, 300], "int32", "int8"),
        ([-1e6, 1e6, 1.5], "float64", "float16"),
        ([1, 0, 70000], "int32", "uint16"),
    ],
)
def test_saturate_cast(values, src, dst):
    x = np.array(values, src)
    y = ops.saturate_cast(x, dst)
    assert _dtype(y) == dst
    assert_allclose(y, _saturate_cast_reference(x, dst))
    spec = ops.saturate_cast(KerasTensor((2,), src), dst)
    assert spec.dtype == dst


def _saturate_cast_reference(x, dst):
    info = (
        np.iinfo(dst)
        if np.issubdtype(np.dtype(dst), np.integer)
        else np.finfo(dst)
    )
    low, high = info.min, info.max
    if np.issubdtype(x.dtype, np.floating):
        # The bounds as values of x's dtype, rounded towards zero.
        bounds = []
        for bound in (low, high):
            value = np.array(bound, "float64").astype(x.dtype)
            if abs(float(value)) > abs(float(bound)):
                value = np.nextafter(value, x.dtype.type(0))
            bounds.append(value)
        low, high = bounds
    return np.clip(x, low, high).astype(dst)
