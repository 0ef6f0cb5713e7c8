"""Plain-NumPy references for convolution, pooling and normalization layers.

Written for clarity, not speed: loops over output positions and kernel
taps. Nothing here imports kerata, so a backend bug cannot hide in its
own oracle. Every function takes Keras layouts: inputs channels_last
unless `data_format="channels_first"`, conv kernels
`(*kernel_size, in_channels // groups, filters)`, transposed conv kernels
`(*kernel_size, filters, in_channels)`.
"""

from __future__ import annotations

import itertools
import math

import numpy as np


def _to_last(x, data_format):
    """Moves channels to the last axis."""
    if data_format == "channels_first":
        return np.moveaxis(x, 1, -1)
    return x


def _from_last(x, data_format):
    if data_format == "channels_first":
        return np.moveaxis(x, -1, 1)
    return x


def _tuple(value, n):
    if isinstance(value, int):
        return (value,) * n
    return tuple(value)


def same_padding(size, kernel, stride, dilation=1):
    """(before, after) zero padding of TF/Keras "same" on one axis."""
    effective = (kernel - 1) * dilation + 1
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def _activate(x, activation):
    if activation is None or activation == "linear":
        return x
    if activation == "relu":
        return np.maximum(x, 0)
    if activation == "sigmoid":
        return 1 / (1 + np.exp(-x))
    if activation == "tanh":
        return np.tanh(x)
    raise ValueError(f"Unknown activation {activation!r}")


def conv(
    x,
    kernel,
    bias=None,
    strides=1,
    padding="valid",
    data_format="channels_last",
    dilation_rate=1,
    activation=None,
):
    """N-d cross-correlation with groups inferred from the kernel shape."""
    x = _to_last(np.asarray(x, dtype="float64"), data_format)
    kernel = np.asarray(kernel, dtype="float64")
    rank = x.ndim - 2
    strides = _tuple(strides, rank)
    dilation = _tuple(dilation_rate, rank)
    ksize = kernel.shape[:rank]
    if padding == "causal":
        pad = [(dilation[0] * (ksize[0] - 1), 0)]
    elif padding == "same":
        pad = [
            same_padding(x.shape[1 + i], ksize[i], strides[i], dilation[i])
            for i in range(rank)
        ]
    else:
        pad = [(0, 0)] * rank
    x = np.pad(x, [(0, 0)] + pad + [(0, 0)])
    in_channels = x.shape[-1]
    group_in = kernel.shape[-2]
    filters = kernel.shape[-1]
    groups = in_channels // group_in
    group_out = filters // groups
    out_spatial = [
        (x.shape[1 + i] - (ksize[i] - 1) * dilation[i] - 1) // strides[i] + 1
        for i in range(rank)
    ]
    out = np.zeros((x.shape[0], *out_spatial, filters))
    for pos in itertools.product(*(range(n) for n in out_spatial)):
        for tap in itertools.product(*(range(k) for k in ksize)):
            index = tuple(
                pos[i] * strides[i] + tap[i] * dilation[i] for i in range(rank)
            )
            patch = x[(slice(None), *index)]  # (batch, in_channels)
            for g in range(groups):
                part = patch[:, g * group_in : (g + 1) * group_in]
                w = kernel[tap][:, g * group_out : (g + 1) * group_out]
                out[
                    (
                        slice(None),
                        *pos,
                        slice(g * group_out, (g + 1) * group_out),
                    )
                ] += part @ w
    if bias is not None:
        out = out + np.asarray(bias, dtype="float64")
    out = _activate(out, activation)
    return _from_last(out, data_format).astype("float32")


