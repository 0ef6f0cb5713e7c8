"""jax backend: linalg functions (see backend/interface/linalg.py)."""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp

from kerata.src.backend.common import dtypes
from kerata.src.backend.jax.core import convert_to_tensor


def _float(x: Any) -> Any:
    """`x` as an array of a float (or complex) dtype; ints become floatx."""
    x = convert_to_tensor(x)
    if jnp.issubdtype(x.dtype, jnp.inexact):
        return x
    return x.astype(dtypes.result_type(x.dtype, float))


def _float2(a: Any, b: Any) -> tuple:
    a, b = _float(a), _float(b)
    if a.dtype != b.dtype:
        dtype = dtypes.result_type(a.dtype, b.dtype)
        a, b = a.astype(dtype), b.astype(dtype)
    return a, b


def _eps_times_size(x: Any) -> Any:
    # NumPy's default cutoff for small singular values.
    return jnp.finfo(x.dtype).eps * max(x.shape[-2:])


def cholesky(x, upper=False) -> Any:
    return jnp.linalg.cholesky(_float(x), upper=upper)


def cholesky_inverse(x, upper=False) -> Any:
    x = _float(x)
    identity = jnp.broadcast_to(jnp.eye(x.shape[-1], dtype=x.dtype), x.shape)
    return jax.scipy.linalg.cho_solve((x, not upper), identity)


def det(x) -> Any:
    return jnp.linalg.det(_float(x))


def eig(x) -> Any:
    return jnp.linalg.eig(_float(x))


def eigh(x) -> Any:
    return jnp.linalg.eigh(_float(x))


def inv(x) -> Any:
    return jnp.linalg.inv(_float(x))


def lu_factor(x) -> Any:
    return jax.scipy.linalg.lu_factor(_float(x))


def norm(x, ord=None, axis=None, keepdims=False) -> Any:
    if isinstance(axis, list):
        axis = tuple(axis)
    return jnp.linalg.norm(_float(x), ord=ord, axis=axis, keepdims=keepdims)


def qr(x, mode="reduced") -> Any:
    return jnp.linalg.qr(_float(x), mode=mode)


def solve(a, b) -> Any:
    a, b = _float2(a, b)
    if b.ndim == a.ndim - 1:  # a batch of vectors
        return jnp.linalg.solve(a, b[..., None])[..., 0]
    return jnp.linalg.solve(a, b)


def solve_triangular(a, b, lower=False) -> Any:
    a, b = _float2(a, b)
    vector = b.ndim == a.ndim - 1
    if vector:
        b = b[..., None]
    batch = jnp.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = jnp.broadcast_to(a, batch + a.shape[-2:])
    b = jnp.broadcast_to(b, batch + b.shape[-2:])
    out = jax.scipy.linalg.solve_triangular(a, b, lower=lower)
    return out[..., 0] if vector else out


def svd(x, full_matrices=True, compute_uv=True) -> Any:
    return jnp.linalg.svd(
        _float(x), full_matrices=full_matrices, compute_uv=compute_uv
    )


def lstsq(a, b, rcond=None) -> Any:
    a, b = _float2(a, b)
    return jnp.linalg.lstsq(a, b, rcond=rcond)[0]


def matrix_rank(x, tol=None) -> Any:
    x = _float(x)
    s = jnp.linalg.svd(x, compute_uv=False)
    if tol is None:
        tol = jnp.max(s, axis=-1, keepdims=True) * _eps_times_size(x)
    else:
        tol = jnp.expand_dims(jnp.asarray(tol), -1)
    return jnp.sum(s > tol, axis=-1).astype("int32")


def pinv(x, rcond=None) -> Any:
    x = _float(x)
    rtol = _eps_times_size(x) if rcond is None else rcond
    return jnp.linalg.pinv(x, rtol=rtol)


def jvp(fun, primals, tangents, has_aux=False) -> Any:
    return jax.jvp(
        fun,
        tuple(convert_to_tensor(p) for p in primals),
        tuple(convert_to_tensor(t) for t in tangents),
        has_aux=has_aux,
    )
