"""torch backend: nn functions (see backend/interface/nn.py).

Everything maps onto `torch.nn.functional`. Channels_last images are never
copied around a convolution or pooling: `x.permute(0, 3, 1, 2)` is an NCHW
view with channels_last strides, which the kernels consume natively, and
the result is permuted back the same way.
"""

from __future__ import annotations

import math
from typing import Any

import torch
import torch.nn.functional as F

from kerata.src.backend.common import dtypes
from kerata.src.backend.common.config import epsilon as _epsilon
from kerata.src.backend.common.config import floatx
from kerata.src.backend.common.config import standardize_data_format
from kerata.src.backend.torch.core import convert_to_tensor
from kerata.src.backend.torch.core import to_torch_dtype

_Tensor = torch.Tensor
_HALF = (torch.float16, torch.bfloat16)


def _tensor(x: Any) -> torch.Tensor:
    return x if isinstance(x, _Tensor) else convert_to_tensor(x)


def _float(x: Any) -> torch.Tensor:
    if not isinstance(x, _Tensor):
        x = convert_to_tensor(x)
    if x.is_floating_point():
        return x
    out = dtypes.result_type(dtypes.standardize_dtype(x.dtype), float)
    return x.to(to_torch_dtype(out))


def _float2(x1: Any, x2: Any) -> tuple:
    """Both operands as floating tensors of Keras's result dtype."""
    if not isinstance(x1, _Tensor):
        x1 = convert_to_tensor(x1)
    if not isinstance(x2, _Tensor):
        x2 = convert_to_tensor(x2)
    if x1.dtype == x2.dtype and x1.is_floating_point():
        return x1, x2
    out = dtypes.result_type(
        dtypes.standardize_dtype(x1.dtype), dtypes.standardize_dtype(x2.dtype)
    )
    if out not in dtypes.FLOAT_TYPES:
        out = dtypes.result_type(out, float)
    out = to_torch_dtype(out)
    return x1.to(out), x2.to(out)


