"""Argument checks shared by the `kerata.ops.nn` ops.

They read only shapes (None for unknown sizes of symbolic tensors), so the
same checks guard eager and symbolic calls, and cost a few microseconds.
"""

from __future__ import annotations

from typing import Any

import numpy as np

_IMAGE_RANKS = (3, 4, 5)


def shape_of(x: Any) -> tuple:
    shape = getattr(x, "shape", None)
    return np.shape(x) if shape is None else tuple(shape)


def standardize_padding(padding: Any, allowed: tuple) -> str:
    if isinstance(padding, str) and padding.lower() in allowed:
        return padding.lower()
    raise ValueError(
        f"`padding` must be one of {allowed}. Received: padding={padding!r}"
    )


def image_rank(inputs: Any, name: str = "inputs") -> int:
    """The rank of a batch of 1D, 2D or 3D images; raises otherwise."""
    shape = shape_of(inputs)
    if len(shape) not in _IMAGE_RANKS:
        raise ValueError(
            f"`{name}` must have rank 3, 4 or 5: (batch, *spatial, channels) "
            "for 1D, 2D or 3D data, or (batch, channels, *spatial) with "
            f"data_format='channels_first'. Received: {name}.shape={shape}"
        )
    return len(shape)


def channels(inputs: Any, data_format: str) -> Any:
    shape = shape_of(inputs)
    return shape[-1] if data_format == "channels_last" else shape[1]


def kernel_shape(kernel: Any, rank: int, layout: str, name: str) -> tuple:
    shape = shape_of(kernel)
    if len(shape) != rank:
        raise ValueError(
            f"`{name}` must have the rank of `inputs`, {rank}, with layout "
            f"{layout}. Received: {name}.shape={shape}"
        )
    return shape


def spatial_tuple(value: Any, n: int, name: str, allow_none=False) -> Any:
    """Validates an int or a sequence of `n` positive ints."""
    if type(value) is int and value > 0:
        return value
    if value is None and allow_none:
        return value
    items = (value,) * n if isinstance(value, int) else value
    try:
        ok = len(items) == n and all(
            isinstance(v, (int, np.integer)) and v > 0 for v in items
        )
    except TypeError:
        ok = False
    if not ok:
        raise ValueError(
            f"`{name}` must be a positive int or a tuple of {n} positive "
            f"ints, one per spatial axis. Received: {name}={value!r}"
        )
    return value


def same_size(expected: Any, received: Any) -> bool:
    """Whether two sizes agree, an unknown (None) size agreeing with any."""
    return expected is None or received is None or expected == received


def check_same_shape(target: Any, output: Any) -> None:
    t, o = shape_of(target), shape_of(output)
    if len(t) != len(o) or not all(same_size(a, b) for a, b in zip(t, o)):
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={t}, output.shape={o}"
        )