def conv_transpose(
    x,
    kernel,
    bias=None,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format="channels_last",
    dilation_rate=1,
):
    """Transposed convolution: the adjoint of `conv`, sized as Keras does.

    Each input position scatters `x * kernel` into a "full" output of size
    `(n - 1) * stride + effective_kernel`; the result is a window of it,
    starting where Keras's JAX backend starts it and zero-extended when
    `output_padding` asks for more.
    """
    x = _to_last(np.asarray(x, dtype="float64"), data_format)
    kernel = np.asarray(kernel, dtype="float64")
    rank = x.ndim - 2
    strides = _tuple(strides, rank)
    dilation = _tuple(dilation_rate, rank)
    out_pad = (
        (None,) * rank
        if output_padding is None
        else _tuple(output_padding, rank)
    )
    ksize = kernel.shape[:rank]
    filters = kernel.shape[-2]
    in_sizes = x.shape[1:-1]
    effective = [(ksize[i] - 1) * dilation[i] + 1 for i in range(rank)]
    full_sizes = [
        (in_sizes[i] - 1) * strides[i] + effective[i] for i in range(rank)
    ]
    full = np.zeros((x.shape[0], *full_sizes, filters))
    for pos in itertools.product(*(range(n) for n in in_sizes)):
        value = x[(slice(None), *pos)]  # (batch, in_channels)
        for tap in itertools.product(*(range(k) for k in ksize)):
            index = tuple(
                pos[i] * strides[i] + tap[i] * dilation[i] for i in range(rank)
            )
            # kernel[tap]: (filters, in_channels)
            full[(slice(None), *index)] += value @ kernel[tap].T
    starts, sizes = [], []
    for i in range(rank):
        k, s, op = effective[i], strides[i], out_pad[i]
        if padding == "valid":
            size = (
                (in_sizes[i] - 1) * s
                + k
                + (max(k, s) - k if op is None else op)
            )
            start = 0
        else:
            if op is None:
                size = in_sizes[i] * s
                pad_len = s + k - 2
            else:
                size = (in_sizes[i] - 1) * s + k % 2 + op
                pad_len = k + k % 2 - 2 + op
            left = min(pad_len // 2 + pad_len % 2, k - 1)
            start = k - 1 - left
        starts.append(start)
        sizes.append(size)
    grow = [
        (0, max(starts[i] + sizes[i] - full_sizes[i], 0)) for i in range(rank)
    ]
    full = np.pad(full, [(0, 0)] + grow + [(0, 0)])
    window = tuple(slice(starts[i], starts[i] + sizes[i]) for i in range(rank))
    out = full[(slice(None), *window)]
    if bias is not None:
        out = out + np.asarray(bias, dtype="float64")
    return _from_last(out, data_format).astype("float32")


def pool(
    x,
    pool_size,
    strides=None,
    padding="valid",
    data_format="channels_last",
    mode="max",
):
    """Max or average pooling; "same" averages only the real elements."""
    x = _to_last(np.asarray(x, dtype="float64"), data_format)
    rank = x.ndim - 2
    pool_size = _tuple(pool_size, rank)
    strides = pool_size if strides is None else _tuple(strides, rank)
    if padding == "same":
        pad = [
            same_padding(x.shape[1 + i], pool_size[i], strides[i])
            for i in range(rank)
        ]
    else:
        pad = [(0, 0)] * rank
    valid = np.pad(np.ones(x.shape[1:-1]), pad)
    x = np.pad(x, [(0, 0)] + pad + [(0, 0)])
    out_spatial = [
        (x.shape[1 + i] - pool_size[i]) // strides[i] + 1 for i in range(rank)
    ]
    out = np.zeros((x.shape[0], *out_spatial, x.shape[-1]))
    for pos in itertools.product(*(range(n) for n in out_spatial)):
        window = tuple(
            slice(pos[i] * strides[i], pos[i] * strides[i] + pool_size[i])
            for i in range(rank)
        )
        patch = x[(slice(None), *window)]
        keep = valid[window].astype(bool)  # real (unpadded) elements
        values = patch[:, keep]  # (batch, count, channels)
        if mode == "max":
            out[(slice(None), *pos)] = values.max(axis=1)
        else:
            out[(slice(None), *pos)] = values.mean(axis=1)
    return _from_last(out, data_format).astype("float32")


def batch_normalization(
    x,
    mean,
    variance,
    gamma=None,
    beta=None,
    axis=-1,
    epsilon=1e-3,
):
    """`(x - mean) / sqrt(variance + epsilon) * gamma + beta` on `axis`."""
    x = np.asarray(x, dtype="float64")
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]

    def b(v):
        return np.asarray(v, dtype="float64").reshape(shape)

    out = (x - b(mean)) / np.sqrt(b(variance) + epsilon)
    if gamma is not None:
        out = out * b(gamma)
    if beta is not None:
        out = out + b(beta)
    return out.astype("float32")


def batch_moments(x, axis=-1):
    """Batch mean and biased variance of every feature on `axis`."""
    x = np.asarray(x, dtype="float64")
    axes = tuple(i for i in range(x.ndim) if i != axis % x.ndim)
    return x.mean(axis=axes), x.var(axis=axes)


def layer_normalization(
    x, gamma=None, beta=None, axis=-1, epsilon=1e-3, rms_scaling=False
):
    """Normalizes each example over `axis` (an int or a list of ints)."""
    x = np.asarray(x, dtype="float64")
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    axes = tuple(sorted(a % x.ndim for a in axes))
    shape = [x.shape[i] if i in axes else 1 for i in range(x.ndim)]
    mean = x.mean(axis=axes, keepdims=True)
    variance = x.var(axis=axes, keepdims=True)
    if rms_scaling:
        out = x / np.sqrt(variance + epsilon)
    else:
        out = (x - mean) / np.sqrt(variance + epsilon)
    if gamma is not None:
        out = out * np.asarray(gamma, dtype="float64").reshape(shape)
    if beta is not None and not rms_scaling:
        out = out + np.asarray(beta, dtype="float64").reshape(shape)
    return out.astype("float32")
