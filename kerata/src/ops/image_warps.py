"""Public ops: `kerata.ops.image` patches and warps: `extract_patches`,
`extract_patches_3d`, `perspective_transform`, `elastic_transform` and
`scale_and_translate` (their own module for size; `kerata.src.ops.image`
re-exports them)."""

from __future__ import annotations

import itertools
import math
import numbers
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.ops.image import _as_tensor
from kerata.src.ops.image import _check_fill_mode
from kerata.src.ops.image import _check_images
from kerata.src.ops.image import _shape
from kerata.src.ops.image_filters import _batched
from kerata.src.ops.image_filters import _float_dtype
from kerata.src.ops.image_filters import _gaussian_kernel
from kerata.src.ops.image_filters import _is_positive_int
from kerata.src.ops.image_filters import _same_shape_spec
from kerata.src.ops.image_filters import _separable_filter
from kerata.src.ops.operation import symbolic_op

# --- patches ----------------------------------------------------------------


def _int_tuple(value: Any, ndim: int, name: str) -> tuple:
    values = (
        tuple(value) if isinstance(value, (tuple, list)) else (value,) * ndim
    )
    if len(values) != ndim or not all(_is_positive_int(v) for v in values):
        raise ValueError(
            f"`{name}` must be a positive int or a tuple of {ndim} of them. "
            f"Received: {name}={value!r}"
        )
    return tuple(int(v) for v in values)


def _patch_geometry(size, ndim, strides, dilation_rate, padding) -> tuple:
    size = _int_tuple(size, ndim, "size")
    strides = size if strides is None else _int_tuple(strides, ndim, "strides")
    dilation = _int_tuple(dilation_rate, ndim, "dilation_rate")
    padding = padding.lower() if isinstance(padding, str) else padding
    if padding not in ("valid", "same"):
        raise ValueError(
            "`padding` must be 'valid' or 'same'. "
            f"Received: padding={padding!r}"
        )
    return size, strides, dilation, padding


