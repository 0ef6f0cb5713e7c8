"""Whole-model `.keras` archives and weight files, in Keras 3's layouts.

Objects are addressed by where they sit in the model, never by their
(auto-generated) names, so a file loads into any instance of the same
architecture. Like Keras, a Sequential or Functional model stores its
`layers` under `layers/<snake_case_class_name>[_<n>]`, other layers and
models store sublayers under the attribute that holds them, and a
compiled model stores its optimizer state under `optimizer`.

A `.keras` file is a zip archive holding `metadata.json`, `config.json`
(the model's config with its `compile_config` and `build_config`),
`model.weights.h5` (the `.weights.h5` layout) and `assets/<inner_path>/`
files of layers that keep state in files (vocabularies).

Loading reads and checks everything before it assigns anything: a file
that does not match, or is truncated, raises and leaves the model as it
was. Saving writes a temporary file and renames it into place.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import shutil
import tempfile
import warnings
import zipfile
from typing import Any

import numpy as np

from kerata.src.layers.layer import Layer
from kerata.src.models.functional import Functional
from kerata.src.models.model import Model
from kerata.src.models.sequential import Sequential
from kerata.src.optimizers.base_optimizer import BaseOptimizer
from kerata.src.saving import file_io
from kerata.src.saving import h5_store
from kerata.src.saving import object_registration
from kerata.src.saving import safetensors_store
from kerata.src.saving import serialization_lib
from kerata.src.utils import atomic_io

_SUFFIX = ".weights.h5"
_CONFIG = "config.json"
_METADATA = "metadata.json"
_WEIGHTS = "model.weights.h5"
_WEIGHTS_NPZ = "model.weights.npz"
_ASSETS = "assets"
# The Keras release whose `.keras` format kerata writes.
KERAS_FORMAT_VERSION = "3.15.1"


# --- weights only -----------------------------------------------------
def save_weights_only(
    model: Any, filepath: str, overwrite: bool = True
) -> None:
    """Writes every variable of `model` to a `.weights.h5` or
    `.safetensors` file."""
    filepath = _check_weights_path(filepath)
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(
            f"{filepath!r} already exists. Pass overwrite=True to replace it."
        )
    entries = collect_state(model)
    if filepath.endswith(".safetensors"):
        safetensors_store.write(filepath, entries)
    else:
        h5_store.write(filepath, entries)


def load_weights_only(
    model: Any,
    filepath: str,
    skip_mismatch: bool = False,
    by_name: bool = False,
) -> None:
    """Loads a `.weights.h5`, `.safetensors` or `.keras` file's weights
    into `model`.

    Every value is read and checked before any is assigned, so a file
    that does not match leaves the model unchanged.
    """
    filepath = os.fspath(filepath)
    if filepath.endswith(".keras"):
        with _open_archive(filepath) as archive:
            stored = h5_store.read(
                _read_member(archive, _WEIGHTS, filepath),
                what=f"the weights in {filepath!r}",
            )
    else:
        filepath = _check_weights_path(filepath)
        if filepath.endswith(".safetensors"):
            if by_name:
                raise ValueError(
                    "`by_name=True` needs layer names, which `.safetensors` "
                    "files written by kerata do not index; use a "
                    "`.weights.h5` file."
                )
            stored = safetensors_store.read(filepath)
        else:
            names: dict = {}
            stored = h5_store.read(filepath, names=names)
            if by_name:
                stored = _match_by_name(model, stored, names)
    apply_state(
        model,
        stored,
        skip_mismatch=skip_mismatch,
        source=filepath,
        missing_ok=by_name,
    )


def _match_by_name(model: Any, stored: dict, names: dict) -> dict:
    """Re-keys a file's entries to the model's paths by layer name.

    Layers whose name is not in the file keep no entry (and load nothing);
    names used by several entries of the file are ambiguous and refused.
    """
    by_name: dict = {}
    for group, name in names.items():
        if group == "vars" or group.endswith("optimizer/vars"):
            continue
        if name in by_name:
            raise ValueError(
                f"Cannot load by name: the file holds several layers named "
                f"{name!r} ({by_name[name]!r} and {group!r})."
            )
        by_name[name] = group
    out = {}
    for path, obj in saveables(model):
        if not path or isinstance(obj, BaseOptimizer):
            key = h5_store.vars_key(path)
            if key in stored:
                out[key] = stored[key]
            continue
        group = by_name.get(getattr(obj, "name", None))
        if group is not None:
            out[h5_store.vars_key(path)] = stored[group]
    return out


def _check_weights_path(filepath: Any) -> str:
    filepath = os.fspath(filepath)
    if not filepath.endswith((_SUFFIX, ".safetensors")):
        raise ValueError(
            f"The filename must end in `{_SUFFIX}` (or `.safetensors`). "
            f"Received: filepath={filepath!r}"
        )
    return filepath


def collect_state(model: Any, include_optimizer: bool = True) -> list:
    """`(inner_path, name, {key: array})` for every saveable object."""
    entries = []
    for path, obj in saveables(model):
        if isinstance(obj, BaseOptimizer) and not include_optimizer:
            continue
        store: dict = {}
        obj.save_own_variables(store)
        entries.append((path, getattr(obj, "name", None), store))
    return entries


def apply_state(
    model: Any,
    stored: dict,
    skip_mismatch: bool = False,
    source: str = "the file",
    missing_ok: bool = False,
) -> None:
    """Assigns the state read from a file to `model`, all or nothing.

    With `missing_ok`, layers that have no entry load nothing (loading
    by name) instead of failing.
    """
    _build_optimizer_for(model, stored)
    plan = []
    for path, obj in saveables(model):
        store = stored.get(h5_store.vars_key(path))
        if isinstance(obj, BaseOptimizer):
            if store is None:
                continue  # saved without the optimizer
            problem = _mismatch(path, obj, list(obj.variables), store)
            if problem is None:
                plan.append((obj, store))
            elif obj.variables or store:
                warnings.warn(
                    f"Skipping optimizer state: {problem}", stacklevel=3
                )
            continue
        if type(obj).load_own_variables is not Layer.load_own_variables:
            # The layer keeps state its own way; it checks it itself.
            if store is not None:
                plan.append((obj, store))
            continue
        variables = obj._saved_variables()
        if store is None and missing_ok:
            continue  # loading by name: layers absent from the file
        problem = _mismatch(path, obj, variables, store)
        if problem is None:
            if store:
                plan.append((obj, store))
        elif skip_mismatch:
            warnings.warn(f"Skipping {problem}", stacklevel=3)
        else:
            raise ValueError(
                f"Cannot load {source!r} into model "
                f"{getattr(model, 'name', '')!r}: {problem} Pass "
                "skip_mismatch=True to skip such layers."
            )
    with _restore_on_error(model):
        for obj, store in plan:
            obj.load_own_variables(store)


def _build_optimizer_for(model: Any, stored: dict) -> None:
    # A compiled model's optimizer creates its slots on the first step;
    # create them now if the file holds them, so that they load.
    optimizer = getattr(model, "optimizer", None)
    saved = stored.get(h5_store.vars_key("optimizer")) or {}
    if (
        isinstance(optimizer, BaseOptimizer)
        and not optimizer.built
        and getattr(model, "built", False)
        and len(saved) > len(optimizer.variables)
    ):
        optimizer.build(model.trainable_variables)


class _restore_on_error:
    """Puts every variable back if loading fails half-way."""

    def __init__(self, model: Any) -> None:
        variables = list(model.variables)
        optimizer = getattr(model, "optimizer", None)
        if isinstance(optimizer, BaseOptimizer):
            variables += list(optimizer.variables)
        self.variables = variables
        self.saved: list = []

    def __enter__(self) -> None:
        self.saved = [np.array(v.numpy(), copy=True) for v in self.variables]

    def __exit__(self, kind: Any, error: Any, tb: Any) -> None:
        if kind is None:
            return
        for variable, value in zip(self.variables, self.saved, strict=True):
            variable.assign(value)


def _mismatch(
    path: str, obj: Any, variables: list, store: dict | None
) -> str | None:
    where = f"{type(obj).__name__} {getattr(obj, 'name', '')!r} at " + (
        repr(path or "/")
    )
    if store is None:
        # Weightless layers need no entry (Keras writes an empty one).
        return f"{where} has no entry in the file." if variables else None
    arrays = list(store.values())
    if len(arrays) != len(variables):
        return (
            f"{where} has {len(variables)} variables, but the file holds "
            f"{len(arrays)} for it (shapes {[a.shape for a in arrays]})."
        )
    for v, a in zip(variables, arrays, strict=True):
        if tuple(v.shape) != tuple(a.shape):
            return (
                f"{where}: variable {v.path!r} has shape {tuple(v.shape)}, "
                f"but the file holds shape {tuple(a.shape)}."
            )
    return None


# --- whole models -----------------------------------------------------
def save_model(
    model: Any,
    filepath: Any,
    overwrite: bool = True,
    include_optimizer: bool = True,
    zipped: bool = True,
) -> None:
    """Writes `model` to a `.keras` archive (or a folder, `zipped=False`)."""
    filepath = os.fspath(filepath)
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(
            f"{filepath!r} already exists. Pass overwrite=True to replace it."
        )
    members = _model_members(model, include_optimizer)
    with tempfile.TemporaryDirectory() as assets_root:
        assets = _save_assets(model, assets_root)
        if zipped:
            with atomic_io.atomic_write(filepath) as f:
                with zipfile.ZipFile(f, "w") as archive:
                    for name, data, compress in members:
                        archive.writestr(
                            name,
                            data,
                            compress_type=zipfile.ZIP_DEFLATED
                            if compress
                            else zipfile.ZIP_STORED,
                        )
                    for name, path in assets:
                        archive.write(path, name)
        else:
            _write_folder(filepath, members, assets)


def _model_members(model: Any, include_optimizer: bool) -> list:
    config = serialization_lib.serialize_keras_object(model)
    config["compile_config"] = (
        model.get_compile_config() if hasattr(model, "compile") else None
    )
    from kerata import __version__

    metadata = {
        "keras_version": KERAS_FORMAT_VERSION,
        "kerata_version": __version__,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
    }
    weights = h5_store.to_bytes(collect_state(model, include_optimizer))
    return [
        (_METADATA, json.dumps(metadata), True),
        (_CONFIG, json.dumps(config), True),
        (_WEIGHTS, weights, False),
    ]


def _save_assets(model: Any, root: str) -> list:
    """Calls `save_assets` where a layer overrides it; `(member, file)`."""
    out = []
    for path, obj in saveables(model):
        if (
            not isinstance(obj, Layer)
            or type(obj).save_assets is Layer.save_assets
        ):
            continue
        folder = os.path.join(root, *path.split("/")) if path else root
        os.makedirs(folder, exist_ok=True)
        obj.save_assets(folder)
        for dirpath, _, files in os.walk(folder):
            for file in sorted(files):
                full = os.path.join(dirpath, file)
                rel = os.path.relpath(full, root).replace(os.sep, "/")
                out.append((f"{_ASSETS}/{rel}", full))
    return out


def _write_folder(filepath: str, members: list, assets: list) -> None:
    parent = os.path.dirname(os.path.abspath(filepath))
    staging = tempfile.mkdtemp(prefix=".kerata-save-", dir=parent)
    try:
        for name, data, _ in members:
            mode = "wb" if isinstance(data, bytes) else "w"
            with open(os.path.join(staging, name), mode) as f:
                f.write(data)
        for name, path in assets:
            target = os.path.join(staging, *name.split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(path, target)
        if os.path.isdir(filepath):
            shutil.rmtree(filepath)
        os.replace(staging, filepath)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def load_model(
    filepath: Any,
    custom_objects: dict | None = None,
    compile: bool = True,
    safe_mode: bool = True,
) -> Any:
    """Reads a `.keras` archive or folder written by kerata or Keras 3."""
    if isinstance(filepath, io.IOBase):
        data = filepath.read()
        return _load_from_archive(
            io.BytesIO(data),
            "<file object>",
            custom_objects,
            compile,
            safe_mode,
        )
    filepath = os.fspath(filepath)
    if os.path.isdir(filepath):
        if not os.path.exists(os.path.join(filepath, _CONFIG)):
            raise ValueError(
                f"{filepath!r} is a folder without a {_CONFIG}: expected a "
                "model saved with `zipped=False`."
            )
        return _load_from_folder(filepath, custom_objects, compile, safe_mode)
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No model file found at {filepath!r}.")
    with open(filepath, "rb") as f:
        return _load_from_archive(
            f, filepath, custom_objects, compile, safe_mode
        )


class _open_archive:
    def __init__(self, source: Any, name: str | None = None) -> None:
        self.source = source
        self.name = name or os.fspath(source)
        self.archive: Any = None

    def __enter__(self) -> zipfile.ZipFile:
        if isinstance(self.source, (str, os.PathLike)) and not os.path.exists(
            self.source
        ):
            raise FileNotFoundError(f"No file found at {self.name!r}.")
        try:
            self.archive = zipfile.ZipFile(self.source, "r")
        except zipfile.BadZipFile as error:
            raise ValueError(
                f"Could not read {self.name!r}: it is not a `.keras` zip "
                f"archive, or it is truncated or corrupted ({error})."
            ) from error
        for name in self.archive.namelist():
            file_io.check_member_name(name, self.name)
        return self.archive

    def __exit__(self, *exc: Any) -> None:
        self.archive.close()


def _read_member(archive: zipfile.ZipFile, member: str, what: str) -> bytes:
    try:
        return archive.read(member)
    except KeyError:
        raise ValueError(
            f"{what!r} is not a complete `.keras` archive: it has no "
            f"{member!r} (members: {archive.namelist()})."
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ValueError(
            f"Could not read {member!r} from {what!r}: the archive is "
            f"truncated or corrupted ({error})."
        ) from error


def _parse_json(data: bytes, member: str, what: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(
            f"Could not parse {member!r} in {what!r}: {error}."
        ) from error


def _load_from_archive(
    source: Any,
    what: str,
    custom_objects: dict | None,
    compile: bool,
    safe_mode: bool,
) -> Any:
    with _open_archive(source, what) as archive:
        config = _parse_json(
            _read_member(archive, _CONFIG, what), _CONFIG, what
        )
        names = archive.namelist()
        if _WEIGHTS in names:
            stored = h5_store.read(
                _read_member(archive, _WEIGHTS, what),
                what=f"the weights in {what!r}",
            )
        elif _WEIGHTS_NPZ in names:
            stored = _read_npz(_read_member(archive, _WEIGHTS_NPZ, what))
        else:
            raise ValueError(
                f"{what!r} is not a complete `.keras` archive: it has no "
                f"{_WEIGHTS!r} (members: {names})."
            )
        asset_members = [n for n in names if n.startswith(_ASSETS + "/")]
        with tempfile.TemporaryDirectory() as root:
            for name in asset_members:
                if name.endswith("/"):
                    continue
                parts = file_io.check_member_name(name, what).split("/")
                target = os.path.join(root, *parts[1:])
                if not os.path.abspath(target).startswith(
                    os.path.abspath(root) + os.sep
                ):
                    raise ValueError(
                        f"Refusing to read {what!r}: its member {name!r} "
                        "points outside the archive's assets folder."
                    )
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as f:
                    f.write(_read_member(archive, name, what))
            return _model_from_parts(
                config, stored, root, custom_objects, compile, safe_mode, what
            )


def _load_from_folder(
    folder: str, custom_objects: dict | None, compile: bool, safe_mode: bool
) -> Any:
    with open(os.path.join(folder, _CONFIG), "rb") as f:
        config = _parse_json(f.read(), _CONFIG, folder)
    weights = os.path.join(folder, _WEIGHTS)
    if os.path.exists(weights):
        stored = h5_store.read(weights)
    else:
        with open(os.path.join(folder, _WEIGHTS_NPZ), "rb") as f:
            stored = _read_npz(f.read())
    return _model_from_parts(
        config,
        stored,
        os.path.join(folder, _ASSETS),
        custom_objects,
        compile,
        safe_mode,
        folder,
    )


def _read_npz(data: bytes) -> dict:
    out: dict = {}
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        for key in npz.files:
            group, _, index = key.rpartition("/")
            out.setdefault(group, {})[index] = npz[key]
    return {
        k: {i: v[i] for i in h5_store.sorted_keys(v)} for k, v in out.items()
    }


def _model_from_parts(
    config: Any,
    stored: dict,
    assets_root: str,
    custom_objects: dict | None,
    compile: bool,
    safe_mode: bool,
    what: str,
) -> Any:
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"{_CONFIG} in {what!r} does not describe a model: expected a "
            "dict with 'class_name' and 'config'."
        )
    config = dict(config)
    compile_config = config.pop("compile_config", None)
    model = serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, safe_mode=safe_mode
    )
    if not isinstance(model, Layer):
        raise ValueError(
            f"{_CONFIG} in {what!r} describes a {type(model).__name__}, "
            "not a model."
        )
    if compile and compile_config:
        try:
            with object_registration.CustomObjectScope(custom_objects or {}):
                model.compile_from_config(compile_config)
        except (TypeError, ValueError) as error:
            warnings.warn(
                f"The model in {what!r} was loaded uncompiled: its compile "
                f"configuration could not be restored ({error}). Call "
                "compile() yourself.",
                stacklevel=3,
            )
    apply_state(model, stored, source=what)
    _load_assets(model, assets_root)
    return model


def _load_assets(model: Any, root: str) -> None:
    for path, obj in saveables(model):
        if (
            not isinstance(obj, Layer)
            or type(obj).load_assets is Layer.load_assets
        ):
            continue
        folder = os.path.join(root, *path.split("/")) if path else root
        os.makedirs(folder, exist_ok=True)
        obj.load_assets(folder)


# --- traversal --------------------------------------------------------
def _is_saveable(value: Any) -> bool:
    return isinstance(value, (Layer, BaseOptimizer))


def saveables(root: Any) -> list:
    """`(inner_path, object)` pairs in Keras's traversal order."""
    out: list = []
    _walk(root, "", out, set())
    return out


