"""Private layout helpers of the image preprocessing layers.

The Gaussian blur, homography and per-pixel sampling that used to live
here are now the public ops `kerata.ops.image.gaussian_blur`,
`perspective_transform` and `elastic_transform` (with the internal
`elastic_warp`), in `kerata/src/ops/image.py`.
"""

from __future__ import annotations

from typing import Any

from kerata.src import ops


def to_channels_last(images: Any, data_format: str) -> Any:
    if data_format == "channels_last":
        return images
    return ops.transpose(images, (0, 2, 3, 1))


def from_channels_last(images: Any, data_format: str) -> Any:
    if data_format == "channels_last":
        return images
    return ops.transpose(images, (0, 3, 1, 2))
