"""Small helpers shared by the built-in callbacks: messages and files."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from typing import Any


def print_msg(message: str) -> None:
    """Writes one line to standard output and flushes it."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def _replace_atomically(path: str, write: Callable[[str], Any]) -> None:
    # Written beside the destination and moved into place, so a crash
    # never leaves a half-written file under the final name.
    folder = os.path.dirname(os.path.abspath(path))
    handle, temp_path = tempfile.mkstemp(suffix=".tmp", dir=folder)
    os.close(handle)
    try:
        write(temp_path)
        os.replace(temp_path, path)
    except BaseException:
        if os.path.exists(temp_path):
            os.remove(temp_path)
        raise


def write_text_atomically(path: str, text: str) -> None:
    """Writes `text` to `path` through a temporary file."""

    def write(temp_path: str) -> None:
        with open(temp_path, "w", encoding="utf-8") as f:
            f.write(text)

    _replace_atomically(path, write)


def copy_atomically(source: str, destination: str) -> None:
    """Copies the file `source` to `destination` through a temporary file."""
    _replace_atomically(destination, lambda temp: shutil.copyfile(source, temp))
