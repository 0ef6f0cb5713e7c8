"""Private helpers of the blur, perspective and elastic augmentation
layers: Gaussian blur, a per-pixel sampler and homographies.

They are built from public ops only, vectorised over the batch, and take
channels-last or channels-first batches (rank 4).
"""

from __future__ import annotations

from typing import Any

from kerata.src import ops

SAMPLING_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


def to_channels_last(images: Any, data_format: str) -> Any:
    if data_format == "channels_last":
        return images
    return ops.transpose(images, (0, 2, 3, 1))


def from_channels_last(images: Any, data_format: str) -> Any:
    if data_format == "channels_last":
        return images
    return ops.transpose(images, (0, 3, 1, 2))


def gaussian_kernel(size: int, sigma: Any, dtype: Any) -> Any:
    """The normalised 1-D Gaussian `(size,)` of standard deviation
    `sigma` (a scalar tensor or number), centred on the middle tap."""
    taps = ops.arange(size, dtype=dtype) - (size - 1) / 2.0
    kernel = ops.exp(-0.5 * ops.square(taps / ops.cast(sigma, dtype)))
    return kernel / ops.sum(kernel)


def gaussian_blur(
    images: Any,
    kernel_size: tuple,
    sigma: tuple,
    data_format: str,
) -> Any:
    """Blurs every channel of a batch with a Gaussian kernel.

    `kernel_size` and `sigma` are `(along width, along height)` pairs
    (Keras's order). Points outside the image count as zeros. The 2-D
    kernel is the outer product of two 1-D ones, so the blur runs as
    two depthwise convolutions.
    """
    dtype = images.dtype
    channels_axis = -1 if data_format == "channels_last" else 1
    channels = ops.shape(images)[channels_axis]
    size_x, size_y = kernel_size
    sigma_x, sigma_y = sigma
    kernel_y = ops.reshape(
        gaussian_kernel(size_y, sigma_y, dtype), (size_y, 1, 1, 1)
    )
    kernel_x = ops.reshape(
        gaussian_kernel(size_x, sigma_x, dtype), (1, size_x, 1, 1)
    )
    for kernel in (kernel_y, kernel_x):
        images = ops.depthwise_conv(
            images,
            ops.tile(kernel, (1, 1, channels, 1)),
            padding="same",
            data_format=data_format,
        )
    return images


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


def sample(
    images: Any,
    rows: Any,
    cols: Any,
    order: int,
    fill_mode: str,
    fill_value: float,
) -> Any:
    """Samples a channels-last batch at fractional points.

    Args:
        images: `(batch, height, width, channels)`.
        rows, cols: `(batch, out_height, out_width)` input coordinates
            (row, column) of every output pixel.
        order: 0 (nearest) or 1 (bilinear).
        fill_mode: One of `SAMPLING_FILL_MODES`, with the semantics of
            `kerata.ops.image.map_coordinates`.
        fill_value: Value of outside nodes with "constant".

    Returns:
        `(batch, out_height, out_width, channels)`.
    """
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
    if fill_mode == "constant" and fill_value != 0:
        # The weights of outside nodes were zeroed: give them the fill.
        outside = 1.0 - ops.sum(weight, axis=0)
        result = result + ops.cast(outside * fill_value, result.dtype)
    return ops.reshape(result, ops.shape(rows) + (channels,))


def homography(start_points: Any, end_points: Any) -> Any:
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


def projective_coordinates(transform: Any, height: int, width: int) -> tuple:
    """`(rows, cols)`, each `(batch, height, width)`: the input point of
    every output pixel under `(batch, 8)` projective transforms."""
    t = ops.reshape(ops.cast(transform, "float32"), (-1, 8, 1, 1))
    ys = ops.reshape(ops.arange(height, dtype="float32"), (1, -1, 1))
    xs = ops.reshape(ops.arange(width, dtype="float32"), (1, 1, -1))
    denominator = t[:, 6] * xs + t[:, 7] * ys + 1.0
    cols = (t[:, 0] * xs + t[:, 1] * ys + t[:, 2]) / denominator
    rows = (t[:, 3] * xs + t[:, 4] * ys + t[:, 5]) / denominator
    return rows, cols
