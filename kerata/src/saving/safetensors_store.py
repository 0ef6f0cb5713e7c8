"""Weights in the safetensors format, written and read without a library.

A safetensors file is an 8-byte little-endian header length, a JSON
header mapping each tensor name to its dtype, shape and byte range, and
the raw little-endian tensor data. Nothing in it is executable, which is
why it is popular for sharing weights.

kerata names each tensor `<inner_path>/vars/<key>` (the `.weights.h5`
layout flattened: `layers/dense/vars/0`), and records each object's name
in the header's `__metadata__`.
"""

from __future__ import annotations

import json
import os
import struct
from typing import Any

import numpy as np

from kerata.src.saving import h5_store
from kerata.src.utils import atomic_io

# safetensors dtype names and their NumPy dtypes (little-endian).
_DTYPES = {
    "F64": "<f8",
    "F32": "<f4",
    "F16": "<f2",
    "I64": "<i8",
    "I32": "<i4",
    "I16": "<i2",
    "I8": "i1",
    "U64": "<u8",
    "U32": "<u4",
    "U16": "<u2",
    "U8": "u1",
    "BOOL": "?",
}
_MAX_HEADER = 100 * 1024 * 1024


def _dtype_name(array: np.ndarray) -> str:
    if array.dtype.name == "bfloat16":
        return "BF16"
    for name, dtype in _DTYPES.items():
        if np.dtype(dtype) == array.dtype.newbyteorder("<"):
            return name
    raise ValueError(
        f"Cannot store an array of dtype {array.dtype} in a safetensors "
        f"file; supported: {sorted(_DTYPES) + ['BF16']}."
    )


def _numpy_dtype(name: str, what: str) -> Any:
    if name == "BF16":
        import ml_dtypes

        return np.dtype(ml_dtypes.bfloat16)
    if name not in _DTYPES:
        raise ValueError(
            f"{what} holds a tensor of dtype {name!r}, which kerata cannot "
            f"read; supported: {sorted(_DTYPES) + ['BF16']}."
        )
    return np.dtype(_DTYPES[name])


def write(filepath: str, entries: list) -> None:
    """Writes `(inner_path, name, store)` entries to `filepath` atomically."""
    header: dict = {}
    names: dict = {}
    blobs = []
    offset = 0
    for inner_path, name, store in entries:
        group = h5_store.vars_key(inner_path)
        if name is not None:
            names[group] = name
        for key in h5_store.sorted_keys(store):
            array = np.ascontiguousarray(np.asarray(store[key]))
            if array.dtype.byteorder == ">":
                array = array.astype(array.dtype.newbyteorder("<"))
            data = array.tobytes()
            header[f"{group}/{key}"] = {
                "dtype": _dtype_name(array),
                "shape": list(array.shape),
                "data_offsets": [offset, offset + len(data)],
            }
            blobs.append(data)
            offset += len(data)
    header["__metadata__"] = {
        "format": "kerata",
        "names": json.dumps(names),
    }
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)  # aligns the data to 8 bytes
    with atomic_io.atomic_write(filepath) as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for blob in blobs:
            f.write(blob)


def read(filepath: str) -> dict:
    """Returns `{vars_group_path: {key: array}}` for a safetensors file.

    Raises:
        FileNotFoundError: If `filepath` does not exist.
        ValueError: If the file is truncated or not in the format.
    """
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No weights file found at {filepath!r}.")
    what = f"The safetensors file {filepath!r}"
    with open(filepath, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{what} is truncated: it has {len(data)} bytes.")
    (size,) = struct.unpack("<Q", data[:8])
    if size > min(_MAX_HEADER, len(data) - 8):
        raise ValueError(
            f"{what} is truncated or not a safetensors file: its header "
            f"claims {size} bytes, but the file has {len(data)}."
        )
    try:
        header = json.loads(data[8 : 8 + size].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{what} has an unreadable header: {error}") from None
    if not isinstance(header, dict):
        raise ValueError(f"{what} has a header that is not a JSON object.")
    body = memoryview(data)[8 + size :]
    out: dict = {}
    for key, info in header.items():
        if key == "__metadata__":
            continue
        try:
            dtype = _numpy_dtype(info["dtype"], what)
            shape = tuple(int(d) for d in info["shape"])
            start, end = (int(o) for o in info["data_offsets"])
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, ValueError) and "dtype" in str(error):
                raise
            raise ValueError(
                f"{what} has a malformed entry for {key!r}: {info!r}"
            ) from None
        expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        if not 0 <= start <= end <= len(body) or end - start != expected:
            raise ValueError(
                f"{what} is truncated or corrupted: tensor {key!r} of shape "
                f"{shape} needs {expected} bytes at [{start}, {end}), but "
                f"the data section has {len(body)} bytes."
            )
        array = np.frombuffer(body[start:end], dtype=dtype).reshape(shape)
        group, _, index = key.rpartition("/")
        out.setdefault(group, {})[index] = array.copy()
    return {
        group: {k: values[k] for k in h5_store.sorted_keys(values)}
        for group, values in out.items()
    }
