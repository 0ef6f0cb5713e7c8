"""numpy backend: nn functions (see backend/interface/nn.py).

Inference only and written for clarity: convolutions and pooling gather
windows with `sliding_window_view` and contract them with `einsum`.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from kerata.src.backend.common import dtypes
from kerata.src.backend.common.config import epsilon as _epsilon
from kerata.src.backend.common.config import floatx
from kerata.src.backend.common.config import standardize_data_format
from kerata.src.backend.numpy.core import cast
from kerata.src.backend.numpy.core import convert_to_tensor

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946
_HALF = ("float16", "bfloat16")


def _float(x: Any) -> Any:
    x = convert_to_tensor(x)
    name = dtypes.standardize_dtype(x.dtype)
    if name in dtypes.FLOAT_TYPES:
        return x
    return cast(x, dtypes.result_type(name, float))


def _float2(x1: Any, x2: Any) -> tuple:
    """Both operands as float arrays of Keras's result dtype."""
    x1 = convert_to_tensor(x1)
    x2 = convert_to_tensor(x2)
    name1 = dtypes.standardize_dtype(x1.dtype)
    name2 = dtypes.standardize_dtype(x2.dtype)
    if name1 == name2 and name1 in dtypes.FLOAT_TYPES:
        return x1, x2
    # Names, not NumPy dtypes: np.dtype("float64") == float is True, which
    # result_type would read as a weak Python float.
    out = dtypes.result_type(name1, name2)
    if out not in dtypes.FLOAT_TYPES:
        out = dtypes.result_type(out, float)
    return cast(x1, out), cast(x2, out)


def _upcast(x: Any) -> tuple:
    """Half-precision values as float32 (statistics need the range), and
    the dtype to cast results back to."""
    name = dtypes.standardize_dtype(x.dtype)
    return (x.astype("float32") if name in _HALF else x), x.dtype


def _activation(fn: Any) -> Any:
    """Runs `fn` on a float array (float32 for half precision, which
    NumPy computes poorly) and casts the result to the input's float
    dtype."""

    @functools.wraps(fn)
    def wrapper(x: Any, *args: Any, **kwargs: Any) -> Any:
        x, dtype = _upcast(_float(x))
        return np.asarray(fn(x, *args, **kwargs)).astype(dtype, copy=False)

    return wrapper


# --- activations --------------------------------------------------------
def relu(x: Any) -> Any:
    x = convert_to_tensor(x)
    return np.maximum(x, 0)


@_activation
def relu6(x: Any) -> Any:
    return np.clip(x, 0, 6)


@_activation
def sigmoid(x: Any) -> Any:
    # tanh form: no overflow in exp for large |x|.
    return 0.5 * np.tanh(0.5 * x) + 0.5


@_activation
def sparse_sigmoid(x: Any) -> Any:
    return np.clip(0.5 * x + 0.5, 0, 1)


@_activation
def softplus(x: Any) -> Any:
    return np.logaddexp(x, 0)


@_activation
def softsign(x: Any) -> Any:
    return x / (1 + np.abs(x))


@_activation
def silu(x: Any) -> Any:
    return x * sigmoid(x)


@_activation
def log_sigmoid(x: Any) -> Any:
    return -np.logaddexp(-x, 0)


@_activation
def leaky_relu(x: Any, negative_slope: float = 0.2) -> Any:
    return np.where(x >= 0, x, x * negative_slope)


@_activation
def hard_sigmoid(x: Any) -> Any:
    return np.clip(x / 6 + 0.5, 0, 1)


@_activation
def hard_silu(x: Any) -> Any:
    return x * hard_sigmoid(x)


@_activation
def elu(x: Any, alpha: float = 1.0) -> Any:
    negative = alpha * np.expm1(np.minimum(x, 0))
    return np.where(x > 0, x, negative)


@_activation
def selu(x: Any) -> Any:
    return _SELU_SCALE * elu(x, _SELU_ALPHA)


_erf = np.frompyfunc(math.erf, 1, 1)


