"""Plain-NumPy references for `kerata.ops.image` (imports nothing from
kerata).

Written pixel by pixel, unlike the backends (gathers and weight
matrices), so a shared mistake is unlikely. Images are channels-last,
`(height, width, channels)` or `(batch, height, width, channels)`.
"""

from __future__ import annotations

import colorsys
import math

import numpy as np


def _source_index_nearest(i: int, n_in: int, n_out: int) -> int:
    # Output pixel i covers [i, i + 1) * n_in / n_out in input pixels; take
    # the input pixel under its center (float32, as JAX computes it).
    center = (np.float32(i) + np.float32(0.5)) * np.float32(n_in)
    return int(math.floor(center / np.float32(n_out)))


def resize_nearest(images: np.ndarray, size: tuple) -> np.ndarray:
    height, width = images.shape[-3:-1]
    out_h, out_w = size
    rows = [_source_index_nearest(i, height, out_h) for i in range(out_h)]
    cols = [_source_index_nearest(j, width, out_w) for j in range(out_w)]
    out = np.empty(images.shape[:-3] + (out_h, out_w) + images.shape[-1:])
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            out[..., i, j, :] = images[..., r, c, :]
    return out.astype(images.dtype)


def _linear_taps(i: int, n_in: int, n_out: int) -> list:
    """[(input index, weight)] for output pixel i, half-pixel centers,
    edges clamped (no antialiasing)."""
    position = (i + 0.5) * n_in / n_out - 0.5
    position = min(max(position, 0.0), n_in - 1.0)
    low = int(math.floor(position))
    high = min(low + 1, n_in - 1)
    frac = position - low
    return [(low, 1.0 - frac), (high, frac)]


def resize_bilinear(images: np.ndarray, size: tuple) -> np.ndarray:
    height, width = images.shape[-3:-1]
    out_h, out_w = size
    x = images.astype("float64")
    out = np.zeros(images.shape[:-3] + (out_h, out_w) + images.shape[-1:])
    for i in range(out_h):
        for j in range(out_w):
            for r, wr in _linear_taps(i, height, out_h):
                for c, wc in _linear_taps(j, width, out_w):
                    out[..., i, j, :] += wr * wc * x[..., r, c, :]
    return out


def _kernel(method: str, x: float) -> float:
    x = abs(x)
    if method == "bilinear":
        return max(0.0, 1.0 - x)
    if method == "bicubic":  # Keys, a = -0.5
        if x < 1.0:
            return 1.5 * x**3 - 2.5 * x**2 + 1.0
        if x < 2.0:
            return -0.5 * x**3 + 2.5 * x**2 - 4.0 * x + 2.0
        return 0.0
    radius = {"lanczos3": 3.0, "lanczos5": 5.0}[method]
    if x == 0.0:
        return 1.0
    if x > radius:
        return 0.0
    return (
        radius
        * math.sin(math.pi * x)
        * math.sin(math.pi * x / radius)
        / (math.pi**2 * x**2)
    )


def _taps(i: int, n_in: int, n_out: int, method: str, antialias: bool):
    """Normalized [(input index, weight)] for output pixel i."""
    scale = n_in / n_out  # input pixels per output pixel
    if method == "area":
        left, right = i * scale, (i + 1) * scale
        taps = [
            (j, max(0.0, min(right, j + 1.0) - max(left, float(j))))
            for j in range(n_in)
        ]
    else:
        # Downsampling with antialias stretches the kernel to cover every
        # input pixel that the output pixel spans.
        stretch = max(scale, 1.0) if antialias else 1.0
        center = (i + 0.5) * scale - 0.5
        taps = [
            (j, _kernel(method, (center - j) / stretch)) for j in range(n_in)
        ]
    total = sum(w for _, w in taps)
    return [(j, w / total) for j, w in taps if w != 0.0]


def resize(images, size, method, antialias=False):
    """Separable resampling, one output pixel at a time, for
    "bilinear", "bicubic", "lanczos3", "lanczos5" and "area"."""
    x = images.astype("float64")
    for axis, n_out in ((-3, size[0]), (-2, size[1])):
        n_in = x.shape[axis]
        if n_in == n_out:
            continue
        moved = np.moveaxis(x, axis, 0)
        out = np.zeros((n_out,) + moved.shape[1:])
        for i in range(n_out):
            for j, w in _taps(i, n_in, n_out, method, antialias):
                out[i] += w * moved[j]
        x = np.moveaxis(out, 0, axis)
    return x


def rgb_to_grayscale(images: np.ndarray) -> np.ndarray:
    weights = np.array([0.2989, 0.5870, 0.1140])
    return (images.astype("float64") @ weights)[..., None]


def rgb_to_hsv(images: np.ndarray) -> np.ndarray:
    flat = images.reshape(-1, 3).astype("float64")
    out = np.array([colorsys.rgb_to_hsv(*p) for p in flat])
    return out.reshape(images.shape)


def hsv_to_rgb(images: np.ndarray) -> np.ndarray:
    flat = images.reshape(-1, 3).astype("float64")
    out = np.array([colorsys.hsv_to_rgb(*p) for p in flat])
    return out.reshape(images.shape)


def _fixed_index(index: int, size: int, mode: str):
    """The input index that `index` reads under `mode`, or None for a
    constant fill."""
    if 0 <= index < size:
        return index
    if mode == "constant":
        return None
    if mode == "nearest":
        return min(max(index, 0), size - 1)
    if mode == "wrap":
        return index % size
    if mode == "mirror":  # (c d c b | a b c d | c b a b)
        if size == 1:
            return 0
        period = 2 * (size - 1)
        index %= period
        return index if index < size else period - index
    # "reflect": (d c b a | a b c d | d c b a)
    period = 2 * size
    index %= period
    return index if index < size else period - 1 - index


def _round_half_away(x: float) -> int:
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def map_coordinates(inputs, coordinates, order, fill_mode, fill_value):
    """One point at a time: `order` 0 or 1, modes as in JAX."""
    inputs = np.asarray(inputs)
    coordinates = np.asarray(coordinates, dtype="float64")
    points = coordinates.reshape(inputs.ndim, -1).T
    out = []
    for point in points:
        if order == 0:
            taps = [[(_round_half_away(p), 1.0)] for p in point]
        else:
            taps = []
            for p in point:
                low = math.floor(p)
                taps.append([(low, 1.0 - (p - low)), (low + 1, p - low)])
        total = 0.0
        for combination in _product(taps):
            weight = 1.0
            index = []
            for (i, w), size in zip(combination, inputs.shape):
                weight *= w
                index.append(_fixed_index(i, size, fill_mode))
            value = fill_value if None in index else float(inputs[tuple(index)])
            total += weight * value
        out.append(total)
    return np.array(out).reshape(coordinates.shape[1:])


def _product(lists: list) -> list:
    result = [[]]
    for options in lists:
        result = [r + [o] for r in result for o in options]
    return result


def affine_transform(images, transform, order, fill_mode, fill_value):
    """`images` (batch, height, width, channels); `transform` (8,)."""
    a0, a1, a2, b0, b1, b2 = np.asarray(transform, dtype="float64")[:6]
    batch, height, width, channels = images.shape
    out = np.zeros(images.shape)
    for n in range(batch):
        for c in range(channels):
            rows, cols = np.meshgrid(
                np.arange(height), np.arange(width), indexing="ij"
            )
            coordinates = np.stack(
                [b0 * cols + b1 * rows + b2, a0 * cols + a1 * rows + a2]
            )
            out[n, :, :, c] = map_coordinates(
                images[n, :, :, c], coordinates, order, fill_mode, fill_value
            )
    return out
