"""The element sources behind `kerata.utils.Dataset`: objects with
`__len__` and `gather(indices)` returning a batch of NumPy arrays (or a
tuple/dict of them), plus the fingerprints a file cache is keyed on."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from typing import Any

import numpy as np


class ArraySource:
    """Elements are the rows of an array, or of a tuple/list/dict of arrays
    sharing their first axis."""

    def __init__(self, arrays: Any):
        self.arrays = _as_arrays(arrays)
        for leaf in _leaves(self.arrays):
            if leaf.ndim == 0:
                raise ValueError(
                    "Each array must have a first axis indexing the "
                    f"elements. Received a scalar: {leaf!r}. Pass arrays "
                    "such as np.array([1, 2, 3])."
                )
        lengths = {len(a) for a in _leaves(self.arrays)}
        if len(lengths) != 1:
            raise ValueError(
                "All arrays must have the same number of elements (first "
                f"axis). Received lengths {sorted(lengths)}."
            )
        self.length = lengths.pop()

    def __len__(self) -> int:
        return self.length

    def gather(self, indices: np.ndarray) -> Any:
        return _map_leaves(lambda a: a[indices], self.arrays)

    def fingerprint(self) -> str:
        return fingerprint_arrays(self.arrays)


class ZipSource:
    """Elements are tuples of the elements of several sources."""

    def __init__(self, *sources: Any):
        self.sources = sources

    def __len__(self) -> int:
        return len(self.sources[0])

    def gather(self, indices: np.ndarray) -> tuple:
        return tuple(source.gather(indices) for source in self.sources)

    def fingerprint(self) -> str | None:
        parts = [_source_fingerprint(source) for source in self.sources]
        return _combine_fingerprints("zip", *parts)


class IndexedSource:
    """Elements fetched one at a time with `dataset[i]` (a torch
    `Dataset`, or any sequence of samples), stacked into NumPy batches."""

    def __init__(self, dataset: Any):
        self.dataset = dataset

    def __len__(self) -> int:
        return len(self.dataset)

    def gather(self, indices: np.ndarray) -> Any:
        items = [self.dataset[int(i)] for i in indices]
        first = items[0]
        if isinstance(first, dict):
            return {
                k: np.stack([np.asarray(it[k]) for it in items]) for k in first
            }
        if isinstance(first, (tuple, list)):
            return tuple(
                np.stack([np.asarray(it[k]) for it in items])
                for k in range(len(first))
            )
        return np.stack([np.asarray(it) for it in items])


class SubsetSource:
    """The elements of `source` at `positions`, in that order."""

    def __init__(self, source: Any, positions: np.ndarray):
        self.source = source
        self.positions = np.asarray(positions, dtype="int64")

    def __len__(self) -> int:
        return len(self.positions)

    def gather(self, indices: np.ndarray) -> Any:
        return self.source.gather(self.positions[indices])

    def fingerprint(self) -> str | None:
        return _combine_fingerprints(
            "subset",
            _source_fingerprint(self.source),
            fingerprint_arrays(self.positions),
        )


def _as_arrays(arrays: Any) -> Any:
    if isinstance(arrays, (tuple, list)):
        return tuple(_as_arrays(a) for a in arrays)
    if isinstance(arrays, dict):
        return {key: _as_arrays(value) for key, value in arrays.items()}
    if hasattr(arrays, "shape") and not isinstance(arrays, np.ndarray):
        from kerata.src import ops

        return ops.convert_to_numpy(arrays)
    return np.asarray(arrays)


def _leaves(structure: Any) -> list:
    if isinstance(structure, tuple):
        return [leaf for item in structure for leaf in _leaves(item)]
    if isinstance(structure, dict):
        return [leaf for v in structure.values() for leaf in _leaves(v)]
    return [structure]


def _map_leaves(fn: Callable, structure: Any) -> Any:
    if isinstance(structure, tuple):
        return tuple(_map_leaves(fn, item) for item in structure)
    if isinstance(structure, dict):
        return {k: _map_leaves(fn, v) for k, v in structure.items()}
    return fn(structure)


def fingerprint_arrays(structure: Any) -> str:
    """A hex digest of a structure of arrays: keys, shapes, dtypes and
    data, so a file cache built from other data is never reused."""
    digest = hashlib.sha256(repr(_signature(structure)).encode())
    for leaf in _leaves(structure):
        leaf = np.asarray(leaf)
        digest.update(f"{leaf.dtype.str}{leaf.shape}".encode())
        if leaf.dtype.kind == "O":
            for item in leaf.ravel():
                digest.update(repr(item).encode() + b"\0")
        else:
            digest.update(np.ascontiguousarray(leaf).tobytes())
    return digest.hexdigest()


def fingerprint_files(paths: list, settings: Any) -> str:
    """A hex digest of file paths with their sizes and modification times,
    and of the JSON-able decoding `settings`."""
    digest = hashlib.sha256(json.dumps(settings, default=str).encode())
    for path in paths:
        stat = os.stat(path)
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _source_fingerprint(source: Any) -> str | None:
    method = getattr(source, "fingerprint", None)
    return None if method is None else method()


def _combine_fingerprints(name: str, *parts: str | None) -> str | None:
    known = [part for part in parts if part is not None]
    if len(known) < len(parts):
        return None
    return hashlib.sha256("\0".join([name, *known]).encode()).hexdigest()


def _signature(structure: Any) -> Any:
    """The nesting of a structure, without its leaves."""
    if isinstance(structure, tuple):
        return ("tuple", tuple(_signature(item) for item in structure))
    if isinstance(structure, dict):
        return ("dict", tuple((k, _signature(v)) for k, v in structure.items()))
    return "leaf"