@_activation
def gelu(x: Any, approximate: bool = True) -> Any:
    if approximate:
        inner = math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)
        return 0.5 * x * (1 + np.tanh(inner))
    # NumPy has no erf; math.erf per element is slow but exact.
    erf = _erf(x.astype("float64") / math.sqrt(2)).astype(x.dtype)
    return 0.5 * x * (1 + erf)


@_activation
def celu(x: Any, alpha: float = 1.0) -> Any:
    negative = alpha * np.expm1(np.minimum(x, 0) / alpha)
    return np.maximum(x, 0) + np.minimum(negative, 0)


@_activation
def glu(x: Any, axis: int = -1) -> Any:
    a, b = np.split(x, 2, axis=axis)
    return a * sigmoid(b)


@_activation
def tanh_shrink(x: Any) -> Any:
    return x - np.tanh(x)


def hard_tanh(x: Any) -> Any:
    return np.clip(convert_to_tensor(x), -1, 1)


@_activation
def soft_shrink(x: Any, threshold: float = 0.5) -> Any:
    shrunk = np.where(x > threshold, x - threshold, 0)
    return np.where(x < -threshold, x + threshold, shrunk)


@_activation
def hard_shrink(x: Any, threshold: float = 0.5) -> Any:
    return np.where(np.abs(x) > threshold, x, 0)


@_activation
def threshold(x: Any, threshold: float, default_value: float) -> Any:
    return np.where(x > threshold, x, default_value)


@_activation
def squareplus(x: Any, b: float = 4) -> Any:
    return (x + np.sqrt(x * x + b)) / 2


@_activation
def sparse_plus(x: Any) -> Any:
    middle = (x + 1) ** 2 / 4
    return np.where(x <= -1, 0, np.where(x >= 1, x, middle))


