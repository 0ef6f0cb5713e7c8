"""`kerata.ops.linalg` on the active backend, against `numpy.linalg` and
the defining identities (A = L L^T, A = Q R, P A = L U, ...)."""

import numpy as np
import pytest

from kerata import ops
from kerata.src import backend
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if

RNG = np.random.default_rng(5)


def _np(x):
    return ops.convert_to_numpy(x)


def _dtype(x):
    return backend.standardize_dtype(x.dtype)


def _spd(*batch, n=4, dtype="float64"):
    """Random symmetric positive-definite matrices."""
    a = RNG.normal(size=batch + (n, n))
    return (a @ np.swapaxes(a, -1, -2) + n * np.eye(n)).astype(dtype)


def _matrix(*shape, dtype="float64"):
    return RNG.normal(size=shape).astype(dtype)


def _t(x):
    return np.swapaxes(x, -1, -2)


# --- factorizations -----------------------------------------------------------
@pytest.mark.parametrize("upper", [False, True])
def test_cholesky(upper):
    a = _spd(2)
    factor = _np(ops.cholesky(a, upper=upper))
    expected = np.linalg.cholesky(a)
    assert_allclose(factor, _t(expected) if upper else expected)
    assert_allclose(ops.cholesky_inverse(factor, upper=upper), np.linalg.inv(a))


def test_cholesky_float32_and_errors():
    a = _spd(dtype="float32")
    y = ops.cholesky(a)
    assert _dtype(y) == "float32"
    assert_allclose(y, np.linalg.cholesky(a.astype("float64")), rtol=1e-4)
    with pytest.raises(ValueError, match="square"):
        ops.cholesky(np.ones((2, 3)))
    with pytest.raises(ValueError, match="rank >= 2"):
        ops.cholesky(np.ones(3))


@run_if(backends=("torch", "numpy"))
def test_cholesky_rejects_non_positive_definite():
    with pytest.raises(ValueError, match="positive-definite"):
        ops.cholesky(np.array([[1.0, 2.0], [2.0, 1.0]]))


def _apply_pivots(a, pivots):
    """Applies LAPACK-style row swaps to `a` (one matrix)."""
    a = a.copy()
    for i, p in enumerate(pivots):
        a[[i, p]] = a[[p, i]]
    return a


@pytest.mark.parametrize("shape", [(4, 4), (2, 3, 3), (5, 3), (3, 5)])
def test_lu_factor(shape):
    a = _matrix(*shape)
    lu, pivots = ops.lu_factor(a)
    lu, pivots = _np(lu), _np(pivots)
    assert _dtype(pivots) == "int32"
    m, n = shape[-2:]
    k = min(m, n)
    assert pivots.shape == shape[:-2] + (k,)
    for a_i, lu_i, p_i in zip(
        a.reshape((-1, m, n)), lu.reshape((-1, m, n)), pivots.reshape((-1, k))
    ):
        lower = np.tril(lu_i, -1)[:, :k] + np.eye(m, k)
        upper = np.triu(lu_i)[:k, :]
        assert_allclose(lower @ upper, _apply_pivots(a_i, p_i), atol=1e-12)
        # Partial pivoting keeps the multipliers at most 1 in magnitude.
        assert np.all(np.abs(np.tril(lu_i, -1)) <= 1 + 1e-12)


def test_lu_factor_matches_lapack_example():
    # scipy.linalg.lu_factor([[1, 2], [3, 4]]) (written out).
    lu, pivots = ops.lu_factor(np.array([[1.0, 2.0], [3.0, 4.0]]))
    assert _np(pivots).tolist() == [1, 1]
    assert_allclose(lu, [[3.0, 4.0], [1 / 3, 2 / 3]])


@pytest.mark.parametrize("mode", ["reduced", "complete"])
@pytest.mark.parametrize("shape", [(5, 3), (2, 3, 4)])
def test_qr(mode, shape):
    a = _matrix(*shape)
    q, r = ops.qr(a, mode=mode)
    q, r = _np(q), _np(r)
    expected_q, expected_r = np.linalg.qr(a, mode=mode)
    assert q.shape == expected_q.shape
    assert r.shape == expected_r.shape
    assert_allclose(q @ r, a, atol=1e-12)
    assert_allclose(_t(q) @ q, np.eye(q.shape[-1]) + 0 * q[..., :1, :1])
    assert_allclose(r, np.triu(r))
    with pytest.raises(ValueError, match="mode"):
        ops.qr(a, mode="full")


