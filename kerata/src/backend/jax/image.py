"""jax backend: image functions (see backend/interface/image.py).

Resizing and sampling are `jax.image.resize` and
`jax.scipy.ndimage.map_coordinates`, the reference numerics for the other
backends.
"""

from __future__ import annotations

import functools
from typing import Any

import jax
import jax.numpy as jnp

from kerata.src.backend.common import config
from kerata.src.backend.jax.core import convert_to_tensor

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


def _check_rank(images: Any) -> None:
    if images.ndim not in (3, 4):
        raise ValueError(
            "Invalid images rank: expected rank 3 (single image) or rank 4 "
            f"(batch of images). Received: images.shape={images.shape}"
        )


def _channels_axis(data_format: Any) -> int:
    data_format = config.standardize_data_format(data_format)
    return -1 if data_format == "channels_last" else -3


def _check_float(images: Any) -> None:
    if not jnp.issubdtype(images.dtype, jnp.floating):
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
    return _rgb_to_grayscale(images, axis)


# The image functions are jitted: one compilation per shape instead of
# one per primitive makes eager calls much cheaper.
@functools.partial(jax.jit, static_argnames=("axis",))
def _rgb_to_grayscale(images, axis):
    x = images
    if not jnp.issubdtype(x.dtype, jnp.floating):
        x = x.astype("float32")
    weights = jnp.asarray([0.2989, 0.5870, 0.1140], dtype=x.dtype)
    gray = jnp.tensordot(x, weights, axes=([x.ndim + axis], [0]))
    return jnp.expand_dims(gray, axis).astype(images.dtype)


def rgb_to_hsv(images, data_format=None):
    images = convert_to_tensor(images)
    _check_rank(images)
    _check_float(images)
    return _rgb_to_hsv(images, _channels_axis(data_format))


@functools.partial(jax.jit, static_argnames=("axis",))
def _rgb_to_hsv(images, axis):
    eps = jnp.finfo(images.dtype).eps
    images = jnp.where(jnp.abs(images) < eps, 0.0, images)
    red, green, blue = (jnp.take(images, i, axis=axis) for i in range(3))
    value = jnp.maximum(jnp.maximum(red, green), blue)
    range_ = value - jnp.minimum(jnp.minimum(red, green), blue)
    saturation = jnp.where(
        value > 0, range_ / jnp.where(value > 0, value, 1.0), 0.0
    )
    norm = 1.0 / (6.0 * jnp.where(range_ > 0, range_, 1.0))
    hue = jnp.where(
        value == green,
        norm * (blue - red) + 2.0 / 6.0,
        norm * (red - green) + 4.0 / 6.0,
    )
    hue = jnp.where(value == red, norm * (green - blue), hue)
    hue = jnp.where(range_ > 0, hue, 0.0) + (hue < 0.0).astype(hue.dtype)
    return jnp.stack([hue, saturation, value], axis=axis)


def hsv_to_rgb(images, data_format=None):
    images = convert_to_tensor(images)
    _check_rank(images)
    _check_float(images)
    return _hsv_to_rgb(images, _channels_axis(data_format))


@functools.partial(jax.jit, static_argnames=("axis",))
def _hsv_to_rgb(images, axis):
    hue, saturation, value = (jnp.take(images, i, axis=axis) for i in range(3))
    dh = jnp.mod(hue, 1.0) * 6.0
    dr = jnp.clip(jnp.abs(dh - 3.0) - 1.0, 0.0, 1.0)
    dg = jnp.clip(2.0 - jnp.abs(dh - 2.0), 0.0, 1.0)
    db = jnp.clip(2.0 - jnp.abs(dh - 4.0), 0.0, 1.0)
    one_minus_s = 1.0 - saturation
    rgb = [value * (one_minus_s + saturation * d) for d in (dr, dg, db)]
    return jnp.stack(rgb, axis=axis)


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


