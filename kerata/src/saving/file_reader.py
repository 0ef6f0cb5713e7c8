"""Reading saved files without building the model: `.keras` archives,
`.weights.h5` files and legacy `.h5` files, with h5py and the standard
library only.

Weights come back as a tree of dicts keyed like Keras 3's
`KerasFileEditor.weights_dict`: an object's path parts (`"layers"`,
`"dense"`), then its variables by dataset name (`"0"`, `"1"`). Keras 3
layouts store an object's variables in a `vars` group; the tree leaves
that level out. Legacy files keep their own layout (`model_weights/
<layer>/<layer>/kernel:0`).
"""

from __future__ import annotations

import json
import math
import os
import zipfile
from typing import Any

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.saving import file_io

CONFIG_NAME = "config.json"
METADATA_NAME = "metadata.json"
WEIGHTS_NAME = "model.weights.h5"
_MAX_JSON_BYTES = 64 << 20
_MAX_DATASET_BYTES = 4 << 30
_MAX_RANK = 64


def _h5py() -> Any:
    try:
        import h5py
    except ImportError as error:
        raise ImportError(
            "Inspecting saved files requires h5py. Install it with "
            "`pip install h5py`."
        ) from error
    return h5py


def file_format(filepath: str) -> str:
    """`"keras"`, `"weights_h5"` or `"legacy_h5"`, from the file name."""
    if filepath.endswith(".keras"):
        return "keras"
    if filepath.endswith(".weights.h5"):
        return "weights_h5"
    if filepath.endswith((".h5", ".hdf5")):
        return "legacy_h5"
    raise ValueError(
        "Expected a `.keras`, `.weights.h5` or legacy `.h5` file. Received: "
        f"filepath={filepath!r}"
    )


