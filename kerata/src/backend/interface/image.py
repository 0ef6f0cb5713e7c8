"""The backend contract for `backend.image`.

Images are rank 3 (one image) or rank 4 (a batch), laid out by
`data_format` ("channels_last" or "channels_first"; None means the global
default). Numerics follow `jax.image.resize` and
`jax.scipy.ndimage.map_coordinates`, which Keras's JAX backend uses.
Public ops (`kerata/src/ops/image.py`) validate arguments and infer
symbolic shapes; backends may assume validated input.
"""

from __future__ import annotations

from typing import Any


def rgb_to_grayscale(images: Any, data_format: Any = None) -> Any:
    """`0.2989 R + 0.5870 G + 0.1140 B`, one channel, in the input dtype."""
    ...


def rgb_to_hsv(images: Any, data_format: Any = None) -> Any:
    """RGB to HSV for float images with values in [0, 1]."""
    ...


def hsv_to_rgb(images: Any, data_format: Any = None) -> Any:
    """HSV to RGB for float images with values in [0, 1]."""
    ...


def resize(
    images: Any,
    size: Any,
    interpolation: str = "bilinear",
    antialias: bool = False,
    crop_to_aspect_ratio: bool = False,
    pad_to_aspect_ratio: bool = False,
    fill_mode: str = "constant",
    fill_value: Any = 0.0,
    data_format: Any = None,
) -> Any:
    """Resizes to `size = (height, width)` with half-pixel centers, like
    `jax.image.resize`; integer images are rounded and clipped back to
    their dtype."""
    ...


def affine_transform(
    images: Any,
    transform: Any,
    interpolation: str = "bilinear",
    fill_mode: str = "constant",
    fill_value: Any = 0,
    data_format: Any = None,
) -> Any:
    """Samples output pixel `(x, y)` from input point
    `(a0 x + a1 y + a2, b0 x + b1 y + b2)` for each transform row
    `[a0, a1, a2, b0, b1, b2, c0, c1]` (`c0`, `c1` are ignored)."""
    ...


def map_coordinates(
    inputs: Any,
    coordinates: Any,
    order: int,
    fill_mode: str = "constant",
    fill_value: Any = 0.0,
) -> Any:
    """Values of `inputs` at `coordinates` (shape `(inputs.ndim, ...)`),
    interpolated with spline order 0 or 1."""
    ...
