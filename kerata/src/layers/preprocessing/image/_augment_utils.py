"""Private helpers shared by the color and mixing augmentation layers."""

from __future__ import annotations

import numbers
from typing import Any

from kerata.src import ops
from kerata.src import random


def is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_value_range(value_range: Any, layer: str) -> tuple:
    """Returns `value_range` as a sorted `(low, high)` pair of floats."""
    if (
        not isinstance(value_range, (tuple, list))
        or len(value_range) != 2
        or not all(is_number(v) for v in value_range)
        or value_range[0] == value_range[1]
    ):
        raise ValueError(
            f"{layer}'s `value_range` must be a pair of two different "
            "numbers `(low, high)`, such as (0, 255) or (0, 1). "
            f"Received: value_range={value_range!r}"
        )
    low, high = sorted(float(v) for v in value_range)
    return low, high


def check_probability(value: Any, name: str, layer: str) -> float:
    if not is_number(value) or not 0 <= value <= 1:
        raise ValueError(
            f"{layer}'s `{name}` must be a number in [0, 1]. "
            f"Received: {name}={value!r}"
        )
    return float(value)


def batch_size(images: Any) -> int:
    return ops.shape(images)[0]


def channels_axis(data_format: str) -> int:
    return -1 if data_format == "channels_last" else 1


def per_image(values: Any, dtype: Any) -> Any:
    """Reshapes `(batch,)` values to `(batch, 1, 1, 1)`, in `dtype`."""
    return ops.reshape(ops.cast(values, dtype), (-1, 1, 1, 1))


def random_boxes(
    height: int, width: int, ratio_y: Any, ratio_x: Any, seed: Any
) -> tuple:
    """Boxes of `ratio * size` pixels at uniformly drawn positions.

    `ratio_y` and `ratio_x` are `(batch,)` fractions of the height and
    width; returns the float corners `(y0, y1, x0, x1)`, each `(batch,)`.
    """
    starts = random.uniform((ops.shape(ratio_y)[0], 2), seed=seed)
    box_h = ratio_y * height
    box_w = ratio_x * width
    y0 = starts[:, 0] * (height - box_h)
    x0 = starts[:, 1] * (width - box_w)
    return y0, y0 + box_h, x0, x0 + box_w


def box_masks(height: int, width: int, corners: tuple, data_format: str) -> Any:
    """Boolean masks `(batch, height, width, 1)` (channels last) or
    `(batch, 1, height, width)` that are True inside each box: pixels
    whose index `i` satisfies `start <= i < end` on both axes."""
    y0, y1, x0, x1 = (ops.reshape(c, (-1, 1, 1)) for c in corners)
    rows = ops.reshape(ops.arange(height, dtype=y0.dtype), (1, -1, 1))
    cols = ops.reshape(ops.arange(width, dtype=x0.dtype), (1, 1, -1))
    inside = ops.logical_and(
        ops.logical_and(rows >= y0, rows < y1),
        ops.logical_and(cols >= x0, cols < x1),
    )  # (batch, height, width)
    return ops.expand_dims(inside, channels_axis(data_format))


def beta(shape: tuple, alpha: Any, beta: Any, seed: Any) -> Any:
    """Float32 samples of `Beta(alpha, beta)`.

    `kerata.random.beta` is exact too, but its JAX kernel (a rejection
    loop) takes seconds to compile for each new shape. This one draws a
    fixed number of Marsaglia-Tsang proposals per sample and keeps the
    first accepted one (each is accepted with probability > 0.95, so all
    eight are rejected with probability < 1e-10), which is plain
    elementwise work. It computes `log Gamma` variates so that tiny
    parameters (whose Gamma samples underflow) still give 0 or 1.
    """
    log_x = _log_gamma(shape, alpha, seed)
    log_y = _log_gamma(shape, beta, seed)
    return ops.sigmoid(log_x - log_y)


_PROPOSALS = 8


def _log_gamma(shape: tuple, alpha: Any, seed: Any) -> Any:
    """Logarithms of `Gamma(alpha, 1)` samples (Marsaglia and Tsang,
    2000), with `Gamma(a) = Gamma(a + 1) * U ** (1 / a)` for `a < 1`."""
    alpha = ops.broadcast_to(ops.cast(alpha, "float32"), shape)
    boosted = alpha < 1.0
    a = ops.where(boosted, alpha + 1.0, alpha)
    d = ops.expand_dims(a - 1.0 / 3.0, -1)
    c = 1.0 / ops.sqrt(9.0 * d)
    x = random.normal(tuple(shape) + (_PROPOSALS,), seed=seed)
    u = random.uniform(tuple(shape) + (_PROPOSALS,), seed=seed)
    v = (1.0 + c * x) ** 3
    log_v = ops.log(ops.maximum(v, 1e-30))
    accepted = ops.logical_and(
        v > 0.0, ops.log(u) < 0.5 * x * x + d - d * v + d * log_v
    )
    first = ops.expand_dims(ops.argmax(ops.cast(accepted, "int32"), -1), -1)
    log_v = ops.squeeze(ops.take_along_axis(log_v, first, axis=-1), -1)
    log_gamma = ops.log(ops.squeeze(d, -1)) + log_v
    boost = ops.log(random.uniform(tuple(shape), seed=seed)) / alpha
    return log_gamma + ops.where(boosted, boost, 0.0)