def _cast_back(x: Any, dtype: Any) -> Any:
    if x.dtype == dtype:
        return x
    if jnp.issubdtype(dtype, jnp.floating):
        return x.astype(dtype)
    info = jnp.iinfo(dtype)
    return jnp.clip(jnp.round(x), info.min, info.max).astype(dtype)


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
    return _resize(
        images,
        fill_value,
        size=(int(size[0]), int(size[1])),
        interpolation=interpolation,
        antialias=bool(antialias),
        crop=bool(crop_to_aspect_ratio),
        pad=bool(pad_to_aspect_ratio),
        channels_last=_channels_axis(data_format) == -1,
    )


@functools.partial(
    jax.jit,
    static_argnames=(
        "size",
        "interpolation",
        "antialias",
        "crop",
        "pad",
        "channels_last",
    ),
)
def _resize(
    images, fill_value, size, interpolation, antialias, crop, pad, channels_last
):
    h_axis = images.ndim - (3 if channels_last else 2)
    if crop or pad:
        height, width = images.shape[h_axis], images.shape[h_axis + 1]
        new_h, new_w, top, left = _aspect_box(height, width, size, crop)
        if crop:
            images = jax.lax.slice_in_dim(images, top, top + new_h, 1, h_axis)
            images = jax.lax.slice_in_dim(
                images, left, left + new_w, 1, h_axis + 1
            )
        else:
            # Pad the image's two short sides by the same amount.
            pad_width = [(0, 0)] * images.ndim
            pad_width[h_axis] = (top, top)
            pad_width[h_axis + 1] = (left, left)
            images = jnp.pad(images, pad_width, constant_values=fill_value)
    shape = list(images.shape)
    shape[h_axis], shape[h_axis + 1] = size
    out = jax.image.resize(
        images, tuple(shape), method=interpolation, antialias=antialias
    )
    return _cast_back(out, images.dtype)


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
    return _affine_transform(
        images,
        transform,
        order=order,
        fill_mode=fill_mode,
        fill_value=float(fill_value),
        channels_last=_channels_axis(data_format) == -1,
    )


@functools.partial(
    jax.jit,
    static_argnames=("order", "fill_mode", "fill_value", "channels_last"),
)
def _affine_transform(
    images, transform, order, fill_mode, fill_value, channels_last
):
    x = images if images.ndim == 4 else images[None]
    if not channels_last:
        x = jnp.transpose(x, (0, 2, 3, 1))
    batch, height, width, channels = x.shape
    dtype = "float64" if x.dtype == jnp.float64 else "float32"
    t = transform.astype(dtype).reshape(-1, 8, 1, 1)
    rows = jnp.arange(height, dtype=dtype)[:, None]
    cols = jnp.arange(width, dtype=dtype)[None, :]
    # Output pixel (row, col) samples the input at (row_in, col_in).
    col_in = t[:, 0] * cols + t[:, 1] * rows + t[:, 2]  # (batch, h, w)
    row_in = t[:, 3] * cols + t[:, 4] * rows + t[:, 5]
    row_in = jnp.broadcast_to(row_in, (batch, height, width))
    col_in = jnp.broadcast_to(col_in, (batch, height, width))
    channel = jnp.arange(channels, dtype=dtype)

    def sample(image, row, col):
        # Sample each channel at integer channel coordinates.
        coordinates = (
            jnp.broadcast_to(row[..., None], (height, width, channels)),
            jnp.broadcast_to(col[..., None], (height, width, channels)),
            jnp.broadcast_to(channel, (height, width, channels)),
        )
        return jax.scipy.ndimage.map_coordinates(
            image, coordinates, order, mode=fill_mode, cval=fill_value
        )

    out = jax.vmap(sample)(x, row_in, col_in)
    if not channels_last:
        out = jnp.transpose(out, (0, 3, 1, 2))
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
    if not jnp.issubdtype(coordinates.dtype, jnp.floating):
        coordinates = coordinates.astype("float32")
    return jax.scipy.ndimage.map_coordinates(
        inputs, list(coordinates), order, mode=fill_mode, cval=fill_value
    )
