"""Small helpers shared by the built-in callbacks: messages and files."""

from __future__ import annotations

import shutil
import sys

from kerata.src.utils import atomic_io


def print_msg(message: str) -> None:
    """Writes one line to standard output and flushes it."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


_replace_atomically = atomic_io.replace_with


def write_text_atomically(path: str, text: str) -> None:
    """Writes `text` to `path` through a temporary file."""

    def write(temp_path: str) -> None:
        with open(temp_path, "w", encoding="utf-8") as f:
            f.write(text)

    _replace_atomically(path, write)


def copy_atomically(source: str, destination: str) -> None:
    """Copies the file `source` to `destination` through a temporary file."""
    _replace_atomically(destination, lambda temp: shutil.copyfile(source, temp))
