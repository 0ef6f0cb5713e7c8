"""jax backend: nn functions (see backend/interface/nn.py).

Activations come from `jax.nn`, convolutions from
`lax.conv_general_dilated` and pooling from `lax.reduce_window`. Ops made
of several primitives are jitted (with their configuration static), so an
eager call compiles and dispatches one computation rather than one per
primitive; inside a caller's `jax.jit` they are simply inlined.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from kerata.src.backend.common import dtypes
from kerata.src.backend.common.config import epsilon as _epsilon
from kerata.src.backend.common.config import floatx
from kerata.src.backend.common.config import standardize_data_format
from kerata.src.backend.jax.core import convert_to_tensor

_HALF = ("float16", "bfloat16")


def _jit(*static: str) -> Any:
    return functools.partial(jax.jit, static_argnames=static)


def _tensor(x: Any, dtype: Any = None) -> Any:
    # jnp.asarray compiles a conversion for every new shape; device_put
    # copies a NumPy array (cast on the host if need be) without compiling.
    if isinstance(x, np.ndarray) and x.dtype.kind in "biuf":
        if dtype is not None:
            x = x.astype(jnp.dtype(dtypes.standardize_dtype(dtype)), copy=False)
        return jax.device_put(x)
    return convert_to_tensor(x, dtype)


def _float(x: Any) -> Any:
    x = _tensor(x)
    if jnp.issubdtype(x.dtype, jnp.floating):
        return x
    out = dtypes.result_type(dtypes.standardize_dtype(x.dtype), float)
    return x.astype(out)


def _float2(x1: Any, x2: Any) -> tuple:
    """Both operands as float arrays of Keras's result dtype."""
    x1 = _tensor(x1)
    x2 = _tensor(x2)
    if x1.dtype == x2.dtype and jnp.issubdtype(x1.dtype, jnp.floating):
        return x1, x2
    # Names, not NumPy dtypes: np.dtype("float64") == float is True, which
    # result_type would read as a weak Python float.
    out = dtypes.result_type(
        dtypes.standardize_dtype(x1.dtype), dtypes.standardize_dtype(x2.dtype)
    )
    if out not in dtypes.FLOAT_TYPES:
        out = dtypes.result_type(out, float)
    return x1.astype(out), x2.astype(out)


def _upcast(x: Any) -> tuple:
    """Half-precision values as float32 (statistics need the range), and
    the dtype to cast results back to."""
    if dtypes.standardize_dtype(x.dtype) in _HALF:
        return x.astype("float32"), x.dtype
    return x, x.dtype