@pytest.mark.parametrize("full_matrices", [True, False])
def test_svd(full_matrices):
    a = _matrix(2, 5, 3)
    u, s, vh = (_np(t) for t in ops.svd(a, full_matrices=full_matrices))
    assert_allclose(s, np.linalg.svd(a, compute_uv=False))
    k = 3
    assert u.shape == ((2, 5, 5) if full_matrices else (2, 5, 3))
    assert vh.shape == (2, 3, 3)
    assert_allclose((u[..., :k] * s[..., None, :]) @ vh, a, atol=1e-12)
    assert_allclose(ops.svd(a, compute_uv=False), s)


def test_eigh():
    a = _spd(2)
    w, v = (_np(t) for t in ops.eigh(a))
    assert_allclose(w, np.linalg.eigvalsh(a))
    assert_allclose(a @ v, v * w[..., None, :], atol=1e-10)


def test_eig():
    a = _matrix(3, 3)
    w, v = (_np(t) for t in ops.eig(a))
    assert w.dtype == np.complex128
    expected = np.linalg.eigvals(a)
    assert_allclose(np.sort_complex(w), np.sort_complex(expected))
    assert_allclose(a @ v, v * w[None, :], atol=1e-10)
    w32, _ = ops.eig(a.astype("float32"))
    assert _dtype(w32) == "complex64"


# --- inverses and solves ------------------------------------------------------
def test_det_and_inv():
    a = _matrix(3, 4, 4)
    assert_allclose(ops.det(a), np.linalg.det(a))
    assert_allclose(ops.inv(a), np.linalg.inv(a), rtol=1e-9)
    ints = ops.det(np.array([[2, 0], [0, 3]], "int32"))
    assert _dtype(ints) == "float32"
    assert float(ints) == 6.0


@pytest.mark.parametrize(
    ("a_shape", "b_shape"),
    [
        ((4, 4), (4,)),
        ((4, 4), (4, 2)),
        ((3, 4, 4), (3, 4)),
        ((3, 4, 4), (3, 4, 2)),
    ],
)
def test_solve(a_shape, b_shape):
    a = _matrix(*a_shape) + 4 * np.eye(4)
    b = _matrix(*b_shape)
    x = _np(ops.solve(a, b))
    assert x.shape == np.broadcast_shapes(b_shape, x.shape)
    vector = len(b_shape) == len(a_shape) - 1
    product = (a @ x[..., None])[..., 0] if vector else a @ x
    assert_allclose(product, np.broadcast_to(b, product.shape), atol=1e-12)


@pytest.mark.parametrize("lower", [True, False])
@pytest.mark.parametrize(
    ("a_shape", "b_shape"), [((4, 4), (4,)), ((2, 4, 4), (2, 4, 3))]
)
def test_solve_triangular(lower, a_shape, b_shape):
    a = _matrix(*a_shape) + 4 * np.eye(4)
    b = _matrix(*b_shape)
    triangle = np.tril(a) if lower else np.triu(a)
    # Only the named triangle may be read: pass the full matrix.
    x = ops.solve_triangular(a, b, lower=lower)
    expected = np.linalg.solve(
        triangle, b[..., None] if len(b_shape) == 1 else b
    )
    assert_allclose(x, expected[..., 0] if len(b_shape) == 1 else expected)


def test_solve_mixed_dtypes_and_errors():
    a = np.eye(2, dtype="float32")
    x = ops.solve(a, np.array([1, 2], "int32"))
    assert _dtype(x) == "float32"
    assert _np(x).tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="incompatible"):
        ops.solve(np.eye(3), np.ones(2))
    with pytest.raises(ValueError, match="square"):
        ops.solve_triangular(np.ones((2, 3)), np.ones(2))


def test_lstsq():
    a = _matrix(6, 3)
    b = _matrix(6, 2)
    expected = np.linalg.lstsq(a, b, rcond=None)[0]
    assert_allclose(ops.lstsq(a, b), expected, rtol=1e-9)
    assert_allclose(ops.lstsq(a, b[:, 0]), expected[:, 0], rtol=1e-9)
    rank_deficient = np.concatenate([a[:, :2], a[:, :1]], axis=1)
    expected = np.linalg.lstsq(rank_deficient, b, rcond=1e-10)[0]
    assert_allclose(ops.lstsq(rank_deficient, b, rcond=1e-10), expected)
    with pytest.raises(ValueError, match="rows"):
        ops.lstsq(a, b[:5])


