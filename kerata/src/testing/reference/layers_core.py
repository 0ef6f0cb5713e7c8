"""Plain-NumPy references for the core, activation, merging and reshaping
layers. Imports nothing from kerata, so a backend bug cannot hide here."""

from __future__ import annotations

import numpy as np


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Keras's ReLU: `x` above `threshold` (else 0), clipped to
    `[0, max_value]` when capped, minus `negative_slope` times how far
    `x` is below `threshold`."""
    x = np.asarray(x)
    out = np.where(x > threshold, x, 0.0)
    if max_value is not None:
        out = np.clip(out, 0.0, max_value)
    out = out - negative_slope * np.maximum(threshold - x, 0.0)
    return out.astype(x.dtype)


def leaky_relu(x, negative_slope=0.3):
    x = np.asarray(x)
    return np.where(x >= 0, x, negative_slope * x).astype(x.dtype)


def elu(x, alpha=1.0):
    x = np.asarray(x)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))).astype(
        x.dtype
    )


def prelu(x, alpha):
    x = np.asarray(x)
    return np.where(x >= 0, x, alpha * x).astype(x.dtype)


def softmax(x, axis=-1, mask=None):
    x = np.asarray(x, dtype="float64")
    if mask is not None:
        x = np.where(mask, x, -1e9)
    z = np.exp(x - np.max(x, axis=axis, keepdims=True))
    out = z / np.sum(z, axis=axis, keepdims=True)
    if mask is not None:
        out = np.where(mask, out, 0.0)
    return out


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype="float64")))


ACTIVATIONS = {
    None: lambda x: x,
    "linear": lambda x: x,
    "relu": relu,
    "tanh": np.tanh,
    "sigmoid": sigmoid,
    "softmax": softmax,
    "elu": elu,
}


def dense(x, kernel, bias=None, activation=None):
    out = np.asarray(x, dtype="float64") @ np.asarray(kernel, dtype="float64")
    if bias is not None:
        out = out + bias
    return ACTIVATIONS[activation](out)


def einsum_dense(equation, x, kernel, bias=None):
    out = np.einsum(equation, np.asarray(x, "float64"), kernel)
    return out if bias is None else out + bias


def embedding(indices, embeddings):
    return np.asarray(embeddings)[np.asarray(indices)]


def masking(x, mask_value=0.0):
    """Returns `(outputs, mask)` of a Masking layer."""
    x = np.asarray(x)
    mask = np.any(x != mask_value, axis=-1)
    return x * mask[..., None].astype(x.dtype), mask


def flatten(x, data_format="channels_last"):
    x = np.asarray(x)
    if data_format == "channels_first" and x.ndim > 2:
        x = np.moveaxis(x, 1, -1)
    return x.reshape(x.shape[0], -1)


def reshape(x, target_shape):
    x = np.asarray(x)
    return x.reshape((x.shape[0],) + tuple(target_shape))


def permute(x, dims):
    return np.transpose(np.asarray(x), (0,) + tuple(dims))


def repeat_vector(x, n):
    return np.repeat(np.asarray(x)[:, None, :], n, axis=1)


def _same_rank(xs):
    rank = max(np.ndim(x) for x in xs)
    out = []
    for x in xs:
        x = np.asarray(x)
        while x.ndim < rank:
            x = np.expand_dims(x, 1)
        out.append(x)
    return out


def add(xs):
    return sum(_same_rank(xs)[1:], _same_rank(xs)[0])


def subtract(xs):
    a, b = _same_rank(xs)
    return a - b


def multiply(xs):
    out = 1
    for x in _same_rank(xs):
        out = out * x
    return out


def average(xs):
    return add(xs) / len(xs)


def maximum(xs):
    return np.maximum.reduce(np.broadcast_arrays(*_same_rank(xs)))


def minimum(xs):
    return np.minimum.reduce(np.broadcast_arrays(*_same_rank(xs)))


def concatenate(xs, axis=-1):
    return np.concatenate([np.asarray(x) for x in xs], axis=axis)


def _l2_normalize(x, axis):
    norm = np.sqrt(np.sum(np.square(x), axis=axis, keepdims=True))
    return x / np.maximum(norm, 1e-12)


def dot(x, y, axes, normalize=False):
    """Batched dot product of a Dot layer, sample by sample."""
    x = np.asarray(x, dtype="float64")
    y = np.asarray(y, dtype="float64")
    if isinstance(axes, int):
        axes = (axes, axes)
    ax, ay = axes[0] % x.ndim, axes[1] % y.ndim
    if normalize:
        x, y = _l2_normalize(x, ax), _l2_normalize(y, ay)
    out = np.stack(
        [np.tensordot(xb, yb, axes=(ax - 1, ay - 1)) for xb, yb in zip(x, y)]
    )
    return out.reshape(len(x), 1) if out.ndim == 1 else out
