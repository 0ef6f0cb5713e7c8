"""Saving and loading weights in Keras 3's `.weights.h5` layout.

Objects are addressed by where they sit in the model, never by their
(auto-generated) names, so a file loads into any instance of the same
architecture. Like Keras, a Sequential or Functional model stores its
`layers` under `layers/<snake_case_class_name>[_<n>]`, other layers and
models store sublayers under the attribute that holds them, and a
compiled model stores its optimizer state under `optimizer`.
"""

from __future__ import annotations

import os
import re
import warnings
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src.layers.layer import Layer
from kerata.src.models.functional import Functional
from kerata.src.models.model import Model
from kerata.src.models.sequential import Sequential
from kerata.src.optimizers.base_optimizer import BaseOptimizer
from kerata.src.saving import h5_store

_SUFFIX = ".weights.h5"


def save_weights_only(
    model: Any, filepath: str, overwrite: bool = True
) -> None:
    """Writes every variable of `model` to a `.weights.h5` file."""
    filepath = _check_path(filepath)
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(
            f"{filepath!r} already exists. Pass overwrite=True to replace it."
        )
    entries = []
    for path, obj in _saveables(model):
        arrays = [
            np.array(backend.convert_to_numpy(v.value))
            for v in _variables_of(obj)
        ]
        entries.append((path, getattr(obj, "name", None), arrays))
    h5_store.write(filepath, entries)


def load_weights_only(
    model: Any, filepath: str, skip_mismatch: bool = False
) -> None:
    """Loads a `.weights.h5` file into `model`.

    Every value is read and checked before any is assigned, so a file
    that does not match leaves the model unchanged.
    """
    filepath = _check_path(filepath)
    stored = h5_store.read(filepath)
    assignments = []
    for path, obj in _saveables(model):
        variables = _variables_of(obj)
        arrays = stored.get(h5_store.vars_key(path))
        problem = _mismatch(path, obj, variables, arrays)
        if problem is None:
            assignments.extend(zip(variables, arrays or [], strict=True))
        elif isinstance(obj, BaseOptimizer):
            if variables or arrays:
                warnings.warn(
                    f"Skipping optimizer state: {problem}", stacklevel=3
                )
        elif skip_mismatch:
            warnings.warn(f"Skipping {problem}", stacklevel=3)
        else:
            raise ValueError(
                f"Cannot load {filepath!r} into model {model.name!r}: "
                f"{problem} Pass skip_mismatch=True to skip such layers."
            )
    for variable, array in assignments:
        variable.assign(array)


def _check_path(filepath: Any) -> str:
    filepath = str(filepath)
    if not filepath.endswith(_SUFFIX):
        raise ValueError(
            f"The filename must end in `{_SUFFIX}`. Received: "
            f"filepath={filepath!r}"
        )
    return filepath


def _mismatch(
    path: str, obj: Any, variables: list, arrays: list | None
) -> str | None:
    where = f"{type(obj).__name__} {getattr(obj, 'name', '')!r} at " + (
        repr(path or "/")
    )
    if arrays is None:
        # Weightless layers need no entry (Keras writes an empty one).
        return f"{where} has no entry in the file." if variables else None
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


def _variables_of(obj: Any) -> list:
    if isinstance(obj, BaseOptimizer):
        return list(obj.variables)
    trainable, non_trainable, _ = obj._own_variables()
    # Attribute tracking can also reach variables owned elsewhere (a
    # sublayer's, or the optimizer's through a trainer cache); each
    # variable is saved once, by its owner.
    claimed = {id(v) for sub in obj._layers for v in sub.variables}
    optimizer = getattr(obj, "optimizer", None)
    if isinstance(optimizer, BaseOptimizer):
        claimed.update(id(v) for v in optimizer.variables)
    return [v for v in trainable + non_trainable if id(v) not in claimed]


def _is_saveable(value: Any) -> bool:
    return isinstance(value, (Layer, BaseOptimizer))


def _saveables(root: Any) -> list:
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
    for name in sorted(vars(obj), key=_name_key):
        if name not in skip:
            children.append((name, vars(obj)[name]))
    return children


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