def _axes(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


@_activation
def softmax(x: Any, axis: Any = -1) -> Any:
    axis = _axes(axis)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


@_activation
def log_softmax(x: Any, axis: Any = -1) -> Any:
    axis = _axes(axis)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


@_activation
def sparsemax(x: Any, axis: int = -1) -> Any:
    x = np.moveaxis(x, axis, -1)
    ranked = -np.sort(-x, axis=-1)  # descending
    k = np.arange(1, x.shape[-1] + 1, dtype=x.dtype)
    cumulative = np.cumsum(ranked, axis=-1)
    # The support is the k largest entries with 1 + k * z_k > sum_{j<=k} z_j.
    support = np.sum(1 + k * ranked > cumulative, axis=-1, keepdims=True)
    total = np.take_along_axis(cumulative, support - 1, axis=-1)
    tau = (total - 1) / support.astype(x.dtype, copy=False)
    return np.moveaxis(np.maximum(x - tau, 0), -1, axis)


# --- convolution and pooling -------------------------------------------
def _tuple(value: Any, n: int) -> tuple:
    if isinstance(value, int):
        return (value,) * n
    return tuple(int(v) for v in value)


def _same_pads(size: int, window: int, stride: int, dilation: int) -> tuple:
    # TensorFlow's "same": output size ceil(size / stride), the odd pixel
    # of padding at the end.
    span = (window - 1) * dilation + 1
    total = max((-(-size // stride) - 1) * stride + span - size, 0)
    return total // 2, total - total // 2


def _pad_spatial(
    x: Any, padding: str, window, strides, dilation, value: Any = 0
) -> Any:
    """Pads the spatial axes of a channels_last array for `padding`."""
    if padding == "valid":
        return x
    n = len(window)
    if padding == "causal":
        pads = [((window[0] - 1) * dilation[0], 0)]
    else:
        pads = [
            _same_pads(x.shape[1 + i], window[i], strides[i], dilation[i])
            for i in range(n)
        ]
    return np.pad(x, [(0, 0), *pads, (0, 0)], constant_values=value)


def _windows(x: Any, window, strides, dilation) -> Any:
    """(batch, *out, channels, *window) view of a channels_last array."""
    n = len(window)
    spans = [(w - 1) * d + 1 for w, d in zip(window, dilation)]
    view = np.lib.stride_tricks.sliding_window_view(
        x, spans, axis=tuple(range(1, n + 1))
    )
    index = (
        (slice(None),)
        + tuple(slice(None, None, s) for s in strides)
        + (slice(None),)
        + tuple(slice(None, None, d) for d in dilation)
    )
    return view[index]


def _conv_last(x, kernel, strides, padding, dilation) -> Any:
    """Grouped convolution of a channels_last array; kernel
    (*window, in_channels / groups, out_channels)."""
    n = x.ndim - 2
    window = kernel.shape[:n]
    x, dtype = _upcast(x)  # einsum has no half precision
    kernel = kernel.astype(x.dtype, copy=False)
    x = _pad_spatial(x, padding, window, strides, dilation)
    patches = _windows(x, window, strides, dilation)
    groups = x.shape[-1] // kernel.shape[-2]
    out_size = patches.shape[1 : n + 1]
    # (batch, *out, groups, in / groups, *window)
    patches = patches.reshape(
        x.shape[0], *out_size, groups, kernel.shape[-2], *window
    )
    # (*window, in / groups, groups, out / groups)
    kernel = kernel.reshape(*window, kernel.shape[-2], groups, -1)
    spatial = "abc"[:n]
    taps = "xyz"[:n]
    out = np.einsum(
        f"N{spatial}GI{taps},{taps}IGO->N{spatial}GO",
        patches,
        kernel,
        optimize=True,
    )
    return out.reshape(x.shape[0], *out_size, -1).astype(dtype, copy=False)


def _channels_first(data_format: Any) -> bool:
    return standardize_data_format(data_format) == "channels_first"


def conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any:
    x, kernel = _float2(inputs, kernel)
    n = x.ndim - 2
    first = _channels_first(data_format)
    if first:
        x = np.moveaxis(x, 1, -1)
    out = _conv_last(
        x, kernel, _tuple(strides, n), padding, _tuple(dilation_rate, n)
    )
    return np.moveaxis(out, -1, 1) if first else out


def _depthwise_as_grouped(kernel: Any) -> Any:
    # (*window, in, multiplier) -> (*window, 1, in * multiplier): one group
    # per input channel, output channel c * multiplier + m.
    return kernel.reshape(*kernel.shape[:-2], 1, -1)


def depthwise_conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any:
    _, kernel = _float2(inputs, kernel)
    return conv(
        inputs,
        _depthwise_as_grouped(kernel),
        strides,
        padding,
        data_format,
        dilation_rate,
    )


def separable_conv(
    inputs: Any,
    depthwise_kernel: Any,
    pointwise_kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any:
    depthwise = depthwise_conv(
        inputs, depthwise_kernel, strides, padding, data_format, dilation_rate
    )
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format)


def _transpose_pads(window, stride, dilation, padding, output_padding):
    """Padding (left, right) of the stride-dilated input that turns a
    transposed convolution into a stride-1 one, as Keras defines it."""
    span = (window - 1) * dilation + 1
    if padding == "valid":
        if output_padding is None:
            output_padding = max(span, stride) - span
        return span - 1, span - 1 + output_padding
    if output_padding is None:
        total = stride + span - 2  # output size: size * stride
    else:
        total = span + span % 2 - 2 + output_padding
    left = min(total // 2 + total % 2, span - 1)
    return left, total - left


def conv_transpose(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    output_padding: Any = None,
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any:
    x, kernel = _float2(inputs, kernel)
    n = x.ndim - 2
    first = _channels_first(data_format)
    if first:
        x = np.moveaxis(x, 1, -1)
    strides = _tuple(strides, n)
    dilation = _tuple(dilation_rate, n)
    if output_padding is None or isinstance(output_padding, int):
        output_padding = (output_padding,) * n
    window = kernel.shape[:n]
    # Spread the input `stride` apart, pad, then correlate with the
    # flipped kernel (its in/out axes swapped).
    sizes = x.shape[1:-1]
    spread = np.zeros(
        (x.shape[0], *((s - 1) * t + 1 for s, t in zip(sizes, strides)))
        + (x.shape[-1],),
        dtype=x.dtype,
    )
    spread[(slice(None), *(slice(None, None, t) for t in strides))] = x
    pads = [
        _transpose_pads(
            window[i], strides[i], dilation[i], padding, output_padding[i]
        )
        for i in range(n)
    ]
    spread = np.pad(spread, [(0, 0), *pads, (0, 0)])
    flipped = np.swapaxes(np.flip(kernel, axis=tuple(range(n))), -1, -2)
    out = _conv_last(spread, flipped, (1,) * n, "valid", dilation)
    return np.moveaxis(out, -1, 1) if first else out


def _pool_args(x, pool_size, strides, data_format) -> tuple:
    n = x.ndim - 2
    pool_size = _tuple(pool_size, n)
    strides = pool_size if strides is None else _tuple(strides, n)
    first = _channels_first(data_format)
    if first:
        x = np.moveaxis(x, 1, -1)
    return x, pool_size, strides, first


def max_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> Any:
    x = convert_to_tensor(inputs)
    x, pool_size, strides, first = _pool_args(
        x, pool_size, strides, data_format
    )
    n = len(pool_size)
    if x.dtype.kind in "iub":
        lowest = np.iinfo(x.dtype).min if x.dtype.kind != "b" else False
    else:
        lowest = -np.inf
    x = _pad_spatial(x, padding, pool_size, strides, (1,) * n, lowest)
    patches = _windows(x, pool_size, strides, (1,) * n)
    out = np.max(patches, axis=tuple(range(-n, 0)))
    return np.moveaxis(out, -1, 1) if first else out


def average_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> Any:
    x, dtype = _upcast(_float(inputs))
    x, pool_size, strides, first = _pool_args(
        x, pool_size, strides, data_format
    )
    n = len(pool_size)
    ones = (1,) * n
    axes = tuple(range(-n, 0))
    padded = _pad_spatial(x, padding, pool_size, strides, ones)
    out = np.sum(_windows(padded, pool_size, strides, ones), axis=axes)
    # Padding is not counted: divide by the number of real inputs.
    count = np.ones((1, *x.shape[1:-1], 1), dtype=x.dtype)
    count = _pad_spatial(count, padding, pool_size, strides, ones)
    out = out / np.sum(_windows(count, pool_size, strides, ones), axis=axes)
    out = out.astype(dtype, copy=False)
    return np.moveaxis(out, -1, 1) if first else out


# --- encodings and losses -----------------------------------------------
def one_hot(
    x: Any,
    num_classes: int,
    axis: int = -1,
    dtype: Any = None,
    sparse: bool = False,
) -> Any:
    if sparse:
        raise ValueError("The numpy backend does not support sparse=True.")
    x = convert_to_tensor(x)
    axis = axis if axis >= 0 else axis + x.ndim + 1
    shape = [1] * (x.ndim + 1)
    shape[axis] = num_classes
    classes = np.arange(num_classes).reshape(shape)
    # Out-of-range indices (negative ones too) match no class: all zeros.
    out = np.expand_dims(x, axis) == classes
    return cast(out, dtype or floatx())


def multi_hot(
    inputs: Any,
    num_classes: int,
    axis: int = -1,
    dtype: Any = None,
    sparse: bool = False,
) -> Any:
    x = convert_to_tensor(inputs)
    encoded = one_hot(x, num_classes, axis=axis, dtype=dtype, sparse=sparse)
    return np.max(encoded, axis=1 if x.ndim > 1 else 0)


def binary_crossentropy(
    target: Any, output: Any, from_logits: bool = False
) -> Any:
    target, output = _float2(target, output)
    if from_logits:
        # log(sigmoid(z)) = -softplus(-z), log(1 - sigmoid(z)) = -softplus(z)
        out = target * np.logaddexp(-output, 0)
        return out + (1 - target) * np.logaddexp(output, 0)
    eps = _epsilon()
    output = np.clip(output, eps, 1 - eps)
    return -(target * np.log(output) + (1 - target) * np.log(1 - output))


def _log_probabilities(output: Any, from_logits: bool, axis: int) -> Any:
    if from_logits:
        return log_softmax(output, axis=axis)
    eps = _epsilon()
    output = output / np.sum(output, axis=axis, keepdims=True)
    return np.log(np.clip(output, eps, 1 - eps))


def categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> Any:
    target, output = _float2(target, output)
    log_prob = _log_probabilities(output, from_logits, axis)
    return -np.sum(target * log_prob, axis=axis)


def sparse_categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> Any:
    target = convert_to_tensor(target)
    output = _float(output)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = np.squeeze(target, -1)
    log_prob = _log_probabilities(output, from_logits, axis)
    classes = output.shape[axis]
    axis = axis if axis >= 0 else axis + output.ndim
    index = np.expand_dims(np.clip(target, 0, classes - 1), axis)
    picked = np.squeeze(np.take_along_axis(log_prob, index, axis), axis)
    # Out-of-range targets contribute nothing (as one_hot gives zeros).
    valid = (target >= 0) & (target < classes)
    return np.where(valid, -picked, 0).astype(output.dtype)


# --- normalization ------------------------------------------------------
def moments(
    x: Any, axes: Any, keepdims: bool = False, synchronized: bool = False
) -> tuple:
    x, dtype = _upcast(_float(x))
    axes = _axes(axes)
    mean = np.mean(x, axis=axes, keepdims=keepdims)
    variance = np.var(x, axis=axes, keepdims=keepdims)
    return mean.astype(dtype), variance.astype(dtype)


def batch_normalization(
    x: Any,
    mean: Any,
    variance: Any,
    axis: int,
    offset: Any = None,
    scale: Any = None,
    epsilon: float = 1e-3,
) -> Any:
    x = _float(x)
    shape = [1] * x.ndim
    shape[axis] = -1

    def vector(v: Any) -> Any:
        return np.reshape(convert_to_tensor(v, x.dtype), shape)

    inv = 1 / np.sqrt(vector(variance) + epsilon)
    if scale is not None:
        inv = inv * vector(scale)
    out = (x - vector(mean)) * inv
    return out if offset is None else out + vector(offset)


def normalize(
    x: Any, axis: Any = -1, order: int = 2, epsilon: float | None = None
) -> Any:
    x, dtype = _upcast(_float(x))
    eps = _epsilon() if epsilon is None else epsilon
    axis = _axes(axis)
    total = np.sum(np.abs(x) ** order, axis=axis, keepdims=True)
    norm = total if order == 1 else total ** (1 / order)
    return (x / np.maximum(norm, eps)).astype(dtype)


def rms_normalization(
    x: Any, scale: Any = None, axis: Any = -1, epsilon: float | None = None
) -> Any:
    x, dtype = _upcast(_float(x))
    eps = _epsilon() if epsilon is None else epsilon
    mean_square = np.mean(x * x, axis=_axes(axis), keepdims=True)
    out = x / np.sqrt(mean_square + eps)
    if scale is not None:
        out = out * convert_to_tensor(scale, out.dtype)
    return out.astype(dtype)


def layer_normalization(
    x: Any,
    gamma: Any = None,
    beta: Any = None,
    axis: Any = -1,
    epsilon: float | None = None,
) -> Any:
    x, dtype = _upcast(_float(x))
    eps = _epsilon() if epsilon is None else epsilon
    axis = _axes(axis)
    mean = np.mean(x, axis=axis, keepdims=True)
    variance = np.var(x, axis=axis, keepdims=True)
    out = (x - mean) / np.sqrt(variance + eps)
    if gamma is not None:
        out = out * convert_to_tensor(gamma, out.dtype)
    if beta is not None:
        out = out + convert_to_tensor(beta, out.dtype)
    return out.astype(dtype)


# --- attention ----------------------------------------------------------
def dot_product_attention(
    query: Any,
    key: Any,
    value: Any,
    bias: Any = None,
    mask: Any = None,
    scale: float | None = None,
    is_causal: bool = False,
    flash_attention: bool | None = None,
    attn_logits_soft_cap: float | None = None,
) -> Any:
    query = _float(query)
    key = convert_to_tensor(key, query.dtype)
    value = convert_to_tensor(value, query.dtype)
    unbatched = query.ndim == 3
    if unbatched:
        query, key, value = query[None], key[None], value[None]
    batch, length, heads, depth = query.shape
    kv_heads = key.shape[2]
    groups = heads // kv_heads
    if scale is None:
        scale = 1 / math.sqrt(depth)
    compute, dtype = _upcast(query)
    # Query head n attends with key/value head n // groups.
    grouped = compute.reshape(batch, length, kv_heads, groups, depth)
    logits = np.einsum("btkgh,bskh->bkgts", grouped, key.astype(compute.dtype))
    logits = logits.reshape(batch, heads, length, -1) * scale
    if attn_logits_soft_cap is not None:
        cap = attn_logits_soft_cap
        logits = cap * np.tanh(logits / cap)
    if bias is not None:
        logits = logits + convert_to_tensor(bias, logits.dtype)
    keep = None if mask is None else convert_to_tensor(mask, "bool")
    if is_causal:
        causal = np.tril(np.ones(logits.shape[-2:], dtype=bool))
        keep = causal if keep is None else keep & causal
    if keep is not None:
        # A large finite value: a fully masked row attends uniformly.
        lowest = -0.7 * np.finfo(compute.dtype).max
        logits = np.where(keep, logits, lowest)
    weights = softmax(logits, axis=-1).astype(compute.dtype)
    weights = weights.reshape(batch, kv_heads, groups, length, -1)
    out = np.einsum("bkgts,bskh->btkgh", weights, value.astype(compute.dtype))
    out = out.reshape(batch, length, heads, depth).astype(dtype)
    return out[0] if unbatched else out


def linear(inputs: Any, kernel: Any, bias: Any = None) -> Any:
    from kerata.src.backend.numpy.numpy import add
    from kerata.src.backend.numpy.numpy import matmul

    out = matmul(inputs, kernel)
    return out if bias is None else add(out, bias)


def conv_with_bias(
    inputs: Any,
    kernel: Any,
    bias: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any:
    from kerata.src.backend.numpy.numpy import add
    from kerata.src.backend.numpy.numpy import reshape

    out = conv(inputs, kernel, strides, padding, data_format, dilation_rate)
    if standardize_data_format(data_format) == "channels_first":
        bias = reshape(bias, (-1,) + (1,) * (len(out.shape) - 2))
    return add(out, bias)


# --- CTC ----------------------------------------------------------------
def _ctc_float(x: Any) -> Any:
    # CTC runs in float32 at least (float64 stays), as tf.nn.ctc_loss does.
    x = convert_to_tensor(x)
    if x.dtype == np.float32 or x.dtype == np.float64:
        return x
    return x.astype("float32")


def _shift_right(x: Any, n: int) -> Any:
    """`x` moved `n` states along the last axis, -inf coming in."""
    out = np.full_like(x, -np.inf)
    out[:, n:] = x[:, :-n]
    return out


def ctc_loss(
    target: Any,
    output: Any,
    target_length: Any,
    output_length: Any,
    mask_index: int = 0,
) -> Any:
    output = _ctc_float(output)
    batch, time, classes = output.shape
    log_probs = log_softmax(output, axis=-1)
    labels = np.clip(np.asarray(target).astype("int64"), 0, classes - 1)
    target_length = np.asarray(target_length).astype("int64")
    output_length = np.asarray(output_length).astype("int64")
    # States: blank, label 1, blank, label 2, ..., blank.
    states = np.full((batch, 2 * labels.shape[1] + 1), mask_index)
    states[:, 1::2] = labels
    # A label may be reached from two states back (skipping the blank
    # between them) unless it repeats the label before it.
    skip = np.zeros(states.shape, bool)
    skip[:, 3::2] = labels[:, 1:] != labels[:, :-1]
    rows = np.arange(batch)[:, None]
    # Forward variables; before the first frame all mass is on the blank.
    alpha = np.full(states.shape, -np.inf, output.dtype)
    alpha[:, 0] = 0.0
    with np.errstate(invalid="ignore"):
        for t in range(time):
            jump = np.where(skip, _shift_right(alpha, 2), -np.inf)
            new = np.logaddexp(alpha, _shift_right(alpha, 1))
            new = np.logaddexp(new, jump) + log_probs[rows, t, states]
            alpha = np.where((t < output_length)[:, None], new, alpha)
    last = 2 * target_length[:, None]
    end_label = np.take_along_axis(alpha, np.maximum(last - 1, 0), 1)[:, 0]
    end_label = np.where(target_length > 0, end_label, -np.inf)
    end_blank = np.take_along_axis(alpha, last, 1)[:, 0]
    return -np.logaddexp(end_blank, end_label).astype(output.dtype)


def _ctc_greedy_decode(inputs, sequence_lengths, merge_repeated, blank):
    time = inputs.shape[1]
    best = np.argmax(inputs, axis=-1)  # (batch, time)
    scores = np.max(inputs, axis=-1)
    lengths = np.asarray(sequence_lengths)
    padding = np.arange(time)[None, :] >= lengths[:, None]
    best = np.where(padding, blank, best)
    keep = best != blank
    if merge_repeated:
        keep[:, 1:] &= best[:, 1:] != best[:, :-1]
    # A stable sort on "dropped" moves the kept labels forward, in order.
    order = np.argsort(~keep, axis=-1, kind="stable")
    decoded = np.take_along_axis(np.where(keep, best, -1), order, axis=1)
    scores = -np.sum(np.where(padding, 0, scores), axis=1, keepdims=True)
    return decoded.astype("int32")[None], scores.astype(inputs.dtype)


def _ctc_beam_step(beams, log_probs, blank):
    """One frame of prefix beam search over `width` beams.

    A beam is a label prefix (`paths` row, padded with -1, `lengths`) with
    two log-probabilities: of its alignments ending in a blank
    (`p_blank`) and ending in its last label (`p_label`). Each frame, a
    beam either stays (blank, or a repeat of its last label merged) or
    grows by one label; the `width` most likely prefixes are kept.
    """
    paths, lengths, p_blank, p_label = beams
    width, time = paths.shape
    classes = log_probs.shape[0]
    total = np.logaddexp(p_blank, p_label)
    last = np.where(lengths > 0, paths[np.arange(width), lengths - 1], -1)
    # Staying: a blank, or the last label again (merged into the prefix).
    stay_blank = total + log_probs[blank]
    stay_label = np.where(last >= 0, p_label + log_probs[last], -np.inf)
    # Growing by label c: after the same label only through a blank.
    grow = (
        np.where(
            last[:, None] == np.arange(classes),
            p_blank[:, None],
            total[:, None],
        )
        + log_probs
    )  # (width, classes)
    grow[:, blank] = -np.inf
    # Growing beam j by c may give the prefix of a kept beam i: merge it.
    alive = total > -np.inf
    parents = paths.copy()
    parents[np.arange(width), np.maximum(lengths - 1, 0)] = -1
    match = (
        alive[:, None]
        & alive[None, :]
        & (lengths[:, None] - 1 == lengths[None, :])
        & np.all(parents[:, None, :] == paths[None, :, :], axis=-1)
    )  # (i, j): beam j + last label of i == beam i
    merged = np.where(match, grow[:, np.maximum(last, 0)].T, -np.inf)
    stay_label = np.logaddexp(stay_label, np.logaddexp.reduce(merged, 1))
    taken = match.T.astype(int) @ (last[:, None] == np.arange(classes))
    grow = np.where(taken > 0, -np.inf, grow)
    # Candidates: the `width` stays, then the `width * classes` growths.
    blank_scores = np.concatenate([stay_blank, np.full(grow.size, -np.inf)])
    label_scores = np.concatenate([stay_label, grow.reshape(-1)])
    scores = np.logaddexp(blank_scores, label_scores)
    top = np.argsort(-scores, kind="stable")[:width]
    source = np.where(top < width, top, (top - width) // classes)
    label = np.where(top < width, -1, (top - width) % classes)
    paths = paths[source]
    lengths = lengths[source]
    grows = label >= 0
    paths[grows, np.minimum(lengths[grows], time - 1)] = label[grows]
    lengths = lengths + grows
    return paths, lengths, blank_scores[top], label_scores[top]


def _ctc_beam_search_decode(inputs, sequence_lengths, width, top_paths, blank):
    batch, time, _ = inputs.shape
    log_probs = log_softmax(inputs, axis=-1)
    decoded = np.full((top_paths, batch, time), -1, "int32")
    scores = np.full((batch, top_paths), -np.inf, inputs.dtype)
    for b in range(batch):
        # One live beam, the empty prefix; the others start dead (-inf).
        p_blank = np.full(width, -np.inf, inputs.dtype)
        p_blank[0] = 0.0
        beams = (
            np.full((width, time), -1),
            np.zeros(width, "int64"),
            p_blank,
            np.full(width, -np.inf, inputs.dtype),
        )
        with np.errstate(invalid="ignore"):
            for t in range(int(sequence_lengths[b])):
                beams = _ctc_beam_step(beams, log_probs[b, t], blank)
        total = np.logaddexp(beams[2], beams[3])[:top_paths]
        paths = np.where(total[:, None] > -np.inf, beams[0][:top_paths], -1)
        decoded[: len(total), b] = paths
        scores[b, : len(total)] = total
    return decoded, scores


def ctc_decode(
    inputs: Any,
    sequence_lengths: Any,
    strategy: str = "greedy",
    beam_width: int = 100,
    top_paths: int = 1,
    merge_repeated: bool = True,
    mask_index: int = 0,
) -> tuple:
    inputs = _ctc_float(inputs)
    if mask_index is None:
        mask_index = inputs.shape[-1] - 1
    lengths = np.asarray(sequence_lengths).astype("int64")
    if strategy == "greedy":
        return _ctc_greedy_decode(inputs, lengths, merge_repeated, mask_index)
    if strategy == "beam_search":
        return _ctc_beam_search_decode(
            inputs, lengths, beam_width, top_paths, mask_index
        )
    raise ValueError(
        "`strategy` must be 'greedy' or 'beam_search'. Received: "
        f"strategy={strategy!r}"
    )


# --- adaptive pooling ---------------------------------------------------
def _adaptive_bins(size: int, out: int) -> tuple:
    """torch's adaptive bins along one axis: bin i covers
    [floor(i * size / out), ceil((i + 1) * size / out)). Returns
    (index, valid), both (out, width): the inputs of each bin, padded to
    the widest bin by repeating its last input."""
    starts = np.arange(out) * size // out
    ends = -(-(np.arange(out) + 1) * size // out)
    width = int(np.max(ends - starts))
    taps = starts[:, None] + np.arange(width)  # (out, width)
    return np.minimum(taps, ends[:, None] - 1), taps < ends[:, None]


def _adaptive_pool(x, output_size, data_format, mode) -> Any:
    first = 2 if _channels_first(data_format) else 1
    for i, out in enumerate(_tuple(output_size, x.ndim - 2)):
        axis = first + i
        index, valid = _adaptive_bins(x.shape[axis], out)
        taps = np.take(x, index.reshape(-1), axis=axis)
        # (..., out, width, ...) at the pooled axis.
        taps = taps.reshape(x.shape[:axis] + index.shape + x.shape[axis + 1 :])
        if mode == "max":
            # Repeated taps cannot change a maximum.
            x = np.max(taps, axis=axis + 1)
            continue
        mask = valid.reshape(valid.shape + (1,) * (x.ndim - axis - 1))
        total = np.sum(np.where(mask, taps, 0), axis=axis + 1)
        count = np.sum(valid, axis=1).reshape((out,) + mask.shape[2:])
        x = total / count.astype(x.dtype)
    return x


def adaptive_average_pool(
    inputs: Any, output_size: Any, data_format: str | None = None
) -> Any:
    x, dtype = _upcast(_float(inputs))
    out = _adaptive_pool(x, output_size, data_format, "average")
    return out.astype(dtype, copy=False)


def adaptive_max_pool(
    inputs: Any, output_size: Any, data_format: str | None = None
) -> Any:
    x = convert_to_tensor(inputs)
    return _adaptive_pool(x, output_size, data_format, "max")
