"""Atomic file writes: every file kerata writes goes through here.

A file is written to a temporary name in the destination's folder,
flushed to disk, given the permissions a plain `open()` would give it,
and renamed into place. A reader, or a process killed at any moment,
sees the previous file or the new one, complete, never half of one (at
worst a stray `.<name>.*.tmp` file is left beside it).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from collections.abc import Iterator
from typing import IO
from typing import Any


def _new_file_mode(path: str) -> int:
    # An existing file keeps its mode; a new one gets 0666 minus umask
    # (mkstemp would leave it private, 0600).
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        pass
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _temporary(filepath: str) -> tuple:
    folder = os.path.dirname(os.path.abspath(filepath))
    if not os.path.isdir(folder):
        raise FileNotFoundError(
            f"Cannot write {filepath!r}: the folder {folder!r} does not exist."
        )
    return tempfile.mkstemp(
        prefix=f".{os.path.basename(filepath)}.", suffix=".tmp", dir=folder
    )


@contextlib.contextmanager
def atomic_write(
    filepath: Any, mode: str = "wb", **kwargs: Any
) -> Iterator[IO]:
    """Opens a temporary file beside `filepath`; on success it replaces
    `filepath`. Extra arguments (e.g. `encoding`) go to `open`."""
    filepath = os.fspath(filepath)
    handle, temp_path = _temporary(filepath)
    try:
        with os.fdopen(handle, mode, **kwargs) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp_path, _new_file_mode(filepath))
        os.replace(temp_path, filepath)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temp_path)
        raise


def replace_with(filepath: Any, write: Callable[[str], Any]) -> None:
    """Calls `write(temp_path)` (which creates the file by name, e.g. with
    h5py or shutil), then moves the result to `filepath`."""
    filepath = os.fspath(filepath)
    handle, temp_path = _temporary(filepath)
    os.close(handle)
    try:
        write(temp_path)
        os.chmod(temp_path, _new_file_mode(filepath))
        os.replace(temp_path, filepath)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temp_path)
        raise


def write_bytes(filepath: Any, data: bytes) -> None:
    """Writes `data` to `filepath` atomically."""
    with atomic_write(filepath, "wb") as f:
        f.write(data)


def write_text(filepath: Any, text: str) -> None:
    """Writes `text` (UTF-8) to `filepath` atomically."""
    with atomic_write(filepath, "w", encoding="utf-8") as f:
        f.write(text)
