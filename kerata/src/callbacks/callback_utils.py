"""Small helpers shared by the built-in callbacks: messages and files."""

from __future__ import annotations

import shutil
import sys

from kerata.src.utils import atomic_io


def print_msg(message: str) -> None:
    """Writes one line to standard output and flushes it."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def copy_atomically(source: str, destination: str) -> None:
    """Copies the file `source` to `destination` through a temporary file."""
    atomic_io.replace_with(
        destination, lambda temp: shutil.copyfile(source, temp)
    )
