"""Built-in loss functions: `kerata.losses.mean_squared_error` and others.

Each returns per-sample losses (usually the last axis reduced); the
classes in `losses.py` add reductions, sample weights and masks.
"""

from __future__ import annotations

import math
from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.backend.common import dtypes
from kerata.src.backend.common import masking
from kerata.src.losses.loss import as_tensor
from kerata.src.losses.loss import dtype_name
from kerata.src.losses.loss import squeeze_or_expand_to_same_rank
from kerata.src.ops.nn import losses as nn_losses


def _check_shapes(y_true: Any, y_pred: Any) -> None:
    true_shape = tuple(y_true.shape)
    pred_shape = tuple(y_pred.shape)
    for a, b in zip(reversed(true_shape), reversed(pred_shape)):
        if a is not None and b is not None and a != b and 1 not in (a, b):
            raise ValueError(
                "`y_true` and `y_pred` must have the same (or broadcastable) "
                f"shapes. Received: y_true.shape={true_shape}, "
                f"y_pred.shape={pred_shape}"
            )


def _prepare(y_true: Any, y_pred: Any, squeeze: bool = True) -> tuple:
    """Tensors of `y_pred`'s dtype, of the same rank, with checked shapes."""
    y_pred = as_tensor(y_pred)
    y_true = as_tensor(y_true)
    if backend.standardize_dtype(y_true.dtype) != backend.standardize_dtype(
        y_pred.dtype
    ):
        y_true = ops.cast(y_true, y_pred.dtype)
    if squeeze:
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    _check_shapes(y_true, y_pred)
    return y_true, y_pred


def _broadcast_pair(y_true: Any, y_pred: Any) -> tuple:
    """Broadcasts both to one shape (the elementwise cross-entropy op
    wants equal shapes); shapes were checked by `_prepare`."""
    true_shape = tuple(y_true.shape)
    pred_shape = tuple(y_pred.shape)
    if true_shape == pred_shape:
        return y_true, y_pred
    rank = max(len(true_shape), len(pred_shape))
    padded_true = (1,) * (rank - len(true_shape)) + true_shape
    padded_pred = (1,) * (rank - len(pred_shape)) + pred_shape
    shape = tuple(b if a == 1 else a for a, b in zip(padded_true, padded_pred))
    return ops.broadcast_to(y_true, shape), ops.broadcast_to(y_pred, shape)


def _check_axis(axis: Any) -> None:
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise ValueError(
            f"`axis` must be an int. Received: axis={axis!r} of type "
            f"{type(axis).__name__}"
        )


# Regression losses.


@kerata_export("kerata.losses.mean_squared_error")
def mean_squared_error(y_true: Any, y_pred: Any) -> Any:
    """Mean of the squared errors over the last axis.

    Args:
        y_true: Ground-truth values, shape `(batch_size, d0, .. dN)`.
        y_pred: Predicted values, same shape.

    Returns:
        Per-sample losses, shape `(batch_size, d0, .. dN-1)`.

    Example:

    >>> y = kerata.losses.mean_squared_error([[0.0, 1.0]], [[1.0, 3.0]])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [2.5]
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


@kerata_export("kerata.losses.mean_absolute_error")
def mean_absolute_error(y_true: Any, y_pred: Any) -> Any:
    """Mean of the absolute errors over the last axis.

    Args:
        y_true: Ground-truth values, shape `(batch_size, d0, .. dN)`.
        y_pred: Predicted values, same shape.

    Returns:
        Per-sample losses, shape `(batch_size, d0, .. dN-1)`.

    Example:

    >>> y = kerata.losses.mean_absolute_error([[0.0, 1.0]], [[1.0, 3.0]])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1.5]
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(ops.abs(y_true - y_pred), axis=-1)


