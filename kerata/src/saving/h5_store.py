"""Reading and writing the HDF5 files behind `.weights.h5`.

The layout is Keras 3's: each saveable object owns a group
`<inner_path>/vars` (plain `vars` for the root) whose `name` attribute is
the object's name and whose datasets are its saved values, `"0"`, `"1"`,
... for variables in order (a layer that saves other state may use other
keys). Reading loads the whole file into memory so that callers can
validate every value before assigning any.
"""

from __future__ import annotations

import io
import os
from typing import Any

import numpy as np

from kerata.src.utils import atomic_io


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


def sorted_keys(keys: Any) -> list:
    """Variable indices in numeric order, then any other keys by name."""
    keys = list(keys)
    digits = sorted((k for k in keys if k.isdigit()), key=int)
    return digits + sorted(k for k in keys if not k.isdigit())


def to_bytes(entries: list) -> bytes:
    """The HDF5 file for `(inner_path, name, store)` entries, in memory."""
    h5py = _h5py()
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        for inner_path, name, store in entries:
            group = f.create_group(vars_key(inner_path))
            if name is not None:
                group.attrs["name"] = name
            for key in sorted_keys(store):
                group.create_dataset(key, data=np.asarray(store[key]))
    return buffer.getvalue()


def write(filepath: str, entries: list) -> None:
    """Writes `(inner_path, name, store)` entries to `filepath` atomically.

    `store` maps dataset names ("0", "1", ...) to arrays. The file is
    written next to its destination and moved into place, so a failed or
    killed save never leaves a truncated file behind.
    """
    atomic_io.write_bytes(filepath, to_bytes(entries))


def read(
    source: Any, what: str | None = None, names: dict | None = None
) -> dict:
    """Returns `{vars_group_path: {key: array}}` for a file.

    Args:
        source: A path, or the file's bytes.
        what: How to name the file in errors (default: its path).
        names: If a dict, it receives `{vars_group_path: object name}`.

    Raises:
        FileNotFoundError: If a path does not exist.
        ValueError: If the data is not a readable HDF5 weights file.
    """
    h5py = _h5py()
    if isinstance(source, (bytes, bytearray)):
        handle: Any = io.BytesIO(source)
        what = what or "the weights"
    else:
        handle = os.fspath(source)
        what = what or repr(handle)
        if not os.path.exists(handle):
            raise FileNotFoundError(
                f"No weights file found at {handle!r}. Check the path, or "
                "save weights there first with `model.save_weights(...)`."
            )
    out: dict = {}

    def visit(name: str, obj: Any) -> None:
        if isinstance(obj, h5py.Group) and name.split("/")[-1] == "vars":
            out[name] = {k: np.array(obj[k]) for k in sorted_keys(obj.keys())}
            if names is not None and "name" in obj.attrs:
                value = obj.attrs["name"]
                names[name] = (
                    value.decode() if isinstance(value, bytes) else str(value)
                )

    try:
        with h5py.File(handle, "r") as f:
            f.visititems(visit)
    except (OSError, KeyError, RuntimeError, ValueError, TypeError) as error:
        raise ValueError(
            f"Could not read {what}: it is not a valid HDF5 weights file "
            f"or it is truncated ({error}). Save the weights again with "
            "`model.save_weights(...)`."
        ) from error
    return out
