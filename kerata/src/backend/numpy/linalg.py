"""numpy backend: linalg functions (see backend/interface/linalg.py).

NumPy has no LU factorization or triangular solve (they live in SciPy),
so both are written out here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src.backend.common import dtypes
from kerata.src.backend.numpy.core import convert_to_tensor


def _float(x: Any) -> np.ndarray:
    """`x` as an array of a float (or complex) dtype; ints become floatx."""
    x = convert_to_tensor(x)
    if np.issubdtype(x.dtype, np.inexact):
        return x
    return x.astype(dtypes.result_type(x.dtype, float))


def _float2(a: Any, b: Any) -> tuple:
    a, b = _float(a), _float(b)
    if a.dtype != b.dtype:
        dtype = dtypes.result_type(a.dtype, b.dtype)
        a, b = a.astype(dtype), b.astype(dtype)
    return a, b


def _complex_dtype(dtype: Any) -> Any:
    return np.complex128 if dtype == np.float64 else np.complex64


def cholesky(x, upper=False) -> Any:
    lower = np.linalg.cholesky(_float(x))
    return np.swapaxes(lower, -1, -2).conj() if upper else lower


def cholesky_inverse(x, upper=False) -> Any:
    # A = L @ L.T (or U.T @ U), so inv(A) = inv(L).T @ inv(L).
    x = _float(x)
    identity = np.broadcast_to(np.eye(x.shape[-1], dtype=x.dtype), x.shape)
    factor_inv = solve_triangular(x, identity, lower=not upper)
    transposed = np.swapaxes(factor_inv, -1, -2)
    if upper:
        return factor_inv @ transposed
    return transposed @ factor_inv


def det(x) -> Any:
    return np.linalg.det(_float(x))


def eig(x) -> Any:
    # np.linalg.eig returns real arrays when every eigenvalue is real; the
    # other backends always return complex ones.
    x = _float(x)
    w, v = np.linalg.eig(x)
    out = _complex_dtype(x.dtype)
    return w.astype(out), v.astype(out)


def eigh(x) -> Any:
    return np.linalg.eigh(_float(x))


def inv(x) -> Any:
    return np.linalg.inv(_float(x))


def lu_factor(x) -> Any:
    # Gaussian elimination with partial pivoting, as LAPACK's getrf:
    # returns L (unit diagonal, below) and U (on and above) in one matrix,
    # and the 0-based row swapped with row k at step k.
    a = np.array(_float(x))
    m, n = a.shape[-2:]
    batch = a.shape[:-2]
    a = a.reshape((-1, m, n))
    rows = np.arange(a.shape[0])
    steps = min(m, n)
    pivots = np.zeros((a.shape[0], steps), dtype=np.int32)
    for k in range(steps):
        p = k + np.argmax(np.abs(a[:, k:, k]), axis=1)
        pivots[:, k] = p
        row_k = a[rows, k].copy()
        a[rows, k] = a[rows, p]
        a[rows, p] = row_k
        pivot = a[:, k, k][:, None]  # (batch, 1)
        safe = np.where(pivot == 0, 1, pivot)
        a[:, k + 1 :, k] = np.where(pivot == 0, 0, a[:, k + 1 :, k] / safe)
        a[:, k + 1 :, k + 1 :] -= (
            a[:, k + 1 :, k, None] * a[:, k, None, k + 1 :]
        )
    return a.reshape(batch + (m, n)), pivots.reshape(batch + (steps,))


def norm(x, ord=None, axis=None, keepdims=False) -> Any:
    x = _float(x)
    if isinstance(axis, list):
        axis = tuple(axis)
    out = np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
    return np.asarray(out).astype(np.finfo(x.dtype).dtype)  # real dtype


def qr(x, mode="reduced") -> Any:
    return np.linalg.qr(_float(x), mode=mode)


def solve(a, b) -> Any:
    a, b = _float2(a, b)
    if b.ndim == a.ndim - 1:  # a batch of vectors
        return np.linalg.solve(a, b[..., None])[..., 0]
    return np.linalg.solve(a, b)


def solve_triangular(a, b, lower=False) -> Any:
    a, b = _float2(a, b)
    vector = b.ndim == a.ndim - 1
    if vector:
        b = b[..., None]
    n = a.shape[-1]
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    x = np.zeros(batch + b.shape[-2:], dtype=b.dtype)
    # Substitution, one row at a time; unsolved rows of x are still 0, so
    # the full row product only adds the solved terms.
    for i in range(n) if lower else range(n - 1, -1, -1):
        known = (a[..., i : i + 1, :] @ x)[..., 0, :]
        x[..., i, :] = (b[..., i, :] - known) / a[..., i, i, None]
    return x[..., 0] if vector else x


def svd(x, full_matrices=True, compute_uv=True) -> Any:
    return np.linalg.svd(
        _float(x), full_matrices=full_matrices, compute_uv=compute_uv
    )


def lstsq(a, b, rcond=None) -> Any:
    a, b = _float2(a, b)
    return np.linalg.lstsq(a, b, rcond=rcond)[0]


def matrix_rank(x, tol=None) -> Any:
    return np.asarray(np.linalg.matrix_rank(_float(x), tol=tol)).astype(
        np.int32
    )


def pinv(x, rcond=None) -> Any:
    x = _float(x)
    if rcond is None:
        rcond = np.finfo(x.dtype).eps * max(x.shape[-2:])
    return np.linalg.pinv(x, rcond=rcond).astype(x.dtype)


def jvp(fun, primals, tangents, has_aux=False) -> Any:
    raise NotImplementedError(
        "The numpy backend cannot differentiate, so it has no `jvp`. Use "
        "the torch or jax backend (KERATA_BACKEND=torch)."
    )
