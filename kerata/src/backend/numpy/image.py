"""numpy backend: image functions (see backend/interface/image.py).

Resizing contracts each spatial axis with the weight matrix that
`jax.image.resize` builds (half-pixel centers, Keys cubic kernel,
kernels widened when antialiasing a downsample); sampling follows
`jax.scipy.ndimage.map_coordinates`.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any

import numpy as np

from kerata.src.backend.common import config
from kerata.src.backend.numpy.core import convert_to_tensor

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


def _check_rank(images: np.ndarray) -> None:
    if images.ndim not in (3, 4):
        raise ValueError(
            "Invalid images rank: expected rank 3 (single image) or rank 4 "
            f"(batch of images). Received: images.shape={images.shape}"
        )


def _channels_axis(data_format: Any) -> int:
    data_format = config.standardize_data_format(data_format)
    return -1 if data_format == "channels_last" else -3


def _is_float(dtype: Any) -> bool:
    # ml_dtypes' bfloat16 is not an np.floating subtype.
    return np.dtype(dtype).kind == "f" or "bfloat16" in str(dtype)


def _check_float(images: np.ndarray) -> None:
    if not _is_float(images.dtype):
        raise ValueError(
            "Invalid images dtype: expected a float dtype. "
            f"Received: images.dtype={images.dtype}"
        )


def rgb_to_grayscale(images, data_format=None):
    images = convert_to_tensor(images)
    _check_rank(images)
    axis = _channels_axis(data_format)
    channels = images.shape[axis]
    if channels not in (1, 3):
        raise ValueError(
            "Invalid channel size: expected 3 (RGB) or 1 (grayscale). "
            f"Received: images.shape={images.shape}"
        )
    if channels == 1:
        return images
    x = images if _is_float(images.dtype) else images.astype("float32")
    weights = np.asarray([0.2989, 0.5870, 0.1140], dtype=x.dtype)
    gray = np.tensordot(x, weights, axes=([x.ndim + axis], [0]))
    return np.expand_dims(gray, axis).astype(images.dtype)


def rgb_to_hsv(images, data_format=None):
    images = convert_to_tensor(images)
    _check_rank(images)
    _check_float(images)
    dtype = images.dtype
    axis = _channels_axis(data_format)
    eps = np.finfo(dtype).eps
    images = np.where(np.abs(images) < eps, 0.0, images).astype(dtype)
    red, green, blue = (np.take(images, i, axis=axis) for i in range(3))
    value = np.maximum(np.maximum(red, green), blue)
    range_ = value - np.minimum(np.minimum(red, green), blue)
    with np.errstate(divide="ignore", invalid="ignore"):
        saturation = np.where(
            value > 0, range_ / np.where(value > 0, value, 1.0), 0.0
        )
        norm = 1.0 / (6.0 * np.where(range_ > 0, range_, 1.0))
    hue = np.where(
        value == green,
        norm * (blue - red) + 2.0 / 6.0,
        norm * (red - green) + 4.0 / 6.0,
    )
    hue = np.where(value == red, norm * (green - blue), hue)
    hue = np.where(range_ > 0, hue, 0.0) + (hue < 0.0)
    return np.stack([hue, saturation, value], axis=axis).astype(dtype)


def hsv_to_rgb(images, data_format=None):
    images = convert_to_tensor(images)
    _check_rank(images)
    _check_float(images)
    axis = _channels_axis(data_format)
    hue, saturation, value = (np.take(images, i, axis=axis) for i in range(3))
    dh = np.mod(hue, 1.0) * 6.0
    dr = np.clip(np.abs(dh - 3.0) - 1.0, 0.0, 1.0)
    dg = np.clip(2.0 - np.abs(dh - 2.0), 0.0, 1.0)
    db = np.clip(2.0 - np.abs(dh - 4.0), 0.0, 1.0)
    one_minus_s = 1.0 - saturation
    rgb = [value * (one_minus_s + saturation * d) for d in (dr, dg, db)]
    return np.stack(rgb, axis=axis).astype(images.dtype)


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


def _nearest_indices(n_in: int, n_out: int) -> np.ndarray:
    # Half-pixel centers, computed in float32 as JAX does.
    offsets = (np.arange(n_out, dtype="float32") + np.float32(0.5)) * (
        np.float32(n_in)
    )
    return np.floor(offsets / np.float32(n_out)).astype("int64")


def _keys_cubic(x: np.ndarray) -> np.ndarray:
    out = ((1.5 * x - 2.5) * x) * x + 1.0
    out = np.where(x >= 1.0, ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0, out)
    return np.where(x >= 2.0, 0.0, out)


def _lanczos(radius: float, x: np.ndarray) -> np.ndarray:
    y = radius * np.sin(np.pi * x) * np.sin(np.pi * x / radius)
    safe = np.where(x != 0, np.pi**2 * x**2, 1.0)
    out = np.where(x > 1e-3, y / safe, 1.0)
    return np.where(x > radius, 0.0, out)


_KERNELS = {
    "bilinear": lambda x: np.maximum(0.0, 1.0 - np.abs(x)),
    "bicubic": _keys_cubic,
    "lanczos3": functools.partial(_lanczos, 3.0),
    "lanczos5": functools.partial(_lanczos, 5.0),
}


@functools.lru_cache(maxsize=128)
def _weight_matrix(n_in: int, n_out: int, method: str, antialias: bool):
    """(n_out, n_in) resampling weights, as `jax.image.resize` builds
    them (in float64)."""
    inv_scale = 1.0 / (n_out / n_in)
    out_pos = np.arange(n_out, dtype="float64")
    in_pos = np.arange(n_in, dtype="float64")
    if method == "area":
        left = out_pos * inv_scale
        right = left + inv_scale
        weights = np.maximum(
            0.0,
            np.minimum(right[:, None], in_pos[None, :] + 1.0)
            - np.maximum(left[:, None], in_pos[None, :]),
        )
    else:
        kernel_scale = max(inv_scale, 1.0) if antialias else 1.0
        sample = (out_pos + 0.5) * inv_scale - 0.5
        distance = np.abs(sample[:, None] - in_pos[None, :]) / kernel_scale
        weights = _KERNELS[method](distance)
    total = weights.sum(axis=1, keepdims=True)
    ok = np.abs(total) > 1000.0 * np.finfo("float32").eps
    weights = np.where(ok, weights / np.where(total != 0, total, 1.0), 0.0)
    weights.setflags(write=False)
    return weights


def _resize_axis(x, axis, n_out, method, antialias):
    n_in = x.shape[axis]
    if n_in == n_out:
        return x
    if method == "nearest":
        return np.take(x, _nearest_indices(n_in, n_out), axis=axis)
    weights = _weight_matrix(n_in, n_out, method, antialias).astype(x.dtype)
    out = np.tensordot(x, weights, axes=([axis], [1]))  # axis moved last
    return np.moveaxis(out, -1, axis)


def _cast_back(x: np.ndarray, dtype: Any) -> np.ndarray:
    if x.dtype == dtype:
        return x
    if _is_float(dtype):
        return x.astype(dtype)
    info = np.iinfo(dtype)
    return np.clip(np.round(x), info.min, info.max).astype(dtype)


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
            index = [slice(None)] * images.ndim
            index[h_axis] = slice(top, top + new_h)
            index[h_axis + 1] = slice(left, left + new_w)
            images = images[tuple(index)]
        else:
            # Pad the image's two short sides by the same amount.
            pad = [(0, 0)] * images.ndim
            pad[h_axis] = (top, top)
            pad[h_axis + 1] = (left, left)
            images = np.pad(images, pad, constant_values=fill_value)
    x = images
    if interpolation != "nearest" and not _is_float(x.dtype):
        x = x.astype("float32")
    elif interpolation != "nearest" and x.dtype.itemsize < 4:
        x = x.astype("float32")  # float16/bfloat16: compute in float32
    for axis, n_out in ((h_axis, size[0]), (h_axis + 1, size[1])):
        x = _resize_axis(x, axis, n_out, interpolation, bool(antialias))
    return _cast_back(x, images.dtype)


# --- sampling at coordinates ---------------------------------------------


def _fix_index(index: np.ndarray, size: int, mode: str) -> np.ndarray:
    if mode == "wrap":
        return np.mod(index, size)
    if mode in ("mirror", "reflect"):
        if mode == "reflect":
            index, size = 2 * index + 1, 2 * size + 1
        period = size - 1
        if period == 0:
            return np.zeros_like(index)
        mirrored = np.abs(np.mod(index + period, 2 * period) - period)
        return mirrored if mode == "mirror" else (mirrored - 1) // 2
    # "nearest"; and "constant", whose out-of-range nodes are masked.
    return np.clip(index, 0, size - 1)


def _axis_nodes(coordinate: np.ndarray, size: int, order: int, mode: str):
    """[(index, valid, weight)] of the input samples along one axis."""
    if order == 0:
        # Round half away from zero, as JAX does.
        index = np.sign(coordinate) * np.floor(np.abs(coordinate) + 0.5)
        nodes = [(index.astype("int64"), None)]
    else:
        lower = np.floor(coordinate)
        upper_weight = coordinate - lower
        index = lower.astype("int64")
        nodes = [(index, 1.0 - upper_weight), (index + 1, upper_weight)]
    out = []
    for index, weight in nodes:
        valid = (index >= 0) & (index < size) if mode == "constant" else None
        out.append((_fix_index(index, size, mode), valid, weight))
    return out


def _interpolate(inputs, coordinates, order, fill_mode, fill_value, lead=()):
    """Samples `inputs` at `coordinates` (one array per axis after the
    `lead` index arrays); trailing axes are kept."""
    offset = len(lead)
    trailing = inputs.ndim - offset - len(coordinates)
    per_axis = [
        _axis_nodes(c, inputs.shape[offset + i], order, fill_mode)
        for i, c in enumerate(coordinates)
    ]
    fill = np.asarray(fill_value).astype(inputs.dtype)
    expand = (...,) + (None,) * trailing
    result = None
    for combination in itertools.product(*per_axis):
        values = inputs[tuple(lead) + tuple(node[0] for node in combination)]
        valids = [node[1] for node in combination if node[1] is not None]
        if valids:
            valid = functools.reduce(np.logical_and, valids)
            values = np.where(valid[expand], values, fill)
        weights = [node[2] for node in combination if node[2] is not None]
        if weights:
            values = functools.reduce(np.multiply, weights)[expand] * values
        result = values if result is None else result + values
    if not _is_float(inputs.dtype) and _is_float(result.dtype):
        result = np.sign(result) * np.floor(np.abs(result) + 0.5)
    return result.astype(inputs.dtype)


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
            f"Received: transform.shape={transform.shape}"
        )
    x = images if images.ndim == 4 else images[None]
    channels_last = _channels_axis(data_format) == -1
    if not channels_last:
        x = np.transpose(x, (0, 2, 3, 1))
    batch, height, width, _ = x.shape
    dtype = "float64" if x.dtype == np.float64 else "float32"
    t = transform.astype(dtype).reshape(-1, 8, 1, 1)
    rows = np.arange(height, dtype=dtype)[:, None]
    cols = np.arange(width, dtype=dtype)[None, :]
    # Output pixel (row, col) samples the input at (row_in, col_in).
    col_in = t[:, 0] * cols + t[:, 1] * rows + t[:, 2]  # (batch, h, w)
    row_in = t[:, 3] * cols + t[:, 4] * rows + t[:, 5]
    row_in = np.broadcast_to(row_in, (batch, height, width))
    col_in = np.broadcast_to(col_in, (batch, height, width))
    lead = (np.arange(batch)[:, None, None],)
    out = _interpolate(x, [row_in, col_in], order, fill_mode, fill_value, lead)
    if not channels_last:
        out = np.transpose(out, (0, 3, 1, 2))
    return out if images.ndim == 4 else out[0]


def map_coordinates(
    inputs, coordinates, order, fill_mode="constant", fill_value=0.0
):
    _check_sampling_args(order, fill_mode)
    inputs = convert_to_tensor(inputs)
    coordinates = convert_to_tensor(coordinates)
    if coordinates.ndim < 2 or coordinates.shape[0] != inputs.ndim:
        raise ValueError(
            "`coordinates` must have shape (inputs.ndim, ...) with rank at "
            f"least 2. Received: coordinates.shape={coordinates.shape} for "
            f"inputs of rank {inputs.ndim}"
        )
    if not _is_float(coordinates.dtype):
        coordinates = coordinates.astype("float32")
    return _interpolate(inputs, list(coordinates), order, fill_mode, fill_value)
