"""torch backend: image functions (see backend/interface/image.py).

Numerics follow JAX's (`jax.image.resize`, `jax.scipy.ndimage`), which is
what Keras's JAX backend computes: resizing uses half-pixel centers, the
Keys cubic kernel (a = -0.5) and, with `antialias`, kernels widened when
downsampling. `F.interpolate` computes exactly that for bilinear, and for
bicubic whenever it antialiases or only upsamples; the other cases
contract the image with the same per-axis weight matrices JAX builds.
"""

from __future__ import annotations

import functools
import itertools
import math
from typing import Any

import torch
import torch.nn.functional as F

from kerata.src.backend.common import config
from kerata.src.backend.torch.core import convert_to_tensor

RESIZE_INTERPOLATIONS = (
    "bilinear",
    "nearest",
    "lanczos3",
    "lanczos5",
    "bicubic",
    "area",
)
AFFINE_TRANSFORM_INTERPOLATIONS = {"nearest": 0, "bilinear": 1}
FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
_HALF = (torch.float16, torch.bfloat16)


def _check_rank(images: torch.Tensor) -> None:
    if images.ndim not in (3, 4):
        raise ValueError(
            "Invalid images rank: expected rank 3 (single image) or rank 4 "
            f"(batch of images). Received: images.shape={tuple(images.shape)}"
        )


def _channels_axis(data_format: Any) -> int:
    data_format = config.standardize_data_format(data_format)
    return -1 if data_format == "channels_last" else -3


def _check_float(images: torch.Tensor) -> None:
    if not images.is_floating_point():
        raise ValueError(
            "Invalid images dtype: expected a float dtype. "
            f"Received: images.dtype={str(images.dtype).split('.')[-1]}"
        )


def rgb_to_grayscale(images, data_format=None):
    images = convert_to_tensor(images)
    _check_rank(images)
    axis = _channels_axis(data_format)
    channels = images.shape[axis]
    if channels not in (1, 3):
        raise ValueError(
            "Invalid channel size: expected 3 (RGB) or 1 (grayscale). "
            f"Received: images.shape={tuple(images.shape)}"
        )
    if channels == 1:
        return images
    x = images if images.is_floating_point() else images.float()
    weights = _gray_weights(x.dtype, x.device)
    gray = torch.tensordot(x, weights, dims=([x.ndim + axis], [0]))
    return gray.unsqueeze(axis).to(images.dtype)


@functools.lru_cache(maxsize=16)
def _gray_weights(dtype: torch.dtype, device: torch.device) -> torch.Tensor:
    return torch.tensor([0.2989, 0.5870, 0.1140], dtype=dtype, device=device)


def rgb_to_hsv(images, data_format=None):
    images = convert_to_tensor(images)
    _check_rank(images)
    _check_float(images)
    axis = _channels_axis(data_format)
    eps = torch.finfo(images.dtype).eps
    images = torch.where(images.abs() < eps, 0.0, images)
    red, green, blue = images.unbind(axis)
    value = torch.maximum(torch.maximum(red, green), blue)
    range_ = value - torch.minimum(torch.minimum(red, green), blue)
    saturation = torch.where(
        value > 0, range_ / torch.where(value > 0, value, 1.0), 0.0
    )
    norm = 1.0 / (6.0 * torch.where(range_ > 0, range_, 1.0))
    hue = torch.where(
        value == green,
        norm * (blue - red) + 2.0 / 6.0,
        norm * (red - green) + 4.0 / 6.0,
    )
    hue = torch.where(value == red, norm * (green - blue), hue)
    hue = torch.where(range_ > 0, hue, 0.0) + (hue < 0.0).to(hue.dtype)
    return torch.stack([hue, saturation, value], dim=axis)


def hsv_to_rgb(images, data_format=None):
    images = convert_to_tensor(images)
    _check_rank(images)
    _check_float(images)
    axis = _channels_axis(data_format)
    hue, saturation, value = images.unbind(axis)
    dh = torch.remainder(hue, 1.0) * 6.0
    dr = torch.clamp((dh - 3.0).abs() - 1.0, 0.0, 1.0)
    dg = torch.clamp(2.0 - (dh - 2.0).abs(), 0.0, 1.0)
    db = torch.clamp(2.0 - (dh - 4.0).abs(), 0.0, 1.0)
    one_minus_s = 1.0 - saturation
    rgb = [value * (one_minus_s + saturation * d) for d in (dr, dg, db)]
    return torch.stack(rgb, dim=axis)