def _walk(obj: Any, path: str, out: list, visited: set) -> None:
    if id(obj) in visited:
        return
    visited.add(id(obj))
    out.append((path, obj))
    for attr, child in _children(obj):
        child_path = f"{path}/{attr}" if path else attr
        if _is_saveable(child):
            _walk(child, child_path, out, visited)
        elif isinstance(child, (list, tuple, dict)):
            _walk_container(child, child_path, out, visited)


def _walk_container(container: Any, path: str, out: list, visited: set):
    used: dict = {}
    values = container.values() if isinstance(container, dict) else container
    for value in values:
        if _is_saveable(value):
            name = _unique(_snake_case(type(value).__name__), used)
            _walk(value, f"{path}/{name}", out, visited)
        elif isinstance(value, (list, tuple, dict)) and value:
            name = _unique("container", used)
            _walk_container(value, f"{path}/{name}", out, visited)


def _children(obj: Any) -> list:
    if isinstance(obj, BaseOptimizer):
        return []
    children = []
    if isinstance(obj, (Sequential, Functional)):
        children.append(("layers", obj.layers))
    skip = _skipped_attributes(obj)
    values = {n: v for n, v in vars(obj).items() if n not in skip}
    # Keras walks `dir()`, so a public property that returns a sublayer
    # (MultiHeadAttention.query_dense) names its path before the private
    # attribute behind it does.
    for name in _user_properties(type(obj)):
        if name not in skip and name not in values:
            try:
                value = getattr(obj, name)
            except Exception:  # noqa: BLE001 - a property may need a build
                continue
            if _is_saveable(value):
                values[name] = value
    for name in sorted(values, key=_name_key):
        children.append((name, values[name]))
    return children


