"""Atomic file writes and safe archive member names."""

from __future__ import annotations

import contextlib
import os
import posixpath
import tempfile
from collections.abc import Iterator
from typing import IO


@contextlib.contextmanager
def atomic_write(filepath: str, mode: str = "wb") -> Iterator[IO]:
    """Opens a temporary file beside `filepath`; on success moves it there.

    The data is flushed to disk before the rename, so a process killed at
    any moment leaves either the previous file or the new one, complete,
    under `filepath` (and, at worst, a stray `.<name>.*.tmp` file).
    """
    filepath = os.fspath(filepath)
    folder = os.path.dirname(os.path.abspath(filepath))
    if not os.path.isdir(folder):
        raise FileNotFoundError(
            f"Cannot save to {filepath!r}: the folder {folder!r} does not "
            "exist."
        )
    handle, temp_path = tempfile.mkstemp(
        prefix=f".{os.path.basename(filepath)}.", suffix=".tmp", dir=folder
    )
    try:
        with os.fdopen(handle, mode) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp_path, filepath)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temp_path)
        raise


def check_member_name(name: str, archive: str) -> str:
    """`name` if it stays inside the folder it is extracted to.

    Raises:
        ValueError: For absolute names, drive letters, backslashes or
            `..` components, which could write outside the target folder.
    """
    normalized = posixpath.normpath(name)
    if (
        name.startswith(("/", "\\"))
        or "\\" in name
        or (len(name) > 1 and name[1] == ":")
        or normalized == ".."
        or normalized.startswith("../")
        or "\x00" in name
    ):
        raise ValueError(
            f"Refusing to read {archive!r}: it holds a member named "
            f"{name!r}, which points outside the archive's folder. The "
            "file is corrupted or was crafted to overwrite other files."
        )
    return normalized
