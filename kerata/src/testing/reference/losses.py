"""Plain-NumPy references for `kerata.losses` (no kerata imports).

Each function returns per-sample losses in float64, like the matching
`kerata.losses` function; `reduce` applies a `Loss` reduction.
"""

import numpy as np

EPSILON = 1e-7


def _f64(*arrays):
    return [np.asarray(a, dtype="float64") for a in arrays]


def mean_squared_error(y_true, y_pred):
    t, p = _f64(y_true, y_pred)
    return np.mean((t - p) ** 2, axis=-1)


def mean_absolute_error(y_true, y_pred):
    t, p = _f64(y_true, y_pred)
    return np.mean(np.abs(t - p), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    t, p = _f64(y_true, y_pred)
    return 100 * np.mean(np.abs(t - p) / np.maximum(np.abs(t), EPSILON), -1)


def mean_squared_logarithmic_error(y_true, y_pred):
    t, p = _f64(y_true, y_pred)
    first = np.log1p(np.maximum(p, EPSILON))
    second = np.log1p(np.maximum(t, EPSILON))
    return np.mean((first - second) ** 2, axis=-1)


def huber(y_true, y_pred, delta=1.0):
    t, p = _f64(y_true, y_pred)
    e = np.abs(p - t)
    out = np.where(e <= delta, 0.5 * e**2, delta * e - 0.5 * delta**2)
    return np.mean(out, axis=-1)


def log_cosh(y_true, y_pred):
    t, p = _f64(y_true, y_pred)
    return np.mean(np.log(np.cosh(p - t)), axis=-1)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _bce(t, p):
    p = np.clip(p, EPSILON, 1 - EPSILON)
    return -(t * np.log(p) + (1 - t) * np.log(1 - p))


def binary_crossentropy(
    y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1
):
    t, p = _f64(y_true, y_pred)
    t = t * (1 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        # The exact formula, not the clipped one: logits are not clipped.
        out = np.maximum(p, 0) - p * t + np.log1p(np.exp(-np.abs(p)))
    else:
        out = _bce(t, p)
    return np.mean(out, axis=axis)


def binary_focal_crossentropy(
    y_true,
    y_pred,
    apply_class_balancing=False,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    t, p = _f64(y_true, y_pred)
    t = t * (1 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        p = _sigmoid(p)
    p_t = t * p + (1 - t) * (1 - p)
    out = (1 - p_t) ** gamma * _bce(t, p)
    if apply_class_balancing:
        out = (t * alpha + (1 - t) * (1 - alpha)) * out
    return np.mean(out, axis=axis)


def _probabilities(p, from_logits, axis):
    if from_logits:
        return _softmax(p, axis)
    p = p / p.sum(axis=axis, keepdims=True)
    return np.clip(p, EPSILON, 1 - EPSILON)


def categorical_crossentropy(
    y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1
):
    t, p = _f64(y_true, y_pred)
    t = t * (1 - label_smoothing) + label_smoothing / t.shape[axis]
    return -np.sum(t * np.log(_probabilities(p, from_logits, axis)), axis)


def categorical_focal_crossentropy(
    y_true,
    y_pred,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    t, p = _f64(y_true, y_pred)
    t = t * (1 - label_smoothing) + label_smoothing / t.shape[axis]
    if from_logits:
        p = _softmax(p, axis)
    p = np.clip(p / p.sum(axis=axis, keepdims=True), EPSILON, 1 - EPSILON)
    return np.sum(alpha * (1 - p) ** gamma * -t * np.log(p), axis=axis)


def sparse_categorical_crossentropy(
    y_true, y_pred, from_logits=False, ignore_class=None, axis=-1
):
    (p,) = _f64(y_pred)
    labels = np.asarray(y_true).astype("int64")
    if labels.ndim == p.ndim:
        labels = np.squeeze(labels, axis)
    p = np.moveaxis(p, axis, -1)
    valid = np.ones(labels.shape, bool)
    if ignore_class is not None:
        valid = labels != ignore_class
    safe = np.where(valid, labels, 0)
    probs = _probabilities(p, from_logits, -1)
    picked = np.take_along_axis(probs, safe[..., None], axis=-1)[..., 0]
    return np.where(valid, -np.log(picked), 0.0), valid


def _signed(t):
    if np.all((t == 0) | (t == 1)):
        return 2 * t - 1
    return t


def hinge(y_true, y_pred):
    t, p = _f64(y_true, y_pred)
    return np.mean(np.maximum(1 - _signed(t) * p, 0), axis=-1)


def squared_hinge(y_true, y_pred):
    t, p = _f64(y_true, y_pred)
    return np.mean(np.maximum(1 - _signed(t) * p, 0) ** 2, axis=-1)


def categorical_hinge(y_true, y_pred):
    t, p = _f64(y_true, y_pred)
    pos = np.sum(t * p, axis=-1)
    neg = np.max((1 - t) * p, axis=-1)
    return np.maximum(neg - pos + 1, 0)


def kl_divergence(y_true, y_pred):
    t, p = _f64(y_true, y_pred)
    t = np.clip(t, EPSILON, 1)
    p = np.clip(p, EPSILON, 1)
    return np.sum(t * np.log(t / p), axis=-1)


def poisson(y_true, y_pred):
    t, p = _f64(y_true, y_pred)
    return np.mean(p - t * np.log(p + EPSILON), axis=-1)


def cosine_similarity(y_true, y_pred, axis=-1):
    t, p = _f64(y_true, y_pred)
    t = t / np.maximum(np.linalg.norm(t, axis=axis, keepdims=True), 1e-12)
    p = p / np.maximum(np.linalg.norm(p, axis=axis, keepdims=True), 1e-12)
    return -np.sum(t * p, axis=axis)


def dice(y_true, y_pred, axis=None):
    t, p = _f64(y_true, y_pred)
    inter = np.sum(t * p, axis=axis)
    return 1 - 2 * inter / (
        np.sum(t, axis=axis) + np.sum(p, axis=axis) + EPSILON
    )


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    t, p = _f64(y_true, y_pred)
    inter = np.sum(t * p, axis=axis)
    misses = np.sum(t * (1 - p), axis=axis)
    extras = np.sum(p * (1 - t), axis=axis)
    return 1 - inter / (inter + alpha * misses + beta * extras + EPSILON)


def reduce(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Weights `values` (broadcasting `sample_weight` from the left) and
    reduces them as a `Loss` with `reduction` does."""
    values = np.asarray(values, dtype="float64")
    weight = None
    if sample_weight is not None:
        weight = np.asarray(sample_weight, dtype="float64")
        weight = weight.reshape(
            weight.shape + (1,) * (values.ndim - weight.ndim)
        )
        values = values * weight
    if reduction in (None, "none") or values.ndim == 0:
        return values
    total = values.sum()
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and weight is not None:
        return total / weight.sum()
    return total / values.size
