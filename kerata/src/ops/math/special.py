"""Public ops: `kerata.ops.math`, special functions (`rsqrt`, `erf`, ...),
`logdet` and complex views.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.math._helpers import _float_dtype
from kerata.src.ops.math._helpers import _spec
from kerata.src.ops.operation import symbolic_op


# --- elementwise special functions --------------------------------------------
def _float_like_spec(x: Any) -> Any:
    return _spec(x.shape, _float_dtype(x.dtype))


@kerata_export("kerata.ops.rsqrt", "kerata.ops.math.rsqrt")
@symbolic_op(spec=_float_like_spec)
def rsqrt(x: Any) -> Any:
    """Computes `1 / sqrt(x)` elementwise.

    Args:
        x: Tensor; ints become floatx.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([1.0, 4.0, 100.0])
    >>> kerata.ops.convert_to_numpy(kerata.ops.rsqrt(x)).tolist()
    [1.0, 0.5, 0.10000000149011612]
    """
    return backend.math.rsqrt(x)


@kerata_export("kerata.ops.erf", "kerata.ops.math.erf")
@symbolic_op(spec=_float_like_spec)
def erf(x: Any) -> Any:
    """The error function, `2 / sqrt(pi) * integral(exp(-t**2), 0, x)`.

    Args:
        x: Tensor; ints become floatx.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-1.0, 0.0, 1.0])
    >>> y = kerata.ops.convert_to_numpy(kerata.ops.erf(x)).tolist()
    >>> [round(v, 5) for v in y]
    [-0.8427, 0.0, 0.8427]
    """
    return backend.math.erf(x)


@kerata_export("kerata.ops.erfc", "kerata.ops.math.erfc")
@symbolic_op(spec=_float_like_spec)
def erfc(x: Any) -> Any:
    """The complementary error function, `1 - erf(x)`, accurate for large
    `x`.

    Args:
        x: Tensor; ints become floatx.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([0.0, 1.0])
    >>> y = kerata.ops.convert_to_numpy(kerata.ops.erfc(x)).tolist()
    >>> [round(v, 5) for v in y]
    [1.0, 0.1573]
    """
    return backend.math.erfc(x)


@kerata_export("kerata.ops.erfinv", "kerata.ops.math.erfinv")
@symbolic_op(spec=_float_like_spec)
def erfinv(x: Any) -> Any:
    """The inverse error function: `erf(erfinv(y)) == y` for `-1 < y < 1`.

    Returns -inf at -1, inf at 1 and NaN outside `[-1, 1]`.

    Args:
        x: Tensor; ints become floatx.

    Returns:
        A float tensor of the shape of `x`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([-0.5, 0.0, 0.5])
    >>> y = kerata.ops.convert_to_numpy(kerata.ops.erfinv(x)).tolist()
    >>> [round(v, 5) for v in y]
    [-0.47694, 0.0, 0.47694]
    """
    return backend.math.erfinv(x)


def _logdet_spec(x: Any) -> Any:
    _check_square(x)
    return _spec(tuple(x.shape[:-2]), _float_dtype(x.dtype))


def _check_square(x: Any) -> None:
    if len(x.shape) < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(
            "Expected a square matrix (or a batch of them), of shape "
            f"(..., n, n). Received shape {tuple(x.shape)}."
        )


@kerata_export("kerata.ops.logdet", "kerata.ops.math.logdet")
@symbolic_op(spec=_logdet_spec)
def logdet(x: Any) -> Any:
    """Natural log of the determinant of square matrices.

    Computed from an LU factorization, so it stays finite where the
    determinant itself would overflow. NaN where the determinant is
    negative, -inf where it is zero.

    Args:
        x: Tensor of shape `(..., n, n)`.

    Returns:
        A float tensor of shape `x.shape[:-2]`.

    Raises:
        ValueError: If `x` is not a (batch of) square matrices.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[2.0, 0.0], [0.0, 3.0]])
    >>> round(float(kerata.ops.logdet(x)), 5)
    1.79176
    """
    x = backend.convert_to_tensor(x)
    _check_square(x)
    return backend.math.logdet(x)


def _view_as_complex_spec(x: Any) -> Any:
    dtype = "complex128" if x.dtype == "float64" else "complex64"
    return _spec(tuple(x.shape[:-1]), dtype)


@kerata_export("kerata.ops.view_as_complex", "kerata.ops.math.view_as_complex")
@symbolic_op(spec=_view_as_complex_spec)
def view_as_complex(x: Any) -> Any:
    """Turns a real tensor of shape `(..., 2)` into a complex tensor.

    Args:
        x: Real tensor whose last axis holds (real, imag) pairs.

    Returns:
        A complex tensor of shape `x.shape[:-1]` (complex128 for float64
        input, else complex64).

    Raises:
        ValueError: If the last axis does not have size 2.

    Example:

    >>> z = kerata.ops.view_as_complex([[1.0, 2.0], [3.0, 4.0]])
    >>> kerata.ops.convert_to_numpy(z).tolist()
    [(1+2j), (3+4j)]
    """
    x = backend.convert_to_tensor(x)
    if not x.shape or x.shape[-1] != 2:
        raise ValueError(
            "The last axis of `x` must have size 2 (real, imag). Received "
            f"shape {tuple(x.shape)}."
        )
    return backend.math.view_as_complex(x)


def _view_as_real_spec(x: Any) -> Any:
    dtype = "float64" if x.dtype == "complex128" else "float32"
    return _spec(tuple(x.shape) + (2,), dtype)


@kerata_export("kerata.ops.view_as_real", "kerata.ops.math.view_as_real")
@symbolic_op(spec=_view_as_real_spec)
def view_as_real(x: Any) -> Any:
    """Turns a complex tensor into a real one with a last axis of size 2.

    Args:
        x: Complex tensor.

    Returns:
        A real tensor of shape `x.shape + (2,)` holding (real, imag).

    Example:

    >>> z = kerata.ops.view_as_complex([[1.0, 2.0]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.view_as_real(z)).tolist()
    [[1.0, 2.0]]
    """
    return backend.math.view_as_real(x)