def test_pinv_and_matrix_rank():
    a = _matrix(2, 5, 3)
    assert_allclose(ops.pinv(a), np.linalg.pinv(a), rtol=1e-9)
    low_rank = a[..., :2] @ _matrix(2, 4)
    rank = ops.matrix_rank(low_rank)
    assert _dtype(rank) == "int32"
    assert _np(rank).tolist() == [2, 2]
    assert int(ops.matrix_rank(np.diag([1.0, 1e-3, 0.0]), tol=1e-2)) == 1


# --- norms --------------------------------------------------------------------
VECTOR_ORDS = [None, 1, 2, 3, np.inf, -np.inf, 0, -1]
MATRIX_ORDS = [None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf]


@pytest.mark.parametrize("ord", VECTOR_ORDS)
def test_vector_norm(ord):
    x = _matrix(3, 5, dtype="float32")
    expected = np.linalg.norm(x.astype("float64"), ord=ord, axis=1)
    y = ops.norm(x, ord=ord, axis=1)
    assert _dtype(y) == "float32"
    assert_allclose(y, expected, rtol=1e-5)
    kept = ops.norm(x, ord=ord, axis=-1, keepdims=True)
    assert kept.shape == (3, 1)


@pytest.mark.parametrize("ord", MATRIX_ORDS)
def test_matrix_norm(ord):
    x = _matrix(2, 3, 4)
    expected = np.linalg.norm(x, ord=ord, axis=(1, 2))
    assert_allclose(ops.norm(x, ord=ord, axis=(1, 2)), expected, rtol=1e-9)


def test_norm_defaults_ints_and_errors():
    x = np.arange(12, dtype="int32").reshape(3, 4)
    y = ops.norm(x)
    assert _dtype(y) == "float32"
    assert_allclose(y, np.linalg.norm(x.astype("float64")), rtol=1e-6)
    assert ops.norm(KerasTensor((None, 3, 4)), axis=(1, 2)).shape == (None,)
    assert ops.norm(KerasTensor((2, 3), "int32")).dtype == "float32"
    with pytest.raises(ValueError, match="vector norm"):
        ops.norm(np.ones(3), ord="fro")
    with pytest.raises(ValueError, match="matrix norm"):
        ops.norm(np.ones((2, 2)), ord=3, axis=(0, 1))
    with pytest.raises(ValueError, match="out of range"):
        ops.norm(np.ones(3), axis=2)


# --- symbolic shapes and jvp --------------------------------------------------
def test_symbolic_shapes():
    x = KerasTensor((None, 5, 3))
    q, r = ops.qr(x)
    assert (q.shape, r.shape) == ((None, 5, 3), (None, 3, 3))
    u, s, vh = ops.svd(x)
    assert (u.shape, s.shape, vh.shape) == (
        (None, 5, 5),
        (None, 3),
        (None, 3, 3),
    )
    lu, pivots = ops.lu_factor(x)
    assert pivots.shape == (None, 3)
    assert pivots.dtype == "int32"
    assert ops.pinv(x).shape == (None, 3, 5)
    assert ops.matrix_rank(x).dtype == "int32"
    square = KerasTensor((None, 4, 4))
    w, v = ops.eig(square)
    assert w.dtype == "complex64"
    assert ops.det(square).shape == (None,)
    assert ops.solve(square, KerasTensor((None, 4))).shape == (None, 4)
    assert ops.lstsq(KerasTensor((6, 3)), KerasTensor((6, 2))).shape == (3, 2)


@run_if(trainable=True)
def test_jvp():
    x = np.array([1.0, 2.0], "float32")
    t = np.array([1.0, 0.5], "float32")
    y, dy = ops.jvp(lambda v: v * v * v, (x,), (t,))
    assert_allclose(y, x**3)
    assert_allclose(dy, 3 * x**2 * t)
    y, dy, aux = ops.jvp(lambda v: (v * 2, v + 1), (x,), (t,), has_aux=True)
    assert_allclose(dy, 2 * t)
    assert_allclose(aux, x + 1)


def test_jvp_errors():
    with pytest.raises(TypeError, match="same"):
        ops.jvp(lambda v: v, (np.ones(2),), ())