@kerata_export("kerata.losses.mean_absolute_percentage_error")
def mean_absolute_percentage_error(y_true: Any, y_pred: Any) -> Any:
    """`100 * mean(abs((y_true - y_pred) / y_true))` over the last axis.

    `abs(y_true)` is floored at epsilon to avoid dividing by zero.

    Args:
        y_true: Ground-truth values, shape `(batch_size, d0, .. dN)`.
        y_pred: Predicted values, same shape.

    Returns:
        Per-sample losses, shape `(batch_size, d0, .. dN-1)`.

    Example:

    >>> y = kerata.losses.mean_absolute_percentage_error([[2.0]], [[1.0]])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [50.0]
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    denominator = ops.maximum(ops.abs(y_true), backend.epsilon())
    return 100.0 * ops.mean(ops.abs((y_true - y_pred) / denominator), axis=-1)


@kerata_export("kerata.losses.mean_squared_logarithmic_error")
def mean_squared_logarithmic_error(y_true: Any, y_pred: Any) -> Any:
    """Mean of `square(log(y_pred + 1) - log(y_true + 1))` over the last
    axis; values are floored at epsilon first.

    Args:
        y_true: Ground-truth values, shape `(batch_size, d0, .. dN)`.
        y_pred: Predicted values, same shape.

    Returns:
        Per-sample losses, shape `(batch_size, d0, .. dN-1)`.

    Example:

    >>> y = kerata.losses.mean_squared_logarithmic_error([[0.0]], [[1.0]])
    >>> round(kerata.ops.convert_to_numpy(y).tolist()[0], 4)
    0.4805
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    eps = backend.epsilon()
    first = ops.log(ops.maximum(y_pred, eps) + 1.0)
    second = ops.log(ops.maximum(y_true, eps) + 1.0)
    return ops.mean(ops.square(first - second), axis=-1)


@kerata_export("kerata.losses.huber")
def huber(y_true: Any, y_pred: Any, delta: float = 1.0) -> Any:
    """Huber loss: squared error for small errors, linear for large ones.

    `0.5 * e**2` where `|e| <= delta`, else `delta * |e| - 0.5 * delta**2`,
    averaged over the last axis.

    Args:
        y_true: Ground-truth values, shape `(batch_size, d0, .. dN)`.
        y_pred: Predicted values, same shape.
        delta: Where the loss turns from quadratic to linear.

    Returns:
        Per-sample losses, shape `(batch_size, d0, .. dN-1)`.

    Example:

    >>> y = kerata.losses.huber([[0.0, 0.0]], [[0.5, 3.0]])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1.3125]
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    error = ops.abs(y_pred - y_true)
    quadratic = 0.5 * ops.square(error)
    linear = delta * error - 0.5 * delta * delta
    return ops.mean(ops.where(error <= delta, quadratic, linear), axis=-1)


@kerata_export("kerata.losses.log_cosh")
def log_cosh(y_true: Any, y_pred: Any) -> Any:
    """Mean of `log(cosh(y_pred - y_true))` over the last axis.

    It is computed as `x + softplus(-2x) - log(2)`, which does not
    overflow for large errors as `cosh` would.

    Args:
        y_true: Ground-truth values, shape `(batch_size, d0, .. dN)`.
        y_pred: Predicted values, same shape.

    Returns:
        Per-sample losses, shape `(batch_size, d0, .. dN-1)`.

    Example:

    >>> y = kerata.losses.log_cosh([[0.0]], [[1.0]])
    >>> round(kerata.ops.convert_to_numpy(y).tolist()[0], 4)
    0.4338
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    x = y_pred - y_true
    return ops.mean(x + ops.softplus(-2.0 * x) - math.log(2.0), axis=-1)


# Probabilistic losses.


@kerata_export("kerata.losses.binary_crossentropy")
def binary_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """Binary cross-entropy, averaged over `axis`.

    Args:
        y_true: Targets in [0, 1], shape `(batch_size, d0, .. dN)`.
        y_pred: Probabilities, or logits with `from_logits=True`; same
            shape.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: In [0, 1]; targets move towards 0.5 by this much.
        axis: The axis to average over.

    Returns:
        Per-sample losses, shape `(batch_size, d0, .. dN-1)`.

    Example:

    >>> y = kerata.losses.binary_crossentropy([[1.0, 0.0]], [[0.5, 0.5]])
    >>> round(kerata.ops.convert_to_numpy(y).tolist()[0], 4)
    0.6931
    """
    y_true, y_pred = _prepare(y_true, y_pred, squeeze=False)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    y_true, y_pred = _broadcast_pair(y_true, y_pred)
    values = ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits)
    return ops.mean(values, axis=axis)