_BASE_MODULES = (
    "kerata.src.layers.layer",
    "kerata.src.models.",
    "kerata.src.trainers.",
    "kerata.src.backend.",
)
_PROPERTY_CACHE: dict = {}


def _user_properties(cls: type) -> tuple:
    """Properties defined below the Layer/Model machinery."""
    if cls not in _PROPERTY_CACHE:
        names = set()
        for klass in cls.__mro__:
            if klass is object or klass.__module__.startswith(_BASE_MODULES):
                continue
            names.update(
                n
                for n, v in vars(klass).items()
                if isinstance(v, property) and not n.startswith("__")
            )
        _PROPERTY_CACHE[cls] = tuple(sorted(names))
    return _PROPERTY_CACHE[cls]


_SKIP_CACHE: dict = {}


def _skipped_attributes(obj: Any) -> frozenset:
    """Attributes every plain layer or model has: never user children.

    Keras skips the attributes of a bare `Layer()` the same way; a
    compiled model's `optimizer` stays visible.
    """
    kind = Model if isinstance(obj, Model) else Layer
    if kind not in _SKIP_CACHE:
        # Explicit names keep the probes out of the auto-naming counters.
        names = set(vars(Layer(name="probe")))
        if kind is Model:
            names |= set(vars(Model(name="probe")))
            names.discard("optimizer")
        _SKIP_CACHE[kind] = frozenset(names)
    skip = _SKIP_CACHE[kind]
    if isinstance(obj, (Sequential, Functional)):
        # Their private attributes hold the layer graph (Sequential's
        # includes the InputLayer, which Keras does not save).
        skip = skip | {n for n in vars(obj) if n.startswith("_")}
    return skip


def _name_key(name: str) -> str:
    # Private attributes sort after public ones, as in Keras.
    return f"~{name}" if name.startswith("_") else name


def _unique(name: str, used: dict) -> str:
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


def _snake_case(name: str) -> str:
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name)
    return name.lower()
