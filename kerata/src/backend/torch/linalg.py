"""torch backend: linalg functions (see backend/interface/linalg.py)."""

from __future__ import annotations

import warnings
from typing import Any

import torch

from kerata.src.backend.common import dtypes
from kerata.src.backend.torch.core import convert_to_tensor
from kerata.src.backend.torch.core import to_torch_dtype


def _float(x: Any) -> torch.Tensor:
    """`x` as a tensor of a float (or complex) dtype; ints become floatx."""
    x = convert_to_tensor(x)
    if x.is_floating_point() or x.is_complex():
        return x
    return x.to(to_torch_dtype(dtypes.result_type(x.dtype, float)))


def _float2(a: Any, b: Any) -> tuple:
    a, b = _float(a), _float(b)
    if a.dtype != b.dtype:
        dtype = to_torch_dtype(dtypes.result_type(a.dtype, b.dtype))
        a, b = a.to(dtype), b.to(dtype)
    return a, b


def cholesky(x, upper=False) -> Any:
    return torch.linalg.cholesky(_float(x), upper=upper)


def cholesky_inverse(x, upper=False) -> Any:
    return torch.cholesky_inverse(_float(x), upper=upper)


def det(x) -> Any:
    return torch.linalg.det(_float(x))


def eig(x) -> Any:
    return torch.linalg.eig(_float(x))


def eigh(x) -> Any:
    return torch.linalg.eigh(_float(x))


def inv(x) -> Any:
    return torch.linalg.inv(_float(x))


def lu_factor(x) -> Any:
    lu, pivots = torch.linalg.lu_factor(_float(x))
    return lu, pivots - 1  # LAPACK's 1-based row swaps, made 0-based


def norm(x, ord=None, axis=None, keepdims=False) -> Any:
    if isinstance(axis, list):
        axis = tuple(axis)
    return torch.linalg.norm(_float(x), ord=ord, dim=axis, keepdim=keepdims)


def qr(x, mode="reduced") -> Any:
    return torch.linalg.qr(_float(x), mode=mode)


def solve(a, b) -> Any:
    a, b = _float2(a, b)
    if b.ndim == a.ndim - 1:  # a batch of vectors
        return torch.linalg.solve(a, b.unsqueeze(-1)).squeeze(-1)
    return torch.linalg.solve(a, b)


def solve_triangular(a, b, lower=False) -> Any:
    a, b = _float2(a, b)
    if b.ndim == a.ndim - 1:  # a batch of vectors
        out = torch.linalg.solve_triangular(a, b.unsqueeze(-1), upper=not lower)
        return out.squeeze(-1)
    return torch.linalg.solve_triangular(a, b, upper=not lower)


def svd(x, full_matrices=True, compute_uv=True) -> Any:
    x = _float(x)
    if not compute_uv:
        return torch.linalg.svdvals(x)
    return torch.linalg.svd(x, full_matrices=full_matrices)


def lstsq(a, b, rcond=None) -> Any:
    a, b = _float2(a, b)
    vector = b.ndim == 1
    if vector:
        b = b.unsqueeze(-1)
    if rcond is None and a.device.type == "cpu":
        out = torch.linalg.lstsq(a, b).solution
    elif a.device.type == "cpu":
        # gelsd (SVD) reads `rcond` as NumPy does; the default gelsy does
        # not.
        out = torch.linalg.lstsq(a, b, rcond=rcond, driver="gelsd").solution
    else:
        # CUDA only has `gels`, which needs full rank: use the
        # pseudo-inverse instead.
        out = torch.linalg.pinv(a, rtol=rcond) @ b
    return out.squeeze(-1) if vector else out


def matrix_rank(x, tol=None) -> Any:
    rank = torch.linalg.matrix_rank(_float(x), atol=tol)
    return rank.to(torch.int32)


def pinv(x, rcond=None) -> Any:
    return torch.linalg.pinv(_float(x), rtol=rcond)


def jvp(fun, primals, tangents, has_aux=False) -> Any:
    with warnings.catch_warnings():
        # torch's first forward-mode call scripts its decompositions with
        # the deprecated torch.jit.script; the warning is torch's own.
        warnings.filterwarnings(
            "ignore", ".*torch.jit.script.*", DeprecationWarning
        )
        return torch.func.jvp(
            fun,
            tuple(convert_to_tensor(p) for p in primals),
            tuple(convert_to_tensor(t) for t in tangents),
            has_aux=has_aux,
        )
