"""The backend contract for `backend.linalg`.

Public ops in `kerata/src/ops/linalg.py` check ranks and shapes first.
Int inputs become floatx; two-operand functions promote to a common float
dtype. Functions are batched over leading axes, following NumPy's
`numpy.linalg` conventions, except that `b` of rank `a.ndim - 1` in
`solve`/`solve_triangular` is a batch of vectors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def cholesky(x: Any, upper: bool = False) -> Any:
    """Lower (or upper) Cholesky factor."""
    ...


def cholesky_inverse(x: Any, upper: bool = False) -> Any:
    """Inverse of `L @ L.T` (or `U.T @ U`) given the factor."""
    ...


def det(x: Any) -> Any:
    """Determinant."""
    ...


def eig(x: Any) -> tuple:
    """Complex `(eigenvalues, eigenvectors)` of general matrices."""
    ...


def eigh(x: Any) -> tuple:
    """`(ascending eigenvalues, eigenvectors)` of symmetric matrices."""
    ...


def inv(x: Any) -> Any:
    """Matrix inverse."""
    ...


def lu_factor(x: Any) -> tuple:
    """`(lu, pivots)` as `scipy.linalg.lu_factor`: 0-based int32 pivots."""
    ...


def norm(
    x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False
) -> Any:
    """`numpy.linalg.norm` semantics."""
    ...


def qr(x: Any, mode: str = "reduced") -> tuple:
    """`(q, r)`; mode "reduced" or "complete"."""
    ...


def solve(a: Any, b: Any) -> Any:
    """`x` with `a @ x == b`."""
    ...


def solve_triangular(a: Any, b: Any, lower: bool = False) -> Any:
    """`x` with `a @ x == b` for triangular `a`."""
    ...


def svd(x: Any, full_matrices: bool = True, compute_uv: bool = True) -> Any:
    """`(u, s, vh)` or `s`, singular values descending."""
    ...


def lstsq(a: Any, b: Any, rcond: Any = None) -> Any:
    """Least-squares solution of `a @ x ~= b` (NumPy's `rcond`)."""
    ...


def matrix_rank(x: Any, tol: Any = None) -> Any:
    """int32 count of singular values above `tol` (NumPy's default)."""
    ...


def pinv(x: Any, rcond: Any = None) -> Any:
    """Pseudo-inverse; default cutoff `eps * max(m, n)` relative."""
    ...


def jvp(
    fun: Callable, primals: Any, tangents: Any, has_aux: bool = False
) -> tuple:
    """Forward-mode product `(outputs, tangents_out[, aux])`."""
    ...