class SavedFile:
    """What a saved file holds: `config`, `metadata`, `weights` (a tree
    of arrays, or of `{"shape", "dtype"}` dicts when `load_values` is
    False), `object_names` (`{object_path: name}`) and `format`."""

    def __init__(self, filepath: Any, load_values: bool = True) -> None:
        self.filepath = os.fspath(filepath)
        self.format = file_format(self.filepath)
        self.config: Any = None
        self.metadata: dict = {}
        self.compile_config: Any = None
        self.object_names: dict = {}
        if not os.path.exists(self.filepath):
            raise FileNotFoundError(
                f"No file found at {self.filepath!r}. Check the path."
            )
        if self.format == "keras":
            self.weights = self._read_archive(load_values)
        else:
            with _open_h5(self.filepath) as f:
                if self.format == "legacy_h5":
                    self._read_legacy_attributes(f)
                self.weights = self._walk(f, "", load_values)

    # --- .keras -------------------------------------------------------------

    def _read_archive(self, load_values: bool) -> dict:
        if not zipfile.is_zipfile(self.filepath):
            raise ValueError(
                f"Could not read {self.filepath!r}: expected a `.keras` zip "
                "archive, but it is not a zip file or it is truncated."
            )
        try:
            with zipfile.ZipFile(self.filepath, "r") as archive:
                names = _check_members(archive, self.filepath)
                if CONFIG_NAME not in names:
                    raise ValueError(
                        f"{self.filepath!r} is not a `.keras` archive: it has "
                        f"no {CONFIG_NAME!r}. Members: {sorted(names)[:10]}"
                    )
                config = self._json_member(archive, CONFIG_NAME)
                self.config = config
                if isinstance(config, dict):
                    self.compile_config = config.get("compile_config")
                if METADATA_NAME in names:
                    self.metadata = self._json_member(archive, METADATA_NAME)
                if WEIGHTS_NAME not in names:
                    return {}
                with archive.open(WEIGHTS_NAME) as member:
                    with _open_h5(member, self.filepath) as f:
                        return self._walk(f, "", load_values)
        except (zipfile.BadZipFile, EOFError, OSError) as error:
            raise ValueError(
                f"Could not read {self.filepath!r}: the `.keras` archive is "
                f"damaged or truncated ({error})."
            ) from error

    def _json_member(self, archive: Any, name: str) -> Any:
        if archive.getinfo(name).file_size > _MAX_JSON_BYTES:
            raise ValueError(
                f"{name!r} in {self.filepath!r} is larger than "
                f"{_MAX_JSON_BYTES} bytes: refusing to read it."
            )
        try:
            return json.loads(archive.read(name).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(
                f"{name!r} in {self.filepath!r} is not valid JSON ({error})."
            ) from error

    # --- .h5 ------------------------------------------------------------------

    def _read_legacy_attributes(self, f: Any) -> None:
        from kerata.src.saving import legacy_config

        for key in ("keras_version", "backend"):
            if key in f.attrs:
                self.metadata[key] = _text(f.attrs[key])
        if "model_config" in f.attrs:
            self.config = legacy_config.decode_json(
                f.attrs["model_config"], "model_config"
            )
        if "training_config" in f.attrs:
            self.compile_config = legacy_config.decode_json(
                f.attrs["training_config"], "training_config"
            )
        weights = f["model_weights"] if "model_weights" in f else f
        for key in ("keras_version", "backend"):
            if key not in self.metadata and key in weights.attrs:
                self.metadata[key] = _text(weights.attrs[key])

    def _walk(self, group: Any, path: str, load: bool) -> dict:
        h5py = _h5py()
        if "name" in group.attrs:
            self.object_names[path] = _text(group.attrs["name"])
        tree: dict = {}
        for key in group.keys():
            link = group.get(key, getclass=True, getlink=True)
            if link in (h5py.ExternalLink, h5py.SoftLink):
                raise ValueError(
                    f"{self.filepath!r} holds a {link.__name__} at "
                    f"{_join(path, key)!r}: links are not allowed in weights "
                    "files."
                )
            value = group[key]
            if isinstance(value, h5py.Group):
                if key == "vars":
                    if "name" in value.attrs:
                        self.object_names[path] = _text(value.attrs["name"])
                    tree.update(self._walk_vars(value, path, load))
                    continue
                child = self._walk(value, _join(path, key), load)
                if child:
                    tree[key] = child
            elif isinstance(value, h5py.Dataset):
                tree[key] = self._dataset(value, _join(path, key), load)
        return tree

    def _walk_vars(self, group: Any, path: str, load: bool) -> dict:
        h5py = _h5py()
        out = {}
        for key in sorted(group.keys(), key=_numeric_first):
            link = group.get(key, getclass=True, getlink=True)
            value = group[key] if link is h5py.HardLink else None
            if not isinstance(value, h5py.Dataset):
                raise ValueError(
                    f"{self.filepath!r}: expected only datasets in the "
                    f"variables group of {path or '/'!r}, found {key!r}."
                )
            out[key] = self._dataset(value, _join(path, key), load)
        return out

    def _dataset(self, dataset: Any, path: str, load: bool) -> Any:
        if dataset.external or dataset.is_virtual:
            raise ValueError(
                f"{self.filepath!r}: the dataset at {path!r} points to other "
                "files (external or virtual), which is not allowed."
            )
        shape = tuple(dataset.shape or ())
        if len(shape) > _MAX_RANK or any(d < 0 for d in shape):
            raise ValueError(
                f"{self.filepath!r}: the dataset at {path!r} has a malformed "
                f"shape {shape}."
            )
        size = math.prod(shape) * dataset.dtype.itemsize
        if size > _MAX_DATASET_BYTES:
            raise ValueError(
                f"{self.filepath!r}: the dataset at {path!r} holds {size} "
                f"bytes, over the {_MAX_DATASET_BYTES}-byte limit."
            )
        if not load:
            return {"shape": shape, "dtype": str(dataset.dtype)}
        try:
            return np.asarray(dataset[()])
        except (OSError, RuntimeError) as error:
            raise ValueError(
                f"{self.filepath!r}: the dataset at {path!r} could not be "
                f"read; the file is damaged or truncated ({error})."
            ) from error


class _open_h5:
    """`with _open_h5(path_or_file) as f`, with errors naming the file."""

    def __init__(self, source: Any, name: str | None = None) -> None:
        self.source = source
        self.name = name or str(source)
        self.file = None

    def __enter__(self) -> Any:
        h5py = _h5py()
        try:
            self.file = h5py.File(self.source, "r")
        except (OSError, ValueError) as error:
            raise ValueError(
                f"Could not read {self.name!r}: expected an HDF5 weights "
                "file, but it is not a valid HDF5 file or it is truncated "
                f"({error})."
            ) from error
        return self.file

    def __exit__(self, *exc: object) -> None:
        if self.file is not None:
            self.file.close()


def _check_members(archive: Any, filepath: str) -> set:
    """Member names, refusing any that could escape the archive."""
    names = set()
    for info in archive.infolist():
        file_io.check_member_name(info.filename, filepath)
        names.add(info.filename)
    return names


def _numeric_first(key: str) -> tuple:
    # Variables are datasets "0", "1", ..., "10": keep their order.
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def _join(path: str, key: str) -> str:
    return f"{path}/{key}" if path else key


def _text(value: Any) -> Any:
    if hasattr(value, "decode"):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return value.item()
    return value


def flatten_weights(tree: dict, prefix: str = "") -> list:
    """`[(path, leaf)]` in the tree's order."""
    out = []
    for key, value in tree.items():
        path = _join(prefix, key)
        if isinstance(value, dict) and not _is_spec(value):
            out.extend(flatten_weights(value, path))
        else:
            out.append((path, value))
    return out


def _is_spec(value: dict) -> bool:
    return set(value) == {"shape", "dtype"}


def _layer_entries(config: Any) -> list:
    if not isinstance(config, dict):
        return []
    inner = config.get("config")
    layers = inner.get("layers") if isinstance(inner, dict) else inner
    if not isinstance(layers, list):
        return []
    entries = []
    for layer in layers:
        if not isinstance(layer, dict):
            continue
        layer_config = layer.get("config")
        name = layer.get("name")
        if name is None and isinstance(layer_config, dict):
            name = layer_config.get("name")
        entries.append(
            {
                "name": name,
                "class_name": layer.get("class_name"),
                "module": layer.get("module"),
                "config": layer_config,
            }
        )
    return entries


@kerata_export("kerata.saving.inspect")
def inspect(filepath: Any) -> dict:
    """Describes a saved model or weights file without building the model.

    Reads a `.keras` archive, a `.weights.h5` file or a legacy `.h5` file
    (tf.keras 2.x or Keras 3) with h5py and the standard library only, so
    it works for models whose layers are not available, and never runs
    code from the file. Weight values are not read, only their shapes and
    dtypes. Nothing is printed; see `KerasFileEditor.summary()` for a
    table.

    Args:
        filepath: Path to the file.

    Returns:
        A dict with keys `"path"`, `"format"` (`"keras"`, `"weights_h5"`
        or `"legacy_h5"`), `"metadata"` (e.g. `keras_version`,
        `date_saved`), `"class_name"` and `"name"` of the model where the
        file has a config (else None), `"layers"` (the model's top-level
        layers: `name`, `class_name`, `module`, `config`), `"weights"`
        (`path`, `shape`, `dtype`, in file order), `"config"` and
        `"compile_config"` (legacy files: the training config).

    Raises:
        FileNotFoundError: If there is no file at `filepath`.
        ValueError: If the file is not one of these formats, is damaged,
            or holds links or archive members that point elsewhere.

    Example:

    >>> import os, tempfile
    >>> model = kerata.Sequential([kerata.Input((3,)),
    ...                            kerata.layers.Dense(2, name="out")])
    >>> path = os.path.join(tempfile.mkdtemp(), "m.weights.h5")
    >>> model.save_weights(path)
    >>> info = kerata.saving.inspect(path)
    >>> info["format"]
    'weights_h5'
    >>> [(w["path"], w["shape"]) for w in info["weights"]]
    [('layers/dense/0', (3, 2)), ('layers/dense/1', (2,))]
    """
    saved = SavedFile(filepath, load_values=False)
    config = saved.config if isinstance(saved.config, dict) else None
    inner = config.get("config") if config else None
    return {
        "path": saved.filepath,
        "format": saved.format,
        "metadata": dict(saved.metadata),
        "class_name": config.get("class_name") if config else None,
        "name": inner.get("name") if isinstance(inner, dict) else None,
        "layers": _layer_entries(config),
        "weights": [
            {"path": path, "shape": spec["shape"], "dtype": spec["dtype"]}
            for path, spec in flatten_weights(saved.weights)
        ],
        "config": saved.config,
        "compile_config": saved.compile_config,
    }