# --- resize -------------------------------------------------------------


def _aspect_box(height: int, width: int, size: tuple, crop: bool) -> tuple:
    """(new_height, new_width, top, left): the centered crop window, or the
    padded canvas and the image's offset in it, of the target ratio."""
    target_height, target_width = size
    new_height = int(float(width * target_height) / target_width)
    new_width = int(float(height * target_width) / target_height)
    if crop:
        new_height = max(min(height, new_height), 1)
        new_width = max(min(width, new_width), 1)
        return (
            new_height,
            new_width,
            int(float(height - new_height) / 2),
            int(float(width - new_width) / 2),
        )
    new_height = max(height, new_height)
    new_width = max(width, new_width)
    return (
        new_height,
        new_width,
        int(float(new_height - height) / 2),
        int(float(new_width - width) / 2),
    )


@functools.lru_cache(maxsize=128)
def _nearest_indices(n_in: int, n_out: int, device: Any) -> torch.Tensor:
    # Half-pixel centers, computed in float32 as JAX does.
    offsets = (torch.arange(n_out, dtype=torch.float32) + 0.5) * n_in / n_out
    return offsets.floor().long().to(device)


def _keys_cubic(x: torch.Tensor) -> torch.Tensor:
    out = ((1.5 * x - 2.5) * x) * x + 1.0
    out = torch.where(x >= 1.0, ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0, out)
    return torch.where(x >= 2.0, 0.0, out)


def _lanczos(radius: float, x: torch.Tensor) -> torch.Tensor:
    y = radius * torch.sin(math.pi * x) * torch.sin(math.pi * x / radius)
    safe = torch.where(x != 0, math.pi**2 * x**2, 1.0)
    out = torch.where(x > 1e-3, y / safe, 1.0)
    return torch.where(x > radius, 0.0, out)


_KERNELS = {
    "bilinear": lambda x: torch.clamp(1.0 - x.abs(), min=0.0),
    "bicubic": _keys_cubic,
    "lanczos3": functools.partial(_lanczos, 3.0),
    "lanczos5": functools.partial(_lanczos, 5.0),
}


@functools.lru_cache(maxsize=128)
def _weight_matrix(
    n_in: int,
    n_out: int,
    method: str,
    antialias: bool,
    dtype: torch.dtype,
    device: torch.device,
) -> torch.Tensor:
    """(n_out, n_in) resampling weights, as `jax.image.resize` builds them
    (computed in float64)."""
    inv_scale = 1.0 / (n_out / n_in)
    out_pos = torch.arange(n_out, dtype=torch.float64)
    in_pos = torch.arange(n_in, dtype=torch.float64)
    if method == "area":
        left = out_pos * inv_scale
        right = left + inv_scale
        weights = torch.clamp(
            torch.minimum(right[:, None], in_pos[None, :] + 1.0)
            - torch.maximum(left[:, None], in_pos[None, :]),
            min=0.0,
        )
    else:
        kernel_scale = max(inv_scale, 1.0) if antialias else 1.0
        sample = (out_pos + 0.5) * inv_scale - 0.5
        distance = (sample[:, None] - in_pos[None, :]).abs() / kernel_scale
        weights = _KERNELS[method](distance)
    total = weights.sum(dim=1, keepdim=True)
    weights = torch.where(
        total.abs() > 1000.0 * torch.finfo(torch.float32).eps,
        weights / torch.where(total != 0, total, 1.0),
        0.0,
    )
    return weights.to(dtype=dtype, device=device)