def _patch_axis(length, size, stride, dilation, padding) -> tuple:
    """`(out_length, pad_before, pad_after)` along one spatial axis, with
    TensorFlow's "same" rule (the extra padding goes after)."""
    span = (size - 1) * dilation + 1
    if length is None:
        return None, 0, 0
    if padding == "valid":
        return max((length - span) // stride + 1, 0), 0, 0
    out = -(-length // stride)
    total = max((out - 1) * stride + span - length, 0)
    return out, total // 2, total - total // 2


def _extract_patches_spec(
    images,
    size,
    strides=None,
    dilation_rate=1,
    padding="valid",
    data_format=None,
):
    ndim = len(size) if isinstance(size, (tuple, list)) else 2
    if ndim not in (2, 3):
        raise ValueError(
            "`size` must be an int, a pair (2-D patches) or a triple (3-D "
            f"patches). Received: size={size!r}"
        )
    shape = _shape(images)
    if len(shape) not in (ndim + 1, ndim + 2):
        raise ValueError(
            f"{ndim}-D patches need inputs of rank {ndim + 1} (one) or "
            f"{ndim + 2} (a batch). Received: shape={shape}"
        )
    size, strides, dilation, padding = _patch_geometry(
        size, ndim, strides, dilation_rate, padding
    )
    data_format = backend.standardize_data_format(data_format)
    first = len(shape) - ndim - (1 if data_format == "channels_last" else 0)
    channels_axis = first - 1 if data_format == "channels_first" else -1
    out = list(shape)
    for i in range(ndim):
        out[first + i] = _patch_axis(
            shape[first + i], size[i], strides[i], dilation[i], padding
        )[0]
    channels = shape[channels_axis]
    out[channels_axis] = (
        None if channels is None else channels * math.prod(size)
    )
    return backend.KerasTensor(tuple(out), dtype=images.dtype)


def _extract_patches(images, size, strides, dilation_rate, padding, fmt):
    images = _as_tensor(images)
    spec = _extract_patches_spec(
        images, size, strides, dilation_rate, padding, fmt
    )
    ndim = len(size) if isinstance(size, (tuple, list)) else 2
    size, strides, dilation, padding = _patch_geometry(
        size, ndim, strides, dilation_rate, padding
    )
    channels_last = backend.standardize_data_format(fmt) == "channels_last"
    shape = tuple(images.shape)
    first = len(shape) - ndim - (1 if channels_last else 0)
    pad_width = [[0, 0] for _ in shape]
    outs = []
    for i in range(ndim):
        out, before, after = _patch_axis(
            shape[first + i], size[i], strides[i], dilation[i], padding
        )
        pad_width[first + i] = [before, after]
        outs.append(out)
    if padding == "same":
        images = ops.pad(images, pad_width)
    # One strided slice per patch offset; stacking them just before the
    # channels axis puts the channels fastest in each flattened patch, as
    # in Keras (whose patches are a convolution with an identity kernel).
    slices = []
    for offset in itertools.product(*(range(s) for s in size)):
        index = [slice(None)] * len(shape)
        for i, o in enumerate(offset):
            start = o * dilation[i]
            stop = start + (outs[i] - 1) * strides[i] + 1
            index[first + i] = slice(start, stop, strides[i])
        slices.append(images[tuple(index)])
    stack_axis = -2 if channels_last else first - 1
    patches = ops.stack(slices, axis=stack_axis)
    return ops.reshape(patches, spec.shape)


@kerata_export("kerata.ops.image.extract_patches")
@symbolic_op(spec=_extract_patches_spec)
def extract_patches(
    images: Any,
    size: Any,
    strides: Any = None,
    dilation_rate: Any = 1,
    padding: str = "valid",
    data_format: Any = None,
) -> Any:
    """Extracts patches of images (2-D) or of volumes (3-D).

    Each output position holds one patch, flattened with the channels
    fastest: `(patch_row, patch_column, channel)` for 2-D patches.

    Args:
        images: For 2-D patches (`size` an int or a pair), an image
            `(height, width, channels)` or a batch of them; for 3-D
            patches (`size` a triple), a volume
            `(depth, height, width, channels)` or a batch of them
            (channels first with `data_format="channels_first"`).
        size: Patch size: an int or `(height, width)`, or
            `(depth, height, width)` for 3-D patches.
        strides: Step between patches per spatial axis (int or tuple);
            defaults to `size` (patches that do not overlap).
        dilation_rate: Spacing of the pixels within a patch (int or
            tuple).
        padding: "valid" (only patches that fit) or "same" (zero padding,
            `ceil(size / stride)` patches per axis).
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.

    Returns:
        Patches: the spatial axes hold the patch positions and the
        channels axis `prod(size) * channels` values, in the input dtype.

    Raises:
        ValueError: For a `size` that is not an int, a pair or a triple,
            inputs of the wrong rank, or bad `strides`, `dilation_rate`
            or `padding`.

    Example:

    >>> import numpy as np
    >>> x = np.arange(16.0, dtype="float32").reshape(4, 4, 1)
    >>> y = kerata.ops.image.extract_patches(x, 2)
    >>> tuple(y.shape)
    (2, 2, 4)
    >>> kerata.ops.convert_to_numpy(y)[0, 1].tolist()
    [2.0, 3.0, 6.0, 7.0]
    """
    return _extract_patches(
        images, size, strides, dilation_rate, padding, data_format
    )


def _extract_patches_3d_spec(
    volumes,
    size,
    strides=None,
    dilation_rate=1,
    padding="valid",
    data_format=None,
):
    return _extract_patches_spec(
        volumes,
        _int_tuple(size, 3, "size"),
        strides,
        dilation_rate,
        padding,
        data_format,
    )


@kerata_export("kerata.ops.image.extract_patches_3d")
@symbolic_op(spec=_extract_patches_3d_spec)
def extract_patches_3d(
    volumes: Any,
    size: Any,
    strides: Any = None,
    dilation_rate: Any = 1,
    padding: str = "valid",
    data_format: Any = None,
) -> Any:
    """Extracts 3-D patches of volumes.

    The same as `extract_patches` with a 3-D `size`; an int `size` means
    a cube.

    Args:
        volumes: Volume `(depth, height, width, channels)` or batch of
            volumes (channels first with `data_format="channels_first"`).
        size: Int or `(depth, height, width)`.
        strides: Int or triple; defaults to `size`.
        dilation_rate: Int or triple.
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.

    Returns:
        Patches with `prod(size) * channels` values per position.

    Raises:
        ValueError: For volumes not of rank 4 or 5, or bad arguments.

    Example:

    >>> x = kerata.ops.ones((2, 4, 4, 4, 3))
    >>> tuple(kerata.ops.image.extract_patches_3d(x, 2).shape)
    (2, 2, 2, 2, 24)
    """
    return _extract_patches(
        volumes,
        _int_tuple(size, 3, "size"),
        strides,
        dilation_rate,
        padding,
        data_format,
    )


# --- per-pixel sampling: perspective and elastic warps -----------------------

_WARP_ORDERS = {"nearest": 0, "bilinear": 1}


def _check_interpolation(interpolation: Any) -> int:
    if interpolation not in _WARP_ORDERS:
        raise ValueError(
            f"`interpolation` must be one of {tuple(_WARP_ORDERS)}. "
            f"Received: interpolation={interpolation!r}"
        )
    return _WARP_ORDERS[interpolation]


def _round_half_away(x: Any) -> Any:
    return ops.sign(x) * ops.floor(ops.abs(x) + 0.5)


def _fix_index(index: Any, size: int, mode: str) -> Any:
    """Maps integer node positions (as floats) into `[0, size)` following
    `fill_mode` ("constant" only clamps: its outside nodes are masked)."""
    if mode == "wrap":
        return index - size * ops.floor(index / size)
    if mode in ("mirror", "reflect"):
        if mode == "reflect":
            # Reflect about the pixel edges = mirror on a doubled grid.
            index, size = 2.0 * index + 1.0, 2 * size + 1
        period = size - 1
        if period == 0:
            return ops.zeros_like(index)
        shifted = index + period
        shifted = shifted - 2 * period * ops.floor(shifted / (2 * period))
        mirrored = ops.abs(shifted - period)
        if mode == "reflect":
            mirrored = ops.floor((mirrored - 1.0) / 2.0)
        return mirrored
    return ops.clip(index, 0, size - 1)


def _axis_nodes(coordinate: Any, size: int, order: int, mode: str) -> tuple:
    """`(index, weight)` of the input nodes along one axis, each stacked
    on a new first axis (1 node for order 0, 2 for order 1). With
    "constant", the weight of a node outside the input is 0."""
    if order == 0:
        index = ops.expand_dims(_round_half_away(coordinate), 0)
        weight = ops.ones_like(index)
    else:
        lower = ops.floor(coordinate)
        upper_weight = coordinate - lower
        index = ops.stack([lower, lower + 1.0])
        weight = ops.stack([1.0 - upper_weight, upper_weight])
    if mode == "constant":
        inside = ops.logical_and(index >= 0, index <= size - 1)
        weight = ops.where(inside, weight, 0.0)
    return _fix_index(index, size, mode), weight


def _sample(images, rows, cols, order, fill_mode, fill_value) -> Any:
    """Samples a channels-last batch `(batch, height, width, channels)` at
    fractional points `rows`, `cols` (each `(batch, out_h, out_w)`), with
    the boundary rules of `map_coordinates`; returns
    `(batch, out_h, out_w, channels)` in float."""
    batch, height, width, channels = ops.shape(images)
    flat = ops.reshape(images, (-1, channels))  # (batch * h * w, channels)
    row_index, row_weight = _axis_nodes(
        ops.cast(rows, "float32"), height, order, fill_mode
    )
    col_index, col_weight = _axis_nodes(
        ops.cast(cols, "float32"), width, order, fill_mode
    )
    # All the (row node, column node) pairs at once: (nodes, batch, h, w),
    # with int32 indices (float32 is exact only up to 2**24 pixels).
    offsets = ops.reshape(
        ops.arange(batch, dtype="int32") * (height * width), (1, -1, 1, 1)
    )
    row_start = ops.cast(row_index, "int32") * width + offsets
    index = ops.expand_dims(row_start, 1) + ops.expand_dims(
        ops.cast(col_index, "int32"), 0
    )
    weight = ops.expand_dims(row_weight, 1) * ops.expand_dims(col_weight, 0)
    nodes = ops.shape(index)[0] * ops.shape(index)[1]
    index = ops.reshape(index, (nodes, -1))
    weight = ops.reshape(weight, (nodes, -1, 1))
    values = ops.take(flat, index, axis=0)  # (nodes, batch * h * w, ch)
    result = ops.sum(ops.cast(weight, values.dtype) * values, axis=0)
    if fill_mode == "constant" and not _is_zero(fill_value):
        # The weights of outside nodes were zeroed: give them the fill.
        outside = 1.0 - ops.sum(weight, axis=0)
        result = result + ops.cast(outside * fill_value, result.dtype)
    return ops.reshape(result, tuple(ops.shape(rows)) + (channels,))


def _is_zero(value: Any) -> bool:
    return isinstance(value, numbers.Number) and value == 0


def _warp(images, rows, cols, order, fill_mode, fill_value, fmt) -> Any:
    """`_sample` for a rank-4 batch in either layout, in the input dtype
    (integer images are sampled in float32 and cast back)."""
    dtype = backend.standardize_dtype(images.dtype)
    x = ops.cast(images, _float_dtype(dtype))
    if fmt == "channels_first":
        x = ops.transpose(x, (0, 2, 3, 1))
    out = _sample(x, rows, cols, order, fill_mode, fill_value)
    if fmt == "channels_first":
        out = ops.transpose(out, (0, 3, 1, 2))
    return ops.cast(out, dtype)


def _homography(start_points: Any, end_points: Any) -> Any:
    """Per-image projective transforms `(batch, 8)` that map each of the
    four `end_points` onto the matching `start_points`.

    Both arguments are `(batch, 4, 2)` `(x, y)` corners in the order
    top-left, top-right, bottom-left, bottom-right. A row
    `[a0, a1, a2, b0, b1, b2, c0, c1]` maps an output point `(x, y)` to
    `((a0 x + a1 y + a2) / d, (b0 x + b1 y + b2) / d)` with
    `d = c0 x + c1 y + 1`.

    It composes closed forms (unit square -> start corners, after end
    corners -> unit square) from elementwise `(batch,)` math, rather than
    solving an 8x8 system: far fewer kernels for JAX to compile.
    """
    to_start = _square_to_quad(start_points)
    from_end = _adjugate(_square_to_quad(end_points))
    matrix = [
        [
            sum(to_start[i][k] * from_end[k][j] for k in range(3))
            for j in range(3)
        ]
        for i in range(3)
    ]
    scale = matrix[2][2]
    flat = [matrix[i][j] / scale for i in range(3) for j in range(3)]
    return ops.stack(flat[:8], axis=-1)


def _square_to_quad(points: Any) -> list:
    """3x3 nested lists of `(batch,)` tensors: the projective map of the
    unit square's corners (0, 0), (1, 0), (0, 1), (1, 1) onto `points`
    (Heckbert, 1989)."""
    flat = ops.unstack(
        ops.transpose(ops.reshape(ops.cast(points, "float32"), (-1, 8)))
    )
    x0, y0, x1, y1, x3, y3, x2, y2 = flat  # corner 2 is the bottom right
    sum_x = x0 - x1 + x2 - x3
    sum_y = y0 - y1 + y2 - y3
    dx1, dx2 = x1 - x2, x3 - x2
    dy1, dy2 = y1 - y2, y3 - y2
    denominator = dx1 * dy2 - dx2 * dy1
    g = (sum_x * dy2 - dx2 * sum_y) / denominator
    h = (dx1 * sum_y - sum_x * dy1) / denominator
    one = ops.ones_like(x0)
    return [
        [x1 - x0 + g * x1, x3 - x0 + h * x3, x0],
        [y1 - y0 + g * y1, y3 - y0 + h * y3, y0],
        [g, h, one],
    ]


def _adjugate(m: list) -> list:
    """The adjugate of a 3x3 matrix: its inverse up to a scale, which is
    all a projective map needs."""

    def minor(r0: int, r1: int, c0: int, c1: int) -> Any:
        return m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0]

    return [
        [minor(1, 2, 1, 2), minor(0, 2, 2, 1), minor(0, 1, 1, 2)],
        [minor(1, 2, 2, 0), minor(0, 2, 0, 2), minor(0, 1, 2, 0)],
        [minor(1, 2, 0, 1), minor(0, 2, 1, 0), minor(0, 1, 0, 1)],
    ]


def _projective_coordinates(transform: Any, height: int, width: int):
    """`(rows, cols)`, each `(batch, height, width)`: the input point of
    every output pixel under `(batch, 8)` projective transforms."""
    t = ops.reshape(ops.cast(transform, "float32"), (-1, 8, 1, 1))
    ys = ops.reshape(ops.arange(height, dtype="float32"), (1, -1, 1))
    xs = ops.reshape(ops.arange(width, dtype="float32"), (1, 1, -1))
    denominator = t[:, 6] * xs + t[:, 7] * ys + 1.0
    cols = (t[:, 0] * xs + t[:, 1] * ys + t[:, 2]) / denominator
    rows = (t[:, 3] * xs + t[:, 4] * ys + t[:, 5]) / denominator
    return rows, cols


def _perspective_spec(
    images,
    start_points,
    end_points,
    interpolation="bilinear",
    fill_value=0,
    data_format=None,
):
    shape = _check_images(images)
    start, end = _shape(start_points), _shape(end_points)
    for name, points in (("start_points", start), ("end_points", end)):
        if len(points) not in (2, 3) or points[-2:] != (4, 2):
            raise ValueError(
                f"`{name}` must have shape (4, 2) or (batch, 4, 2). "
                f"Received: {name}.shape={points}"
            )
    if start != end:
        raise ValueError(
            "`start_points` and `end_points` must have the same shape. "
            f"Received: {start} and {end}"
        )
    _check_interpolation(interpolation)
    return backend.KerasTensor(shape, dtype=images.dtype)


@kerata_export("kerata.ops.image.perspective_transform")
@symbolic_op(spec=_perspective_spec)
def perspective_transform(
    images: Any,
    start_points: Any,
    end_points: Any,
    interpolation: str = "bilinear",
    fill_value: Any = 0,
    data_format: Any = None,
) -> Any:
    """Warps images by the perspective (projective) transform that takes
    four points to four others.

    Each output pixel at one of the `end_points` takes the input at the
    matching `start_points` (and the pixels in between follow the
    projective map through the four pairs). Points are `(x, y)`, i.e.
    (column, row), in the order top-left, top-right, bottom-left,
    bottom-right.

    Args:
        images: Image or batch of images.
        start_points: `(4, 2)` for all images, or `(batch, 4, 2)`:
            points of the input.
        end_points: Where the `start_points` land in the output, of the
            same shape.
        interpolation: "bilinear" (default) or "nearest".
        fill_value: Value of output pixels whose source lies outside the
            input.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.

    Returns:
        Warped images of the input's shape and dtype.

    Raises:
        ValueError: For images not of rank 3 or 4, points of the wrong
            shape, or an unknown `interpolation`.

    Example:

    >>> import numpy as np
    >>> x = np.arange(9.0, dtype="float32").reshape(3, 3, 1)
    >>> start = [[1, 0], [2, 0], [1, 2], [2, 2]]
    >>> end = [[0, 0], [1, 0], [0, 2], [1, 2]]  # shift left by one
    >>> y = kerata.ops.image.perspective_transform(x, start, end)
    >>> np.round(kerata.ops.convert_to_numpy(y)[0, :, 0], 4).tolist()
    [1.0, 2.0, 0.0]
    """
    images = _as_tensor(images)
    start_points, end_points = _as_tensor(start_points), _as_tensor(end_points)
    order = _check_interpolation(interpolation)
    _perspective_spec(images, start_points, end_points, interpolation)
    data_format = backend.standardize_data_format(data_format)
    batch, unbatched = _batched(images)
    height, width = _spatial_shape(batch, data_format)
    start = ops.reshape(ops.cast(start_points, "float32"), (-1, 4, 2))
    end = ops.reshape(ops.cast(end_points, "float32"), (-1, 4, 2))
    size = max(ops.shape(batch)[0], ops.shape(start)[0])
    start = ops.broadcast_to(start, (size, 4, 2))
    end = ops.broadcast_to(end, (size, 4, 2))
    rows, cols = _projective_coordinates(_homography(start, end), height, width)
    out = _warp(batch, rows, cols, order, "constant", fill_value, data_format)
    return ops.squeeze(out, 0) if unbatched else out


def _spatial_shape(batch: Any, data_format: str) -> tuple:
    shape = ops.shape(batch)
    if data_format == "channels_last":
        return shape[1], shape[2]
    return shape[2], shape[3]


def elastic_warp(
    images: Any,
    noise: Any,
    alpha: Any,
    sigma: Any,
    kernel_size: int,
    interpolation: str = "bilinear",
    fill_mode: str = "reflect",
    fill_value: Any = 0.0,
    data_format: str = "channels_last",
) -> Any:
    """Elastic distortion of a rank-4 batch with given noise.

    Output pixel `(y, x)` samples the input at
    `(y + alpha * dy, x + alpha * dx)`, where `(dy, dx)` is `noise`
    (`(batch, height, width, 2)`, standard normal) times `sigma`, blurred
    by a Gaussian of standard deviation `sigma` over `kernel_size` taps.
    `alpha` and `sigma` may be scalar tensors; `kernel_size` is a static
    int. Used by `elastic_transform` and `RandomElasticTransform`.
    """
    height, width = _spatial_shape(images, data_format)
    sigma = ops.cast(sigma, "float32")
    noise = ops.cast(noise, "float32") * sigma
    if kernel_size > 1:
        kernel = _gaussian_kernel(kernel_size, sigma, "float32")
        noise = _separable_filter(
            noise, kernel, kernel, "same", "channels_last"
        )
    displacement = ops.cast(alpha, "float32") * noise  # (b, h, w, [dy, dx])
    rows = ops.reshape(ops.arange(height, dtype="float32"), (1, -1, 1))
    cols = ops.reshape(ops.arange(width, dtype="float32"), (1, 1, -1))
    return _warp(
        images,
        rows + displacement[..., 0],
        cols + displacement[..., 1],
        _check_interpolation(interpolation),
        fill_mode,
        fill_value,
        data_format,
    )


def _elastic_spec(
    images,
    alpha=20.0,
    sigma=5.0,
    interpolation="bilinear",
    fill_mode="reflect",
    fill_value=0.0,
    seed=None,
    data_format=None,
):
    _check_interpolation(interpolation)
    _check_fill_mode(fill_mode)
    for name, value in (("alpha", alpha), ("sigma", sigma)):
        if not isinstance(value, numbers.Real) or value < 0:
            raise ValueError(
                f"`{name}` must be a number >= 0. Received: {name}={value!r}"
            )
    return _same_shape_spec(images)


@kerata_export("kerata.ops.image.elastic_transform")
@symbolic_op(spec=_elastic_spec)
def elastic_transform(
    images: Any,
    alpha: float = 20.0,
    sigma: float = 5.0,
    interpolation: str = "bilinear",
    fill_mode: str = "reflect",
    fill_value: Any = 0.0,
    seed: Any = None,
    data_format: Any = None,
) -> Any:
    """Distorts images with a random smooth displacement field.

    Each output pixel `(y, x)` samples the input at
    `(y + alpha * dy, x + alpha * dx)`, where `dy` and `dx` are standard
    normal noise times `sigma`, smoothed by a Gaussian blur of standard
    deviation `sigma` over `int(6 * sigma) | 1` taps (Simard et al.,
    2003). Every image gets its own field.

    Args:
        images: Image or batch of images.
        alpha: Number >= 0, the strength of the displacement.
        sigma: Number >= 0, the smoothness of the displacement.
        interpolation: "bilinear" (default) or "nearest".
        fill_mode: How points outside the input are filled: "reflect"
            (default; `d c b a | a b c d | d c b a`), "mirror"
            (`d c b | a b c d | c b a`), "wrap", "nearest" or "constant"
            (`fill_value`).
        fill_value: Value outside the input with `fill_mode="constant"`.
        seed: Int, `kerata.random.SeedGenerator` or None (the global
            generator), for the noise.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.

    Returns:
        Distorted images of the input's shape and dtype.

    Raises:
        ValueError: For images not of rank 3 or 4, a negative or
            non-numeric `alpha` or `sigma`, or unknown options.

    Example:

    >>> import numpy as np
    >>> x = np.random.default_rng(0).random((2, 8, 8, 3)).astype("float32")
    >>> y = kerata.ops.image.elastic_transform(x, alpha=2.0, sigma=1.0,
    ...                                        seed=1)
    >>> tuple(y.shape)
    (2, 8, 8, 3)
    >>> y = kerata.ops.image.elastic_transform(x, alpha=0.0, seed=1)
    >>> bool(np.allclose(kerata.ops.convert_to_numpy(y), x, atol=1e-6))
    True
    """
    from kerata.src import random  # same tier; imported late (cycle)

    images = _as_tensor(images)
    _elastic_spec(images, alpha, sigma, interpolation, fill_mode)
    data_format = backend.standardize_data_format(data_format)
    batch, unbatched = _batched(images)
    height, width = _spatial_shape(batch, data_format)
    noise = random.normal(
        (ops.shape(batch)[0], height, width, 2), dtype="float32", seed=seed
    )
    out = elastic_warp(
        batch,
        noise,
        alpha,
        max(sigma, 1e-6),
        int(6 * sigma) | 1,
        interpolation,
        fill_mode,
        fill_value,
        data_format,
    )
    return ops.squeeze(out, 0) if unbatched else out


# --- scale and translate ------------------------------------------------------

_SCALE_METHODS = {
    "linear": "triangle",
    "bilinear": "triangle",
    "trilinear": "triangle",
    "triangle": "triangle",
    "cubic": "cubic",
    "bicubic": "cubic",
    "tricubic": "cubic",
    "lanczos3": "lanczos3",
    "lanczos5": "lanczos5",
}


def _resampling_kernel(kind: str, x: Any) -> Any:
    """The interpolation kernel at distances `x >= 0` (in input pixels)."""
    if kind == "triangle":
        return ops.maximum(0.0, 1.0 - x)
    if kind == "cubic":  # Keys (1981) with a = -0.5
        near = ((1.5 * x - 2.5) * x) * x + 1.0
        far = ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0
        return ops.where(x < 1.0, near, ops.where(x < 2.0, far, 0.0))
    radius = 3.0 if kind == "lanczos3" else 5.0
    safe = ops.where(x == 0.0, 1.0, x)
    value = (
        radius
        * ops.sin(math.pi * safe)
        * ops.sin(math.pi * safe / radius)
        / (math.pi**2 * safe * safe)
    )
    return ops.where(x == 0.0, 1.0, ops.where(x < radius, value, 0.0))


def _resampling_weights(in_size, out_size, scale, translation, kind, alias):
    """`(in_size, out_size)` weights of the input pixels for each output
    pixel, with half-pixel centres; output pixels whose centre maps
    outside the input get all-zero weights."""
    inverse = 1.0 / scale
    # Widening the kernel when downsampling low-pass filters the input.
    kernel_scale = ops.maximum(inverse, 1.0) if alias else 1.0
    centers = (
        ops.arange(out_size, dtype="float32") + 0.5 - translation
    ) * inverse - 0.5  # (out_size,) input coordinate of each output pixel
    distance = ops.abs(
        ops.expand_dims(centers, 0)
        - ops.expand_dims(ops.arange(in_size, dtype="float32"), 1)
    )
    weights = _resampling_kernel(kind, distance / kernel_scale)
    total = ops.sum(weights, axis=0, keepdims=True)
    tiny = 1000.0 * float(np.finfo(np.float32).eps)
    weights = ops.where(
        ops.abs(total) > tiny,
        weights / ops.where(total == 0.0, 1.0, total),
        0.0,
    )
    inside = ops.logical_and(centers >= -0.5, centers <= in_size - 0.5)
    return ops.where(ops.expand_dims(inside, 0), weights, 0.0)


def _scale_and_translate_spec(
    images,
    output_shape,
    scale,
    translation,
    spatial_dims,
    method,
    antialias=True,
):
    shape = _shape(images)
    output_shape = tuple(output_shape)
    if len(output_shape) != len(shape):
        raise ValueError(
            "`output_shape` must have one entry per axis of `images`. "
            f"Received: output_shape={output_shape} for images of shape "
            f"{shape}"
        )
    spatial_dims = tuple(spatial_dims)
    for name, value in (("scale", scale), ("translation", translation)):
        length = _shape(value)
        if length != (len(spatial_dims),):
            raise ValueError(
                f"`{name}` must have one entry per spatial dim "
                f"({len(spatial_dims)}). Received: {name}.shape={length}"
            )
    if method not in _SCALE_METHODS:
        raise ValueError(
            f"`method` must be one of {tuple(_SCALE_METHODS)}. "
            f"Received: method={method!r}"
        )
    dtype = _float_dtype(images.dtype)
    return backend.KerasTensor(output_shape, dtype=dtype)


@kerata_export("kerata.ops.image.scale_and_translate")
@symbolic_op(spec=_scale_and_translate_spec)
def scale_and_translate(
    images: Any,
    output_shape: Any,
    scale: Any,
    translation: Any,
    spatial_dims: Any,
    method: str,
    antialias: bool = True,
) -> Any:
    """Resamples an array after scaling and translating some of its axes.

    Along each axis in `spatial_dims`, input point `u` lands at output
    point `u * scale + translation`, with pixel `i` centred at `i + 0.5`
    (as in `jax.image.scale_and_translate`). Each output pixel is a
    weighted sum of input pixels under the interpolation kernel; output
    pixels whose centre falls outside the input are 0.

    Args:
        images: Array of any rank.
        output_shape: Shape of the result, one entry per axis of
            `images` (the axes not in `spatial_dims` keep their size).
        scale: `(len(spatial_dims),)` scale factors.
        translation: `(len(spatial_dims),)` translations (in output
            pixels).
        spatial_dims: Axes to resample.
        method: "linear" ("bilinear", "trilinear", "triangle"), "cubic"
            ("bicubic", "tricubic"; Keys kernel), "lanczos3" or
            "lanczos5".
        antialias: Whether to widen the kernel when downsampling (a
            low-pass filter). No effect when upsampling.

    Returns:
        Array of `output_shape`, in float (integer input gives float32).

    Raises:
        ValueError: For an `output_shape` of the wrong length, `scale` or
            `translation` not matching `spatial_dims`, or an unknown
            `method`.

    Example:

    >>> import numpy as np
    >>> x = np.arange(9.0, dtype="float32").reshape(3, 3)
    >>> scale = np.array([2.0, 2.0], "float32")
    >>> y = kerata.ops.image.scale_and_translate(
    ...     x, (5, 5), scale, -(scale / 2 - 0.5), (0, 1), "linear")
    >>> kerata.ops.convert_to_numpy(y)[0].tolist()
    [0.0, 0.5, 1.0, 1.5, 2.0]
    """
    images = _as_tensor(images)
    scale, translation = _as_tensor(scale), _as_tensor(translation)
    spec = _scale_and_translate_spec(
        images, output_shape, scale, translation, spatial_dims, method
    )
    dtype = spec.dtype
    x = ops.cast(images, dtype)
    scale = ops.cast(scale, "float32")
    translation = ops.cast(translation, "float32")
    ndim = len(x.shape)
    for i, axis in enumerate(spatial_dims):
        axis = axis % ndim
        weights = _resampling_weights(
            x.shape[axis],
            spec.shape[axis],
            scale[i],
            translation[i],
            _SCALE_METHODS[method],
            antialias,
        )
        # Contract `axis` with the weights, then put the new axis back.
        x = ops.tensordot(x, ops.cast(weights, dtype), axes=[[axis], [0]])
        x = ops.moveaxis(x, -1, axis)
    return x
