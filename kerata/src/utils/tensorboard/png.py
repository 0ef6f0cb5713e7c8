"""A minimal PNG encoder (8-bit grey, RGB or RGBA), for image summaries."""

from __future__ import annotations

import struct
import zlib
from typing import Any

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Channels -> PNG colour type.
_COLOR_TYPES = {1: 0, 3: 2, 4: 6}


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def encode_png(image: Any) -> bytes:
    """Encodes a `(height, width, channels)` uint8 array as PNG bytes.

    Args:
        image: Array of dtype uint8 with 1, 3 or 4 channels.

    Returns:
        The PNG file's bytes.

    Raises:
        ValueError: If the shape or channel count is not supported.
    """
    image = np.asarray(image)
    if image.ndim != 3 or image.shape[-1] not in _COLOR_TYPES:
        raise ValueError(
            "Expected an image of shape (height, width, channels) with 1, 3 "
            f"or 4 channels. Received: shape={tuple(image.shape)}"
        )
    height, width, channels = image.shape
    pixels = np.ascontiguousarray(image, dtype="uint8")
    rows = pixels.reshape(height, width * channels)
    # Each scanline starts with its filter type: 0, no filtering.
    scanlines = np.concatenate(
        [np.zeros((height, 1), dtype="uint8"), rows], axis=1
    )
    header = struct.pack(
        ">IIBBBBB", width, height, 8, _COLOR_TYPES[channels], 0, 0, 0
    )
    return b"".join(
        (
            _SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(scanlines.tobytes())),
            _chunk(b"IEND", b""),
        )
    )
