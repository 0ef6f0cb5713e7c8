"""The color operations shared by the color layers and `RandAugment`.

Each operation is a pair of functions: `draw(layer, batch, seed)` returns
its random parameters for a batch (or None), and `apply(layer, images,
params)` transforms a batch of images in `layer.value_range`. `layer`
supplies `factor`, `value_range` and `data_format`. The layers
RandomColorDegeneration, RandomSharpness, RandomPosterization,
Solarization, AutoContrast and Equalization call them, and so does
`RandAugment`, which applies them image by image.
"""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.layers.preprocessing.image import _augment_utils as utils

_BINS = 256


def _uniform(layer: Any, batch: int, seed: Any, scale: float = 1.0) -> Any:
    low, high = layer.factor
    return random.uniform(
        (batch,), minval=low * scale, maxval=high * scale, seed=seed
    )


def _to_255(layer: Any, images: Any) -> Any:
    return layer._transform_value_range(
        images, layer.value_range, (0.0, 255.0), images.dtype
    )


def _from_255(layer: Any, images: Any) -> Any:
    return layer._transform_value_range(
        images, (0.0, 255.0), layer.value_range, images.dtype
    )


def _clip(layer: Any, images: Any) -> Any:
    return ops.clip(images, *layer.value_range)


def draw_strength(layer: Any, batch: int, seed: Any) -> Any:
    return _uniform(layer, batch, seed)


def color_degeneration(layer: Any, images: Any, strength: Any) -> Any:
    """Moves each image towards its grayscale version by `strength`."""
    gray = ops.image.rgb_to_grayscale(images, data_format=layer.data_format)
    strength = utils.per_image(strength, images.dtype)
    return _clip(layer, images + strength * (gray - images))


def sharpness(layer: Any, images: Any, strength: Any) -> Any:
    """Blends each image with a 3x3 smoothed copy: `strength` 0 gives
    the smoothed image, 0.5 the original, 1 a sharpened one."""
    axis = utils.channels_axis(layer.data_format)
    channels = ops.shape(images)[axis]
    a, b = 1.0 / 13.0, 5.0 / 13.0
    kernel = ops.convert_to_tensor(
        [[a, a, a], [a, b, a], [a, a, a]], dtype=images.dtype
    )
    kernel = ops.tile(ops.reshape(kernel, (3, 3, 1, 1)), (1, 1, channels, 1))
    smoothed = ops.depthwise_conv(
        images, kernel, padding="same", data_format=layer.data_format
    )
    amount = 1.0 - 2.0 * utils.per_image(strength, images.dtype)
    return _clip(layer, images + amount * (smoothed - images))


def draw_bits(low: int, high: int, batch: int, seed: Any) -> Any:
    """Bits kept per channel, drawn in `[low, high)`; `low` when the two
    are equal. Float32, shape `(batch,)`."""
    if low == high:
        return ops.full((batch,), float(low), dtype="float32")
    bits = random.randint((batch,), low, high, seed=seed)
    return ops.cast(bits, "float32")


def draw_posterization(layer: Any, batch: int, seed: Any) -> Any:
    """`RandAugment`'s bits, in `[1, max_bits)` (1 when `max_bits` is
    1), with `max_bits = max(1, int(8 * factor[1]))`."""
    return draw_bits(1, max(1, int(8 * layer.factor[1])), batch, seed)


def posterization(layer: Any, images: Any, bits: Any) -> Any:
    """Keeps the `bits` highest bits of each 8-bit channel value."""
    step = utils.per_image(2.0 ** (8.0 - bits), images.dtype)
    values = ops.clip(_to_255(layer, images), 0.0, 255.0)
    return _from_255(layer, ops.floor(values / step) * step)


def draw_solarization(layer: Any, batch: int, seed: Any) -> Any:
    """`RandAugment`'s solarization: both ranges are `factor`."""
    return draw_additions_thresholds(layer.factor, layer.factor, batch, seed)


def draw_additions_thresholds(
    addition_factor: tuple, threshold_factor: tuple, batch: int, seed: Any
) -> dict:
    """Solarization's parameters on the 0-255 scale, each `(batch,)`.

    As in Keras, only the upper end of each factor range is scaled by
    255: a pair `(low, high)` draws from `[low, high * 255)`.
    """
    params = {}
    for key, (low, high) in (
        ("additions", addition_factor),
        ("thresholds", threshold_factor),
    ):
        params[key] = random.uniform(
            (batch,), minval=low, maxval=high * 255, seed=seed
        )
    return params


