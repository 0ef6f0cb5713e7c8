"""Public ops: `kerata.ops.math`, segment reductions, top-k, `logsumexp`
and `cdist`.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.math._helpers import _check_positive_int
from kerata.src.ops.math._helpers import _float_dtype
from kerata.src.ops.math._helpers import _reduced_shape
from kerata.src.ops.math._helpers import _spec
from kerata.src.ops.operation import symbolic_op


# --- segment reductions -----------------------------------------------------
def _check_segments(data: Any, segment_ids: Any, num_segments: Any) -> None:
    ids_shape = tuple(segment_ids.shape)
    if len(ids_shape) != 1:
        raise ValueError(
            "`segment_ids` must be a 1-D tensor. Received shape "
            f"{ids_shape}. Flatten it (and data's leading axes) first."
        )
    n, m = ids_shape[0], tuple(data.shape)[0] if data.shape else None
    if n is not None and m is not None and n != m:
        raise ValueError(
            "`segment_ids` must have one entry per row of `data`. Received "
            f"segment_ids.shape={ids_shape}, data.shape={tuple(data.shape)}."
        )
    if num_segments is not None and (
        isinstance(num_segments, bool) or int(num_segments) < 0
    ):
        raise ValueError(
            "`num_segments` must be None or a non-negative int. "
            f"Received: num_segments={num_segments!r}"
        )


def _segment_spec(data, segment_ids, num_segments=None, sorted=False):
    _check_segments(data, segment_ids, num_segments)
    return _spec((num_segments,) + tuple(data.shape[1:]), data.dtype)


def _segment_op(reduce_name: str):
    def op(data, segment_ids, num_segments=None, sorted=False):
        data = backend.convert_to_tensor(data)
        segment_ids = backend.convert_to_tensor(segment_ids)
        _check_segments(data, segment_ids, num_segments)
        return getattr(backend.math, reduce_name)(
            data, segment_ids, num_segments=num_segments, sorted=sorted
        )

    return op


_SEGMENT_DOC = """Computes the {what} of `data` within each segment.

    Row `i` of `data` belongs to segment `segment_ids[i]`. Rows whose id is
    negative or not below `num_segments` are dropped; a segment with no
    rows gets {empty}.

    Args:
        data: Tensor of shape `(N, ...)`.
        segment_ids: Integer tensor of shape `(N,)`.
        num_segments: Number of segments. Inferred as
            `max(segment_ids) + 1` when None (not possible inside
            `jax.jit`).
        sorted: Whether `segment_ids` is sorted (a hint for speed).

    Returns:
        A tensor of shape `(num_segments,) + data.shape[1:]` and the dtype
        of `data`.

    Raises:
        ValueError: If `segment_ids` is not 1-D or its length differs from
            `data.shape[0]`.

    Example:

    >>> data = kerata.ops.convert_to_tensor([1, 2, 10, 20, 100])
    >>> ids = kerata.ops.convert_to_tensor([0, 0, 1, 1, 2])
    >>> y = kerata.ops.{name}(data, ids, num_segments=3)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    {result}
    """


def _make_segment_op(name: str, what: str, empty: str, result: str):
    op = symbolic_op(_segment_op(name), spec=_segment_spec)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = _SEGMENT_DOC.format(
        what=what, empty=empty, name=name, result=result
    )
    op.__module__ = __name__
    return kerata_export(f"kerata.ops.{name}", f"kerata.ops.math.{name}")(op)


segment_sum = _make_segment_op("segment_sum", "sum", "0", "[3, 30, 100]")


segment_max = _make_segment_op(
    "segment_max",
    "maximum",
    "the lowest value of the dtype (-inf for floats)",
    "[2, 20, 100]",
)


segment_min = _make_segment_op(
    "segment_min",
    "minimum",
    "the highest value of the dtype (inf for floats)",
    "[1, 10, 100]",
)


segment_prod = _make_segment_op("segment_prod", "product", "1", "[2, 200, 100]")


# --- top-k and reductions ---------------------------------------------------
def _top_k_spec(x: Any, k: int, sorted: bool = True) -> tuple:
    shape = tuple(x.shape[:-1]) + (k,)
    return _spec(shape, x.dtype), _spec(shape, "int32")


@kerata_export("kerata.ops.top_k", "kerata.ops.math.top_k")
@symbolic_op(spec=_top_k_spec)
def top_k(x: Any, k: int, sorted: bool = True) -> tuple:
    """Finds the `k` largest entries along the last axis.

    The order among equal values (and which of them are kept at the k-th
    place) depends on the backend.

    Args:
        x: Tensor of rank >= 1.
        k: Number of entries to return, at most `x.shape[-1]`.
        sorted: Whether to return them in descending order. The backends
            may sort even when False.

    Returns:
        A pair `(values, indices)`, both of shape `x.shape[:-1] + (k,)`;
        `indices` is int32.

    Raises:
        ValueError: If `k` is not a positive int or exceeds
            `x.shape[-1]`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([5, 2, 7, 1, 9])
    >>> values, indices = kerata.ops.top_k(x, k=3)
    >>> kerata.ops.convert_to_numpy(values).tolist()
    [9, 7, 5]
    >>> kerata.ops.convert_to_numpy(indices).tolist()
    [4, 2, 0]
    """
    x = backend.convert_to_tensor(x)
    _check_positive_int(k, "k")
    if not x.shape or k > x.shape[-1]:
        raise ValueError(
            f"`k` must be at most the size of the last axis of `x`. "
            f"Received: k={k}, x.shape={tuple(x.shape)}"
        )
    return backend.math.top_k(x, k, sorted=sorted)


def _in_top_k_spec(targets: Any, predictions: Any, k: int) -> Any:
    return _spec(targets.shape, "bool")


@kerata_export("kerata.ops.in_top_k", "kerata.ops.math.in_top_k")
@symbolic_op(spec=_in_top_k_spec)
def in_top_k(targets: Any, predictions: Any, k: int) -> Any:
    """Whether each target class is among the `k` highest predictions.

    A class tied with others counts as in the top `k` if any position it
    ties for is; a non-finite target score is never in the top `k`.

    Args:
        targets: Integer class ids of shape `(batch,)`.
        predictions: Scores of shape `(batch, num_classes)`.
        k: Number of top predictions to consider.

    Returns:
        A bool tensor of shape `(batch,)`.

    Raises:
        ValueError: If the shapes do not match or `k` is not positive.

    Example:

    >>> targets = kerata.ops.convert_to_tensor([2, 0])
    >>> predictions = kerata.ops.convert_to_tensor(
    ...     [[0.1, 0.5, 0.4], [0.1, 0.5, 0.4]]
    ... )
    >>> y = kerata.ops.in_top_k(targets, predictions, k=2)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [True, False]
    """
    targets = backend.convert_to_tensor(targets)
    predictions = backend.convert_to_tensor(predictions)
    _check_positive_int(k, "k")
    if (
        len(targets.shape) != 1
        or len(predictions.shape) != 2
        or targets.shape[0] != predictions.shape[0]
    ):
        raise ValueError(
            "`targets` must have shape (batch,) and `predictions` shape "
            f"(batch, num_classes). Received: targets.shape="
            f"{tuple(targets.shape)}, predictions.shape="
            f"{tuple(predictions.shape)}"
        )
    return backend.math.in_top_k(targets, predictions, k)


def _logsumexp_spec(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    shape = _reduced_shape(tuple(x.shape), axis, keepdims)
    return _spec(shape, _float_dtype(x.dtype))


@kerata_export("kerata.ops.logsumexp", "kerata.ops.math.logsumexp")
@symbolic_op(spec=_logsumexp_spec)
def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Computes `log(sum(exp(x)))` along `axis`, without overflow.

    Args:
        x: Tensor.
        axis: Int, tuple of ints, or None for all axes.
        keepdims: Whether to keep reduced axes with size 1.

    Returns:
        A float tensor (ints become floatx).

    Example:

    >>> x = kerata.ops.convert_to_tensor([1000.0, 1000.0])
    >>> round(float(kerata.ops.logsumexp(x)), 2)
    1000.69
    """
    return backend.math.logsumexp(x, axis=axis, keepdims=keepdims)


