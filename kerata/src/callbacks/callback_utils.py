"""Small helpers shared by the built-in callbacks: messages and files."""

from __future__ import annotations

import shutil

from kerata.src.utils import atomic_io
from kerata.src.utils import io_utils


def print_msg(message: str) -> None:
    """Writes one line to standard output (or the "kerata" logger when
    interactive logging is off)."""
    io_utils.print_msg(message)


def copy_atomically(source: str, destination: str) -> None:
    """Copies the file `source` to `destination` through a temporary file."""
    atomic_io.replace_with(
        destination, lambda temp: shutil.copyfile(source, temp)
    )
