"""Plain-NumPy references for `kerata.ops.nn`, for tests only.

Nothing here imports kerata: a backend bug cannot hide in its own oracle.
Everything is computed in float64, with the most direct algorithm (loops
over kernel taps, scatter for transposed convolutions) rather than the
tricks the backends use. Images are channels_last unless `data_format`
says otherwise; kernels use Keras's layouts.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

EPSILON = 1e-7


def _f64(x):
    return np.asarray(x, dtype="float64")


# --- activations --------------------------------------------------------
def relu(x):
    return np.maximum(_f64(x), 0.0)


def relu6(x):
    return np.clip(_f64(x), 0.0, 6.0)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-_f64(x)))


def sparse_sigmoid(x):
    return np.clip((_f64(x) + 1.0) / 2.0, 0.0, 1.0)


def softplus(x):
    return np.logaddexp(0.0, _f64(x))


def softsign(x):
    x = _f64(x)
    return x / (1.0 + np.abs(x))


def silu(x):
    return _f64(x) * sigmoid(x)


def log_sigmoid(x):
    return -softplus(-_f64(x))


def leaky_relu(x, negative_slope=0.2):
    x = _f64(x)
    return np.where(x >= 0, x, negative_slope * x)


def hard_sigmoid(x):
    return np.clip(_f64(x) / 6.0 + 0.5, 0.0, 1.0)


def hard_silu(x):
    return _f64(x) * hard_sigmoid(x)


def elu(x, alpha=1.0):
    x = _f64(x)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def selu(x):
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    return scale * elu(x, alpha)


def gelu(x, approximate=True):
    x = _f64(x)
    if approximate:
        inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)
        return 0.5 * x * (1.0 + np.tanh(inner))
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def celu(x, alpha=1.0):
    x = _f64(x)
    return np.maximum(x, 0.0) + np.minimum(
        0.0, alpha * np.expm1(np.minimum(x, 0.0) / alpha)
    )


def glu(x, axis=-1):
    a, b = np.split(_f64(x), 2, axis=axis)
    return a * sigmoid(b)


def tanh_shrink(x):
    x = _f64(x)
    return x - np.tanh(x)


def hard_tanh(x):
    return np.clip(_f64(x), -1.0, 1.0)


def soft_shrink(x, threshold=0.5):
    x = _f64(x)
    return np.sign(x) * np.maximum(np.abs(x) - threshold, 0.0)


def hard_shrink(x, threshold=0.5):
    x = _f64(x)
    return np.where(np.abs(x) > threshold, x, 0.0)


def squareplus(x, b=4):
    x = _f64(x)
    return (x + np.sqrt(x * x + b)) / 2.0


def sparse_plus(x):
    x = _f64(x)
    middle = (x + 1.0) ** 2 / 4.0
    return np.where(x <= -1.0, 0.0, np.where(x >= 1.0, x, middle))


def threshold(x, threshold, default_value):
    x = _f64(x)
    return np.where(x > threshold, x, default_value)


def softmax(x, axis=-1):
    x = _f64(x)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(x, axis=-1):
    x = _f64(x)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def sparsemax(x, axis=-1):
    """Euclidean projection of each slice onto the probability simplex,
    by bisection on the threshold `tau` (sum(max(x - tau, 0)) == 1)."""
    x = np.moveaxis(_f64(x), axis, -1)
    low = np.max(x, axis=-1, keepdims=True) - 1.0
    high = np.max(x, axis=-1, keepdims=True)
    for _ in range(200):
        tau = (low + high) / 2.0
        total = np.sum(np.maximum(x - tau, 0.0), axis=-1, keepdims=True)
        low = np.where(total > 1.0, tau, low)
        high = np.where(total > 1.0, high, tau)
    return np.moveaxis(np.maximum(x - (low + high) / 2.0, 0.0), -1, axis)


# --- convolution and pooling -------------------------------------------
def _tuple(value, n):
    if isinstance(value, int):
        return (value,) * n
    return tuple(value)


def _to_last(x, data_format):
    if data_format == "channels_first":
        return np.moveaxis(x, 1, -1)
    return x


def _from_last(x, data_format):
    if data_format == "channels_first":
        return np.moveaxis(x, -1, 1)
    return x


def _pads(padding, size, window, stride, dilation):
    """(before, after) padding of one spatial axis, TensorFlow's rule."""
    span = (window - 1) * dilation + 1
    if padding == "valid":
        return 0, 0
    if padding == "causal":
        return span - 1, 0
    out = -(-size // stride)
    total = max((out - 1) * stride + span - size, 0)
    return total // 2, total - total // 2


def conv(
    x,
    kernel,
    strides=1,
    padding="valid",
    data_format="channels_last",
    dilation_rate=1,
):
    """N-d convolution (cross-correlation); kernel (*k, in/groups, out)."""
    x = _to_last(_f64(x), data_format)
    kernel = _f64(kernel)
    n = x.ndim - 2
    window = kernel.shape[:n]
    strides = _tuple(strides, n)
    dilation = _tuple(dilation_rate, n)
    pads = [
        _pads(padding, x.shape[1 + i], window[i], strides[i], dilation[i])
        for i in range(n)
    ]
    x = np.pad(x, [(0, 0), *pads, (0, 0)])
    out_size = [
        (x.shape[1 + i] - (window[i] - 1) * dilation[i] - 1) // strides[i] + 1
        for i in range(n)
    ]
    in_per_group = kernel.shape[-2]
    groups = x.shape[-1] // in_per_group
    out_per_group = kernel.shape[-1] // groups
    out = np.zeros((x.shape[0], *out_size, kernel.shape[-1]))
    for tap in itertools.product(*(range(w) for w in window)):
        index = tuple(
            slice(
                tap[i] * dilation[i],
                tap[i] * dilation[i] + (out_size[i] - 1) * strides[i] + 1,
                strides[i],
            )
            for i in range(n)
        )
        patch = x[(slice(None), *index)]  # (batch, *out_size, in)
        for g in range(groups):
            cin = slice(g * in_per_group, (g + 1) * in_per_group)
            cout = slice(g * out_per_group, (g + 1) * out_per_group)
            out[..., cout] += patch[..., cin] @ kernel[tap][:, cout]
    return _from_last(out, data_format)


def depthwise_conv(
    x,
    kernel,
    strides=1,
    padding="valid",
    data_format="channels_last",
    dilation_rate=1,
):
    """Depthwise convolution; kernel (*k, in, multiplier). Output channel
    `c * multiplier + m` is channel `c` filtered by `kernel[..., c, m]`."""
    x = _to_last(_f64(x), data_format)
    kernel = _f64(kernel)
    channels, multiplier = kernel.shape[-2:]
    outputs = []
    for c in range(channels):
        for m in range(multiplier):
            k = kernel[..., c : c + 1, m : m + 1]
            y = conv(
                x[..., c : c + 1],
                k,
                strides,
                padding,
                "channels_last",
                dilation_rate,
            )
            outputs.append(y)
    return _from_last(np.concatenate(outputs, axis=-1), data_format)


def separable_conv(
    x,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format="channels_last",
    dilation_rate=1,
):
    y = depthwise_conv(
        x, depthwise_kernel, strides, padding, data_format, dilation_rate
    )
    return conv(y, pointwise_kernel, 1, "valid", data_format)


def conv_transpose_pads(size, stride, dilation, padding, output_padding):
    """Keras's (left, right) padding of the stride-dilated input for one
    axis of a transposed convolution, seen as a stride-1 convolution."""
    span = (size - 1) * dilation + 1
    if padding == "valid":
        if output_padding is None:
            output_padding = max(span, stride) - span
        return span - 1, span - 1 + output_padding
    if output_padding is None:
        total = stride + span - 2
    else:
        total = span + span % 2 - 2 + output_padding
    left = min(total // 2 + total % 2, span - 1)
    return left, total - left


def conv_transpose(
    x,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format="channels_last",
    dilation_rate=1,
):
    """Transposed convolution; kernel (*k, out, in). Each input position
    scatters `x[i] @ kernel[tap].T` to output `i * stride + tap * dilation`
    of the full output, which is then cropped as Keras pads."""
    x = _to_last(_f64(x), data_format)
    kernel = _f64(kernel)
    n = x.ndim - 2
    window = kernel.shape[:n]
    strides = _tuple(strides, n)
    dilation = _tuple(dilation_rate, n)
    if output_padding is None or isinstance(output_padding, int):
        output_padding = (output_padding,) * n
    sizes = x.shape[1:-1]
    spans = [(window[i] - 1) * dilation[i] + 1 for i in range(n)]
    full = [(sizes[i] - 1) * strides[i] + spans[i] for i in range(n)]
    out = np.zeros((x.shape[0], *full, kernel.shape[-2]))
    for tap in itertools.product(*(range(w) for w in window)):
        index = tuple(
            slice(
                tap[i] * dilation[i],
                tap[i] * dilation[i] + (sizes[i] - 1) * strides[i] + 1,
                strides[i],
            )
            for i in range(n)
        )
        out[(slice(None), *index)] += x @ kernel[tap].T
    for i in range(n):
        left, right = conv_transpose_pads(
            window[i], strides[i], dilation[i], padding, output_padding[i]
        )
        start = spans[i] - 1 - left
        length = (sizes[i] - 1) * strides[i] + left + right - spans[i] + 2
        extra = max(start + length - out.shape[1 + i], 0)
        widths = [(0, 0)] * out.ndim
        widths[1 + i] = (0, extra)
        out = np.pad(out, widths)
        out = np.take(out, np.arange(start, start + length), axis=1 + i)
    return _from_last(out, data_format)


def _pool(x, pool_size, strides, padding, data_format, reduce):
    x = _to_last(_f64(x), data_format)
    n = x.ndim - 2
    pool_size = _tuple(pool_size, n)
    strides = pool_size if strides is None else _tuple(strides, n)
    pads = [
        _pads(padding, x.shape[1 + i], pool_size[i], strides[i], 1)
        for i in range(n)
    ]
    x = np.pad(x, [(0, 0), *pads, (0, 0)], constant_values=np.nan)
    out_size = [
        (x.shape[1 + i] - pool_size[i]) // strides[i] + 1 for i in range(n)
    ]
    taps = []
    for tap in itertools.product(*(range(p) for p in pool_size)):
        index = tuple(
            slice(
                tap[i], tap[i] + (out_size[i] - 1) * strides[i] + 1, strides[i]
            )
            for i in range(n)
        )
        taps.append(x[(slice(None), *index)])
    # NaN marks padding, which neither pooling counts.
    return _from_last(reduce(np.stack(taps), axis=0), data_format)


def max_pool(
    x, pool_size, strides=None, padding="valid", data_format="channels_last"
):
    return _pool(x, pool_size, strides, padding, data_format, np.nanmax)


def average_pool(
    x, pool_size, strides=None, padding="valid", data_format="channels_last"
):
    return _pool(x, pool_size, strides, padding, data_format, np.nanmean)


# --- encodings and losses -----------------------------------------------
def one_hot(x, num_classes, axis=-1):
    x = np.asarray(x)
    out = np.zeros((*x.shape, num_classes))
    for index in np.ndindex(*x.shape):
        if 0 <= x[index] < num_classes:
            out[(*index, x[index])] = 1.0
    return np.moveaxis(out, -1, axis)


def multi_hot(x, num_classes, axis=-1):
    x = np.asarray(x)
    encoded = one_hot(x, num_classes, axis=axis)
    return np.max(encoded, axis=1 if x.ndim > 1 else 0)


def binary_crossentropy(target, output, from_logits=False):
    target = _f64(target)
    output = _f64(output)
    if from_logits:
        # log(sigmoid(z)) = -softplus(-z); log(1 - sigmoid(z)) = -softplus(z)
        return target * softplus(-output) + (1 - target) * softplus(output)
    output = np.clip(output, EPSILON, 1.0 - EPSILON)
    return -(target * np.log(output) + (1 - target) * np.log(1 - output))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target = _f64(target)
    output = _f64(output)
    if from_logits:
        log_prob = log_softmax(output, axis=axis)
    else:
        output = output / np.sum(output, axis=axis, keepdims=True)
        log_prob = np.log(np.clip(output, EPSILON, 1.0 - EPSILON))
    return -np.sum(target * log_prob, axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target = np.asarray(target)
    output = _f64(output)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = target[..., 0]
    encoded = one_hot(target, output.shape[axis], axis=axis)
    return categorical_crossentropy(encoded, output, from_logits, axis)


# --- normalization ------------------------------------------------------
def moments(x, axes, keepdims=False):
    x = _f64(x)
    axes = tuple(axes) if isinstance(axes, (list, tuple)) else axes
    mean = np.mean(x, axis=axes, keepdims=keepdims)
    variance = np.var(x, axis=axes, keepdims=keepdims)
    return mean, variance


def batch_normalization(
    x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3
):
    x = _f64(x)
    shape = [1] * x.ndim
    shape[axis] = -1

    def vector(v, default):
        return np.reshape(_f64(default if v is None else v), shape)

    out = (x - vector(mean, 0.0)) / np.sqrt(vector(variance, 1.0) + epsilon)
    return out * vector(scale, 1.0) + vector(offset, 0.0)


def normalize(x, axis=-1, order=2, epsilon=EPSILON):
    x = _f64(x)
    norm = np.sum(np.abs(x) ** order, axis=axis, keepdims=True) ** (1 / order)
    return x / np.maximum(norm, epsilon)


def rms_normalization(x, scale=None, axis=-1, epsilon=EPSILON):
    x = _f64(x)
    mean_square = np.mean(x * x, axis=axis, keepdims=True)
    out = x / np.sqrt(mean_square + epsilon)
    return out if scale is None else out * _f64(scale)


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=EPSILON):
    x = _f64(x)
    axes = tuple(axis) if isinstance(axis, (list, tuple)) else axis
    mean = np.mean(x, axis=axes, keepdims=True)
    variance = np.var(x, axis=axes, keepdims=True)
    out = (x - mean) / np.sqrt(variance + epsilon)
    if gamma is not None:
        out = out * _f64(gamma)
    if beta is not None:
        out = out + _f64(beta)
    return out


# --- attention ----------------------------------------------------------
def dot_product_attention(
    query,
    key,
    value,
    bias=None,
    mask=None,
    scale=None,
    is_causal=False,
    attn_logits_soft_cap=None,
):
    """Query (B, T, N, H), key and value (B, S, K, H) with N % K == 0."""
    query, key, value = _f64(query), _f64(key), _f64(value)
    heads, kv_heads = query.shape[-2], key.shape[-2]
    key = np.repeat(key, heads // kv_heads, axis=-2)
    value = np.repeat(value, heads // kv_heads, axis=-2)
    if scale is None:
        scale = 1.0 / math.sqrt(query.shape[-1])
    logits = np.einsum("btnh,bsnh->bnts", query, key) * scale
    if attn_logits_soft_cap is not None:
        cap = attn_logits_soft_cap
        logits = cap * np.tanh(logits / cap)
    if bias is not None:
        logits = logits + _f64(bias)
    keep = np.ones(logits.shape, dtype=bool)
    if mask is not None:
        keep = keep & np.asarray(mask, dtype=bool)
    if is_causal:
        t, s = logits.shape[-2:]
        keep = keep & np.tril(np.ones((t, s), dtype=bool))
    # Masked logits get a large finite negative value: a row with nothing
    # to attend to gives uniform weights rather than NaN.
    logits = np.where(keep, logits, -0.7 * np.finfo("float32").max)
    weights = softmax(logits, axis=-1)
    return np.einsum("bnts,bsnh->btnh", weights, value)
