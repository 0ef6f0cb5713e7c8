"""`CachedSource`: what `kerata.utils.Dataset.cache()` wraps a source in,
keeping each element after its first gather, in memory or in files."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
import weakref
from typing import Any

import numpy as np

from kerata.src.utils import atomic_io
from kerata.src.utils.dataset_sources import _combine_fingerprints
from kerata.src.utils.dataset_sources import _leaves
from kerata.src.utils.dataset_sources import _map_leaves
from kerata.src.utils.dataset_sources import _signature
from kerata.src.utils.dataset_sources import _source_fingerprint

_CACHE_SUFFIX = ".kerata-cache"
_CACHE_INDEX = "index.json"
_CACHE_FORMAT = "kerata.utils.Dataset.cache"
_CACHE_VERSION = 1


def _encode_structure(structure: Any, counter: list) -> Any:
    """The nesting as JSON: leaves become their position in `_leaves`."""
    if isinstance(structure, tuple):
        return {"tuple": [_encode_structure(s, counter) for s in structure]}
    if isinstance(structure, dict):
        return {
            "dict": [
                [k, _encode_structure(v, counter)] for k, v in structure.items()
            ]
        }
    counter[0] += 1
    return counter[0] - 1


def _decode_structure(encoded: Any, leaves: list) -> Any:
    if isinstance(encoded, dict) and "tuple" in encoded:
        return tuple(_decode_structure(e, leaves) for e in encoded["tuple"])
    if isinstance(encoded, dict):
        return {k: _decode_structure(e, leaves) for k, e in encoded["dict"]}
    return leaves[encoded]


class CachedSource:
    """The elements of `source`, each gathered from it once, then read back
    from a cache: arrays in memory or, with a `filename`, `.npy` files in
    the folder `<filename>.kerata-cache`.

    The first gather allocates one array per leaf of the element
    structure, for all elements; each gather then fetches only the
    elements not cached yet. Threads may gather at the same time: a lock
    guards the bookkeeping and the copies, not the fetching (decoding).
    A file cache is marked complete (its `index.json` written) only once
    every element is in it; a later `CachedSource` over the same data
    (same fingerprint) reads it memory-mapped and gathers nothing.
    """

    def __init__(self, source: Any, filename: Any = ""):
        if not isinstance(filename, (str, os.PathLike)):
            raise TypeError(
                "`filename` must be a str or path (a file cache), or '' (a "
                f"cache in memory). Received: filename={filename!r}"
            )
        self.source = source
        self.length = len(source)
        self.folder = ""  # Empty for a cache in memory.
        self.fingerprint_value: str | None = None
        filename = os.fspath(filename)
        if filename:
            self.fingerprint_value = _source_fingerprint(source)
            if self.fingerprint_value is None:
                raise ValueError(
                    "`cache(filename)` needs data with a fingerprint (a "
                    "hash of arrays, or files' paths, sizes and times), "
                    "checked when the cache is reused. These elements come "
                    f"from a {type(source).__name__} (e.g. a torch "
                    "Dataset), which has none. Use `cache()` (in memory)."
                )
            self.folder = os.path.abspath(filename) + _CACHE_SUFFIX
        self._lock = threading.Lock()
        self._reset()
        if self.folder:
            self._open_complete()

    def _reset(self) -> None:
        self._arrays: Any = None
        self._filled = np.zeros(self.length, dtype=bool)
        self._num_filled = 0
        self._complete = False
        self._temporaries: list = []
        self._cleanup: Any = None

    @property
    def complete(self) -> bool:
        """Whether every element is cached (nothing left to gather)."""
        return self._complete

    def __len__(self) -> int:
        return self.length

    def fingerprint(self) -> str | None:
        return _combine_fingerprints("cache", _source_fingerprint(self.source))

    def gather(self, indices: np.ndarray) -> Any:
        indices = np.asarray(indices, dtype="int64")
        if not self._complete:
            with self._lock:
                missing = np.unique(indices[~self._filled[indices]])
            if len(missing):
                values = self.source.gather(missing)  # Outside the lock.
                with self._lock:
                    self._store(missing, values)
            elif self._arrays is None:
                return self.source.gather(indices)  # No index asked for.
        return _map_leaves(lambda a: a[indices], self._arrays)

    def _store(self, missing: np.ndarray, values: Any) -> None:
        values = _map_leaves(np.asarray, values)
        if self._arrays is None:
            self._arrays = self._allocate(values)
        self._check_like(missing, values)
        # Another thread may have cached some of them meanwhile.
        new = ~self._filled[missing]
        rows = missing[new]
        for array, leaf in zip(_leaves(self._arrays), _leaves(values)):
            array[rows] = leaf[new]
        self._filled[rows] = True
        self._num_filled += len(rows)
        if self._num_filled == self.length:
            if self.folder:
                self._write_index()
            self._complete = True

    def _allocate(self, values: Any) -> Any:
        if not self.folder:
            return _map_leaves(
                lambda leaf: np.empty(
                    (self.length,) + leaf.shape[1:], leaf.dtype
                ),
                values,
            )
        os.makedirs(self.folder, exist_ok=True)
        # A stale index must not describe the files rewritten from now on.
        with contextlib.suppress(FileNotFoundError):
            os.remove(os.path.join(self.folder, _CACHE_INDEX))
        _remove_stale_temporaries(self.folder)
        self._cleanup = weakref.finalize(self, _remove_files, self._temporaries)
        return _map_leaves(self._allocate_file, values)

    def _allocate_file(self, leaf: np.ndarray) -> np.ndarray:
        shape = (self.length,) + leaf.shape[1:]
        if leaf.dtype.kind == "O":  # Strings: written as JSON at the end.
            return np.empty(shape, dtype=object)
        handle, path = tempfile.mkstemp(
            prefix=f".leaf.{os.getpid()}.", suffix=".npy.tmp", dir=self.folder
        )
        os.close(handle)
        self._temporaries.append(path)
        return np.lib.format.open_memmap(
            path, mode="w+", dtype=leaf.dtype, shape=shape
        )

    def _check_like(self, missing: np.ndarray, values: Any) -> None:
        expected = _signature(self._arrays)
        if _signature(values) != expected:
            raise ValueError(
                "Cannot cache elements of different structures: the first "
                f"ones were {expected}, the ones at indices "
                f"{missing[:5].tolist()} are {_signature(values)}."
            )
        for array, leaf in zip(_leaves(self._arrays), _leaves(values)):
            if leaf.shape[1:] != array.shape[1:] or len(leaf) != len(missing):
                raise ValueError(
                    "`Dataset.cache()` needs elements of one shape, but the "
                    f"elements at indices {missing[:5].tolist()} have shape "
                    f"{tuple(leaf.shape[1:])} where the first ones had "
                    f"{tuple(array.shape[1:])}. Resize or pad the elements "
                    "to one shape (e.g. pass `image_size` to the loader)."
                )
            if leaf.dtype != array.dtype:
                raise ValueError(
                    "`Dataset.cache()` needs elements of one dtype, but the "
                    f"elements at indices {missing[:5].tolist()} have dtype "
                    f"{leaf.dtype} where the first ones had {array.dtype}."
                )
            if self.folder and leaf.dtype.kind == "O":
                _check_strings(leaf)

    def _write_index(self) -> None:
        leaves = []
        temporaries = iter(self._temporaries)
        for position, array in enumerate(_leaves(self._arrays)):
            meta = {"shape": list(array.shape), "dtype": array.dtype.str}
            if array.dtype.kind == "O":
                meta["file"] = f"leaf{position}.json"
                atomic_io.write_text(
                    os.path.join(self.folder, meta["file"]),
                    json.dumps(array.ravel().tolist()),
                )
            else:
                meta["file"] = f"leaf{position}.npy"
                array.flush()
                os.replace(
                    next(temporaries), os.path.join(self.folder, meta["file"])
                )
            leaves.append(meta)
        self._cleanup.detach()
        index = {
            "format": _CACHE_FORMAT,
            "version": _CACHE_VERSION,
            "num_elements": self.length,
            "fingerprint": self.fingerprint_value,
            "structure": _encode_structure(self._arrays, [0]),
            "leaves": leaves,
        }
        atomic_io.write_text(
            os.path.join(self.folder, _CACHE_INDEX), json.dumps(index)
        )

    def _open_complete(self) -> None:
        """Reads a complete cache whose index matches; else leaves the
        cache empty (it is rebuilt as elements are gathered)."""
        try:
            with open(os.path.join(self.folder, _CACHE_INDEX)) as handle:
                index = json.load(handle)
            if (
                index.get("format") != _CACHE_FORMAT
                or index.get("version") != _CACHE_VERSION
                or index.get("num_elements") != self.length
                or index.get("fingerprint") != self.fingerprint_value
            ):
                return
            leaves = [self._open_leaf(meta) for meta in index["leaves"]]
            arrays = _decode_structure(index["structure"], leaves)
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return  # Missing, partial or foreign: rebuilt.
        self._arrays = arrays
        self._complete = True

    def _open_leaf(self, meta: dict) -> np.ndarray:
        path = os.path.join(self.folder, os.path.basename(meta["file"]))
        shape = tuple(meta["shape"])
        if meta["dtype"] == np.dtype(object).str:
            with open(path, encoding="utf-8") as handle:
                items = json.load(handle)
            array = np.empty(len(items), dtype=object)
            array[:] = items
            return array.reshape(shape)
        array = np.load(path, mmap_mode="r")
        if array.shape != shape or array.dtype.str != meta["dtype"]:
            raise ValueError(f"{path} does not match the cache index.")
        return array

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        for name in ("_lock", "_cleanup", "_temporaries"):
            state.pop(name)
        if self.folder:
            state["_arrays"] = None  # Reopened from the files.
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()
        self._temporaries, self._cleanup = [], None
        if self.folder:
            self._reset()
            self._open_complete()
            if not self._complete:
                # Only the process that started a file cache writes it; a
                # worker process caches in its own memory.
                self.folder = ""


def _check_strings(leaf: np.ndarray) -> None:
    for item in leaf.ravel():
        if not isinstance(item, str):
            raise ValueError(
                "`Dataset.cache(filename)` stores numeric arrays and "
                f"strings; received an element of type {type(item).__name__}"
                ". Use `cache()` (in memory) for these elements."
            )


def _remove_stale_temporaries(folder: str) -> None:
    """Removes the temporary arrays of runs that were killed while they
    built a cache (their process is gone); a live builder keeps its own."""
    if os.name != "posix":  # No safe liveness check (os.kill terminates).
        return
    for name in os.listdir(folder):
        parts = name.split(".")
        if not (name.startswith(".leaf.") and name.endswith(".tmp")):
            continue
        if len(parts) < 3 or not parts[2].isdigit():
            continue
        try:
            os.kill(int(parts[2]), 0)
            continue  # Still running.
        except ProcessLookupError:
            pass
        except OSError:
            continue  # Alive, owned by another user.
        with contextlib.suppress(OSError):
            os.remove(os.path.join(folder, name))


def _remove_files(paths: list) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.remove(path)
