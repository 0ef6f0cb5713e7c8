"""TFRecord framing, the container of TensorBoard event files.

Each record is: its length (uint64, little-endian), the masked CRC32C of
those 8 bytes (uint32), the data, and the masked CRC32C of the data.
"""

from __future__ import annotations

import struct

from kerata.src.utils.tensorboard.crc import masked_crc32c


def frame_record(data: bytes) -> bytes:
    """Returns `data` framed as one TFRecord record.

    Args:
        data: The serialized record.

    Returns:
        Length, length CRC, data and data CRC, as one bytes object (so a
        file gets the whole record in a single write).
    """
    header = struct.pack("<Q", len(data))
    return b"".join(
        (
            header,
            struct.pack("<I", masked_crc32c(header)),
            data,
            struct.pack("<I", masked_crc32c(data)),
        )
    )


def read_records(raw: bytes) -> list:
    """Splits the bytes of a TFRecord file into records, checking CRCs.

    Args:
        raw: The file's contents.

    Returns:
        List of the records' data, in order.

    Raises:
        ValueError: If the data is truncated or a checksum does not match.
    """
    records = []
    offset = 0
    while offset < len(raw):
        if offset + 12 > len(raw):
            raise ValueError(
                f"Truncated record header at byte {offset} of {len(raw)}."
            )
        header = raw[offset : offset + 8]
        (length,) = struct.unpack("<Q", header)
        (header_crc,) = struct.unpack("<I", raw[offset + 8 : offset + 12])
        if header_crc != masked_crc32c(header):
            raise ValueError(f"Bad length checksum at byte {offset}.")
        start = offset + 12
        end = start + length
        if end + 4 > len(raw):
            raise ValueError(
                f"Truncated record at byte {offset}: expected {length} "
                f"bytes of data, got {max(len(raw) - start - 4, 0)}."
            )
        data = raw[start:end]
        (data_crc,) = struct.unpack("<I", raw[end : end + 4])
        if data_crc != masked_crc32c(data):
            raise ValueError(f"Bad data checksum in the record at {offset}.")
        records.append(data)
        offset = end + 4
    return records
