"""Public ops: `kerata.ops.nn` encodings and cross-entropies.

The cross-entropies are elementwise (binary) or reduce only the class axis:
averaging over a batch is the job of `kerata.losses`.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.nn import _checks
from kerata.src.ops.operation import symbolic_op


def _check_num_classes(num_classes: Any) -> None:
    if isinstance(num_classes, bool) or not isinstance(num_classes, int):
        raise TypeError(
            "`num_classes` must be a positive int. Received: "
            f"num_classes={num_classes!r} of type {type(num_classes).__name__}"
        )
    if num_classes < 1:
        raise ValueError(
            "`num_classes` must be a positive int. Received: "
            f"num_classes={num_classes}"
        )


@kerata_export("kerata.ops.one_hot", "kerata.ops.nn.one_hot")
@symbolic_op
def one_hot(
    x: Any,
    num_classes: int,
    axis: int = -1,
    dtype: Any = None,
    sparse: bool = False,
) -> Any:
    """One-hot encodes integer class indices.

    Indices outside `[0, num_classes)`, negative ones included, encode as
    all zeros.

    Args:
        x: Integer tensor of class indices.
        num_classes: Number of classes, the size of the new axis.
        axis: Where the new axis goes in the output.
        dtype: Output dtype; None means floatx.
        sparse: Unsupported (no backend has sparse tensors); must be False.

    Returns:
        A tensor of rank `x.ndim + 1`.

    Example:

    >>> y = kerata.ops.one_hot([0, 2, -1], 3)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]]
    """
    _check_num_classes(num_classes)
    return backend.nn.one_hot(
        x, num_classes, axis=axis, dtype=dtype, sparse=sparse
    )


@kerata_export("kerata.ops.multi_hot", "kerata.ops.nn.multi_hot")
@symbolic_op
def multi_hot(
    inputs: Any,
    num_classes: int | None = None,
    axis: int = -1,
    dtype: Any = None,
    sparse: bool = False,
    **kwargs: Any,
) -> Any:
    """Multi-hot encodes integer class indices: 1 for each class present.

    A rank-1 input is one sample; for a higher rank the first axis is the
    batch and the second the indices of a sample.

    Args:
        inputs: Integer tensor of class indices.
        num_classes: Number of classes. (`num_tokens`, its old name, is
            accepted too.)
        axis: Where the class axis goes in the output.
        dtype: Output dtype; None means floatx.
        sparse: Unsupported; must be False.

    Returns:
        `(num_classes,)` for a rank-1 input, else `(batch, ..., num_classes)`.

    Example:

    >>> y = kerata.ops.multi_hot([[0, 2], [1, 1]], 3)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    if num_classes is None:
        num_classes = kwargs.pop("num_tokens", None)
    if kwargs:
        raise TypeError(f"Unexpected keyword arguments: {sorted(kwargs)}")
    if num_classes is None:
        raise ValueError(
            "`multi_hot` needs `num_classes`, e.g. num_classes=10."
        )
    _check_num_classes(num_classes)
    return backend.nn.multi_hot(
        inputs, num_classes, axis=axis, dtype=dtype, sparse=sparse
    )


@kerata_export(
    "kerata.ops.binary_crossentropy", "kerata.ops.nn.binary_crossentropy"
)
@symbolic_op
def binary_crossentropy(
    target: Any, output: Any, from_logits: bool = False
) -> Any:
    """Binary cross-entropy, elementwise:
    `-(target * log(p) + (1 - target) * log(1 - p))`.

    Probabilities are clipped to `[epsilon, 1 - epsilon]`; logits use a
    stable formula instead.

    Args:
        target: Tensor of targets in [0, 1].
        output: Tensor of the shape of `target`: probabilities, or logits
            with `from_logits=True`.
        from_logits: Whether `output` holds logits.

    Returns:
        A float tensor of the shape of `target`.

    Raises:
        ValueError: If `target` and `output` have different shapes.

    Example:

    >>> y = kerata.ops.binary_crossentropy([1.0, 0.0], [0.5, 0.5])
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [0.6931, 0.6931]
    """
    _checks.check_same_shape(target, output)
    return backend.nn.binary_crossentropy(
        target, output, from_logits=from_logits
    )


