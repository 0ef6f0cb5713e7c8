"""Public ops: `kerata.ops.linalg`."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import tree
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op

_FLOAT_OR_COMPLEX = backend.dtypes.FLOAT_TYPES + backend.dtypes.COMPLEX_TYPES
_MATRIX_ORDS = (None, "fro", "nuc", float("inf"), float("-inf"), 1, -1, 2, -2)


def _float_dtype(*dtypes: Any) -> str:
    """The dtype of a float result: floats keep theirs, ints get floatx."""
    names = [backend.standardize_dtype(d) for d in dtypes]
    if all(n in _FLOAT_OR_COMPLEX for n in names):
        return names[0] if len(set(names)) == 1 else backend.result_type(*names)
    return backend.result_type(*names, float)


def _complex_dtype(dtype: Any) -> str:
    return "complex128" if _float_dtype(dtype) == "float64" else "complex64"


def _spec(shape: Any, dtype: Any) -> Any:
    return backend.KerasTensor(tuple(shape), dtype=dtype)


def _check_matrix(x: Any, square: bool = False) -> None:
    shape = tuple(x.shape)
    if len(shape) < 2:
        raise ValueError(
            "Expected a matrix (or a batch of them) of rank >= 2. Received "
            f"shape {shape}."
        )
    if square and None not in shape[-2:] and shape[-1] != shape[-2]:
        raise ValueError(
            "Expected square matrices, of shape (..., n, n). Received shape "
            f"{shape}."
        )


def _square_input(x: Any) -> Any:
    x = backend.convert_to_tensor(x)
    _check_matrix(x, square=True)
    return x


def _same_spec(x: Any, *args: Any, **kwargs: Any) -> Any:
    _check_matrix(x, square=True)
    return _spec(x.shape, _float_dtype(x.dtype))


@kerata_export("kerata.ops.cholesky", "kerata.ops.linalg.cholesky")
@symbolic_op(spec=_same_spec)
def cholesky(x: Any, upper: bool = False) -> Any:
    """Cholesky factor of symmetric (Hermitian) positive-definite matrices.

    Returns `L`, lower triangular with `x == L @ L.T`, or the upper factor
    `U` with `x == U.T @ U` if `upper`.

    Args:
        x: Tensor of shape `(..., n, n)`.
        upper: Whether to return the upper factor.

    Returns:
        A tensor of shape `(..., n, n)`.

    Raises:
        ValueError: If `x` is not square, or (torch and numpy backends)
            not positive-definite. The jax backend returns NaNs instead.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[4.0, 2.0], [2.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.cholesky(x)).tolist()
    [[2.0, 0.0], [1.0, 1.0]]
    """
    x = _square_input(x)
    try:
        return backend.linalg.cholesky(x, upper=upper)
    except (RuntimeError, ValueError) as e:
        raise ValueError(
            "Cholesky decomposition failed: the input must be symmetric "
            f"positive-definite. Backend error: {e}"
        ) from e


@kerata_export(
    "kerata.ops.cholesky_inverse", "kerata.ops.linalg.cholesky_inverse"
)
@symbolic_op(spec=_same_spec)
def cholesky_inverse(x: Any, upper: bool = False) -> Any:
    """Inverse of a positive-definite matrix from its Cholesky factor.

    Args:
        x: Cholesky factor of shape `(..., n, n)`: lower triangular `L`
            (the matrix is `L @ L.T`), or upper `U` if `upper`.
        upper: Whether `x` is the upper factor.

    Returns:
        The inverse of the factored matrix, of shape `(..., n, n)`.

    Raises:
        ValueError: If `x` is not square.

    Example:

    >>> factor = kerata.ops.convert_to_tensor([[2.0, 0.0], [1.0, 1.0]])
    >>> y = kerata.ops.cholesky_inverse(factor)  # inverse of [[4, 2], [2, 2]]
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[0.5, -0.5], [-0.5, 1.0]]
    """
    return backend.linalg.cholesky_inverse(_square_input(x), upper=upper)


def _det_spec(x: Any) -> Any:
    _check_matrix(x, square=True)
    return _spec(x.shape[:-2], _float_dtype(x.dtype))


@kerata_export("kerata.ops.det", "kerata.ops.linalg.det")
@symbolic_op(spec=_det_spec)
def det(x: Any) -> Any:
    """Determinant of square matrices.

    Args:
        x: Tensor of shape `(..., n, n)`.

    Returns:
        A tensor of shape `x.shape[:-2]`.

    Raises:
        ValueError: If `x` is not a (batch of) square matrices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> round(float(kerata.ops.det(x)), 5)
    -2.0
    """
    return backend.linalg.det(_square_input(x))


def _eig_spec(x: Any) -> tuple:
    _check_matrix(x, square=True)
    dtype = _complex_dtype(x.dtype)
    return _spec(x.shape[:-1], dtype), _spec(x.shape, dtype)


@kerata_export("kerata.ops.eig", "kerata.ops.linalg.eig")
@symbolic_op(spec=_eig_spec)
def eig(x: Any) -> tuple:
    """Eigenvalues and eigenvectors of general square matrices.

    Results are complex on every backend (complex64 for float32 input),
    even when all eigenvalues are real. Their order is not specified. On
    the jax backend this runs on the CPU only.

    Args:
        x: Tensor of shape `(..., n, n)`.

    Returns:
        A pair `(eigenvalues, eigenvectors)` of shapes `(..., n)` and
        `(..., n, n)`; column `i` of `eigenvectors` goes with
        `eigenvalues[..., i]`.

    Raises:
        ValueError: If `x` is not a (batch of) square matrices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[2.0, 0.0], [0.0, 3.0]])
    >>> w, v = kerata.ops.eig(x)
    >>> sorted(kerata.ops.convert_to_numpy(w).real.tolist())
    [2.0, 3.0]
    """
    return backend.linalg.eig(_square_input(x))


def _eigh_spec(x: Any) -> tuple:
    _check_matrix(x, square=True)
    dtype = _float_dtype(x.dtype)
    return _spec(x.shape[:-1], dtype), _spec(x.shape, dtype)


@kerata_export("kerata.ops.eigh", "kerata.ops.linalg.eigh")
@symbolic_op(spec=_eigh_spec)
def eigh(x: Any) -> tuple:
    """Eigenvalues and eigenvectors of symmetric (Hermitian) matrices.

    Only the lower triangle of `x` is read.

    Args:
        x: Tensor of shape `(..., n, n)`.

    Returns:
        A pair `(eigenvalues, eigenvectors)`: eigenvalues in ascending
        order, shape `(..., n)`, and the matching eigenvectors as columns,
        shape `(..., n, n)`.

    Raises:
        ValueError: If `x` is not a (batch of) square matrices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[2.0, 1.0], [1.0, 2.0]])
    >>> w, v = kerata.ops.eigh(x)
    >>> [round(e, 5) for e in kerata.ops.convert_to_numpy(w).tolist()]
    [1.0, 3.0]
    """
    return backend.linalg.eigh(_square_input(x))


@kerata_export("kerata.ops.inv", "kerata.ops.linalg.inv")
@symbolic_op(spec=_same_spec)
def inv(x: Any) -> Any:
    """Inverse of square matrices.

    Args:
        x: Tensor of shape `(..., n, n)`.

    Returns:
        A tensor of shape `(..., n, n)`.

    Raises:
        ValueError: If `x` is not a (batch of) square matrices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[2.0, 0.0], [0.0, 4.0]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.inv(x)).tolist()
    [[0.5, 0.0], [0.0, 0.25]]
    """
    return backend.linalg.inv(_square_input(x))


def _lu_factor_spec(x: Any) -> tuple:
    _check_matrix(x)
    m, n = x.shape[-2:]
    k = None if None in (m, n) else min(m, n)
    return (
        _spec(x.shape, _float_dtype(x.dtype)),
        _spec(tuple(x.shape[:-2]) + (k,), "int32"),
    )


@kerata_export("kerata.ops.lu_factor", "kerata.ops.linalg.lu_factor")
@symbolic_op(spec=_lu_factor_spec)
def lu_factor(x: Any) -> tuple:
    """LU factorization with partial pivoting, as `scipy.linalg.lu_factor`.

    Args:
        x: Tensor of shape `(..., m, n)`.

    Returns:
        A pair `(lu, pivots)`. `lu` has shape `(..., m, n)` and holds `U`
        on and above the diagonal and `L` (unit diagonal, not stored)
        below it. `pivots` (int32, shape `(..., min(m, n))`) says that row
        `i` was swapped with row `pivots[i]` at step `i` (0-based).

    Raises:
        ValueError: If `x` has rank < 2.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> lu, pivots = kerata.ops.lu_factor(x)
    >>> kerata.ops.convert_to_numpy(pivots).tolist()
    [1, 1]
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(lu)[1].tolist()]
    [0.3333, 0.6667]
    """
    x = backend.convert_to_tensor(x)
    _check_matrix(x)
    return backend.linalg.lu_factor(x)


def _norm_axes(x: Any, ord: Any, axis: Any) -> tuple:
    """Validates `ord` against the axes reduced; returns them."""
    rank = len(x.shape)
    if axis is None:
        axes = tuple(range(rank))
    elif isinstance(axis, int):
        axes = (axis,)
    else:
        axes = tuple(axis)
    if not all(-rank <= a < rank for a in axes):
        raise ValueError(
            f"`axis` {axis} is out of range for a tensor of rank {rank}."
        )
    axes = tuple(a % rank for a in axes)
    if ord is not None and axis is None and rank > 2:
        raise ValueError(
            "With `ord` set, `norm` needs `axis` (1 or 2 axes) for inputs "
            f"of rank > 2. Received: ord={ord!r}, shape {tuple(x.shape)}."
        )
    if len(axes) == 1 and isinstance(ord, str):
        raise ValueError(
            f"Invalid `ord` {ord!r} for a vector norm: string orders "
            "('fro', 'nuc') are matrix norms."
        )
    if len(axes) == 2 and ord not in _MATRIX_ORDS:
        raise ValueError(
            f"Invalid `ord` {ord!r} for a matrix norm. Expected one of "
            f"{_MATRIX_ORDS}."
        )
    if len(axes) > 2 and ord is not None:
        raise ValueError(
            f"`norm` with `ord` reduces 1 or 2 axes. Received axis={axis}."
        )
    return axes


def _norm_spec(x: Any, ord: Any = None, axis: Any = None, keepdims=False):
    axes = _norm_axes(x, ord, axis)
    if keepdims:
        shape = tuple(1 if i in axes else d for i, d in enumerate(x.shape))
    else:
        shape = tuple(d for i, d in enumerate(x.shape) if i not in axes)
    dtype = _float_dtype(x.dtype)
    if dtype in backend.dtypes.COMPLEX_TYPES:
        dtype = "float64" if dtype == "complex128" else "float32"
    return _spec(shape, dtype)


@kerata_export("kerata.ops.norm", "kerata.ops.linalg.norm")
@symbolic_op(spec=_norm_spec)
def norm(
    x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False
) -> Any:
    """Vector or matrix norm, as `numpy.linalg.norm`.

    With one axis (an int), a vector norm: `ord` is a number, `inf` or
    `-inf` (default 2). With two axes, a matrix norm: `ord` is "fro"
    (default), "nuc", 1, -1, 2, -2, `inf` or `-inf`. With `axis=None`
    and `ord=None`, the 2-norm of all entries.

    Args:
        x: Tensor.
        ord: Order of the norm (see above).
        axis: None, an int or a pair of ints.
        keepdims: Whether to keep reduced axes with size 1.

    Returns:
        A float tensor (ints become floatx).

    Raises:
        ValueError: For an `ord` that does not fit the number of axes, or
            axes out of range.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[3.0, 4.0], [6.0, 8.0]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.norm(x, axis=1)).tolist()
    [5.0, 10.0]
    >>> float(kerata.ops.norm(x, ord=1, axis=(0, 1)))
    12.0
    """
    x = backend.convert_to_tensor(x)
    _norm_axes(x, ord, axis)
    return backend.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)


def _qr_spec(x: Any, mode: str = "reduced") -> tuple:
    _check_qr(x, mode)
    m, n = x.shape[-2:]
    batch = tuple(x.shape[:-2])
    k = None if None in (m, n) else min(m, n)
    dtype = _float_dtype(x.dtype)
    if mode == "reduced":
        return _spec(batch + (m, k), dtype), _spec(batch + (k, n), dtype)
    return _spec(batch + (m, m), dtype), _spec(batch + (m, n), dtype)


def _check_qr(x: Any, mode: Any) -> None:
    if mode not in ("reduced", "complete"):
        raise ValueError(
            f"`mode` must be 'reduced' or 'complete'. Received: mode={mode!r}"
        )
    _check_matrix(x)


@kerata_export("kerata.ops.qr", "kerata.ops.linalg.qr")
@symbolic_op(spec=_qr_spec)
def qr(x: Any, mode: str = "reduced") -> tuple:
    """QR decomposition: `x == q @ r`, `q` orthonormal, `r` upper
    triangular.

    Args:
        x: Tensor of shape `(..., m, n)`.
        mode: "reduced" (`q` is `(..., m, k)`, `r` is `(..., k, n)` with
            `k = min(m, n)`) or "complete" (`q` is `(..., m, m)`, `r` is
            `(..., m, n)`).

    Returns:
        A pair `(q, r)`.

    Raises:
        ValueError: For an unknown `mode` or an input of rank < 2.

    Example:

    >>> x = kerata.ops.ones((3, 2))
    >>> q, r = kerata.ops.qr(x)
    >>> tuple(q.shape), tuple(r.shape)
    ((3, 2), (2, 2))
    """
    x = backend.convert_to_tensor(x)
    _check_qr(x, mode)
    return backend.linalg.qr(x, mode=mode)


def _check_a_b(a: Any, b: Any) -> None:
    _check_matrix(a, square=True)
    a_shape, b_shape = tuple(a.shape), tuple(b.shape)
    if len(b_shape) == len(a_shape) - 1:
        rows = b_shape[-1]  # a batch of vectors
    elif len(b_shape) == len(a_shape):
        rows = b_shape[-2]
    else:
        raise ValueError(
            "`b` must have shape (..., n) or (..., n, k) for `a` of shape "
            f"(..., n, n). Received: a.shape={a_shape}, b.shape={b_shape}"
        )
    if None not in (rows, a_shape[-1]) and rows != a_shape[-1]:
        raise ValueError(
            "`a` and `b` have incompatible shapes: b must have "
            f"{a_shape[-1]} rows. Received: a.shape={a_shape}, "
            f"b.shape={b_shape}"
        )


def _solve_spec(a: Any, b: Any, lower: bool = False) -> Any:
    _check_a_b(a, b)
    return _spec(b.shape, _float_dtype(a.dtype, b.dtype))


@kerata_export("kerata.ops.solve", "kerata.ops.linalg.solve")
@symbolic_op(spec=_solve_spec)
def solve(a: Any, b: Any) -> Any:
    """Solves the linear system `a @ x == b` for `x`.

    Args:
        a: Square matrices of shape `(..., n, n)`.
        b: Right-hand sides: vectors `(..., n)` or matrices `(..., n, k)`.

    Returns:
        `x`, of the shape of `b`.

    Raises:
        ValueError: If `a` is not square or the shapes do not match.

    Example:

    >>> a = kerata.ops.convert_to_tensor([[2.0, 0.0], [0.0, 4.0]])
    >>> b = kerata.ops.convert_to_tensor([2.0, 2.0])
    >>> kerata.ops.convert_to_numpy(kerata.ops.solve(a, b)).tolist()
    [1.0, 0.5]
    """
    a, b = backend.convert_to_tensor(a), backend.convert_to_tensor(b)
    _check_a_b(a, b)
    return backend.linalg.solve(a, b)


@kerata_export(
    "kerata.ops.solve_triangular", "kerata.ops.linalg.solve_triangular"
)
@symbolic_op(spec=_solve_spec)
def solve_triangular(a: Any, b: Any, lower: bool = False) -> Any:
    """Solves `a @ x == b` for triangular `a`.

    Only the triangle named by `lower` is read.

    Args:
        a: Triangular matrices of shape `(..., n, n)`.
        b: Vectors `(..., n)` or matrices `(..., n, k)`.
        lower: Whether `a` is lower (else upper) triangular.

    Returns:
        `x`, of the shape of `b`.

    Raises:
        ValueError: If `a` is not square or the shapes do not match.

    Example:

    >>> a = kerata.ops.convert_to_tensor([[1.0, 0.0], [1.0, 2.0]])
    >>> b = kerata.ops.convert_to_tensor([1.0, 5.0])
    >>> y = kerata.ops.solve_triangular(a, b, lower=True)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1.0, 2.0]
    """
    a, b = backend.convert_to_tensor(a), backend.convert_to_tensor(b)
    _check_a_b(a, b)
    return backend.linalg.solve_triangular(a, b, lower=lower)


def _svd_spec(x: Any, full_matrices: bool = True, compute_uv: bool = True):
    _check_matrix(x)
    m, n = x.shape[-2:]
    batch = tuple(x.shape[:-2])
    k = None if None in (m, n) else min(m, n)
    dtype = _float_dtype(x.dtype)
    s = _spec(batch + (k,), dtype)
    if not compute_uv:
        return s
    if full_matrices:
        return _spec(batch + (m, m), dtype), s, _spec(batch + (n, n), dtype)
    return _spec(batch + (m, k), dtype), s, _spec(batch + (k, n), dtype)


@kerata_export("kerata.ops.svd", "kerata.ops.linalg.svd")
@symbolic_op(spec=_svd_spec)
def svd(x: Any, full_matrices: bool = True, compute_uv: bool = True) -> Any:
    """Singular value decomposition: `x == u @ diag(s) @ vh`.

    Args:
        x: Tensor of shape `(..., m, n)`.
        full_matrices: Whether `u` and `vh` are square (`(..., m, m)` and
            `(..., n, n)`) or reduced (`(..., m, k)` and `(..., k, n)`,
            `k = min(m, n)`).
        compute_uv: Whether to return `u` and `vh` or only `s`.

    Returns:
        `(u, s, vh)`, or `s` alone if not `compute_uv`. `s` has shape
        `(..., k)`, in descending order.

    Raises:
        ValueError: If `x` has rank < 2.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[3.0, 0.0], [0.0, -2.0]])
    >>> s = kerata.ops.svd(x, compute_uv=False)
    >>> kerata.ops.convert_to_numpy(s).tolist()
    [3.0, 2.0]
    """
    x = backend.convert_to_tensor(x)
    _check_matrix(x)
    return backend.linalg.svd(
        x, full_matrices=full_matrices, compute_uv=compute_uv
    )


def _check_lstsq(a: Any, b: Any) -> None:
    a_shape, b_shape = tuple(a.shape), tuple(b.shape)
    if len(a_shape) != 2 or len(b_shape) not in (1, 2):
        raise ValueError(
            "`lstsq` takes `a` of shape (m, n) and `b` of shape (m,) or "
            f"(m, k). Received: a.shape={a_shape}, b.shape={b_shape}"
        )
    if None not in (a_shape[0], b_shape[0]) and a_shape[0] != b_shape[0]:
        raise ValueError(
            "`a` and `b` must have the same number of rows. Received: "
            f"a.shape={a_shape}, b.shape={b_shape}"
        )


def _lstsq_spec(a: Any, b: Any, rcond: Any = None) -> Any:
    _check_lstsq(a, b)
    shape = (a.shape[1],) + tuple(b.shape[1:])
    return _spec(shape, _float_dtype(a.dtype, b.dtype))


@kerata_export("kerata.ops.lstsq", "kerata.ops.linalg.lstsq")
@symbolic_op(spec=_lstsq_spec)
def lstsq(a: Any, b: Any, rcond: Any = None) -> Any:
    """Least-squares solution `x` minimizing `||a @ x - b||`.

    Args:
        a: Matrix of shape `(m, n)`.
        b: Vector `(m,)` or matrix `(m, k)`.
        rcond: Singular values of `a` at most `rcond` times the largest
            are treated as zero; None uses machine precision times
            `max(m, n)` (NumPy's default).

    Returns:
        `x`, of shape `(n,)` or `(n, k)`.

    Raises:
        ValueError: If the shapes are not `(m, n)` and `(m,)`/`(m, k)`.

    Example:

    >>> a = kerata.ops.convert_to_tensor([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    >>> b = kerata.ops.convert_to_tensor([1.0, 2.0, 3.0])
    >>> x = kerata.ops.lstsq(a, b)
    >>> [round(v, 5) for v in kerata.ops.convert_to_numpy(x).tolist()]
    [1.0, 2.0]
    """
    a, b = backend.convert_to_tensor(a), backend.convert_to_tensor(b)
    _check_lstsq(a, b)
    return backend.linalg.lstsq(a, b, rcond=rcond)


def _matrix_rank_spec(x: Any, tol: Any = None) -> Any:
    _check_matrix(x)
    return _spec(x.shape[:-2], "int32")


@kerata_export("kerata.ops.matrix_rank", "kerata.ops.linalg.matrix_rank")
@symbolic_op(spec=_matrix_rank_spec)
def matrix_rank(x: Any, tol: Any = None) -> Any:
    """Rank of matrices: the number of singular values above `tol`.

    Args:
        x: Tensor of shape `(..., m, n)`.
        tol: Absolute threshold; None uses the largest singular value
            times machine precision times `max(m, n)`.

    Returns:
        An int32 tensor of shape `x.shape[:-2]`.

    Raises:
        ValueError: If `x` has rank < 2.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[1.0, 2.0], [2.0, 4.0]])
    >>> int(kerata.ops.matrix_rank(x))
    1
    """
    x = backend.convert_to_tensor(x)
    _check_matrix(x)
    return backend.linalg.matrix_rank(x, tol=tol)


def _pinv_spec(x: Any, rcond: Any = None) -> Any:
    _check_matrix(x)
    shape = tuple(x.shape[:-2]) + (x.shape[-1], x.shape[-2])
    return _spec(shape, _float_dtype(x.dtype))


@kerata_export("kerata.ops.pinv", "kerata.ops.linalg.pinv")
@symbolic_op(spec=_pinv_spec)
def pinv(x: Any, rcond: Any = None) -> Any:
    """Moore-Penrose pseudo-inverse of matrices.

    Args:
        x: Tensor of shape `(..., m, n)`.
        rcond: Singular values at most `rcond` times the largest are
            treated as zero; None uses machine precision times `max(m, n)`.

    Returns:
        A tensor of shape `(..., n, m)`.

    Raises:
        ValueError: If `x` has rank < 2.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[2.0, 0.0], [0.0, 0.0]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.pinv(x)).tolist()
    [[0.5, 0.0], [0.0, 0.0]]
    """
    x = backend.convert_to_tensor(x)
    _check_matrix(x)
    return backend.linalg.pinv(x, rcond=rcond)


def _jvp_spec(fun: Any, primals: Any, tangents: Any, has_aux: bool = False):
    out = backend.compute_output_spec(fun, *primals)
    if has_aux:
        out, aux = out
    tangents_out = tree.map_structure(lambda t: _spec(t.shape, t.dtype), out)
    return (out, tangents_out, aux) if has_aux else (out, tangents_out)


@kerata_export("kerata.ops.jvp", "kerata.ops.linalg.jvp")
@symbolic_op(spec=_jvp_spec)
def jvp(fun: Any, primals: Any, tangents: Any, has_aux: bool = False) -> Any:
    """Jacobian-vector product of `fun` at `primals` along `tangents`.

    Forward-mode autodiff (`torch.func.jvp`, `jax.jvp`); the numpy backend
    cannot differentiate and raises NotImplementedError.

    Args:
        fun: Function of `len(primals)` tensors.
        primals: Tuple or list of inputs of `fun`.
        tangents: Tuple or list of directions, shaped like `primals`.
        has_aux: Whether `fun` returns `(output, aux)`; `aux` is passed
            through without differentiation.

    Returns:
        `(outputs, tangent_outputs)`, plus `aux` if `has_aux`.

    Raises:
        TypeError: If `fun` is not callable or `primals`/`tangents` are not
            sequences of the same length.

    Example:

    >>> if kerata.config.backend() != "numpy":
    ...     x = kerata.ops.convert_to_tensor([1.0, 2.0])
    ...     y, dy = kerata.ops.jvp(lambda v: v * v, (x,), (x,))
    ...     print(kerata.ops.convert_to_numpy(dy).tolist())
    ... else:
    ...     print([2.0, 8.0])
    [2.0, 8.0]
    """
    if not callable(fun):
        raise TypeError(f"`fun` must be callable. Received: {fun!r}")
    if (
        not isinstance(primals, (list, tuple))
        or not isinstance(tangents, (list, tuple))
        or len(primals) != len(tangents)
    ):
        raise TypeError(
            "`primals` and `tangents` must be tuples (or lists) of the same "
            f"length. Received: primals={type(primals).__name__}, "
            f"tangents={type(tangents).__name__}"
        )
    return backend.linalg.jvp(fun, primals, tangents, has_aux=has_aux)