def _resize_nchw(
    x: torch.Tensor, size: tuple, method: str, antialias: bool
) -> torch.Tensor:
    height, width = x.shape[-2:]
    if method == "nearest":
        if height != size[0]:
            x = x.index_select(-2, _nearest_indices(height, size[0], x.device))
        if width != size[1]:
            x = x.index_select(-1, _nearest_indices(width, size[1], x.device))
        return x
    upsampling = size[0] >= height and size[1] >= width
    if method == "bilinear" or (
        method == "bicubic" and (antialias or upsampling)
    ):
        # torch's antialiased kernels use JAX's normalized Keys cubic, so
        # bicubic always takes that path here.
        antialias = antialias or method == "bicubic"
        dtype = x.dtype
        if antialias and dtype in _HALF:
            x = x.float()
        x = F.interpolate(
            x, size=size, mode=method, align_corners=False, antialias=antialias
        )
        return x.to(dtype)
    if height != size[0]:
        w = _weight_matrix(
            height, size[0], method, antialias, x.dtype, x.device
        )
        x = torch.matmul(w, x)  # (..., out_height, width)
    if width != size[1]:
        w = _weight_matrix(width, size[1], method, antialias, x.dtype, x.device)
        x = torch.matmul(x, w.T)  # (..., height, out_width)
    return x