def _axes(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


# --- activations --------------------------------------------------------
def relu(x: Any) -> Any:
    return jax.nn.relu(_tensor(x))


def relu6(x: Any) -> Any:
    return jax.nn.relu6(_float(x))


def sigmoid(x: Any) -> Any:
    return jax.nn.sigmoid(_float(x))


def sparse_sigmoid(x: Any) -> Any:
    return jax.nn.sparse_sigmoid(_float(x))


def softplus(x: Any) -> Any:
    return jax.nn.softplus(_float(x))


def softsign(x: Any) -> Any:
    return jax.nn.soft_sign(_float(x))


def silu(x: Any) -> Any:
    return jax.nn.silu(_float(x))


def log_sigmoid(x: Any) -> Any:
    return jax.nn.log_sigmoid(_float(x))


def leaky_relu(x: Any, negative_slope: float = 0.2) -> Any:
    return jax.nn.leaky_relu(_float(x), negative_slope=negative_slope)


def hard_sigmoid(x: Any) -> Any:
    return jax.nn.hard_sigmoid(_float(x))


def hard_silu(x: Any) -> Any:
    return jax.nn.hard_silu(_float(x))


def elu(x: Any, alpha: float = 1.0) -> Any:
    return jax.nn.elu(_float(x), alpha)


def selu(x: Any) -> Any:
    return jax.nn.selu(_float(x))


def gelu(x: Any, approximate: bool = True) -> Any:
    return jax.nn.gelu(_float(x), approximate)


def celu(x: Any, alpha: float = 1.0) -> Any:
    return jax.nn.celu(_float(x), alpha)


def glu(x: Any, axis: int = -1) -> Any:
    return jax.nn.glu(_float(x), axis)


def tanh_shrink(x: Any) -> Any:
    return _tanh_shrink(_float(x))


@jax.jit
def _tanh_shrink(x: Any) -> Any:
    return x - jnp.tanh(x)


def hard_tanh(x: Any) -> Any:
    return jnp.clip(_tensor(x), -1, 1)


def soft_shrink(x: Any, threshold: float = 0.5) -> Any:
    return _soft_shrink(_float(x), threshold)


@jax.jit
def _soft_shrink(x: Any, threshold: Any) -> Any:
    shrunk = jnp.where(x > threshold, x - threshold, 0)
    return jnp.where(x < -threshold, x + threshold, shrunk).astype(x.dtype)


def hard_shrink(x: Any, threshold: float = 0.5) -> Any:
    return _hard_shrink(_float(x), threshold)


@jax.jit
def _hard_shrink(x: Any, threshold: Any) -> Any:
    return jnp.where(jnp.abs(x) > threshold, x, 0).astype(x.dtype)


def threshold(x: Any, threshold: float, default_value: float) -> Any:
    return _threshold(_float(x), threshold, default_value)


@jax.jit
def _threshold(x: Any, threshold: Any, default_value: Any) -> Any:
    return jnp.where(x > threshold, x, default_value).astype(x.dtype)


def squareplus(x: Any, b: float = 4) -> Any:
    return jax.nn.squareplus(_float(x), b)


def sparse_plus(x: Any) -> Any:
    return jax.nn.sparse_plus(_float(x))


def softmax(x: Any, axis: Any = -1) -> Any:
    return jax.nn.softmax(_float(x), axis=_axes(axis))


def log_softmax(x: Any, axis: Any = -1) -> Any:
    return jax.nn.log_softmax(_float(x), axis=_axes(axis))


def sparsemax(x: Any, axis: int = -1) -> Any:
    return _sparsemax(_float(x), axis)


@_jit("axis")
def _sparsemax(x: Any, axis: int) -> Any:
    x = jnp.moveaxis(x, axis, -1)
    ranked = -jnp.sort(-x, axis=-1)  # descending
    k = jnp.arange(1, x.shape[-1] + 1, dtype=x.dtype)
    cumulative = jnp.cumsum(ranked, axis=-1)
    # The support is the k largest entries with 1 + k * z_k > sum_{j<=k} z_j.
    support = jnp.sum(1 + k * ranked > cumulative, axis=-1, keepdims=True)
    total = jnp.take_along_axis(cumulative, support - 1, axis=-1)
    tau = (total - 1) / support.astype(x.dtype)
    return jnp.moveaxis(jnp.maximum(x - tau, 0), -1, axis)


# --- convolution and pooling -------------------------------------------
_SPATIAL = {1: "W", 2: "HW", 3: "DHW"}


def _tuple(value: Any, n: int) -> tuple:
    if isinstance(value, int):
        return (value,) * n
    return tuple(int(v) for v in value)


def _dimension_numbers(n: int, data_format: str) -> tuple:
    spatial = _SPATIAL[n]
    if data_format == "channels_last":
        image = f"N{spatial}C"
    else:
        image = f"NC{spatial}"
    return image, f"{spatial}IO", image


def _conv_args(x, strides, dilation_rate, data_format) -> tuple:
    n = x.ndim - 2
    return (
        _tuple(strides, n),
        _tuple(dilation_rate, n),
        standardize_data_format(data_format),
    )


@_jit("strides", "padding", "data_format", "dilation", "depthwise")
def _grouped_conv(
    x, kernel, strides, padding, data_format, dilation, depthwise
):
    n = x.ndim - 2
    if depthwise:
        # (*window, in, multiplier) -> (*window, 1, in * multiplier): one
        # group per input channel, output channel c * multiplier + m.
        kernel = kernel.reshape(*kernel.shape[:-2], 1, -1)
    numbers = _dimension_numbers(n, data_format)
    channels = x.shape[-1] if data_format == "channels_last" else x.shape[1]
    if padding == "causal":
        padding = [((kernel.shape[0] - 1) * dilation[0], 0)]
    return lax.conv_general_dilated(
        x,
        kernel,
        strides,
        padding.upper() if isinstance(padding, str) else padding,
        rhs_dilation=dilation,
        dimension_numbers=numbers,
        feature_group_count=channels // kernel.shape[-2],
    )


def conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any:
    x, kernel = _float2(inputs, kernel)
    strides, dilation, data_format = _conv_args(
        x, strides, dilation_rate, data_format
    )
    return _grouped_conv(
        x, kernel, strides, padding, data_format, dilation, False
    )


def depthwise_conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any:
    x, kernel = _float2(inputs, kernel)
    strides, dilation, data_format = _conv_args(
        x, strides, dilation_rate, data_format
    )
    return _grouped_conv(
        x, kernel, strides, padding, data_format, dilation, True
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
    x, depthwise_kernel = _float2(inputs, depthwise_kernel)
    pointwise_kernel = _tensor(pointwise_kernel, x.dtype)
    strides, dilation, data_format = _conv_args(
        x, strides, dilation_rate, data_format
    )
    return _separable_conv(
        x,
        depthwise_kernel,
        pointwise_kernel,
        strides,
        padding,
        data_format,
        dilation,
    )


@_jit("strides", "padding", "data_format", "dilation")
def _separable_conv(
    x, depthwise, pointwise, strides, padding, data_format, dilation
):
    y = _grouped_conv(
        x, depthwise, strides, padding, data_format, dilation, True
    )
    ones = (1,) * len(strides)
    return _grouped_conv(y, pointwise, ones, "valid", data_format, ones, False)


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
    strides, dilation, data_format = _conv_args(
        x, strides, dilation_rate, data_format
    )
    if output_padding is None or isinstance(output_padding, int):
        output_padding = (output_padding,) * n
    pads = tuple(
        _transpose_pads(
            kernel.shape[i], strides[i], dilation[i], padding, output_padding[i]
        )
        for i in range(n)
    )
    return _conv_transpose(x, kernel, strides, pads, data_format, dilation)


@_jit("strides", "pads", "data_format", "dilation")
def _conv_transpose(x, kernel, strides, pads, data_format, dilation):
    # transpose_kernel flips the window and swaps the kernel's last two
    # axes, so Keras's (*window, out, in) layout reads as "...IO".
    return lax.conv_transpose(
        x,
        kernel,
        strides,
        pads,
        rhs_dilation=dilation,
        dimension_numbers=_dimension_numbers(x.ndim - 2, data_format),
        transpose_kernel=True,
    )


def _window(x, pool_size, strides, data_format) -> tuple:
    n = x.ndim - 2
    pool_size = _tuple(pool_size, n)
    strides = pool_size if strides is None else _tuple(strides, n)
    if standardize_data_format(data_format) == "channels_last":
        return (1, *pool_size, 1), (1, *strides, 1)
    return (1, 1, *pool_size), (1, 1, *strides)


def max_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> Any:
    x = _tensor(inputs)
    window, strides = _window(x, pool_size, strides, data_format)
    return _max_pool(x, window, strides, padding.upper())


@_jit("window", "strides", "padding")
def _max_pool(x, window, strides, padding):
    if jnp.issubdtype(x.dtype, jnp.floating):
        lowest = -jnp.inf
    else:
        lowest = jnp.iinfo(x.dtype).min
    # A concrete NumPy identity (not a traced array) lets JAX pick its
    # differentiable max-pool primitive instead of a generic reduction.
    init = np.array(lowest, dtype=x.dtype)
    return lax.reduce_window(x, init, lax.max, window, strides, padding)


def average_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> Any:
    x = _float(inputs)
    window, strides = _window(x, pool_size, strides, data_format)
    return _average_pool(x, window, strides, padding.upper())


@_jit("window", "strides", "padding")
def _average_pool(x, window, strides, padding):
    zero = np.array(0, dtype=x.dtype)  # concrete: see _max_pool
    total = lax.reduce_window(x, zero, lax.add, window, strides, padding)
    if padding == "VALID":
        return total / math.prod(window)
    # Padding is not counted: divide by the number of real inputs.
    shape = [1 if w == 1 else d for w, d in zip(window, x.shape)]
    ones = jnp.ones(shape, dtype=x.dtype)
    count = lax.reduce_window(ones, zero, lax.add, window, strides, padding)
    return total / count


# --- encodings and losses -----------------------------------------------
def one_hot(
    x: Any,
    num_classes: int,
    axis: int = -1,
    dtype: Any = None,
    sparse: bool = False,
) -> Any:
    if sparse:
        raise ValueError("The jax backend does not support sparse=True.")
    x = _tensor(x)
    # Out-of-range indices (negative ones too) give all zeros.
    return jax.nn.one_hot(x, num_classes, dtype=dtype or floatx(), axis=axis)


def multi_hot(
    inputs: Any,
    num_classes: int,
    axis: int = -1,
    dtype: Any = None,
    sparse: bool = False,
) -> Any:
    if sparse:
        raise ValueError("The jax backend does not support sparse=True.")
    x = _tensor(inputs)
    return _multi_hot(x, num_classes, axis, dtype or floatx())


@_jit("num_classes", "axis", "dtype")
def _multi_hot(x, num_classes, axis, dtype):
    encoded = jax.nn.one_hot(x, num_classes, dtype=dtype, axis=axis)
    return jnp.max(encoded, axis=1 if x.ndim > 1 else 0)


def binary_crossentropy(
    target: Any, output: Any, from_logits: bool = False
) -> Any:
    target, output = _float2(target, output)
    return _binary_crossentropy(target, output, from_logits, _epsilon())


@_jit("from_logits")
def _binary_crossentropy(target, output, from_logits, eps):
    if from_logits:
        log_p = jax.nn.log_sigmoid(output)
        log_not_p = jax.nn.log_sigmoid(-output)
        return -target * log_p - (1 - target) * log_not_p
    output = jnp.clip(output, eps, 1 - eps)
    return -(target * jnp.log(output) + (1 - target) * jnp.log1p(-output))


def _log_probabilities(output, from_logits, axis, eps) -> Any:
    if from_logits:
        return jax.nn.log_softmax(output, axis=axis)
    output = output / jnp.sum(output, axis=axis, keepdims=True)
    return jnp.log(jnp.clip(output, eps, 1 - eps))


def categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> Any:
    target, output = _float2(target, output)
    return _categorical_crossentropy(
        target, output, from_logits, axis, _epsilon()
    )


@_jit("from_logits", "axis")
def _categorical_crossentropy(target, output, from_logits, axis, eps):
    log_prob = _log_probabilities(output, from_logits, axis, eps)
    return -jnp.sum(target * log_prob, axis=axis)


def sparse_categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> Any:
    target = _tensor(target)
    output = _float(output)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = jnp.squeeze(target, -1)
    axis = axis if axis >= 0 else axis + output.ndim
    return _sparse_categorical_crossentropy(
        target, output, from_logits, axis, _epsilon()
    )


@_jit("from_logits", "axis")
def _sparse_categorical_crossentropy(target, output, from_logits, axis, eps):
    log_prob = _log_probabilities(output, from_logits, axis, eps)
    classes = output.shape[axis]
    index = jnp.expand_dims(jnp.clip(target, 0, classes - 1), axis)
    picked = jnp.squeeze(jnp.take_along_axis(log_prob, index, axis), axis)
    # Out-of-range targets contribute nothing (as one_hot gives zeros).
    valid = (target >= 0) & (target < classes)
    return jnp.where(valid, -picked, 0).astype(output.dtype)


# --- normalization ------------------------------------------------------
def _static_axes(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


def moments(
    x: Any, axes: Any, keepdims: bool = False, synchronized: bool = False
) -> tuple:
    return _moments(_float(x), _static_axes(axes), keepdims)


@_jit("axes", "keepdims")
def _moments(x, axes, keepdims):
    x, dtype = _upcast(x)
    mean = jnp.mean(x, axis=axes, keepdims=keepdims)
    variance = jnp.var(x, axis=axes, keepdims=keepdims)
    if dtype != x.dtype:
        limit = jnp.finfo(dtype).max
        mean = jnp.clip(mean, -limit, limit)
        variance = jnp.minimum(variance, limit)
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

    def vector(v: Any) -> Any:
        return None if v is None else _tensor(v, x.dtype)

    return _batch_normalization(
        x,
        vector(mean),
        vector(variance),
        axis,
        vector(offset),
        vector(scale),
        epsilon,
    )


@_jit("axis")
def _batch_normalization(x, mean, variance, axis, offset, scale, epsilon):
    shape = [1] * x.ndim
    shape[axis] = -1
    inv = lax.rsqrt(variance.reshape(shape) + epsilon)
    if scale is not None:
        inv = inv * scale.reshape(shape)
    shift = -mean.reshape(shape) * inv
    if offset is not None:
        shift = shift + offset.reshape(shape)
    return x * inv + shift


def normalize(
    x: Any, axis: Any = -1, order: int = 2, epsilon: float | None = None
) -> Any:
    eps = _epsilon() if epsilon is None else epsilon
    return _normalize(_float(x), _static_axes(axis), order, eps)


@_jit("axis", "order")
def _normalize(x, axis, order, eps):
    x, dtype = _upcast(x)
    if order == 2:
        # rsqrt of the clamped square sum: finite gradients at zero.
        square_sum = jnp.sum(x * x, axis=axis, keepdims=True)
        inv = lax.rsqrt(jnp.maximum(square_sum, eps * eps))
        return (x * inv).astype(dtype)
    total = jnp.sum(jnp.abs(x) ** order, axis=axis, keepdims=True)
    norm = total ** (1 / order)
    return (x / jnp.maximum(norm, eps)).astype(dtype)


def rms_normalization(
    x: Any, scale: Any = None, axis: Any = -1, epsilon: float | None = None
) -> Any:
    eps = _epsilon() if epsilon is None else epsilon
    x = _float(x)
    scale = None if scale is None else _tensor(scale)
    return _rms_normalization(x, scale, _static_axes(axis), eps)


@_jit("axis")
def _rms_normalization(x, scale, axis, eps):
    x, dtype = _upcast(x)
    mean_square = jnp.mean(x * x, axis=axis, keepdims=True)
    out = x * lax.rsqrt(mean_square + eps)
    if scale is not None:
        out = out * scale.astype(out.dtype)
    return out.astype(dtype)


def layer_normalization(
    x: Any,
    gamma: Any = None,
    beta: Any = None,
    axis: Any = -1,
    epsilon: float | None = None,
) -> Any:
    eps = _epsilon() if epsilon is None else epsilon
    x = _float(x)
    gamma = None if gamma is None else _tensor(gamma)
    beta = None if beta is None else _tensor(beta)
    return _layer_normalization(x, gamma, beta, _static_axes(axis), eps)


@_jit("axis")
def _layer_normalization(x, gamma, beta, axis, eps):
    x, dtype = _upcast(x)
    mean = jnp.mean(x, axis=axis, keepdims=True)
    variance = jnp.var(x, axis=axis, keepdims=True)
    out = (x - mean) * lax.rsqrt(variance + eps)
    if gamma is not None:
        out = out * gamma.astype(out.dtype)
    if beta is not None:
        out = out + beta.astype(out.dtype)
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
    key = _tensor(key, query.dtype)
    value = _tensor(value, query.dtype)
    bias = None if bias is None else _tensor(bias)
    mask = None if mask is None else _tensor(mask, "bool")
    if scale is None:
        scale = 1 / math.sqrt(query.shape[-1])
    if query.ndim == 3:
        out = _attention(
            query[None],
            key[None],
            value[None],
            bias,
            mask,
            scale,
            bool(is_causal),
            attn_logits_soft_cap,
        )
        return out[0]
    return _attention(
        query,
        key,
        value,
        bias,
        mask,
        scale,
        bool(is_causal),
        attn_logits_soft_cap,
    )


@_jit("is_causal", "cap")
def _attention(query, key, value, bias, mask, scale, is_causal, cap):
    dtype = query.dtype
    batch, length, heads, depth = query.shape
    kv_heads = key.shape[2]
    groups = heads // kv_heads
    # Query head n attends with key/value head n // groups.
    grouped = query.reshape(batch, length, kv_heads, groups, depth)
    logits = jnp.einsum(
        "btkgh,bskh->bkgts",
        grouped,
        key,
        preferred_element_type=jnp.promote_types(dtype, "float32"),
    )
    logits = logits.reshape(batch, heads, length, -1) * scale
    if cap is not None:
        logits = cap * jnp.tanh(logits / cap)
    if bias is not None:
        logits = logits + bias.astype(logits.dtype)
    keep = mask
    if is_causal:
        causal = jnp.tril(jnp.ones(logits.shape[-2:], dtype=bool))
        keep = causal if keep is None else keep & causal
    if keep is not None:
        # A large finite value: a fully masked row attends uniformly.
        lowest = -0.7 * jnp.finfo(logits.dtype).max
        logits = jnp.where(keep, logits, lowest)
    weights = jax.nn.softmax(logits, axis=-1).astype(dtype)
    weights = weights.reshape(batch, kv_heads, groups, length, -1)
    out = jnp.einsum("bkgts,bskh->btkgh", weights, value)
    return out.reshape(batch, length, heads, depth)


def linear(inputs: Any, kernel: Any, bias: Any = None) -> Any:
    from kerata.src.backend.jax.numpy import add
    from kerata.src.backend.jax.numpy import matmul

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
    from kerata.src.backend.jax.numpy import add
    from kerata.src.backend.jax.numpy import reshape

    out = conv(inputs, kernel, strides, padding, data_format, dilation_rate)
    if standardize_data_format(data_format) == "channels_first":
        bias = reshape(bias, (-1,) + (1,) * (len(out.shape) - 2))
    return add(out, bias)


# --- CTC ----------------------------------------------------------------
# A finite "log 0": with -inf, logaddexp of two unreachable states has a
# NaN gradient, which would poison the whole backward pass.
_CTC_LOG_ZERO = -1e30


def _ctc_float(x: Any) -> Any:
    # CTC runs in float32 at least (float64 stays), as tf.nn.ctc_loss does.
    x = _tensor(x)
    if x.dtype == jnp.float32 or x.dtype == jnp.float64:
        return x
    return x.astype("float32")


def _logsumexp3(a: Any, b: Any, c: Any) -> Any:
    # The shift cancels out exactly, so it needs no gradient.
    top = lax.stop_gradient(jnp.maximum(jnp.maximum(a, b), c))
    return top + jnp.log(jnp.exp(a - top) + jnp.exp(b - top) + jnp.exp(c - top))


@_jit("mask_index")
def _ctc_loss(target, output, target_length, output_length, mask_index):
    batch, time, classes = output.shape
    log_probs = jax.nn.log_softmax(output, axis=-1)
    labels = jnp.clip(target.astype("int32"), 0, classes - 1)
    # States: blank, label 1, blank, label 2, ..., blank.
    num_states = 2 * labels.shape[1] + 1
    states = jnp.full((batch, num_states), mask_index, "int32")
    states = states.at[:, 1::2].set(labels)
    # A label may be reached from two states back (skipping the blank
    # between them) unless it repeats the label before it.
    skip = jnp.zeros((batch, num_states), bool)
    skip = skip.at[:, 3::2].set(labels[:, 1:] != labels[:, :-1])
    index = jnp.broadcast_to(states[:, None, :], (batch, time, num_states))
    emit = jnp.take_along_axis(log_probs, index, axis=2)  # (batch, time, s)
    active = jnp.arange(time)[:, None] < output_length[None, :]  # (time, b)
    zero = jnp.asarray(_CTC_LOG_ZERO, output.dtype)

    def step(alpha, frame):
        emit_t, active_t = frame
        advance = jnp.pad(alpha[:, :-1], ((0, 0), (1, 0)), constant_values=zero)
        jump = jnp.pad(alpha[:, :-2], ((0, 0), (2, 0)), constant_values=zero)
        new = _logsumexp3(alpha, advance, jnp.where(skip, jump, zero)) + emit_t
        return jnp.where(active_t[:, None], new, alpha), None

    # Before the first frame, all the mass is on the initial blank.
    alpha = jnp.full((batch, num_states), zero).at[:, 0].set(0.0)
    alpha, _ = lax.scan(step, alpha, (emit.transpose(1, 0, 2), active))
    last = 2 * target_length[:, None]
    end_blank = jnp.take_along_axis(alpha, last, axis=1)[:, 0]
    end_label = jnp.take_along_axis(alpha, jnp.maximum(last - 1, 0), axis=1)
    end_label = jnp.where(target_length > 0, end_label[:, 0], zero)
    log_likelihood = jnp.logaddexp(end_blank, end_label)
    # No alignment fits (labels longer than the frames allow): infinite
    # loss, as torch and TensorFlow give.
    reachable = log_likelihood > _CTC_LOG_ZERO / 2
    return jnp.where(reachable, -log_likelihood, jnp.inf)


def ctc_loss(
    target: Any,
    output: Any,
    target_length: Any,
    output_length: Any,
    mask_index: int = 0,
) -> Any:
    return _ctc_loss(
        _tensor(target),
        _ctc_float(output),
        _tensor(target_length, "int32"),
        _tensor(output_length, "int32"),
        mask_index=int(mask_index),
    )


@_jit("merge_repeated", "blank")
def _ctc_greedy_decode(inputs, sequence_lengths, merge_repeated, blank):
    time = inputs.shape[1]
    best = jnp.argmax(inputs, axis=-1)  # (batch, time)
    scores = jnp.max(inputs, axis=-1)
    padding = jnp.arange(time)[None, :] >= sequence_lengths[:, None]
    best = jnp.where(padding, blank, best)
    keep = best != blank
    if merge_repeated:
        keep = keep.at[:, 1:].set(keep[:, 1:] & (best[:, 1:] != best[:, :-1]))
    # A stable sort on "dropped" moves the kept labels forward, in order.
    order = jnp.argsort(~keep, axis=-1, stable=True)
    decoded = jnp.take_along_axis(jnp.where(keep, best, -1), order, axis=1)
    scores = -jnp.sum(jnp.where(padding, 0.0, scores), axis=1, keepdims=True)
    return decoded.astype("int32")[None], scores


def _ctc_beam_step(beams, frame, blank):
    """One frame of prefix beam search for one sample (see the numpy
    backend's `_ctc_beam_step`, which this follows array for array)."""
    paths, lengths, p_blank, p_label = beams
    log_probs, active = frame
    width, time = paths.shape
    classes = log_probs.shape[0]
    beam = jnp.arange(width)
    total = jnp.logaddexp(p_blank, p_label)
    last = jnp.where(lengths > 0, paths[beam, jnp.maximum(lengths - 1, 0)], -1)
    stay_blank = total + log_probs[blank]
    stay_label = jnp.where(
        last >= 0, p_label + log_probs[jnp.maximum(last, 0)], -jnp.inf
    )
    repeat = last[:, None] == jnp.arange(classes)
    grow = jnp.where(repeat, p_blank[:, None], total[:, None]) + log_probs
    grow = grow.at[:, blank].set(-jnp.inf)  # (width, classes)
    # Growing beam j by c may give the prefix of a kept beam i: merge it.
    alive = total > -jnp.inf
    parents = paths.at[beam, jnp.maximum(lengths - 1, 0)].set(-1)
    match = (
        alive[:, None]
        & alive[None, :]
        & (lengths[:, None] - 1 == lengths[None, :])
        & jnp.all(parents[:, None, :] == paths[None, :, :], axis=-1)
    )  # (i, j): beam j + last label of i == beam i
    merged = jnp.where(match, grow[:, jnp.maximum(last, 0)].T, -jnp.inf)
    stay_label = jnp.logaddexp(stay_label, jax.nn.logsumexp(merged, axis=1))
    taken = (match.T.astype("int32") @ repeat.astype("int32")) > 0
    grow = jnp.where(taken, -jnp.inf, grow)
    # Candidates: the `width` stays, then the `width * classes` growths.
    blank_scores = jnp.concatenate(
        [stay_blank, jnp.full(grow.size, -jnp.inf, grow.dtype)]
    )
    label_scores = jnp.concatenate([stay_label, grow.reshape(-1)])
    _, top = lax.top_k(jnp.logaddexp(blank_scores, label_scores), width)
    source = jnp.where(top < width, top, (top - width) // classes)
    label = jnp.where(top < width, -1, (top - width) % classes)
    new_paths = paths[source]
    new_lengths = lengths[source]
    grows = label >= 0
    end = jnp.minimum(new_lengths, time - 1)
    written = jnp.where(grows, label, new_paths[beam, end])
    new_paths = new_paths.at[beam, end].set(written)
    new = (new_paths, new_lengths + grows, blank_scores[top], label_scores[top])
    old = (paths, lengths, p_blank, p_label)
    return jax.tree.map(lambda n, o: jnp.where(active, n, o), new, old), None


@_jit("width", "top_paths", "blank")
def _ctc_beam_search_decode(inputs, sequence_lengths, width, top_paths, blank):
    batch, time, _ = inputs.shape
    log_probs = jax.nn.log_softmax(inputs, axis=-1)
    active = jnp.arange(time)[None, :] < sequence_lengths[:, None]
    step = functools.partial(_ctc_beam_step, blank=blank)

    def decode(log_probs, active):  # one sample
        # One live beam, the empty prefix; the others start dead (-inf).
        p_blank = jnp.full(width, -jnp.inf, inputs.dtype).at[0].set(0.0)
        beams = (
            jnp.full((width, time), -1, "int32"),
            jnp.zeros(width, "int32"),
            p_blank,
            jnp.full(width, -jnp.inf, inputs.dtype),
        )
        beams, _ = lax.scan(step, beams, (log_probs, active))
        # The beams come out sorted, most likely first.
        total = jnp.logaddexp(beams[2], beams[3])[:top_paths]
        paths = jnp.where(total[:, None] > -jnp.inf, beams[0][:top_paths], -1)
        return paths, total

    paths, scores = jax.vmap(decode)(log_probs, active)
    return paths.transpose(1, 0, 2), scores  # (top_paths, batch, time)


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
    lengths = _tensor(sequence_lengths, "int32")
    if strategy == "greedy":
        return _ctc_greedy_decode(
            inputs, lengths, merge_repeated=merge_repeated, blank=mask_index
        )
    if strategy == "beam_search":
        return _ctc_beam_search_decode(
            inputs,
            lengths,
            width=beam_width,
            top_paths=top_paths,
            blank=mask_index,
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


@_jit("output_size", "data_format", "mode")
def _adaptive_pool(x, output_size, data_format, mode):
    first = 2 if data_format == "channels_first" else 1
    for i, out in enumerate(output_size):
        axis = first + i
        index, valid = _adaptive_bins(x.shape[axis], out)
        taps = jnp.take(x, index.reshape(-1), axis=axis)
        # (..., out, width, ...) at the pooled axis.
        taps = taps.reshape(x.shape[:axis] + index.shape + x.shape[axis + 1 :])
        if mode == "max":
            # Repeated taps cannot change a maximum.
            x = jnp.max(taps, axis=axis + 1)
            continue
        mask = valid.reshape(valid.shape + (1,) * (x.ndim - axis - 1))
        total = jnp.sum(jnp.where(mask, taps, 0), axis=axis + 1)
        count = np.sum(valid, axis=1).reshape((out,) + mask.shape[2:])
        x = total / count.astype(x.dtype)
    return x


def adaptive_average_pool(
    inputs: Any, output_size: Any, data_format: str | None = None
) -> Any:
    x = _float(inputs)
    size = _tuple(output_size, x.ndim - 2)
    return _adaptive_pool(
        x, size, standardize_data_format(data_format), "average"
    )


def adaptive_max_pool(
    inputs: Any, output_size: Any, data_format: str | None = None
) -> Any:
    x = _tensor(inputs)
    size = _tuple(output_size, x.ndim - 2)
    return _adaptive_pool(x, size, standardize_data_format(data_format), "max")