def _broadcast_batch(a: tuple, b: tuple) -> tuple:
    """Broadcasts two batch shapes whose sizes may be None (unknown)."""
    n = max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + a, (1,) * (n - len(b)) + b
    return tuple(
        y if x == 1 else x if y == 1 or x == y else None for x, y in zip(a, b)
    )


def _cdist_spec(x: Any, y: Any) -> Any:
    _check_cdist(x, y)
    batch = _broadcast_batch(tuple(x.shape[:-2]), tuple(y.shape[:-2]))
    dtype = backend.result_type(x.dtype, y.dtype, float)
    return _spec(batch + (x.shape[-2], y.shape[-2]), dtype)


def _check_cdist(x: Any, y: Any) -> None:
    if len(x.shape) < 2 or len(y.shape) < 2:
        raise ValueError(
            "`cdist` inputs must have rank >= 2, shapes (..., m, d) and "
            f"(..., n, d). Received: x.shape={tuple(x.shape)}, "
            f"y.shape={tuple(y.shape)}"
        )
    if None not in (x.shape[-1], y.shape[-1]) and x.shape[-1] != y.shape[-1]:
        raise ValueError(
            "The last axes of `cdist` inputs must match. Received: "
            f"x.shape={tuple(x.shape)}, y.shape={tuple(y.shape)}"
        )


@kerata_export("kerata.ops.cdist", "kerata.ops.math.cdist")
@symbolic_op(spec=_cdist_spec)
def cdist(x: Any, y: Any) -> Any:
    """Euclidean distances between every row of `x` and every row of `y`.

    Args:
        x: Tensor of shape `(..., m, d)`.
        y: Tensor of shape `(..., n, d)`.

    Returns:
        A float tensor of shape `(..., m, n)`.

    Raises:
        ValueError: If a rank is below 2 or the last axes differ.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[0.0, 0.0], [3.0, 4.0]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.cdist(x, x)).tolist()
    [[0.0, 5.0], [5.0, 0.0]]
    """
    x, y = backend.convert_to_tensor(x), backend.convert_to_tensor(y)
    _check_cdist(x, y)
    return backend.math.cdist(x, y)