def solarization(layer: Any, images: Any, params: dict) -> Any:
    """Adds `additions` (on a 0-255 scale), then inverts the values at or
    above `thresholds`."""
    additions = utils.per_image(params["additions"], images.dtype)
    thresholds = utils.per_image(params["thresholds"], images.dtype)
    values = ops.clip(_to_255(layer, images) + additions, 0.0, 255.0)
    values = ops.where(values < thresholds, values, 255.0 - values)
    return _from_255(layer, values)


def auto_contrast(layer: Any, images: Any, params: Any = None) -> Any:
    """Stretches each channel of each image to the full value range;
    constant channels are left as they are."""
    axes = (1, 2) if layer.data_format == "channels_last" else (2, 3)
    low = ops.min(images, axis=axes, keepdims=True)
    high = ops.max(images, axis=axes, keepdims=True)
    span = high - low
    flat = span == 0
    lower, upper = layer.value_range
    scale = (upper - lower) / ops.where(flat, 1.0, span)
    stretched = (images - low) * scale + lower
    return ops.where(flat, images, _clip(layer, stretched))


def equalization(
    layer: Any,
    images: Any,
    params: Any = None,
    bins: int = _BINS,
    per_image: bool = True,
) -> Any:
    """Histogram equalization of each channel with `bins` bins.

    With `per_image`, each channel of each image gets its own histogram
    (`RandAugment`); otherwise each channel's histogram is taken over the
    whole batch (as Keras's `Equalization` layer does). Channels whose
    values fall in a single bin are left as they are.
    """
    if layer.data_format == "channels_last":
        images_cf = ops.transpose(images, (0, 3, 1, 2))
    else:
        images_cf = images
    batch, channels, height, width = ops.shape(images_cf)
    values = _to_255(layer, images_cf)
    if per_image:
        rows = ops.reshape(values, (batch * channels, height * width))
    else:
        values = ops.transpose(values, (1, 0, 2, 3))  # (channels, batch, ...)
        rows = ops.reshape(values, (channels, batch * height * width))
    equalized = _equalize_rows(rows, bins)
    if per_image:
        equalized = ops.reshape(equalized, (batch, channels, height, width))
    else:
        equalized = ops.reshape(equalized, (channels, batch, height, width))
        equalized = ops.transpose(equalized, (1, 0, 2, 3))
    if layer.data_format == "channels_last":
        equalized = ops.transpose(equalized, (0, 2, 3, 1))
    return _from_255(layer, ops.cast(equalized, images.dtype))


def _equalize_rows(values: Any, bins: int) -> Any:
    """Equalizes each row of `values` (on the 0-255 scale) through its
    own `bins`-bin histogram; rows with one occupied bin pass through."""
    rows, size = ops.shape(values)
    scaled = ops.clip(ops.floor(values * ((bins - 1) / 255.0)), 0, bins - 1)
    indices = ops.cast(scaled, "int32")
    # Histograms by one scatter-add of ones at `row * bins + index`.
    offsets = ops.reshape(ops.arange(rows, dtype="int32") * bins, (-1, 1))
    flat = ops.reshape(indices + offsets, (-1, 1))
    ones = ops.ones((rows * size,), dtype="float32")
    hist = ops.reshape(ops.scatter(flat, ones, (rows * bins,)), (rows, -1))
    cdf = ops.cumsum(hist, axis=-1)  # (rows, bins)
    total = cdf[:, -1:]
    # The count of the lowest occupied bin: the cdf's first nonzero value.
    first = ops.min(ops.where(cdf > 0, cdf, total), axis=-1, keepdims=True)
    denominator = ops.where(total - first == 0, 1.0, total - first)
    table = ops.clip(ops.round((cdf - first) * 255.0 / denominator), 0, 255)
    equalized = ops.take_along_axis(table, indices, axis=-1)
    occupied = ops.sum(ops.cast(hist > 0, "int32"), axis=-1, keepdims=True)
    return ops.where(occupied <= 1, values, equalized)
