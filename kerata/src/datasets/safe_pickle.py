"""Reading the pickles inside the official data set files, safely.

CIFAR's batches are Python pickles, and IMDB's and Reuters' `.npz` files
hold ragged sequences as NumPy object arrays, which NumPy can only store
as pickles. `pickle.load` (and `np.load(allow_pickle=True)`) would run any
code a tampered file asks for, so these files are read with an unpickler
that resolves only the few NumPy globals needed to rebuild arrays and
dtypes (and `_codecs.encode` restricted to latin1, which Python 3 uses for
`bytes` in pickle protocols 0 to 2). Containers, numbers and strings need
no globals. A file that asks for anything else (`os.system`,
`builtins.eval`, ...) is refused with a `pickle.UnpicklingError`, before
any of it is called. A memory-hungry file can still exhaust memory: only
code execution is ruled out.
"""

from __future__ import annotations

import io
import pickle
import zipfile
from typing import Any
from typing import BinaryIO

import numpy as np

_SAMPLE = np.zeros(1)
# Taken from NumPy itself, so they are right whatever NumPy's module layout.
_RECONSTRUCT = _SAMPLE.__reduce__()[0]
_FROMBUFFER = _SAMPLE.__reduce_ex__(5)[0]


def _latin1_encode(text: str, encoding: str = "utf-8") -> bytes:
    # Python 3 pickles `bytes` in protocols 0-2 as
    # `_codecs.encode(text, "latin1")`; no other codec is needed.
    if encoding not in ("latin1", "latin-1") or not isinstance(text, str):
        raise pickle.UnpicklingError(
            "Refusing `_codecs.encode` with a codec other than latin1 in a "
            f"data set file. Received: encoding={encoding!r}"
        )
    return text.encode("latin1")


# (module, name) -> object. Both the NumPy 1 (`numpy.core`) and NumPy 2
# (`numpy._core`) spellings are accepted, as files were written by both.
_ALLOWED_GLOBALS = {
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): np.dtype,
    ("numpy.core.multiarray", "_reconstruct"): _RECONSTRUCT,
    ("numpy._core.multiarray", "_reconstruct"): _RECONSTRUCT,
    ("numpy.core.numeric", "_frombuffer"): _FROMBUFFER,
    ("numpy._core.numeric", "_frombuffer"): _FROMBUFFER,
    ("_codecs", "encode"): _latin1_encode,
}


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that can only rebuild NumPy arrays and plain values."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED_GLOBALS[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f"Refusing to load `{module}.{name}` from a data set file: "
                "only NumPy arrays, containers, numbers and strings are "
                "allowed. The file is corrupt or malicious; delete it so "
                "that it is downloaded again."
            ) from None


def load_pickle(file: BinaryIO, encoding: str = "ASCII") -> Any:
    """Reads one pickled object from `file` with `RestrictedUnpickler`."""
    return RestrictedUnpickler(file, encoding=encoding).load()


def _read_npy(file: BinaryIO) -> np.ndarray:
    version = np.lib.format.read_magic(file)
    if version == (1, 0):
        header = np.lib.format.read_array_header_1_0(file)
    else:
        # Versions 2 and 3 share the header layout; 3 only allows UTF-8.
        header = np.lib.format.read_array_header_2_0(file)
    dtype = header[2]
    if not dtype.hasobject:
        file.seek(0)
        return np.lib.format.read_array(file, allow_pickle=False)
    array = load_pickle(file)
    if not isinstance(array, np.ndarray):
        raise ValueError(
            "An object array in a data set file holds a "
            f"{type(array).__name__} instead of a NumPy array."
        )
    return array


def load_npz(path: str) -> dict[str, np.ndarray]:
    """Reads every array of an `.npz` file, object arrays included.

    Numeric arrays are read with pickling disabled; object arrays through
    `RestrictedUnpickler`.
    """
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".npy"):
                data = io.BytesIO(archive.read(name))
                arrays[name[: -len(".npy")]] = _read_npy(data)
    return arrays
