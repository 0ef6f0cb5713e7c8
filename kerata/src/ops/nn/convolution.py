"""Public ops: `kerata.ops.nn` convolutions.

Inputs are batches of 1D, 2D or 3D images, channels_last by default
(`data_format=None` means `kerata.config.image_data_format()`). Kernels
use Keras's layouts, listed on each op. "same" padding follows TensorFlow:
the output has `ceil(size / stride)` positions and an odd pixel of padding
goes at the end.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.nn import _checks
from kerata.src.ops.operation import symbolic_op

_CONV_LAYOUT = "(*window, in_channels // groups, out_channels)"
_DEPTHWISE_LAYOUT = "(*window, in_channels, depth_multiplier)"
_TRANSPOSE_LAYOUT = "(*window, out_channels, in_channels)"


def _common(inputs, padding, strides, dilation_rate, data_format) -> tuple:
    """Checks shared by all convolutions: (rank, padding, data_format)."""
    rank = _checks.image_rank(inputs)
    allowed = ("valid", "same", "causal") if rank == 3 else ("valid", "same")
    padding = _checks.standardize_padding(padding, allowed)
    _checks.spatial_tuple(strides, rank - 2, "strides")
    _checks.spatial_tuple(dilation_rate, rank - 2, "dilation_rate")
    data_format = backend.standardize_data_format(data_format)
    return rank, padding, data_format


def _check_channels(channels: Any, expected: Any, what: str) -> None:
    if not _checks.same_size(channels, expected):
        raise ValueError(
            f"The inputs have {channels} channels, but {what} expects "
            f"{expected}. Check `data_format` and the kernel's layout."
        )


@kerata_export("kerata.ops.conv", "kerata.ops.nn.conv")
@symbolic_op
def conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any:
    """N-D convolution (a cross-correlation, as in every DL framework).

    The rank of `inputs` picks 1D, 2D or 3D. Grouped convolution follows
    from the kernel's shape: with `in_channels = groups * kernel.shape[-2]`
    each group of input channels makes `out_channels // groups` outputs.

    Args:
        inputs: Tensor of rank 3, 4 or 5: `(batch, *spatial, channels)`, or
            `(batch, channels, *spatial)` for "channels_first".
        kernel: Tensor of shape
            `(*window, in_channels // groups, out_channels)`.
        strides: Int or tuple of ints, the step between windows per axis.
        padding: "valid" (no padding), "same" (output size
            `ceil(size / stride)`) or, for 1D inputs, "causal" (left
            padding only: output `t` sees inputs up to `t`).
        data_format: "channels_last", "channels_first" or None for the
            global default.
        dilation_rate: Int or tuple of ints, the spacing of kernel taps.

    Returns:
        A tensor of rank `inputs.ndim` with `out_channels` channels.

    Raises:
        ValueError: For inputs of another rank, a kernel of another rank or
            with channels that do not fit, or an unknown `padding`.

    Example:

    >>> x = kerata.ops.ones((1, 5, 5, 1))
    >>> y = kerata.ops.conv(x, kerata.ops.ones((3, 3, 1, 2)))
    >>> tuple(y.shape)
    (1, 3, 3, 2)
    >>> kerata.ops.convert_to_numpy(y)[0, 0, 0].tolist()
    [9.0, 9.0]
    """
    rank, padding, data_format = _common(
        inputs, padding, strides, dilation_rate, data_format
    )
    shape = _checks.kernel_shape(kernel, rank, _CONV_LAYOUT, "kernel")
    channels = _checks.channels(inputs, data_format)
    if channels is not None and (
        channels < shape[-2]
        or channels % shape[-2]
        or shape[-1] % (channels // shape[-2])
    ):
        raise ValueError(
            f"The inputs have {channels} channels, which must be a multiple "
            f"of kernel.shape[-2]={shape[-2]} (their quotient is the number "
            "of groups, which must divide kernel.shape[-1]="
            f"{shape[-1]}). Received: kernel.shape={shape}. Kernels have "
            f"the layout {_CONV_LAYOUT}."
        )
    return backend.nn.conv(
        inputs, kernel, strides, padding, data_format, dilation_rate
    )


@kerata_export("kerata.ops.depthwise_conv", "kerata.ops.nn.depthwise_conv")
@symbolic_op
def depthwise_conv(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any:
    """N-D depthwise convolution: each input channel is filtered on its
    own by `depth_multiplier` filters.

    Output channel `c * depth_multiplier + m` is input channel `c`
    filtered by `kernel[..., c, m]`.

    Args:
        inputs: Tensor of rank 3, 4 or 5: `(batch, *spatial, channels)`, or
            `(batch, channels, *spatial)` for "channels_first".
        kernel: Tensor of shape `(*window, in_channels, depth_multiplier)`.
        strides: Int or tuple of ints, the step between windows per axis.
        padding: "valid", "same" or, for 1D inputs, "causal".
        data_format: "channels_last", "channels_first" or None for the
            global default.
        dilation_rate: Int or tuple of ints, the spacing of kernel taps.

    Returns:
        A tensor with `in_channels * depth_multiplier` channels.

    Raises:
        ValueError: For inputs or a kernel of the wrong rank, a kernel
            whose `in_channels` differs from the inputs', or an unknown
            `padding`.

    Example:

    >>> x = kerata.ops.ones((1, 4, 4, 3))
    >>> y = kerata.ops.depthwise_conv(x, kerata.ops.ones((2, 2, 3, 2)))
    >>> tuple(y.shape)
    (1, 3, 3, 6)
    """
    rank, padding, data_format = _common(
        inputs, padding, strides, dilation_rate, data_format
    )
    shape = _checks.kernel_shape(kernel, rank, _DEPTHWISE_LAYOUT, "kernel")
    _check_channels(
        _checks.channels(inputs, data_format),
        shape[-2],
        f"the kernel (layout {_DEPTHWISE_LAYOUT}, shape {shape})",
    )
    return backend.nn.depthwise_conv(
        inputs, kernel, strides, padding, data_format, dilation_rate
    )


@kerata_export("kerata.ops.separable_conv", "kerata.ops.nn.separable_conv")
@symbolic_op
def separable_conv(
    inputs: Any,
    depthwise_kernel: Any,
    pointwise_kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any:
    """N-D separable convolution: a depthwise convolution, then a
    pointwise (window size 1) convolution that mixes channels.

    Args:
        inputs: Tensor of rank 3, 4 or 5: `(batch, *spatial, channels)`, or
            `(batch, channels, *spatial)` for "channels_first".
        depthwise_kernel: Tensor of shape
            `(*window, in_channels, depth_multiplier)`.
        pointwise_kernel: Tensor of shape
            `(*ones, in_channels * depth_multiplier, out_channels)`.
        strides: Int or tuple of ints, strides of the depthwise step.
        padding: "valid", "same" or, for 1D inputs, "causal".
        data_format: "channels_last", "channels_first" or None for the
            global default.
        dilation_rate: Int or tuple of ints, dilation of the depthwise step.

    Returns:
        A tensor with `out_channels` channels.

    Raises:
        ValueError: For kernels that do not fit the inputs or each other,
            or an unknown `padding`.

    Example:

    >>> x = kerata.ops.ones((1, 4, 4, 3))
    >>> depthwise = kerata.ops.ones((3, 3, 3, 2))
    >>> pointwise = kerata.ops.ones((1, 1, 6, 5))
    >>> y = kerata.ops.separable_conv(x, depthwise, pointwise)
    >>> tuple(y.shape)
    (1, 2, 2, 5)
    """
    rank, padding, data_format = _common(
        inputs, padding, strides, dilation_rate, data_format
    )
    depthwise = _checks.kernel_shape(
        depthwise_kernel, rank, _DEPTHWISE_LAYOUT, "depthwise_kernel"
    )
    pointwise = _checks.kernel_shape(
        pointwise_kernel, rank, "(*ones, channels, out_channels)", "kernel"
    )
    _check_channels(
        _checks.channels(inputs, data_format),
        depthwise[-2],
        f"depthwise_kernel (shape {depthwise})",
    )
    if not _checks.same_size(depthwise[-2] * depthwise[-1], pointwise[-2]):
        raise ValueError(
            "pointwise_kernel.shape[-2] must equal in_channels * "
            f"depth_multiplier = {depthwise[-2] * depthwise[-1]}. Received: "
            f"depthwise_kernel.shape={depthwise}, "
            f"pointwise_kernel.shape={pointwise}"
        )
    return backend.nn.separable_conv(
        inputs,
        depthwise_kernel,
        pointwise_kernel,
        strides,
        padding,
        data_format,
        dilation_rate,
    )


@kerata_export("kerata.ops.conv_transpose", "kerata.ops.nn.conv_transpose")
@symbolic_op
def conv_transpose(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    output_padding: Any = None,
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Any:
    """N-D transposed convolution (the gradient of `conv` with respect to
    its input), used to upsample.

    With `output_padding=None`, each output axis has `size * stride`
    positions for "same" and `(size - 1) * stride + max(span, stride)` for
    "valid" (`span = (window - 1) * dilation + 1`). Otherwise it has
    `(size - 1) * stride + span - 2 * pad + output_padding` positions,
    where `pad` is 0 for "valid" and `span // 2` for "same" (as in Keras).

    Args:
        inputs: Tensor of rank 3, 4 or 5: `(batch, *spatial, channels)`, or
            `(batch, channels, *spatial)` for "channels_first".
        kernel: Tensor of shape `(*window, out_channels, in_channels)`.
        strides: Int or tuple of ints: the upsampling factor per axis.
        padding: "valid" or "same".
        output_padding: None, or an int or tuple of ints: extra positions
            added at the end of each output axis.
        data_format: "channels_last", "channels_first" or None for the
            global default.
        dilation_rate: Int or tuple of ints, the spacing of kernel taps.

    Returns:
        A tensor with `out_channels` channels.

    Raises:
        ValueError: For inputs or a kernel of the wrong rank, a kernel
            whose `in_channels` differs from the inputs', or an unknown
            `padding`.

    Example:

    >>> x = kerata.ops.ones((1, 3, 3, 4))
    >>> k = kerata.ops.ones((3, 3, 2, 4))
    >>> tuple(kerata.ops.conv_transpose(x, k, 2, padding="same").shape)
    (1, 6, 6, 2)
    """
    rank = _checks.image_rank(inputs)
    padding = _checks.standardize_padding(padding, ("valid", "same"))
    _checks.spatial_tuple(strides, rank - 2, "strides")
    _checks.spatial_tuple(dilation_rate, rank - 2, "dilation_rate")
    data_format = backend.standardize_data_format(data_format)
    if output_padding is not None:
        items = output_padding
        if isinstance(items, int):
            items = (items,) * (rank - 2)
        if len(items) != rank - 2 or any(
            not isinstance(v, int) or v < 0 for v in items
        ):
            raise ValueError(
                "`output_padding` must be None, a non-negative int or a "
                f"tuple of {rank - 2} of them. Received: "
                f"output_padding={output_padding!r}"
            )
    shape = _checks.kernel_shape(kernel, rank, _TRANSPOSE_LAYOUT, "kernel")
    _check_channels(
        _checks.channels(inputs, data_format),
        shape[-1],
        f"the kernel (layout {_TRANSPOSE_LAYOUT}, shape {shape})",
    )
    return backend.nn.conv_transpose(
        inputs,
        kernel,
        strides,
        padding,
        output_padding,
        data_format,
        dilation_rate,
    )