@kerata_export("kerata.losses.binary_focal_crossentropy")
def binary_focal_crossentropy(
    y_true: Any,
    y_pred: Any,
    apply_class_balancing: bool = False,
    alpha: float = 0.25,
    gamma: float = 2.0,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """Binary focal cross-entropy: cross-entropy scaled by
    `(1 - p_t) ** gamma`, which down-weights easy examples.

    Args:
        y_true: Targets in [0, 1], shape `(batch_size, d0, .. dN)`.
        y_pred: Probabilities, or logits with `from_logits=True`.
        apply_class_balancing: Whether to weight positives by `alpha` and
            negatives by `1 - alpha`.
        alpha: The class-balancing weight of positives.
        gamma: The focusing exponent; 0 gives plain cross-entropy.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: In [0, 1]; targets move towards 0.5 by this much.
        axis: The axis to average over.

    Returns:
        Per-sample losses, shape `(batch_size, d0, .. dN-1)`.

    Example:

    >>> y = kerata.losses.binary_focal_crossentropy([[1.0]], [[0.5]])
    >>> round(kerata.ops.convert_to_numpy(y).tolist()[0], 4)
    0.1733
    """
    y_true, y_pred = _prepare(y_true, y_pred, squeeze=False)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        y_pred = ops.sigmoid(y_pred)
    y_true, y_pred = _broadcast_pair(y_true, y_pred)
    bce = ops.binary_crossentropy(y_true, y_pred)
    p_t = y_true * y_pred + (1.0 - y_true) * (1.0 - y_pred)
    focal = ops.power(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal = (y_true * alpha + (1.0 - y_true) * (1.0 - alpha)) * focal
    return ops.mean(focal, axis=axis)


def _smooth_categorical(y_true: Any, label_smoothing: float, axis: int):
    if not label_smoothing:
        return y_true
    num_classes = y_true.shape[axis]
    return y_true * (1.0 - label_smoothing) + label_smoothing / num_classes


@kerata_export("kerata.losses.categorical_crossentropy")
def categorical_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """Categorical cross-entropy of one-hot (or soft) targets.

    Args:
        y_true: One-hot targets, shape `(batch_size, ..., num_classes)`.
        y_pred: Probabilities, or logits with `from_logits=True`; same
            shape.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: In [0, 1]; targets move towards
            `1 / num_classes` by this much.
        axis: The class axis.

    Returns:
        Per-sample losses: the shape of `y_pred` without `axis`.

    Example:

    >>> y_true = [[0.0, 1.0], [1.0, 0.0]]
    >>> y = kerata.losses.categorical_crossentropy(y_true, [[0.5, 0.5]] * 2)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [0.6931, 0.6931]
    """
    _check_axis(axis)
    y_true, y_pred = _prepare(y_true, y_pred, squeeze=False)
    y_true = _smooth_categorical(y_true, label_smoothing, axis)
    return ops.categorical_crossentropy(
        y_true, y_pred, from_logits=from_logits, axis=axis
    )


@kerata_export("kerata.losses.categorical_focal_crossentropy")
def categorical_focal_crossentropy(
    y_true: Any,
    y_pred: Any,
    alpha: float = 0.25,
    gamma: float = 2.0,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """Categorical focal cross-entropy: each class's cross-entropy term
    scaled by `alpha * (1 - p) ** gamma`.

    Args:
        y_true: One-hot targets, shape `(batch_size, ..., num_classes)`.
        y_pred: Probabilities, or logits with `from_logits=True`.
        alpha: Weight of every class's term.
        gamma: The focusing exponent.
        from_logits: Whether `y_pred` holds logits.
        label_smoothing: In [0, 1]; see `categorical_crossentropy`.
        axis: The class axis.

    Returns:
        Per-sample losses: the shape of `y_pred` without `axis`.

    Example:

    >>> y = kerata.losses.categorical_focal_crossentropy(
    ...     [[0.0, 1.0]], [[0.5, 0.5]]
    ... )
    >>> round(kerata.ops.convert_to_numpy(y).tolist()[0], 4)
    0.0433
    """
    _check_axis(axis)
    y_true, y_pred = _prepare(y_true, y_pred, squeeze=False)
    y_true = _smooth_categorical(y_true, label_smoothing, axis)
    if from_logits:
        y_pred = ops.softmax(y_pred, axis=axis)
    eps = backend.epsilon()
    output = y_pred / ops.sum(y_pred, axis=axis, keepdims=True)
    output = ops.clip(output, eps, 1.0 - eps)
    cce = -y_true * ops.log(output)
    focal = alpha * ops.power(1.0 - output, gamma) * cce
    return ops.sum(focal, axis=axis)


@kerata_export("kerata.losses.sparse_categorical_crossentropy")
def sparse_categorical_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    ignore_class: int | None = None,
    axis: int = -1,
) -> Any:
    """Categorical cross-entropy of integer class targets.

    Args:
        y_true: Class indices, the shape of `y_pred` without `axis` (a
            trailing axis of size 1 is accepted).
        y_pred: Probabilities, or logits with `from_logits=True`.
        from_logits: Whether `y_pred` holds logits.
        ignore_class: A class index whose targets get a loss of 0 and are
            masked out of the mean (e.g. padding); None ignores nothing.
        axis: The class axis.

    Returns:
        Per-sample losses: the shape of `y_pred` without `axis`.

    Example:

    >>> y_pred = [[0.5, 0.5], [0.25, 0.75]]
    >>> y = kerata.losses.sparse_categorical_crossentropy([0, 1], y_pred)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [0.6931, 0.2877]
    """
    y_pred = as_tensor(y_pred)
    y_true = _class_indices(as_tensor(y_true), y_pred, axis)
    if ignore_class is None:
        return ops.sparse_categorical_crossentropy(
            y_true, y_pred, from_logits=from_logits, axis=axis
        )
    valid = ops.not_equal(y_true, ignore_class)
    y_true = ops.where(valid, y_true, 0)
    # Ignored rows become uniform (not zeros, which would divide 0 by 0
    # when probabilities are renormalised); their loss is zeroed below.
    y_pred = ops.where(ops.expand_dims(valid, axis), y_pred, 1.0)
    values = ops.sparse_categorical_crossentropy(
        y_true, y_pred, from_logits=from_logits, axis=axis
    )
    values = ops.where(valid, values, 0.0)
    masking.set_keras_mask(values, valid)
    return values


def _class_indices(y_true: Any, y_pred: Any, axis: int) -> Any:
    """Integer targets without the size-1 class axis they may carry."""
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[axis] == 1:
        y_true = ops.squeeze(y_true, axis=axis)
    if dtype_name(y_true.dtype) not in dtypes.INT_TYPES:
        y_true = ops.cast(y_true, "int32")
    return y_true


def sparse_categorical_crossentropy_mean(
    y_true: Any, y_pred: Any, from_logits: bool = False, axis: int = -1
) -> Any:
    """The mean of `sparse_categorical_crossentropy` (no `ignore_class`)
    over all positions, reduced inside one backend kernel.

    For `Loss.__call__`'s unweighted, unmasked mean reductions of real
    tensors. Returns None where that kernel does not apply: the backend
    has none, an input has a zero-size axis (whose reduction returns
    the empty losses), or the dtype is not float32/float64 (half
    precision keeps its separate, float-accumulated mean).
    """
    if (
        not nn_losses.HAS_SPARSE_CROSSENTROPY_MEAN
        or not backend.is_tensor(y_pred)
        or 0 in y_pred.shape
    ):
        return None
    if dtype_name(y_pred.dtype) not in _FUSED_DTYPES:
        return None
    y_true = _class_indices(as_tensor(y_true), y_pred, axis)
    return nn_losses.sparse_categorical_crossentropy_mean(
        y_true, y_pred, from_logits=from_logits, axis=axis
    )


_FUSED_DTYPES = ("float32", "float64")


# Hinge losses.


def _to_signed_labels(y_true: Any) -> Any:
    """Maps {0, 1} labels to {-1, 1}; other labels are left as they are."""
    is_binary = ops.all(
        ops.logical_or(ops.equal(y_true, 0.0), ops.equal(y_true, 1.0))
    )
    return ops.where(is_binary, 2.0 * y_true - 1.0, y_true)


@kerata_export("kerata.losses.hinge")
def hinge(y_true: Any, y_pred: Any) -> Any:
    """Mean of `maximum(1 - y_true * y_pred, 0)` over the last axis.

    Args:
        y_true: Labels in {-1, 1}; labels in {0, 1} are mapped to {-1, 1}.
        y_pred: Predicted scores, same shape.

    Returns:
        Per-sample losses, shape `(batch_size, d0, .. dN-1)`.

    Example:

    >>> y = kerata.losses.hinge([[1.0, 0.0]], [[0.5, 0.5]])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1.0]
    """
    y_true, y_pred = _prepare(y_true, y_pred, squeeze=False)
    y_true = _to_signed_labels(y_true)
    return ops.mean(ops.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


@kerata_export("kerata.losses.squared_hinge")
def squared_hinge(y_true: Any, y_pred: Any) -> Any:
    """Mean of `square(maximum(1 - y_true * y_pred, 0))` over the last
    axis.

    Args:
        y_true: Labels in {-1, 1}; labels in {0, 1} are mapped to {-1, 1}.
        y_pred: Predicted scores, same shape.

    Returns:
        Per-sample losses, shape `(batch_size, d0, .. dN-1)`.

    Example:

    >>> y = kerata.losses.squared_hinge([[1.0, 0.0]], [[0.5, 0.5]])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1.25]
    """
    y_true, y_pred = _prepare(y_true, y_pred, squeeze=False)
    y_true = _to_signed_labels(y_true)
    margin = ops.maximum(1.0 - y_true * y_pred, 0.0)
    return ops.mean(ops.square(margin), axis=-1)


@kerata_export("kerata.losses.categorical_hinge")
def categorical_hinge(y_true: Any, y_pred: Any) -> Any:
    """`maximum(neg - pos + 1, 0)`, where `pos` is the score of the true
    class and `neg` the best score of the other classes.

    Args:
        y_true: One-hot targets, shape `(batch_size, ..., num_classes)`.
        y_pred: Predicted scores, same shape.

    Returns:
        Per-sample losses: the shape of `y_pred` without the last axis.

    Example:

    >>> y = kerata.losses.categorical_hinge([[0.0, 1.0]], [[0.75, 0.5]])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1.25]
    """
    y_true, y_pred = _prepare(y_true, y_pred, squeeze=False)
    pos = ops.sum(y_true * y_pred, axis=-1)
    neg = ops.max((1.0 - y_true) * y_pred, axis=-1)
    return ops.maximum(neg - pos + 1.0, 0.0)


@kerata_export("kerata.losses.kl_divergence")
def kl_divergence(y_true: Any, y_pred: Any) -> Any:
    """Kullback-Leibler divergence `sum(y_true * log(y_true / y_pred))`
    over the last axis; both are clipped to `[epsilon, 1]` first.

    Args:
        y_true: Target distributions, shape `(batch_size, ..., classes)`.
        y_pred: Predicted distributions, same shape.

    Returns:
        Per-sample losses: the shape of `y_pred` without the last axis.

    Example:

    >>> y = kerata.losses.kl_divergence([[0.5, 0.5]], [[0.25, 0.75]])
    >>> round(kerata.ops.convert_to_numpy(y).tolist()[0], 4)
    0.1438
    """
    y_true, y_pred = _prepare(y_true, y_pred, squeeze=False)
    eps = backend.epsilon()
    y_true = ops.clip(y_true, eps, 1.0)
    y_pred = ops.clip(y_pred, eps, 1.0)
    return ops.sum(y_true * ops.log(y_true / y_pred), axis=-1)


@kerata_export("kerata.losses.poisson")
def poisson(y_true: Any, y_pred: Any) -> Any:
    """Poisson loss: mean of `y_pred - y_true * log(y_pred + epsilon)`
    over the last axis.

    Args:
        y_true: Observed counts, shape `(batch_size, d0, .. dN)`.
        y_pred: Predicted rates, same shape.

    Returns:
        Per-sample losses, shape `(batch_size, d0, .. dN-1)`.

    Example:

    >>> y = kerata.losses.poisson([[0.0, 1.0]], [[1.0, 1.0]])
    >>> round(kerata.ops.convert_to_numpy(y).tolist()[0], 4)
    1.0
    """
    y_true, y_pred = _prepare(y_true, y_pred, squeeze=False)
    log_pred = ops.log(y_pred + backend.epsilon())
    return ops.mean(y_pred - y_true * log_pred, axis=-1)


@kerata_export("kerata.losses.cosine_similarity")
def cosine_similarity(y_true: Any, y_pred: Any, axis: int = -1) -> Any:
    """Negative cosine similarity along `axis`: -1 when the vectors point
    the same way, 1 when opposite, 0 when orthogonal or zero.

    Args:
        y_true: Target vectors.
        y_pred: Predicted vectors, same shape.
        axis: The axis the vectors lie along.

    Returns:
        Per-sample losses: the shape of `y_pred` without `axis`.

    Example:

    >>> y = kerata.losses.cosine_similarity([[1.0, 0.0]], [[2.0, 0.0]])
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [-1.0]
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = ops.normalize(y_true, axis=axis)
    y_pred = ops.normalize(y_pred, axis=axis)
    return -ops.sum(y_true * y_pred, axis=axis)


@kerata_export("kerata.losses.dice")
def dice(y_true: Any, y_pred: Any, axis: Any = None) -> Any:
    """Dice loss `1 - 2 * sum(y_true * y_pred) / (sum(y_true) +
    sum(y_pred))`, for segmentation masks.

    Args:
        y_true: Target masks.
        y_pred: Predicted masks, same shape.
        axis: Axes to sum over; None sums over everything (one number).

    Returns:
        The loss, with `axis` reduced.

    Example:

    >>> y = kerata.losses.dice([[1.0, 0.0]], [[1.0, 1.0]])
    >>> round(float(y), 4)
    0.3333
    """
    y_true, y_pred = _prepare(y_true, y_pred, squeeze=False)
    intersection = ops.sum(y_true * y_pred, axis=axis)
    total = ops.sum(y_true, axis=axis) + ops.sum(y_pred, axis=axis)
    return 1.0 - 2.0 * intersection / (total + backend.epsilon())


@kerata_export("kerata.losses.tversky")
def tversky(
    y_true: Any,
    y_pred: Any,
    alpha: float = 0.5,
    beta: float = 0.5,
    axis: Any = None,
) -> Any:
    """Tversky loss: Dice with separate weights on false positives
    (`alpha`) and false negatives (`beta`); `alpha = beta = 0.5` is Dice.

    Args:
        y_true: Target masks.
        y_pred: Predicted masks, same shape.
        alpha: Weight of the false positives.
        beta: Weight of the false negatives.
        axis: Axes to sum over; None sums over everything (one number).

    Returns:
        The loss, with `axis` reduced.

    Example:

    >>> y = kerata.losses.tversky([[1.0, 0.0]], [[1.0, 1.0]])
    >>> round(float(y), 4)
    0.3333
    """
    y_true, y_pred = _prepare(y_true, y_pred, squeeze=False)
    intersection = ops.sum(y_true * y_pred, axis=axis)
    # Keras's convention, kept for parity: `fp` weighs where the target
    # is 1 and the prediction 0, `fn` the reverse.
    fp = ops.sum((1.0 - y_pred) * y_true, axis=axis)
    fn = ops.sum(y_pred * (1.0 - y_true), axis=axis)
    denominator = intersection + alpha * fp + beta * fn + backend.epsilon()
    return 1.0 - intersection / denominator


# Metric-learning and noise-robust losses.


def _pair_masks(labels: Any, ref_labels: Any, remove_diagonal: bool) -> tuple:
    """`(same_label, other_label)` boolean masks, `(n, n_ref)`."""
    labels = ops.reshape(labels, (-1, 1))  # (n, 1)
    ref_labels = ops.reshape(ref_labels, (1, -1))  # (1, n_ref)
    positive = ops.equal(labels, ref_labels)  # (n, n_ref)
    negative = ops.logical_not(positive)
    if remove_diagonal:
        n, n_ref = positive.shape
        positive = ops.logical_and(
            positive, ops.logical_not(ops.eye(n, n_ref, dtype="bool"))
        )
    return positive, negative


@kerata_export("kerata.losses.circle")
def circle(
    y_true: Any,
    y_pred: Any,
    ref_labels: Any = None,
    ref_embeddings: Any = None,
    remove_diagonal: bool = True,
    gamma: float = 80,
    margin: float = 0.4,
) -> Any:
    """Circle loss (Sun et al., 2020) over L2-normalized embeddings.

    Every pair of a sample and a reference is scored by cosine distance
    `d`. Same-label pairs should have `d` near 0 and other pairs near 1;
    each pair is weighted by how far it is from that optimum (beyond the
    `margin`), so the worst pairs dominate. Samples with no same-label
    reference, or no loss, are masked out of the reduction.

    Args:
        y_true: Integer labels, shape `(batch_size,)`.
        y_pred: L2-normalized embeddings, shape `(batch_size, dim)`.
        ref_labels: Labels of the references; None means `y_true`.
        ref_embeddings: Reference embeddings, `(n_ref, dim)`; None means
            `y_pred` (pairs within the batch).
        remove_diagonal: Whether a sample's pair with itself (the
            diagonal) is left out of the same-label pairs.
        gamma: Scale of the pair scores (the loss's sharpness).
        margin: Relaxation of the optima and decision margins.

    Returns:
        Per-sample losses, shape `(batch_size,)`.

    Example:

    >>> y = kerata.losses.circle(
    ...     [0, 0, 1], [[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]], gamma=1.0)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [0.6163, 0.9617, 0.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(y_true, "int32")
    ref_embeddings = (
        y_pred
        if ref_embeddings is None
        else ops.cast(ref_embeddings, y_pred.dtype)
    )
    ref_labels = y_true if ref_labels is None else ops.cast(ref_labels, "int32")
    # (batch_size, n_ref) cosine distances of unit vectors, clipped at 0.
    distances = ops.maximum(
        1.0 - ops.matmul(y_pred, ops.transpose(ref_embeddings)), 0.0
    )
    positive, negative = _pair_masks(y_true, ref_labels, remove_diagonal)
    dtype = distances.dtype
    pos_weights = ops.maximum(
        (margin + distances) * ops.cast(positive, dtype), 0
    )
    neg_weights = ops.maximum(
        (1.0 + margin - distances) * ops.cast(negative, dtype), 0
    )
    pos_scores = -gamma * pos_weights * (margin - distances)
    neg_scores = gamma * neg_weights * (1.0 - margin - distances)
    no_pair = float("-inf")
    pos_loss = ops.logsumexp(ops.where(positive, pos_scores, no_pair), axis=1)
    neg_loss = ops.logsumexp(ops.where(negative, neg_scores, no_pair), axis=1)
    losses = ops.softplus(pos_loss + neg_loss)
    masking.set_keras_mask(losses, losses > 0)
    return losses


@kerata_export("kerata.losses.categorical_generalized_cross_entropy")
def categorical_generalized_cross_entropy(
    y_true: Any, y_pred: Any, q: float
) -> Any:
    """Generalized cross entropy (Zhang & Sabuncu, 2018): `(1 - p**q) / q`.

    `p` is the probability predicted for the true class. As `q` goes to 0
    the loss tends to cross entropy; at `q = 1` it is the mean absolute
    error, which noisy labels sway less.

    Args:
        y_true: Integer class indices, shape `(batch_size,)` or
            `(batch_size, 1)`.
        y_pred: Class probabilities, shape `(batch_size, num_classes)`.
        q: Float in `(0, 1)`.

    Returns:
        Per-sample losses, shape `(batch_size,)`.

    Example:

    >>> y = kerata.losses.categorical_generalized_cross_entropy(
    ...     [1, 0], [[0.75, 0.25], [0.36, 0.64]], q=0.5)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(y).tolist()]
    [1.0, 0.8]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    labels = ops.reshape(ops.cast(y_true, "int32"), (-1,))
    one_hot = ops.one_hot(labels, y_pred.shape[-1], dtype=y_pred.dtype)
    p = ops.sum(y_pred * one_hot, axis=-1)
    return (1.0 - ops.power(p, q)) / q
