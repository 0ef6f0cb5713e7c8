"""Plain-NumPy activation functions, the oracle for kerata's activations.

Imports nothing from kerata. Each function computes in float64 and returns
the input's float dtype, so float32 results can be compared at their own
precision; overflow to inf is allowed silently, as in the frameworks.
"""

from __future__ import annotations

import math

import numpy as np

SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805


def _wrap(fn):
    def wrapped(x, *args, **kwargs):
        x = np.asarray(x)
        dtype = x.dtype if x.dtype.kind == "f" else np.dtype("float32")
        with np.errstate(all="ignore"):
            out = fn(x.astype("float64"), *args, **kwargs)
            return np.asarray(out).astype(dtype)

    wrapped.__name__ = fn.__name__
    return wrapped


@_wrap
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    out = np.where(x > threshold, x, 0.0) if threshold else np.maximum(x, 0)
    if max_value is not None:
        out = np.clip(out, 0.0, max_value)
    if negative_slope:
        out = np.where(x < threshold, negative_slope * (x - threshold), out)
    return out


@_wrap
def relu6(x):
    return np.clip(x, 0.0, 6.0)


@_wrap
def leaky_relu(x, negative_slope=0.2):
    return np.where(x >= 0, x, negative_slope * x)


@_wrap
def elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))


@_wrap
def selu(x):
    negative = SELU_ALPHA * np.expm1(np.minimum(x, 0))
    return SELU_SCALE * np.where(x > 0, x, negative)


@_wrap
def gelu(x, approximate=False):
    if approximate:
        inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)
        return 0.5 * x * (1.0 + np.tanh(inner))
    erf = np.vectorize(math.erf, otypes=["float64"])
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


@_wrap
def celu(x, alpha=1.0):
    return np.maximum(x, 0) + alpha * np.expm1(np.minimum(x, 0) / alpha)


def _sigmoid64(x):
    # exp of a non-positive number never overflows.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softplus64(x):
    return np.logaddexp(0.0, x)


@_wrap
def glu(x, axis=-1):
    a, b = np.split(x, 2, axis=axis)
    return a * _sigmoid64(b)


@_wrap
def silu(x):
    return x * _sigmoid64(x)


@_wrap
def mish(x):
    return x * np.tanh(_softplus64(x))


@_wrap
def softplus(x):
    return _softplus64(x)


@_wrap
def softsign(x):
    return x / (1.0 + np.abs(x))


@_wrap
def sigmoid(x):
    return _sigmoid64(x)


def _hard_sigmoid64(x):
    return np.clip(x / 6.0 + 0.5, 0.0, 1.0)


@_wrap
def hard_sigmoid(x):
    return _hard_sigmoid64(x)


@_wrap
def hard_silu(x):
    return x * _hard_sigmoid64(x)


@_wrap
def tanh(x):
    return np.tanh(x)


@_wrap
def tanh_shrink(x):
    return x - np.tanh(x)


@_wrap
def hard_tanh(x):
    return np.clip(x, -1.0, 1.0)


@_wrap
def hard_shrink(x, threshold=0.5):
    return np.where(np.abs(x) > threshold, x, 0.0)


@_wrap
def soft_shrink(x, threshold=0.5):
    return np.sign(x) * np.maximum(np.abs(x) - threshold, 0.0)


@_wrap
def squareplus(x, b=4):
    return 0.5 * (x + np.sqrt(x * x + b))


@_wrap
def sparse_plus(x):
    middle = 0.25 * (x + 1.0) ** 2
    return np.where(x <= -1.0, 0.0, np.where(x >= 1.0, x, middle))


@_wrap
def sparse_sigmoid(x):
    return np.clip(0.5 * (x + 1.0), 0.0, 1.0)


@_wrap
def sparsemax(x, axis=-1):
    # Euclidean projection onto the simplex (Martins & Astudillo, 2016).
    z = np.moveaxis(x, axis, -1)
    z_sorted = -np.sort(-z, axis=-1)
    k = np.arange(1, z.shape[-1] + 1, dtype="float64")
    cumsum = np.cumsum(z_sorted, axis=-1)
    support = 1.0 + k * z_sorted > cumsum
    k_z = np.sum(support, axis=-1, keepdims=True)
    tau = (np.take_along_axis(cumsum, k_z - 1, axis=-1) - 1.0) / k_z
    return np.moveaxis(np.maximum(z - tau, 0.0), -1, axis)


@_wrap
def threshold(x, threshold, default_value):
    return np.where(x > threshold, x, default_value)


@_wrap
def exponential(x):
    return np.exp(x)


@_wrap
def linear(x):
    return x


@_wrap
def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


@_wrap
def log_softmax(x, axis=-1):
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


@_wrap
def log_sigmoid(x):
    return -_softplus64(-x)