@kerata_export(
    "kerata.ops.categorical_crossentropy",
    "kerata.ops.nn.categorical_crossentropy",
)
@symbolic_op
def categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> Any:
    """Categorical cross-entropy: `-sum(target * log(p))` over `axis`.

    Probabilities are first rescaled to sum to 1 along `axis`, then
    clipped to `[epsilon, 1 - epsilon]`; logits go through `log_softmax`.

    Args:
        target: Tensor of class probabilities (e.g. one-hot).
        output: Tensor of the shape of `target`: probabilities, or logits
            with `from_logits=True`.
        from_logits: Whether `output` holds logits.
        axis: The class axis.

    Returns:
        A float tensor: the shape of `target` without `axis`.

    Raises:
        ValueError: If `target` and `output` have different shapes.

    Example:

    >>> target = [[0.0, 1.0], [1.0, 0.0]]
    >>> y = kerata.ops.categorical_crossentropy(target, [[0.5, 0.5], [1, 0]])
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [0.6931, 0.0]
    """
    _checks.check_same_shape(target, output)
    if not _checks.shape_of(output):
        raise ValueError(
            "`output` must have at least one axis, the class axis. "
            f"Received: output.shape={_checks.shape_of(output)}"
        )
    return backend.nn.categorical_crossentropy(
        target, output, from_logits=from_logits, axis=axis
    )


@kerata_export(
    "kerata.ops.sparse_categorical_crossentropy",
    "kerata.ops.nn.sparse_categorical_crossentropy",
)
@symbolic_op
def sparse_categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> Any:
    """Categorical cross-entropy with integer class targets:
    `-log(p[target])` along `axis`.

    Targets must lie in `[0, classes)`: the torch backend raises an
    error for others, and the other backends give them a loss of 0.

    Args:
        target: Integer tensor: the shape of `output` without `axis` (a
            trailing axis of size 1 is also accepted).
        output: Tensor of probabilities, or logits with `from_logits=True`.
        from_logits: Whether `output` holds logits.
        axis: The class axis of `output`.

    Returns:
        A float tensor of the shape of `target`.

    Raises:
        ValueError: If the shapes do not fit.

    Example:

    >>> output = [[0.5, 0.5], [0.25, 0.75]]
    >>> y = kerata.ops.sparse_categorical_crossentropy([0, 1], output)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [0.6931, 0.2877]
    """
    _check_sparse_shapes(target, output, axis)
    return backend.nn.sparse_categorical_crossentropy(
        target, output, from_logits=from_logits, axis=axis
    )


# A kerata extension a backend may offer: the mean over all positions
# reduced inside the backend's kernel (torch's `cross_entropy` does it).
_SPARSE_MEAN = getattr(backend.nn, "sparse_categorical_crossentropy_mean", None)
HAS_SPARSE_CROSSENTROPY_MEAN = _SPARSE_MEAN is not None


def sparse_categorical_crossentropy_mean(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> Any:
    """The mean of `sparse_categorical_crossentropy` over all positions,
    in one backend kernel; None when the backend has no such kernel.

    Real tensors only: `kerata.losses` calls it for unweighted, unmasked
    mean reductions."""
    if _SPARSE_MEAN is None:
        return None
    _check_sparse_shapes(target, output, axis)
    return _SPARSE_MEAN(target, output, from_logits=from_logits, axis=axis)


def _check_sparse_shapes(target: Any, output: Any, axis: int) -> None:
    o = getattr(output, "shape", None)
    if (
        axis == -1
        and o is not None
        and len(o) > 0
        and getattr(target, "shape", None) == o[:-1]
    ):
        return  # the common case, checked without building tuples
    t = _checks.shape_of(target)
    o = _checks.shape_of(output)
    if not o:
        raise ValueError(
            "`output` must have at least one axis, the class axis. "
            f"Received: output.shape={o}"
        )
    if len(t) == len(o) and t and t[-1] == 1:
        t = t[:-1]
    expected = o[: axis % len(o)] + o[axis % len(o) + 1 :]
    if len(t) != len(expected) or not all(
        _checks.same_size(a, b) for a, b in zip(t, expected)
    ):
        raise ValueError(
            "`target` must have the shape of `output` without the class "
            f"axis ({axis}), i.e. {expected}. Received: "
            f"target.shape={_checks.shape_of(target)}, output.shape={o}"
        )
