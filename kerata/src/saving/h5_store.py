"""Reading and writing the HDF5 files behind `.weights.h5`.

The layout is Keras 3's: each saveable object owns a group
`<inner_path>/vars` (plain `vars` for the root) whose `name` attribute is
the object's name and whose datasets `"0"`, `"1"`, ... are its variables
in order. Reading loads the whole file into memory so that callers can
validate every value before assigning any.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

import numpy as np


def _h5py() -> Any:
    try:
        import h5py
    except ImportError as error:
        raise ImportError(
            "Reading and writing `.weights.h5` files requires h5py. "
            "Install it with `pip install h5py`."
        ) from error
    return h5py


def vars_key(inner_path: str) -> str:
    """The group that holds the variables of the object at `inner_path`."""
    return f"{inner_path}/vars" if inner_path else "vars"


def write(filepath: str, entries: list) -> None:
    """Writes `(inner_path, name, arrays)` entries to `filepath` atomically.

    The file is written next to its destination and moved into place, so
    a failed save never leaves a truncated file behind.
    """
    h5py = _h5py()
    folder = os.path.dirname(os.path.abspath(filepath))
    handle, temp_path = tempfile.mkstemp(suffix=".tmp", dir=folder)
    os.close(handle)
    try:
        with h5py.File(temp_path, "w") as f:
            for inner_path, name, arrays in entries:
                group = f.create_group(vars_key(inner_path))
                if name is not None:
                    group.attrs["name"] = name
                for i, array in enumerate(arrays):
                    group.create_dataset(str(i), data=np.asarray(array))
        os.replace(temp_path, filepath)
    except BaseException:
        if os.path.exists(temp_path):
            os.remove(temp_path)
        raise


def read(filepath: str) -> dict:
    """Returns `{vars_group_path: [arrays in index order]}` for a file.

    Raises:
        FileNotFoundError: If `filepath` does not exist.
        ValueError: If the file is not a readable HDF5 weights file.
    """
    h5py = _h5py()
    if not os.path.exists(filepath):
        raise FileNotFoundError(
            f"No weights file found at {filepath!r}. Check the path, or "
            "save weights there first with `model.save_weights(...)`."
        )
    out: dict = {}

    def visit(name: str, obj: Any) -> None:
        if isinstance(obj, h5py.Group) and name.split("/")[-1] == "vars":
            keys = sorted(obj.keys(), key=_index_of)
            out[name] = [np.array(obj[k]) for k in keys]

    try:
        with h5py.File(filepath, "r") as f:
            f.visititems(visit)
    except (OSError, KeyError, RuntimeError, ValueError) as error:
        raise ValueError(
            f"Could not read the weights file {filepath!r}: it is not a "
            f"valid HDF5 file or it is truncated ({error}). Save the "
            "weights again with `model.save_weights(...)`."
        ) from error
    return out


def _index_of(key: str) -> int:
    if not key.isdigit():
        raise ValueError(
            f"Expected variable datasets named 0, 1, 2, ...; received a "
            f"dataset named {key!r}."
        )
    return int(key)
