"""Public ops: `kerata.ops.nn`, moving pixels between space and depth
(`depth_to_space`, `space_to_depth`, the "pixel shuffle" of super-resolution
models) and the `psnr` image-quality score.

They are reshapes and transposes of the backend's NumPy-like functions, so
every backend runs them (and differentiates them) without its own kernel.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.ops.operation import symbolic_op


def _check(op: str, x: Any, block_size: Any, data_format: Any) -> tuple:
    """Validates the arguments; returns `(shape, data_format)`."""
    if not isinstance(block_size, int) or isinstance(block_size, bool):
        raise TypeError(
            f"`block_size` must be an int. Received: block_size={block_size!r}"
        )
    if block_size < 2:
        raise ValueError(
            "`block_size` must be at least 2. "
            f"Received: block_size={block_size}"
        )
    data_format = backend.standardize_data_format(data_format)
    shape = tuple(x.shape) if hasattr(x, "shape") else None
    if shape is None:
        shape = tuple(backend.convert_to_numpy(x).shape)
    if len(shape) != 4:
        raise ValueError(
            f"`{op}` takes a 4-D tensor (batch, height, width, channels) or "
            f"(batch, channels, height, width). Received: x.shape={shape}"
        )
    return shape, data_format


def _split(shape: tuple, data_format: str) -> tuple:
    """`(batch, height, width, channels)` whatever the layout."""
    if data_format == "channels_last":
        return shape
    n, c, h, w = shape
    return n, h, w, c


def _join(n: Any, h: Any, w: Any, c: Any, data_format: str) -> tuple:
    if data_format == "channels_last":
        return (n, h, w, c)
    return (n, c, h, w)


def _times(d: Any, k: int) -> Any:
    return None if d is None else d * k


def _over(d: Any, k: int) -> Any:
    return None if d is None else d // k


def _depth_to_space_shape(shape: tuple, block_size: int, fmt: str) -> tuple:
    n, h, w, c = _split(shape, fmt)
    if c is not None and c % (block_size**2):
        raise ValueError(
            f"`depth_to_space` needs channels divisible by block_size ** 2 "
            f"= {block_size**2}. Received: {c} channels (x.shape={shape})."
        )
    new_c = _over(c, block_size**2)
    return _join(n, _times(h, block_size), _times(w, block_size), new_c, fmt)


def _space_to_depth_shape(shape: tuple, block_size: int, fmt: str) -> tuple:
    n, h, w, c = _split(shape, fmt)
    for name, d in (("height", h), ("width", w)):
        if d is not None and d % block_size:
            raise ValueError(
                f"`space_to_depth` needs a {name} divisible by block_size "
                f"= {block_size}. Received: {name} {d} (x.shape={shape})."
            )
    new_c = _times(c, block_size**2)
    return _join(n, _over(h, block_size), _over(w, block_size), new_c, fmt)


def _depth_to_space_spec(
    x: Any, block_size: int, data_format: str = "channels_last"
) -> KerasTensor:
    shape, fmt = _check("depth_to_space", x, block_size, data_format)
    out = _depth_to_space_shape(shape, block_size, fmt)
    return KerasTensor(out, dtype=x.dtype)


def _space_to_depth_spec(
    x: Any, block_size: int, data_format: str = "channels_last"
) -> KerasTensor:
    shape, fmt = _check("space_to_depth", x, block_size, data_format)
    out = _space_to_depth_shape(shape, block_size, fmt)
    return KerasTensor(out, dtype=x.dtype)


@kerata_export("kerata.ops.depth_to_space", "kerata.ops.nn.depth_to_space")
@symbolic_op(spec=_depth_to_space_spec)
def depth_to_space(
    x: Any, block_size: int, data_format: str = "channels_last"
) -> Any:
    """Moves channel blocks into spatial blocks ("pixel shuffle").

    Each group of `block_size ** 2` channels becomes a
    `block_size x block_size` patch of pixels, so the image grows by
    `block_size` in height and width and shrinks in depth. It undoes
    `space_to_depth`, and is how sub-pixel convolutions upsample.

    Args:
        x: 4-D tensor; its channels must divide by `block_size ** 2`.
        block_size: Int >= 2, the side of each spatial block.
        data_format: `"channels_last"` (`(batch, height, width, channels)`)
            or `"channels_first"` (`(batch, channels, height, width)`).

    Returns:
        A tensor of `x`'s dtype, of shape `(N, H * b, W * b, C // b**2)`
        (channels_last) or `(N, C // b**2, H * b, W * b)` (channels_first),
        where `b` is `block_size`.

    Raises:
        ValueError: If `x` is not 4-D, `block_size` is below 2 or the
            channels do not divide by `block_size ** 2`.

    Example:

    >>> x = kerata.ops.reshape(kerata.ops.arange(8), (1, 1, 2, 4))
    >>> y = kerata.ops.depth_to_space(x, 2)
    >>> tuple(y.shape)
    (1, 2, 4, 1)
    >>> kerata.ops.convert_to_numpy(y)[0, :, :, 0].tolist()
    [[0, 1, 4, 5], [2, 3, 6, 7]]
    """
    shape, fmt = _check("depth_to_space", x, block_size, data_format)
    out = _depth_to_space_shape(shape, block_size, fmt)
    b = block_size
    n, h, w, c = _split(shape, fmt)
    if fmt == "channels_last":
        # Channels read as (row in block, column in block, new channel).
        x = backend.numpy.reshape(x, (n, h, w, b, b, c // b**2))
        x = backend.numpy.transpose(x, (0, 1, 3, 2, 4, 5))
    else:
        # Channels read as (new channel, row in block, column in block),
        # as in torch's pixel_shuffle.
        x = backend.numpy.reshape(x, (n, c // b**2, b, b, h, w))
        x = backend.numpy.transpose(x, (0, 1, 4, 2, 5, 3))
    return backend.numpy.reshape(x, out)


@kerata_export("kerata.ops.space_to_depth", "kerata.ops.nn.space_to_depth")
@symbolic_op(spec=_space_to_depth_spec)
def space_to_depth(
    x: Any, block_size: int, data_format: str = "channels_last"
) -> Any:
    """Moves spatial blocks into channels ("pixel unshuffle").

    Each `block_size x block_size` patch of pixels becomes
    `block_size ** 2` channels of one pixel, so the image shrinks by
    `block_size` in height and width. It undoes `depth_to_space`.

    Args:
        x: 4-D tensor; its height and width must divide by `block_size`.
        block_size: Int >= 2, the side of each spatial block.
        data_format: `"channels_last"` (`(batch, height, width, channels)`)
            or `"channels_first"` (`(batch, channels, height, width)`).

    Returns:
        A tensor of `x`'s dtype, of shape `(N, H // b, W // b, C * b**2)`
        (channels_last) or `(N, C * b**2, H // b, W // b)`
        (channels_first), where `b` is `block_size`.

    Raises:
        ValueError: If `x` is not 4-D, `block_size` is below 2 or the
            height or width does not divide by `block_size`.

    Example:

    >>> x = kerata.ops.reshape(kerata.ops.arange(16), (1, 4, 4, 1))
    >>> y = kerata.ops.space_to_depth(x, 2)
    >>> tuple(y.shape)
    (1, 2, 2, 4)
    >>> kerata.ops.convert_to_numpy(y)[0, 0, 0].tolist()
    [0, 1, 4, 5]
    """
    shape, fmt = _check("space_to_depth", x, block_size, data_format)
    out = _space_to_depth_shape(shape, block_size, fmt)
    b = block_size
    n, h, w, c = _split(shape, fmt)
    if fmt == "channels_last":
        x = backend.numpy.reshape(x, (n, h // b, b, w // b, b, c))
        x = backend.numpy.transpose(x, (0, 1, 3, 2, 4, 5))
    else:
        x = backend.numpy.reshape(x, (n, c, h // b, b, w // b, b))
        x = backend.numpy.transpose(x, (0, 1, 3, 5, 2, 4))
    return backend.numpy.reshape(x, out)


def _psnr_spec(x1: Any, x2: Any, max_val: Any) -> KerasTensor:
    _check_same_shape(x1, x2)
    dtype = backend.result_type(
        backend.standardize_dtype(x1.dtype),
        backend.standardize_dtype(x2.dtype),
        float,
    )
    return KerasTensor((), dtype=dtype)


def _check_same_shape(x1: Any, x2: Any) -> None:
    shape1, shape2 = tuple(x1.shape), tuple(x2.shape)
    if shape1 != shape2:
        raise ValueError(
            "`psnr` compares two signals of one shape. Received: "
            f"x1.shape={shape1} and x2.shape={shape2}."
        )


@kerata_export("kerata.ops.psnr", "kerata.ops.nn.psnr")
@symbolic_op(spec=_psnr_spec)
def psnr(x1: Any, x2: Any, max_val: Any) -> Any:
    """Peak signal-to-noise ratio between two signals, in decibels.

    `20 * log10(max_val) - 10 * log10(mean((x1 - x2) ** 2))`, over all
    elements. Higher is closer; identical signals give infinity.

    Args:
        x1: First signal, e.g. a batch of images.
        x2: Second signal, of `x1`'s shape.
        max_val: The largest possible value of the signal (1.0 for images
            in [0, 1], 255 for 8-bit images).

    Returns:
        A scalar float tensor of dtype `result_type(x1, x2, float)`.

    Raises:
        ValueError: If the shapes differ.

    Example:

    >>> x1 = kerata.ops.convert_to_tensor([0.0, 0.5, 1.0])
    >>> x2 = kerata.ops.convert_to_tensor([0.1, 0.5, 0.9])
    >>> value = kerata.ops.psnr(x1, x2, max_val=1.0)
    >>> round(float(kerata.ops.convert_to_numpy(value)), 3)
    21.761
    """
    x1 = backend.convert_to_tensor(x1)
    x2 = backend.convert_to_tensor(x2)
    _check_same_shape(x1, x2)
    dtype = backend.result_type(
        backend.standardize_dtype(x1.dtype),
        backend.standardize_dtype(x2.dtype),
        float,
    )
    x1 = backend.cast(x1, dtype)
    x2 = backend.cast(x2, dtype)
    mse = backend.numpy.mean(backend.numpy.square(x1 - x2))
    peak = backend.numpy.log10(backend.convert_to_tensor(max_val, dtype))
    return 20.0 * peak - 10.0 * backend.numpy.log10(mse)


# --- patches: unfold (im2col) and fold (col2im) ----------------------------
def _pair(name: str, value: Any) -> tuple:
    if isinstance(value, int) and not isinstance(value, bool):
        return (value, value)
    if (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        return tuple(value)
    raise ValueError(
        f"`{name}` must be an int or a tuple of two ints. "
        f"Received: {name}={value!r}"
    )


def _patch_args(kernel_size, dilation, padding, stride) -> tuple:
    k = _pair("kernel_size", kernel_size)
    d = _pair("dilation", dilation)
    p = _pair("padding", padding)
    s = _pair("stride", stride)
    for name, pair, low in (("kernel_size", k, 1), ("dilation", d, 1)):
        if min(pair) < low:
            raise ValueError(
                f"`{name}` must be positive. Received: {name}={pair}"
            )
    if min(s) < 1 or min(p) < 0:
        raise ValueError(
            "`stride` must be positive and `padding` non-negative. "
            f"Received: stride={s}, padding={p}"
        )
    return k, d, p, s


def _num_blocks(size: Any, k: int, d: int, p: int, s: int) -> Any:
    if size is None:
        return None
    return (size + 2 * p - d * (k - 1) - 1) // s + 1


def _shape_of(x: Any) -> tuple:
    if hasattr(x, "shape"):
        return tuple(x.shape)
    return tuple(backend.convert_to_numpy(x).shape)


def _unfold_spec(x, kernel_size, dilation=1, padding=0, stride=1):
    shape = _shape_of(x)
    n, c, h, w = _check_rank("unfold", shape, 4, "(N, C, H, W)")
    k, d, p, s = _patch_args(kernel_size, dilation, padding, stride)
    oh = _num_blocks(h, k[0], d[0], p[0], s[0])
    ow = _num_blocks(w, k[1], d[1], p[1], s[1])
    channels = None if c is None else c * k[0] * k[1]
    blocks = None if oh is None or ow is None else oh * ow
    return KerasTensor((n, channels, blocks), dtype=x.dtype)


def _check_rank(op: str, shape: tuple, rank: int, layout: str) -> tuple:
    if len(shape) != rank:
        raise ValueError(
            f"`{op}` takes a {rank}-D tensor of shape {layout}. "
            f"Received: x.shape={shape}"
        )
    return shape


@kerata_export("kerata.ops.unfold", "kerata.ops.nn.unfold")
@symbolic_op(spec=_unfold_spec)
def unfold(
    x: Any,
    kernel_size: Any,
    dilation: Any = 1,
    padding: Any = 0,
    stride: Any = 1,
) -> Any:
    """Extracts sliding blocks of a batch of images ("im2col").

    Every `kernel_size` window of the (zero-padded) image becomes one
    column of the result, its channels and window positions flattened
    together, as in `torch.nn.functional.unfold`. A convolution is then a
    matrix product with the columns.

    Args:
        x: Tensor of shape `(N, C, H, W)` (channels first).
        kernel_size: Int or tuple of two ints, the window size `(kH, kW)`.
        dilation: Int or tuple of two ints, spacing between window points.
        padding: Int or tuple of two ints, zeros added on each side of the
            height and width.
        stride: Int or tuple of two ints, step between windows.

    Returns:
        A tensor of `x`'s dtype and shape `(N, C * kH * kW, L)`, `L` being
        the number of windows (rows times columns of windows).

    Raises:
        ValueError: If `x` is not 4-D or an argument is malformed.

    Example:

    >>> x = kerata.ops.reshape(kerata.ops.arange(16.0), (1, 1, 4, 4))
    >>> patches = kerata.ops.unfold(x, kernel_size=2, stride=2)
    >>> tuple(patches.shape)
    (1, 4, 4)
    >>> kerata.ops.convert_to_numpy(patches)[0, :, 0].tolist()
    [0.0, 1.0, 4.0, 5.0]
    """
    x = backend.convert_to_tensor(x)
    n, c, h, w = _check_rank("unfold", _shape_of(x), 4, "(N, C, H, W)")
    k, d, p, s = _patch_args(kernel_size, dilation, padding, stride)
    oh = _num_blocks(h, k[0], d[0], p[0], s[0])
    ow = _num_blocks(w, k[1], d[1], p[1], s[1])
    if oh < 1 or ow < 1:
        raise ValueError(
            f"`unfold` found no window of size {k} (dilation {d}) in an "
            f"image of size {(h, w)} padded by {p}."
        )
    x = backend.numpy.pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])))
    blocks = []
    for i in range(k[0]):
        top = i * d[0]
        for j in range(k[1]):
            left = j * d[1]
            blocks.append(
                x[
                    :,
                    :,
                    top : top + s[0] * (oh - 1) + 1 : s[0],
                    left : left + s[1] * (ow - 1) + 1 : s[1],
                ]
            )
    out = backend.numpy.stack(blocks, axis=2)  # (N, C, kH * kW, oh, ow)
    return backend.numpy.reshape(out, (n, c * k[0] * k[1], oh * ow))


def _fold_spec(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    n, ckk, _ = _check_rank("fold", _shape_of(x), 3, "(N, C * kH * kW, L)")
    out = _pair("output_size", output_size)
    k, _, _, _ = _patch_args(kernel_size, dilation, padding, stride)
    if ckk is not None and ckk % (k[0] * k[1]):
        raise ValueError(
            f"`fold` needs axis 1 divisible by kH * kW = {k[0] * k[1]}. "
            f"Received: x.shape={_shape_of(x)}"
        )
    c = None if ckk is None else ckk // (k[0] * k[1])
    return KerasTensor((n, c, out[0], out[1]), dtype=x.dtype)


def _place_strided(block: Any, stride: tuple, offset: tuple, size: tuple):
    """Spreads `block` (N, C, oh, ow) over a zero (N, C, *size) canvas at
    rows `offset[0] + stride[0] * r` and columns `offset[1] + stride[1] * q`,
    with pads and reshapes only (no scatter, so every backend can run and
    differentiate it)."""
    n, c, oh, ow = _shape_of(block)
    sh, sw = stride
    spread = backend.numpy.reshape(block, (n, c, oh, 1, ow, 1))
    spread = backend.numpy.pad(
        spread, ((0, 0), (0, 0), (0, 0), (0, sh - 1), (0, 0), (0, sw - 1))
    )
    spread = backend.numpy.reshape(spread, (n, c, oh * sh, ow * sw))
    rows, cols = (oh - 1) * sh + 1, (ow - 1) * sw + 1
    spread = spread[:, :, :rows, :cols]
    pads = (
        (0, 0),
        (0, 0),
        (offset[0], size[0] - offset[0] - rows),
        (offset[1], size[1] - offset[1] - cols),
    )
    return backend.numpy.pad(spread, pads)


@kerata_export("kerata.ops.fold", "kerata.ops.nn.fold")
@symbolic_op(spec=_fold_spec)
def fold(
    x: Any,
    output_size: Any,
    kernel_size: Any,
    dilation: Any = 1,
    padding: Any = 0,
    stride: Any = 1,
) -> Any:
    """Sums sliding blocks back into a batch of images ("col2im").

    The reverse of `unfold`: each column of `x` is put back at its window
    position and overlapping values are added, as in
    `torch.nn.functional.fold`. `fold(unfold(x))` equals `x` times the
    number of windows covering each pixel.

    Args:
        x: Tensor of shape `(N, C * kH * kW, L)`.
        output_size: Int or tuple of two ints, the image size `(H, W)`.
        kernel_size: Int or tuple of two ints, the window size `(kH, kW)`.
        dilation: Int or tuple of two ints, spacing between window points.
        padding: Int or tuple of two ints, the padding `unfold` used.
        stride: Int or tuple of two ints, step between windows.

    Returns:
        A tensor of `x`'s dtype and shape `(N, C, H, W)`.

    Raises:
        ValueError: If `x` is not 3-D, its axis 1 does not divide by
            `kH * kW` or `L` does not match the number of windows.

    Example:

    >>> x = kerata.ops.ones((1, 1, 3, 3))
    >>> patches = kerata.ops.unfold(x, kernel_size=2)
    >>> y = kerata.ops.fold(patches, output_size=3, kernel_size=2)
    >>> kerata.ops.convert_to_numpy(y)[0, 0].tolist()
    [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]
    """
    x = backend.convert_to_tensor(x)
    spec = _fold_spec(x, output_size, kernel_size, dilation, padding, stride)
    n, c, h, w = spec.shape
    k, d, p, s = _patch_args(kernel_size, dilation, padding, stride)
    oh = _num_blocks(h, k[0], d[0], p[0], s[0])
    ow = _num_blocks(w, k[1], d[1], p[1], s[1])
    length = _shape_of(x)[2]
    if oh < 1 or ow < 1 or oh * ow != length:
        raise ValueError(
            f"`fold` expects L = {max(oh, 0) * max(ow, 0)} windows for "
            f"output_size={(h, w)}, kernel_size={k}, dilation={d}, "
            f"padding={p}, stride={s}. Received: x.shape={_shape_of(x)}"
        )
    blocks = backend.numpy.reshape(x, (n, c, k[0], k[1], oh, ow))
    size = (h + 2 * p[0], w + 2 * p[1])
    placed = [
        _place_strided(blocks[:, :, i, j], s, (i * d[0], j * d[1]), size)
        for i in range(k[0])
        for j in range(k[1])
    ]
    out = placed[0]
    for more in placed[1:]:
        out = out + more
    return out[:, :, p[0] : p[0] + h, p[1] : p[1] + w]


# --- complex numbers from polar coordinates -------------------------------
@kerata_export("kerata.ops.polar", "kerata.ops.nn.polar")
@symbolic_op
def polar(abs_: Any, angle: Any) -> Any:
    """Complex numbers from magnitudes and angles, as `torch.polar`.

    Each result is `abs_ * cos(angle) + 1j * abs_ * sin(angle)`.

    Args:
        abs_: Magnitudes.
        angle: Angles in radians; broadcast against `abs_`.

    Returns:
        A complex tensor of the broadcast shape: complex128 when either
        input is float64, complex64 otherwise.

    Example:

    >>> z = kerata.ops.polar([2.0, 1.0], [0.0, 3.141592653589793 / 2])
    >>> z = kerata.ops.convert_to_numpy(z)
    >>> z.real.round(4).tolist()[0], z.imag.round(4).tolist()
    (2.0, [0.0, 1.0])
    """
    abs_ = backend.convert_to_tensor(abs_)
    angle = backend.convert_to_tensor(angle)
    wide = "float64" in (
        backend.standardize_dtype(abs_.dtype),
        backend.standardize_dtype(angle.dtype),
    )
    dtype = "float64" if wide else "float32"
    abs_ = backend.cast(abs_, dtype)
    angle = backend.cast(angle, dtype)
    real = backend.numpy.multiply(abs_, backend.numpy.cos(angle))
    imag = backend.numpy.multiply(abs_, backend.numpy.sin(angle))
    pair = backend.numpy.stack([real, imag], axis=-1)
    return backend.math.view_as_complex(pair)
