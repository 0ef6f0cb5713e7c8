"""Protocol-buffer wire encoding, just enough to write summaries.

A message is the concatenation of its fields, each a key (field number and
wire type) followed by the value. Builders here return the bytes of one
field; a message is `b"".join(...)` of them. Fields inside a `oneof` must
be written even when they hold the default value (their presence is the
information), so no builder drops zeros.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

import numpy as np

_VARINT = 0
_FIXED64 = 1
_LENGTH_DELIMITED = 2
_FIXED32 = 5


def varint(value: int) -> bytes:
    """Encodes an int as a base-128 varint (negative ints as 64-bit)."""
    value = int(value)
    if value < 0:
        value += 1 << 64
    out = bytearray()
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def _key(field: int, wire_type: int) -> bytes:
    return varint((field << 3) | wire_type)


def int_field(field: int, value: int) -> bytes:
    """An int32, int64, uint64, bool or enum field."""
    return _key(field, _VARINT) + varint(int(value))


def double_field(field: int, value: float) -> bytes:
    """A `double` field."""
    return _key(field, _FIXED64) + struct.pack("<d", float(value))


def float_field(field: int, value: float) -> bytes:
    """A `float` field."""
    return _key(field, _FIXED32) + struct.pack("<f", float(value))


def bytes_field(field: int, data: bytes) -> bytes:
    """A `bytes` field, or an embedded message given as its bytes."""
    data = bytes(data)
    return _key(field, _LENGTH_DELIMITED) + varint(len(data)) + data


def string_field(field: int, text: str) -> bytes:
    """A `string` field (UTF-8)."""
    return bytes_field(field, text.encode("utf-8"))


def packed_doubles(field: int, values: Iterable[float]) -> bytes:
    """A packed `repeated double` field."""
    data = np.asarray(values, dtype="<f8").ravel().tobytes()
    return bytes_field(field, data)