def _cast_back(x: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    if x.dtype == dtype:
        return x
    if dtype.is_floating_point:
        return x.to(dtype)
    info = torch.iinfo(dtype)
    return torch.clamp(torch.round(x), info.min, info.max).to(dtype)


def resize(
    images,
    size,
    interpolation="bilinear",
    antialias=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    fill_mode="constant",
    fill_value=0.0,
    data_format=None,
):
    if interpolation not in RESIZE_INTERPOLATIONS:
        raise ValueError(
            f"`interpolation` must be one of {RESIZE_INTERPOLATIONS}. "
            f"Received: interpolation={interpolation!r}"
        )
    images = convert_to_tensor(images)
    _check_rank(images)
    size = (int(size[0]), int(size[1]))
    channels_last = _channels_axis(data_format) == -1
    h_axis = images.ndim - (3 if channels_last else 2)
    if crop_to_aspect_ratio or pad_to_aspect_ratio:
        height, width = images.shape[h_axis], images.shape[h_axis + 1]
        new_h, new_w, top, left = _aspect_box(
            height, width, size, crop_to_aspect_ratio
        )
        if crop_to_aspect_ratio:
            images = images.narrow(h_axis, top, new_h)
            images = images.narrow(h_axis + 1, left, new_w)
        else:
            # Pad the image's two short sides by the same amount.
            pad = [left, left, top, top]
            if channels_last:
                pad = [0, 0] + pad
            images = F.pad(images, pad, value=fill_value)
    x = images if images.ndim == 4 else images.unsqueeze(0)
    if channels_last:
        x = x.permute(0, 3, 1, 2)
    if not x.is_floating_point():
        x = x.float()
    x = _resize_nchw(x, size, interpolation, bool(antialias))
    if channels_last:
        x = x.permute(0, 2, 3, 1)
    if images.ndim == 3:
        x = x.squeeze(0)
    return _cast_back(x, images.dtype)


# --- sampling at coordinates ---------------------------------------------


def _fix_index(index: torch.Tensor, size: int, mode: str) -> torch.Tensor:
    if mode == "nearest":
        return index.clamp(0, size - 1)
    if mode == "wrap":
        return torch.remainder(index, size)
    if mode in ("mirror", "reflect"):
        if mode == "reflect":
            index, size = 2 * index + 1, 2 * size + 1
        period = size - 1
        if period == 0:
            return torch.zeros_like(index)
        mirrored = (torch.remainder(index + period, 2 * period) - period).abs()
        return mirrored if mode == "mirror" else (mirrored - 1) // 2
    # "constant": out-of-range nodes are masked; clamp so the gather works.
    return index.clamp(0, size - 1)


def _axis_nodes(coordinate: torch.Tensor, size: int, order: int, mode: str):
    """[(index, valid, weight)] of the input samples along one axis."""
    if order == 0:
        # Round half away from zero, as JAX does.
        index = (coordinate.sign() * (coordinate.abs() + 0.5).floor()).long()
        nodes = [(index, None)]
    else:
        lower = coordinate.floor()
        upper_weight = coordinate - lower
        index = lower.long()
        nodes = [(index, 1.0 - upper_weight), (index + 1, upper_weight)]
    out = []
    for index, weight in nodes:
        valid = (index >= 0) & (index < size) if mode == "constant" else None
        out.append((_fix_index(index, size, mode), valid, weight))
    return out


def _interpolate(
    inputs: torch.Tensor,
    coordinates: list,
    order: int,
    fill_mode: str,
    fill_value: Any,
    batch_index: torch.Tensor | None = None,
) -> torch.Tensor:
    """Samples `inputs` at `coordinates` (one tensor per leading axis, after
    the batch axis when `batch_index` is given); trailing axes are kept."""
    lead = 0 if batch_index is None else 1
    trailing = inputs.ndim - lead - len(coordinates)
    per_axis = [
        _axis_nodes(c, inputs.shape[lead + i], order, fill_mode)
        for i, c in enumerate(coordinates)
    ]
    fill = torch.as_tensor(fill_value, device=inputs.device).to(inputs.dtype)
    expand = (...,) + (None,) * trailing
    result = None
    for combination in itertools.product(*per_axis):
        index = tuple(node[0] for node in combination)
        if batch_index is not None:
            index = (batch_index,) + index
        values = inputs[index]
        valids = [node[1] for node in combination if node[1] is not None]
        if valids:
            valid = functools.reduce(torch.logical_and, valids)
            values = torch.where(valid[expand], values, fill)
        weights = [node[2] for node in combination if node[2] is not None]
        if weights:
            values = functools.reduce(torch.mul, weights)[expand] * values
        result = values if result is None else result + values
    if not inputs.is_floating_point() and result.is_floating_point():
        result = result.sign() * (result.abs() + 0.5).floor()
    return result.to(inputs.dtype)


def _check_sampling_args(order: int, fill_mode: str) -> None:
    if fill_mode not in FILL_MODES:
        raise ValueError(
            f"`fill_mode` must be one of {FILL_MODES}. "
            f"Received: fill_mode={fill_mode!r}"
        )
    if order not in (0, 1):
        raise ValueError(f"`order` must be 0 or 1. Received: order={order!r}")


def affine_transform(
    images,
    transform,
    interpolation="bilinear",
    fill_mode="constant",
    fill_value=0,
    data_format=None,
):
    if interpolation not in AFFINE_TRANSFORM_INTERPOLATIONS:
        raise ValueError(
            "`interpolation` must be one of "
            f"{tuple(AFFINE_TRANSFORM_INTERPOLATIONS)}. "
            f"Received: interpolation={interpolation!r}"
        )
    order = AFFINE_TRANSFORM_INTERPOLATIONS[interpolation]
    _check_sampling_args(order, fill_mode)
    images = convert_to_tensor(images)
    _check_rank(images)
    transform = convert_to_tensor(transform)
    if transform.ndim not in (1, 2) or transform.shape[-1] != 8:
        raise ValueError(
            "`transform` must have shape (8,) or (batch, 8). "
            f"Received: transform.shape={tuple(transform.shape)}"
        )
    x = images if images.ndim == 4 else images.unsqueeze(0)
    channels_last = _channels_axis(data_format) == -1
    if _grid_sample_applies(x, fill_mode):
        out = _affine_grid_sample(
            x, transform, order, fill_mode, fill_value, channels_last
        )
    else:
        if not channels_last:
            x = x.permute(0, 2, 3, 1)
        out = _affine_gather(x, transform, order, fill_mode, fill_value)
        if not channels_last:
            out = out.permute(0, 3, 1, 2)
    return out if images.ndim == 4 else out.squeeze(0)


def _affine_coordinates(
    transform: torch.Tensor, batch: int, height: int, width: int, dtype, device
) -> tuple[torch.Tensor, torch.Tensor]:
    """(row_in, col_in), each (batch, height, width): where output pixel
    (row, col) samples the input. The projective terms are ignored, as in
    Keras."""
    t = transform.to(device=device, dtype=dtype).reshape(-1, 8, 1, 1)
    rows = torch.arange(height, dtype=dtype, device=device)[:, None]
    cols = torch.arange(width, dtype=dtype, device=device)[None, :]
    col_in = t[:, 0] * cols + t[:, 1] * rows + t[:, 2]
    row_in = t[:, 3] * cols + t[:, 4] * rows + t[:, 5]
    return row_in.expand(batch, -1, -1), col_in.expand(batch, -1, -1)


def _affine_gather(
    x: torch.Tensor,
    transform: torch.Tensor,
    order: int,
    fill_mode: str,
    fill_value: Any,
) -> torch.Tensor:
    """The general path: gathers every tap of `x` (batch, height, width,
    channels) explicitly. Handles every fill mode and dtype."""
    batch, height, width, _ = x.shape
    dtype = torch.float64 if x.dtype == torch.float64 else torch.float32
    row_in, col_in = _affine_coordinates(
        transform, batch, height, width, dtype, x.device
    )
    batch_index = torch.arange(batch, device=x.device)[:, None, None]
    return _interpolate(
        x, [row_in, col_in], order, fill_mode, fill_value, batch_index
    )


# `grid_sample` padding modes that equal a Keras fill mode exactly, with
# align_corners=False (pixel centres at (2 * index + 1) / size - 1):
# "border" clamps like "nearest", "reflection" reflects about the outer
# pixel edges like "reflect", and "zeros" gives "constant" once the fill
# value is put back (see `_affine_grid_sample`). Nearest interpolation
# samples pre-rounded, in-range pixel centres (`_round_to_node`).
_GRID_PADDING = {
    "constant": "zeros",
    "nearest": "border",
    "reflect": "reflection",
}
_GRID_NEAREST_PADDING = {
    "constant": "zeros",
    "nearest": "zeros",
    "reflect": "reflection",
}
_GRID_DTYPES = (torch.float32, torch.float64) + _HALF


def _grid_sample_applies(x: torch.Tensor, fill_mode: str) -> bool:
    return x.dtype in _GRID_DTYPES and fill_mode in _GRID_PADDING


def _affine_grid_sample(
    x: torch.Tensor,
    transform: torch.Tensor,
    order: int,
    fill_mode: str,
    fill_value: Any,
    channels_last: bool,
) -> torch.Tensor:
    """The fast path for float images: one `F.grid_sample` call.

    Bilinear: the grid comes from `transform` rewritten for normalized
    coordinates (`_normalized_matrix`); results agree with `_affine_gather`
    to float rounding (about 1e-5 in float32 for 64-pixel images, ~1e-15
    in float64). Nearest: the coordinates are computed exactly as
    `_affine_gather` computes them, rounded here half away from zero like
    JAX, and mapped into range with the fill mode, so `grid_sample` (which
    would round half to even) only ever sees exact pixel centres: the
    results are identical, half-pixel ties included.
    """
    images = x.permute(0, 3, 1, 2) if channels_last else x
    batch, _, height, width = images.shape
    if images.dtype in _HALF:
        images = images.float()
    dtype, device = images.dtype, images.device
    # (size along x, size along y): grid entries are (x, y) = (col, row).
    sizes = torch.tensor([width, height], dtype=dtype, device=device)
    if order == 0:
        t = transform.to(device=device, dtype=dtype).reshape(-1, 8)
        matrix = t[:, :6].reshape(-1, 2, 3)
        rows = torch.arange(height, dtype=dtype, device=device)
        cols = torch.arange(width, dtype=dtype, device=device)
        pixels = _round_to_node(_grid(matrix, rows, cols), sizes, fill_mode)
        # Pixel centre p of an axis of size n is (2 * p + 1) / n - 1.
        grid = torch.addcmul(1 / sizes - 1, pixels, 2 / sizes)
        padding = _GRID_NEAREST_PADDING[fill_mode]
    else:
        matrix = _normalized_matrix(transform, height, width)
        matrix = matrix.to(device=device, dtype=dtype)
        rows = _pixel_centres(height, dtype, device)
        cols = _pixel_centres(width, dtype, device)
        grid = _grid(matrix, rows, cols, exact=False)
        padding = _GRID_PADDING[fill_mode]
    grid = grid.expand(batch, -1, -1, -1)
    mode = "bilinear" if order == 1 else "nearest"
    fill = float(fill_value)
    shift = fill_mode == "constant" and fill != 0.0 and order == 1
    if shift:
        # Bilinear weights sum to 1, taps outside included, and the zero
        # padding drops those: sampling (images - fill) and adding fill
        # back gives the outside taps the value fill.
        images = images - fill
    out = F.grid_sample(
        images, grid, mode=mode, padding_mode=padding, align_corners=False
    )
    if shift:
        out = out + fill
    elif fill_mode == "constant" and fill != 0.0:
        # Nearest: cover is exactly 1 inside and 0 outside.
        ones = torch.ones((1, 1, height, width), dtype=dtype, device=device)
        cover = F.grid_sample(
            ones.expand(batch, -1, -1, -1),
            grid,
            mode=mode,
            padding_mode="zeros",
            align_corners=False,
        )
        out = out + fill * (1.0 - cover)
    if channels_last:
        out = out.permute(0, 2, 3, 1)
    return out.to(x.dtype)


def _pixel_centres(size: int, dtype, device) -> torch.Tensor:
    """Normalized coordinates of the pixel centres along an axis."""
    return (2 * torch.arange(size, dtype=dtype, device=device) + 1) / size - 1


def _grid(
    matrix: torch.Tensor,
    rows: torch.Tensor,
    cols: torch.Tensor,
    exact: bool = True,
) -> torch.Tensor:
    """(batch, height, width, 2) grid of matrix @ (col, row, 1), for
    `matrix` (batch, 2, 3), built with broadcasting (one or two full-size
    operations; `F.affine_grid`'s batched matmul is much slower on CPU).

    With `exact`, each entry is rounded as `_affine_coordinates` rounds it:
    (m0 * col + m1 * row) + m2.
    """
    m = matrix[:, None, None]  # (batch, 1, 1, 2, 3)
    from_cols = m[..., 0] * cols[None, :, None]  # (batch, 1, width, 2)
    from_rows = m[..., 1] * rows[:, None, None]  # (batch, height, 1, 2)
    if exact:
        return from_cols + from_rows + m[..., 2]
    return from_cols + (from_rows + m[..., 2])


def _normalized_matrix(
    transform: torch.Tensor, height: int, width: int
) -> torch.Tensor:
    """(batch or 1, 2, 3) matrices equal to `transform` in normalized
    coordinates, where (align_corners=False) pixel index p of an axis of
    size n sits at u = (2 * p + 1) / n - 1, i.e. p = s * u + s - 1/2 with
    s = n / 2. Substituting that into col = a0 * col + a1 * row + a2 (and
    the same for row) gives the matrix below; computed in float64.
    """
    t = transform.to(torch.float64).reshape(-1, 8)
    a0, a1, a2, b0, b1, b2 = t[:, :6].unbind(-1)
    sx, sy = width / 2.0, height / 2.0
    ox, oy = sx - 0.5, sy - 0.5
    x_row = [a0, a1 * sy / sx, (a0 * ox + a1 * oy + a2 - ox) / sx]
    y_row = [b0 * sx / sy, b1, (b0 * ox + b1 * oy + b2 - oy) / sy]
    return torch.stack([torch.stack(x_row, -1), torch.stack(y_row, -1)], 1)


def _round_to_node(
    coordinate: torch.Tensor, sizes: torch.Tensor, fill_mode: str
) -> torch.Tensor:
    """Nearest input index (last axis: one entry per spatial axis of size
    `sizes`), as a float that `grid_sample` with padding
    `_GRID_NEAREST_PADDING[fill_mode]` maps to the pixel `_affine_gather`
    picks.

    Rounds half away from zero (c - 0.5 and c + 0.5 are exact in float, so
    truncating them equals sign(c) * floor(|c| + 0.5)), then brings the
    index into a small range: "constant" clamps to [-1, size] (still
    outside, so padded with zeros), "nearest" to [0, size - 1], and
    "reflect" takes it modulo its period 2 * size, which `grid_sample`'s
    reflection about the outer pixel edges then folds like Keras.
    """
    index = torch.where(coordinate < 0, coordinate - 0.5, coordinate + 0.5)
    index = index.trunc_()
    if fill_mode == "constant":
        return torch.minimum(index.clamp_(min=-1), sizes)
    if fill_mode == "nearest":
        return torch.minimum(index.clamp_(min=0), sizes - 1)
    return index.remainder_(2 * sizes)


def map_coordinates(
    inputs, coordinates, order, fill_mode="constant", fill_value=0.0
):
    _check_sampling_args(order, fill_mode)
    inputs = convert_to_tensor(inputs)
    coordinates = convert_to_tensor(coordinates)
    if coordinates.ndim < 2 or coordinates.shape[0] != inputs.ndim:
        raise ValueError(
            "`coordinates` must have shape (inputs.ndim, ...) with rank at "
            f"least 2. Received: coordinates.shape="
            f"{tuple(coordinates.shape)} for inputs of rank {inputs.ndim}"
        )
    if not coordinates.is_floating_point():
        coordinates = coordinates.to(torch.float32)
    return _interpolate(
        inputs, list(coordinates.unbind(0)), order, fill_mode, fill_value
    )