def _axes(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


# --- activations --------------------------------------------------------
def relu(x: Any) -> Any:
    return torch.relu(_tensor(x))


def relu6(x: Any) -> Any:
    return F.relu6(_float(x))


def sigmoid(x: Any) -> Any:
    return torch.sigmoid(_float(x))


def sparse_sigmoid(x: Any) -> Any:
    return (_float(x) * 0.5 + 0.5).clamp(0, 1)


def softplus(x: Any) -> Any:
    return F.softplus(_float(x))


def softsign(x: Any) -> Any:
    return F.softsign(_float(x))


def silu(x: Any) -> Any:
    return F.silu(_float(x))


def log_sigmoid(x: Any) -> Any:
    return F.logsigmoid(_float(x))


def leaky_relu(x: Any, negative_slope: float = 0.2) -> Any:
    return F.leaky_relu(_float(x), negative_slope)


def hard_sigmoid(x: Any) -> Any:
    return F.hardsigmoid(_float(x))


def hard_silu(x: Any) -> Any:
    return F.hardswish(_float(x))


def elu(x: Any, alpha: float = 1.0) -> Any:
    return F.elu(_float(x), alpha)


def selu(x: Any) -> Any:
    return F.selu(_float(x))


def gelu(x: Any, approximate: bool = True) -> Any:
    return F.gelu(_float(x), approximate="tanh" if approximate else "none")


def celu(x: Any, alpha: float = 1.0) -> Any:
    return F.celu(_float(x), alpha)


def glu(x: Any, axis: int = -1) -> Any:
    return F.glu(_float(x), axis)


def tanh_shrink(x: Any) -> Any:
    return F.tanhshrink(_float(x))


def hard_tanh(x: Any) -> Any:
    return F.hardtanh(_tensor(x))


def soft_shrink(x: Any, threshold: float = 0.5) -> Any:
    return F.softshrink(_float(x), threshold)


def hard_shrink(x: Any, threshold: float = 0.5) -> Any:
    return F.hardshrink(_float(x), threshold)


def threshold(x: Any, threshold: float, default_value: float) -> Any:
    return F.threshold(_float(x), threshold, default_value)


def squareplus(x: Any, b: float = 4) -> Any:
    x = _float(x)
    return (x + torch.sqrt(x * x + b)) * 0.5


def sparse_plus(x: Any) -> Any:
    x = _float(x)
    middle = (x + 1) ** 2 * 0.25
    return torch.where(x <= -1, 0.0, torch.where(x >= 1, x, middle))


def softmax(x: Any, axis: Any = -1) -> Any:
    x = _float(x)
    if isinstance(axis, int):
        return torch.softmax(x, dim=axis)
    return torch.exp(log_softmax(x, axis))


def log_softmax(x: Any, axis: Any = -1) -> Any:
    x = _float(x)
    if isinstance(axis, int):
        return torch.log_softmax(x, dim=axis)
    dims = tuple(range(x.dim())) if axis is None else tuple(axis)
    return x - torch.logsumexp(x, dim=dims, keepdim=True)


def sparsemax(x: Any, axis: int = -1) -> Any:
    x = _float(x)
    ranked, _ = torch.sort(x, dim=axis, descending=True)
    cumulative = torch.cumsum(ranked, dim=axis)
    shape = [1] * x.dim()
    shape[axis] = -1
    k = torch.arange(1, x.shape[axis] + 1, dtype=x.dtype, device=x.device)
    k = k.reshape(shape)
    # The support is the k largest entries with 1 + k * z_k > sum_{j<=k} z_j.
    support = torch.sum(1 + k * ranked > cumulative, dim=axis, keepdim=True)
    total = torch.gather(cumulative, axis, support - 1)
    tau = (total - 1) / support.to(x.dtype)
    return torch.clamp(x - tau, min=0)


# --- convolution and pooling -------------------------------------------
_CONV = (None, F.conv1d, F.conv2d, F.conv3d)
_CONV_TRANSPOSE = (
    None,
    F.conv_transpose1d,
    F.conv_transpose2d,
    F.conv_transpose3d,
)
_MAX_POOL = (None, F.max_pool1d, F.max_pool2d, F.max_pool3d)
_AVG_POOL = (None, F.avg_pool1d, F.avg_pool2d, F.avg_pool3d)
# (batch, *spatial, channels) <-> (batch, channels, *spatial), as views.
_TO_FIRST = {3: (0, 2, 1), 4: (0, 3, 1, 2), 5: (0, 4, 1, 2, 3)}
_TO_LAST = {3: (0, 2, 1), 4: (0, 2, 3, 1), 5: (0, 2, 3, 4, 1)}
# Keras kernel (*window, a, b) -> torch weight (b, a, *window), as a view:
# conv (*window, in, out) -> (out, in, *window); transposed conv
# (*window, out, in) -> (in, out, *window).
_KERNEL = {3: (2, 1, 0), 4: (3, 2, 0, 1), 5: (4, 3, 0, 1, 2)}


def _tuple(value: Any, n: int) -> tuple:
    if isinstance(value, int):
        return (value,) * n
    return tuple(value)


def _channels_last(data_format: Any) -> bool:
    return standardize_data_format(data_format) == "channels_last"


def _same_pads(size: int, window: int, stride: int, dilation: int) -> tuple:
    # TensorFlow's "same": output size ceil(size / stride), the odd pixel
    # of padding at the end.
    span = (window - 1) * dilation + 1
    total = max((-(-size // stride) - 1) * stride + span - size, 0)
    return total // 2, total - total // 2


def _pad(x, padding, window, strides, dilation, value=0.0) -> tuple:
    """Returns (x, torch padding) for a Keras padding string. Symmetric
    padding is left to the kernel; asymmetric padding is applied with
    F.pad (copying the input), with the odd pixel at the end."""
    if padding == "valid":
        return x, 0
    if padding == "causal":
        return F.pad(x, ((window[0] - 1) * dilation[0], 0), value=value), 0
    pads = [
        _same_pads(x.shape[2 + i], window[i], strides[i], dilation[i])
        for i in range(len(window))
    ]
    if all(before == after for before, after in pads):
        return x, tuple(before for before, _ in pads)
    flat = [side for pair in reversed(pads) for side in pair]
    return F.pad(x, flat, value=value), 0


def _conv_first(
    x, weight, strides, padding, dilation, bias=None
) -> torch.Tensor:
    """Grouped convolution of a (batch, channels, *spatial) tensor with a
    torch weight (out, in / groups, *window)."""
    n = x.dim() - 2
    strides = _tuple(strides, n)
    dilation = _tuple(dilation, n)
    x, pad = _pad(x, padding, weight.shape[2:], strides, dilation)
    groups = x.shape[1] // weight.shape[1]
    return _CONV[n](x, weight, bias, strides, pad, dilation, groups)


def conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any:
    x, kernel = _float2(inputs, kernel)
    ndim = x.dim()
    weight = kernel.permute(_KERNEL[ndim])
    if _channels_last(data_format):
        x = x.permute(_TO_FIRST[ndim])
        y = _conv_first(x, weight, strides, padding, dilation_rate)
        return y.permute(_TO_LAST[ndim])
    return _conv_first(x, weight, strides, padding, dilation_rate)


def _depthwise_weight(kernel: torch.Tensor) -> torch.Tensor:
    # (*window, in, multiplier) -> (in * multiplier, 1, *window): one
    # group per input channel, output channel c * multiplier + m.
    kernel = kernel.reshape(*kernel.shape[:-2], 1, -1)
    return kernel.permute(_KERNEL[kernel.dim()])


def depthwise_conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any:
    x, kernel = _float2(inputs, kernel)
    ndim = x.dim()
    weight = _depthwise_weight(kernel)
    if _channels_last(data_format):
        x = x.permute(_TO_FIRST[ndim])
        y = _conv_first(x, weight, strides, padding, dilation_rate)
        return y.permute(_TO_LAST[ndim])
    return _conv_first(x, weight, strides, padding, dilation_rate)


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
    pointwise_kernel = _tensor(pointwise_kernel).to(x.dtype)
    ndim = x.dim()
    last = _channels_last(data_format)
    if last:
        x = x.permute(_TO_FIRST[ndim])
    weight = _depthwise_weight(depthwise_kernel)
    y = _conv_first(x, weight, strides, padding, dilation_rate)
    y = _conv_first(y, pointwise_kernel.permute(_KERNEL[ndim]), 1, "valid", 1)
    return y.permute(_TO_LAST[ndim]) if last else y


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


def _conv_transpose_first(x, weight, strides, padding, output_padding, dil):
    n = x.dim() - 2
    strides = _tuple(strides, n)
    dil = _tuple(dil, n)
    if output_padding is None or isinstance(output_padding, int):
        output_padding = (output_padding,) * n
    # torch crops `pad` on both sides of the full output and adds `extra`
    # at the end; Keras's (left, right) padding maps onto that whenever
    # 0 <= extra < max(stride, dilation).
    crops = []
    for i in range(n):
        left, right = _transpose_pads(
            weight.shape[2 + i], strides[i], dil[i], padding, output_padding[i]
        )
        span = (weight.shape[2 + i] - 1) * dil[i] + 1
        crops.append((span - 1 - left, right - left, left + right - span + 1))
    if all(
        0 <= extra < max(s, d)
        for (_, extra, _), s, d in zip(crops, strides, dil)
    ):
        pads = tuple(c[0] for c in crops)
        extras = tuple(c[1] for c in crops)
        return _CONV_TRANSPOSE[n](
            x, weight, None, strides, pads, extras, 1, dil
        )
    # Otherwise crop (or zero-extend) the full output axis by axis.
    y = _CONV_TRANSPOSE[n](x, weight, None, strides, 0, 0, 1, dil)
    for i, (start, _, grow) in enumerate(crops):
        length = (x.shape[2 + i] - 1) * strides[i] + 1 + grow
        available = y.shape[2 + i] - start
        y = y.narrow(2 + i, start, min(length, available))
        if length > available:
            flat = [0, 0] * (n - 1 - i) + [0, length - available]
            y = F.pad(y, flat)
    return y


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
    ndim = x.dim()
    weight = kernel.permute(_KERNEL[ndim])
    last = _channels_last(data_format)
    if last:
        x = x.permute(_TO_FIRST[ndim])
    y = _conv_transpose_first(
        x, weight, strides, padding, output_padding, dilation_rate
    )
    return y.permute(_TO_LAST[ndim]) if last else y


def _pool_args(x, pool_size, strides, data_format) -> tuple:
    n = x.dim() - 2
    pool_size = _tuple(pool_size, n)
    strides = pool_size if strides is None else _tuple(strides, n)
    last = _channels_last(data_format)
    if last:
        x = x.permute(_TO_FIRST[x.dim()])
    return x, pool_size, strides, last


def max_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> Any:
    x = _tensor(inputs)
    if not x.is_floating_point():
        # torch has no integer max pooling; float64 holds int32 exactly.
        out = max_pool(x.double(), pool_size, strides, padding, data_format)
        return out.to(x.dtype)
    ndim = x.dim()
    x, pool_size, strides, last = _pool_args(x, pool_size, strides, data_format)
    ones = (1,) * len(pool_size)
    x, pad = _pad(x, padding, pool_size, strides, ones, -math.inf)
    y = _MAX_POOL[ndim - 2](x, pool_size, strides, pad)
    return y.permute(_TO_LAST[ndim]) if last else y


def average_pool(
    inputs: Any,
    pool_size: Any,
    strides: Any = None,
    padding: str = "valid",
    data_format: str | None = None,
) -> Any:
    x = _float(inputs)
    ndim = x.dim()
    pool = _AVG_POOL[ndim - 2]
    x, pool_size, strides, last = _pool_args(x, pool_size, strides, data_format)
    ones = (1,) * len(pool_size)
    padded, pad = _pad(x, padding, pool_size, strides, ones)
    if padded is x:
        # Keras excludes padding from the average.
        y = pool(x, pool_size, strides, pad, count_include_pad=False)
    else:
        # Asymmetric padding: divide by the count of real inputs.
        count = x.new_ones((1, 1, *x.shape[2:]))
        count, _ = _pad(count, padding, pool_size, strides, ones)
        y = pool(padded, pool_size, strides) / pool(count, pool_size, strides)
    return y.permute(_TO_LAST[ndim]) if last else y


# --- encodings and losses -----------------------------------------------
def one_hot(
    x: Any,
    num_classes: int,
    axis: int = -1,
    dtype: Any = None,
    sparse: bool = False,
) -> Any:
    if sparse:
        raise ValueError("The torch backend does not support sparse=True.")
    x = _tensor(x)
    axis = axis if axis >= 0 else axis + x.dim() + 1
    shape = [1] * (x.dim() + 1)
    shape[axis] = num_classes
    classes = torch.arange(num_classes, device=x.device).reshape(shape)
    # Out-of-range indices (negative ones too) match no class: all zeros.
    out = x.unsqueeze(axis) == classes
    return out.to(to_torch_dtype(dtype or floatx()))


def multi_hot(
    inputs: Any,
    num_classes: int,
    axis: int = -1,
    dtype: Any = None,
    sparse: bool = False,
) -> Any:
    x = _tensor(inputs)
    encoded = one_hot(x, num_classes, axis=axis, dtype=dtype, sparse=sparse)
    return torch.amax(encoded, dim=1 if x.dim() > 1 else 0)


def binary_crossentropy(
    target: Any, output: Any, from_logits: bool = False
) -> Any:
    target, output = _float2(target, output)
    if from_logits:
        return F.binary_cross_entropy_with_logits(
            output, target, reduction="none"
        )
    eps = _epsilon()
    output = output.clamp(eps, 1 - eps)
    return F.binary_cross_entropy(output, target, reduction="none")


def _log_probabilities(output, axis: int):
    eps = _epsilon()
    output = output / output.sum(dim=axis, keepdim=True)
    return output.clamp(eps, 1 - eps).log()


def categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> Any:
    target, output = _float2(target, output)
    if from_logits:
        # Fused log_softmax + soft-target NLL; classes go on axis 1.
        if _needs_movedim(output, axis):
            output = output.movedim(axis, 1)
            target = target.movedim(axis, 1)
        return F.cross_entropy(output, target, reduction="none")
    log_prob = _log_probabilities(output, axis)
    return -(target * log_prob).sum(dim=axis)


def _needs_movedim(output: torch.Tensor, axis: int) -> bool:
    """Whether the class axis must be moved to 1, where torch's NLL
    kernels want it (for 2-D input, axis -1 already is axis 1)."""
    ndim = output.dim()
    return ndim > 1 and axis != 1 and axis != 1 - ndim


def _class_indices(target: Any, output: torch.Tensor) -> torch.Tensor:
    """Targets as int64 class indices, the only dtype torch's NLL kernels
    take; a trailing axis of size 1 is squeezed."""
    target = _tensor(target)
    if target.dim() == output.dim() and target.shape[-1] == 1:
        target = target.squeeze(-1)
    return target if target.dtype == torch.int64 else target.long()


def _sparse_crossentropy(target, output, from_logits, axis, reduction):
    output = _float(output)
    target = _class_indices(target, output)
    if _needs_movedim(output, axis):
        output = output.movedim(axis, 1)  # classes on axis 1, as a view
    if output.dim() > 1:
        axis = 1
    # Out-of-range targets raise here (as TensorFlow does on the CPU).
    if from_logits:
        return F.cross_entropy(output, target, reduction=reduction)
    log_prob = _log_probabilities(output, axis)
    return F.nll_loss(log_prob, target, reduction=reduction)


def sparse_categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> Any:
    return _sparse_crossentropy(target, output, from_logits, axis, "none")


def sparse_categorical_crossentropy_mean(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> Any:
    # kerata extension: the mean of `sparse_categorical_crossentropy`
    # over all positions, reduced inside torch's kernel (one kernel fewer
    # forward and backward than a separate mean). `kerata.losses` uses it,
    # when a backend has it, for unweighted, unmasked mean reductions.
    return _sparse_crossentropy(target, output, from_logits, axis, "mean")


# --- normalization ------------------------------------------------------
def moments(
    x: Any, axes: Any, keepdims: bool = False, synchronized: bool = False
) -> tuple:
    x = _float(x)
    dtype = x.dtype
    if dtype in _HALF:
        # float16 statistics overflow: compute in float32.
        x = x.float()
    dims = (axes,) if isinstance(axes, int) else tuple(axes)
    variance, mean = torch.var_mean(x, dim=dims, correction=0, keepdim=keepdims)
    if dtype in _HALF:
        limit = torch.finfo(dtype).max
        mean = mean.clamp(-limit, limit).to(dtype)
        variance = variance.clamp(max=limit).to(dtype)
    return mean, variance


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
    dtype = x.dtype
    mean = _tensor(mean).to(dtype)
    variance = _tensor(variance).to(dtype)
    offset = None if offset is None else _tensor(offset).to(dtype)
    scale = None if scale is None else _tensor(scale).to(dtype)
    ndim = x.dim()
    # torch's CUDA kernel refuses epsilon <= 0; the path below takes it.
    if (
        ndim > 1
        and epsilon > 0
        and not (
            torch.is_grad_enabled()
            and (mean.requires_grad or variance.requires_grad)
        )
    ):
        # Fixed statistics (inference): torch's fused kernel, with the
        # channels moved to axis 1 as a view. It passes no gradient to
        # `mean` and `variance`, so batch statistics take the path below.
        axis = axis % ndim
        y = F.batch_norm(
            x.movedim(axis, 1),
            mean,
            variance,
            scale,
            offset,
            False,
            0.0,
            epsilon,
        )
        return y.movedim(1, axis)
    shape = [1] * ndim
    shape[axis] = -1
    # One multiply-add over x: x * inv + shift.
    inv = torch.rsqrt(variance + epsilon)
    if scale is not None:
        inv = inv * scale
    shift = -mean * inv
    if offset is not None:
        shift = shift + offset
    return torch.addcmul(shift.reshape(shape), x, inv.reshape(shape))


def normalize(
    x: Any, axis: Any = -1, order: int = 2, epsilon: float | None = None
) -> Any:
    x = _float(x)
    eps = _epsilon() if epsilon is None else epsilon
    if isinstance(axis, int):
        return F.normalize(x, p=order, dim=axis, eps=eps)
    norm = torch.linalg.vector_norm(x, ord=order, dim=axis, keepdim=True)
    return x / norm.clamp_min(eps)


def _trailing(axis: Any, ndim: int) -> int | None:
    """How many trailing axes `axis` names, or None if it names others
    (F.layer_norm and F.rms_norm normalize trailing axes only)."""
    axes = [axis] if isinstance(axis, int) else list(axis)
    axes = sorted(a % ndim for a in axes)
    if axes == list(range(ndim - len(axes), ndim)):
        return len(axes)
    return None


def _weight(v: Any, dtype: torch.dtype, shape: tuple) -> Any:
    if v is None:
        return None
    v = _tensor(v).to(dtype)
    if tuple(v.shape) == shape:
        return v
    # F.layer_norm wants weights of exactly the normalized shape.
    if v.numel() == math.prod(shape):
        return v.reshape(shape)
    return torch.broadcast_to(v, shape)


def rms_normalization(
    x: Any, scale: Any = None, axis: Any = -1, epsilon: float | None = None
) -> Any:
    x = _float(x)
    eps = _epsilon() if epsilon is None else epsilon
    dtype = x.dtype
    if dtype in _HALF:
        x = x.float()
    count = _trailing(axis, x.dim())
    if count is not None:
        shape = tuple(x.shape[x.dim() - count :])
        out = F.rms_norm(x, shape, _weight(scale, x.dtype, shape), eps)
    else:
        dims = _axes(axis)
        mean_square = torch.mean(x * x, dim=dims, keepdim=True)
        out = x * torch.rsqrt(mean_square + eps)
        if scale is not None:
            out = out * _tensor(scale).to(x.dtype)
    return out.to(dtype)


def layer_normalization(
    x: Any,
    gamma: Any = None,
    beta: Any = None,
    axis: Any = -1,
    epsilon: float | None = None,
) -> Any:
    x = _float(x)
    eps = _epsilon() if epsilon is None else epsilon
    dtype = x.dtype
    if dtype in _HALF:
        x = x.float()
    count = _trailing(axis, x.dim())
    if count is not None:
        shape = tuple(x.shape[x.dim() - count :])
        gamma = _weight(gamma, x.dtype, shape)
        beta = _weight(beta, x.dtype, shape)
        return F.layer_norm(x, shape, gamma, beta, eps).to(dtype)
    dims = (axis,) if isinstance(axis, int) else tuple(axis)
    variance, mean = torch.var_mean(x, dim=dims, correction=0, keepdim=True)
    out = (x - mean) * torch.rsqrt(variance + eps)
    if gamma is not None:
        out = out * _tensor(gamma).to(x.dtype)
    if beta is not None:
        out = out + _tensor(beta).to(x.dtype)
    return out.to(dtype)


# --- attention ----------------------------------------------------------
def _attention_mask(bias, mask, is_causal, logits_shape, dtype, device):
    """One additive mask from `bias`, `mask` and causality. Masked logits
    get a large finite negative value (as jax.nn does), so a fully masked
    row attends uniformly instead of giving NaN."""
    out = None if bias is None else _tensor(bias).to(dtype)
    keep = None if mask is None else _tensor(mask).to(torch.bool)
    if is_causal:
        causal = torch.ones(logits_shape, dtype=torch.bool, device=device)
        causal = causal.tril()
        keep = causal if keep is None else keep & causal
    if keep is None:
        return out
    base = torch.zeros((), dtype=dtype, device=device) if out is None else out
    return torch.where(keep, base, -0.7 * torch.finfo(dtype).max)


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
    dtype = query.dtype
    key = _tensor(key).to(dtype)
    value = _tensor(value).to(dtype)
    # (batch, seq, heads, depth) -> (batch, heads, seq, depth), as views.
    q = query.transpose(-3, -2)
    k = key.transpose(-3, -2)
    v = value.transpose(-3, -2)
    logits_shape = (q.shape[-2], k.shape[-2])
    if attn_logits_soft_cap is None:
        attn_mask = None
        if bias is not None or mask is not None:
            attn_mask = _attention_mask(
                bias, mask, is_causal, logits_shape, dtype, q.device
            )
            is_causal = False
        out = F.scaled_dot_product_attention(
            q,
            k,
            v,
            attn_mask=attn_mask,
            is_causal=is_causal,
            scale=scale,
            enable_gqa=q.shape[-3] != k.shape[-3],
        )
        return out.transpose(-3, -2)
    # The soft cap acts on the logits, which SDPA does not expose.
    groups = q.shape[-3] // k.shape[-3]
    if groups > 1:
        k = k.repeat_interleave(groups, dim=-3)
        v = v.repeat_interleave(groups, dim=-3)
    if scale is None:
        scale = 1 / math.sqrt(q.shape[-1])
    logits = torch.matmul(q, k.transpose(-1, -2)) * scale  # (b, n, t, s)
    cap = attn_logits_soft_cap
    logits = torch.tanh(logits / cap) * cap
    attn_mask = _attention_mask(
        bias, mask, is_causal, logits_shape, dtype, q.device
    )
    if attn_mask is not None:
        logits = logits + attn_mask
    weights = torch.softmax(logits.float(), dim=-1).to(dtype)
    return torch.matmul(weights, v).transpose(-3, -2)


def linear(inputs: Any, kernel: Any, bias: Any = None) -> Any:
    # One fused kernel (addmm) instead of matmul then add: what
    # torch.nn.Linear does. `kernel.t()` is a view, not a copy.
    x, kernel = _float2(inputs, kernel)
    if bias is not None:
        bias = _tensor(bias)
        if bias.dtype != x.dtype:
            bias = bias.to(x.dtype)
    return F.linear(x, kernel.t(), bias)


def conv_with_bias(
    inputs: Any,
    kernel: Any,
    bias: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any:
    # The bias goes into the convolution kernel itself, as torch.nn.Conv2d
    # does, instead of a separate pass over the output.
    x, kernel = _float2(inputs, kernel)
    bias = _tensor(bias)
    if bias.dtype != x.dtype:
        bias = bias.to(x.dtype)
    ndim = x.dim()
    weight = kernel.permute(_KERNEL[ndim])
    if _channels_last(data_format):
        x = x.permute(_TO_FIRST[ndim])
        y = _conv_first(x, weight, strides, padding, dilation_rate, bias)
        return y.permute(_TO_LAST[ndim])
    return _conv_first(x, weight, strides, padding, dilation_rate, bias)


# --- CTC ----------------------------------------------------------------
def _ctc_float(x: Any) -> torch.Tensor:
    # CTC runs in float32 at least (float64 stays), as tf.nn.ctc_loss does.
    x = _tensor(x)
    if x.dtype == torch.float32 or x.dtype == torch.float64:
        return x
    return x.to(torch.float32)


def ctc_loss(
    target: Any,
    output: Any,
    target_length: Any,
    output_length: Any,
    mask_index: int = 0,
) -> Any:
    log_probs = F.log_softmax(_ctc_float(output), dim=-1).transpose(0, 1)
    # Integer views of the labels and lengths; .long() is free on int64.
    return F.ctc_loss(
        log_probs,  # (time, batch, classes)
        _tensor(target).long(),
        _tensor(output_length).long(),
        _tensor(target_length).long(),
        blank=mask_index,
        reduction="none",
        zero_infinity=False,
    )


def _ctc_greedy_decode(inputs, sequence_lengths, merge_repeated, blank):
    time = inputs.shape[1]
    scores, best = inputs.max(dim=-1)  # (batch, time) each
    lengths = _tensor(sequence_lengths).to(best.device)
    padding = torch.arange(time, device=best.device) >= lengths[:, None]
    best = best.masked_fill(padding, blank)
    keep = best != blank
    if merge_repeated:
        keep[:, 1:] &= best[:, 1:] != best[:, :-1]
    # A stable sort on "dropped" moves the kept labels forward, in order.
    order = torch.argsort((~keep).to(torch.uint8), dim=-1, stable=True)
    decoded = torch.where(keep, best, -1).gather(1, order)
    scores = -scores.masked_fill(padding, 0).sum(dim=1, keepdim=True)
    return decoded.to(torch.int32)[None], scores


def _ctc_beam_step(beams, log_probs, active, blank):
    """One frame of prefix beam search, batched (the numpy backend's
    `_ctc_beam_step` explains the method; this follows it with a leading
    batch axis). `log_probs`: (batch, classes)."""
    paths, lengths, p_blank, p_label = beams  # (batch, width[, time])
    batch, width, time = paths.shape
    classes = log_probs.shape[-1]
    total = torch.logaddexp(p_blank, p_label)
    end = (lengths - 1).clamp(min=0)
    last = torch.where(lengths > 0, paths.gather(2, end[..., None])[..., 0], -1)
    safe_last = last.clamp(min=0)
    stay_blank = total + log_probs[:, blank, None]
    stay_label = p_label + log_probs.gather(1, safe_last)
    stay_label = torch.where(last >= 0, stay_label, -math.inf)
    labels = torch.arange(classes, device=paths.device)
    repeat = last[..., None] == labels  # (batch, width, classes)
    grow = torch.where(repeat, p_blank[..., None], total[..., None])
    grow = grow + log_probs[:, None, :]
    grow[:, :, blank] = -math.inf
    # Growing beam j by c may give the prefix of a kept beam i: merge it.
    alive = total > -math.inf
    parents = paths.scatter(2, end[..., None], -1)
    match = (
        alive[:, :, None]
        & alive[:, None, :]
        & (lengths[:, :, None] - 1 == lengths[:, None, :])
        & (parents[:, :, None, :] == paths[:, None, :, :]).all(-1)
    )  # (batch, i, j): beam j + last label of i == beam i
    index = safe_last[:, None, :].expand(batch, width, width)
    merged = torch.where(
        match, grow.gather(2, index).transpose(1, 2), -math.inf
    )
    stay_label = torch.logaddexp(stay_label, torch.logsumexp(merged, dim=2))
    taken = match.transpose(1, 2).to(grow.dtype) @ repeat.to(grow.dtype)
    grow = grow.masked_fill(taken > 0, -math.inf)
    # Candidates: the `width` stays, then the `width * classes` growths.
    none = torch.full_like(grow, -math.inf).reshape(batch, -1)
    blank_scores = torch.cat([stay_blank, none], dim=1)
    label_scores = torch.cat([stay_label, grow.reshape(batch, -1)], dim=1)
    scores = torch.logaddexp(blank_scores, label_scores)
    top = torch.topk(scores, width, dim=1).indices  # sorted, best first
    source = torch.where(top < width, top, (top - width) // classes)
    label = torch.where(top < width, -1, (top - width) % classes)
    new_paths = paths.gather(1, source[..., None].expand(-1, -1, time))
    new_lengths = lengths.gather(1, source)
    grows = label >= 0
    end = new_lengths.clamp(max=time - 1)[..., None]
    written = torch.where(grows, label, new_paths.gather(2, end)[..., 0])
    new_paths = new_paths.scatter(2, end, written[..., None])
    new = (
        new_paths,
        new_lengths + grows,
        blank_scores.gather(1, top),
        label_scores.gather(1, top),
    )
    return tuple(
        torch.where(active.view((batch,) + (1,) * (n.dim() - 1)), n, o)
        for n, o in zip(new, beams)
    )


def _ctc_beam_search_decode(inputs, sequence_lengths, width, top_paths, blank):
    batch, time, _ = inputs.shape
    device = inputs.device
    log_probs = F.log_softmax(inputs, dim=-1)
    lengths = _tensor(sequence_lengths).to(device)
    # One live beam per sample, the empty prefix; the others start dead.
    p_blank = torch.full((batch, width), -math.inf, dtype=inputs.dtype)
    p_blank[:, 0] = 0.0
    beams = (
        torch.full((batch, width, time), -1, device=device),
        torch.zeros((batch, width), dtype=torch.int64, device=device),
        p_blank.to(device),
        torch.full_like(p_blank, -math.inf).to(device),
    )
    for t in range(time):
        beams = _ctc_beam_step(beams, log_probs[:, t], t < lengths, blank)
    # The beams come out sorted, most likely first.
    total = torch.logaddexp(beams[2], beams[3])[:, :top_paths]
    paths = beams[0][:, :top_paths].masked_fill(
        (total == -math.inf)[..., None], -1
    )
    return paths.transpose(0, 1).to(torch.int32), total


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
    if strategy == "greedy":
        return _ctc_greedy_decode(
            inputs, sequence_lengths, merge_repeated, mask_index
        )
    if strategy == "beam_search":
        return _ctc_beam_search_decode(
            inputs, sequence_lengths, beam_width, top_paths, mask_index
        )
    raise ValueError(
        "`strategy` must be 'greedy' or 'beam_search'. Received: "
        f"strategy={strategy!r}"
    )


# --- adaptive pooling ---------------------------------------------------
_ADAPTIVE_MAX = (
    None,
    F.adaptive_max_pool1d,
    F.adaptive_max_pool2d,
    F.adaptive_max_pool3d,
)
_ADAPTIVE_AVG = (
    None,
    F.adaptive_avg_pool1d,
    F.adaptive_avg_pool2d,
    F.adaptive_avg_pool3d,
)


def _adaptive_pool(pools, x, output_size, data_format) -> torch.Tensor:
    ndim = x.dim()
    size = _tuple(output_size, ndim - 2)
    if _channels_last(data_format):
        y = pools[ndim - 2](x.permute(_TO_FIRST[ndim]), size)
        return y.permute(_TO_LAST[ndim])
    return pools[ndim - 2](x, size)


def adaptive_average_pool(
    inputs: Any, output_size: Any, data_format: str | None = None
) -> Any:
    x = _float(inputs)
    return _adaptive_pool(_ADAPTIVE_AVG, x, output_size, data_format)


def adaptive_max_pool(
    inputs: Any, output_size: Any, data_format: str | None = None
) -> Any:
    x = _tensor(inputs)
    if not x.is_floating_point():
        # torch has no integer max pooling; float64 holds int32 exactly.
        out = adaptive_max_pool(x.double(), output_size, data_format)
        return out.to(x.dtype)
    return _adaptive_pool(_ADAPTIVE_MAX, x, output_size, data_format)
