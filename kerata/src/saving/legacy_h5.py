"""Legacy HDF5 files: whole models (`model.save("x.h5")` in tf.keras 2.x
or Keras 3) and Keras 2 weight files (`model.save_weights("x.h5")`).

A model file holds JSON attributes at its root (`model_config`,
`training_config`, `keras_version`, `backend`), the weights under
`model_weights` and, for a compiled model, the optimizer state under
`optimizer_weights`. A weights file holds the `model_weights` layout at
its root: a `layer_names` attribute and, per layer, a group whose
`weight_names` attribute lists its datasets, trainable weights first.

Every value is read and checked before any is assigned, so a file that
does not fit leaves the model as it was.
"""

from __future__ import annotations

import json
import os
import warnings
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src.saving import legacy_config
from kerata.src.saving import serialization_lib
from kerata.src.utils import atomic_io

_TOP_LEVEL = "top_level_model_weights"
# Attributes over 64 KiB do not fit an HDF5 object header; Keras splits
# long name lists into `<name>0`, `<name>1`, ...
_HEADER_LIMIT = 64512


def _h5py() -> Any:
    try:
        import h5py
    except ImportError as error:
        raise ImportError(
            "Reading and writing `.h5` model files requires h5py. Install "
            "it with `pip install h5py`."
        ) from error
    return h5py


# --- reading ----------------------------------------------------------------


def open_file(filepath: Any) -> Any:
    """Opens `filepath` for reading, with errors that name the file."""
    h5py = _h5py()
    if isinstance(filepath, h5py.File):
        return filepath
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise FileNotFoundError(
            f"No file found at {filepath!r}. Check the path, or save the "
            "model or weights there first."
        )
    try:
        return h5py.File(filepath, "r")
    except (OSError, ValueError) as error:
        raise ValueError(
            f"Could not read {filepath!r}: expected an HDF5 file (a legacy "
            "Keras `.h5` model or weights file), but it is not a valid HDF5 "
            f"file or it is truncated ({error})."
        ) from error


def _name_of(filepath: Any) -> str:
    return getattr(filepath, "filename", None) or os.fspath(filepath)


def read_attribute_list(group: Any, name: str) -> list:
    """A list attribute of strings, joined from its chunks if Keras split
    it."""
    if name in group.attrs:
        values = list(group.attrs[name])
    else:
        values = []
        chunk = 0
        while f"{name}{chunk}" in group.attrs:
            values.extend(group.attrs[f"{name}{chunk}"])
            chunk += 1
    return [
        v.decode("utf8") if hasattr(v, "decode") else str(v) for v in values
    ]


def read_weight_groups(group: Any, filepath: str) -> tuple:
    """`([(layer_name, weight_names, arrays)], top_level_arrays)`."""
    h5py = _h5py()
    if not any(k in group.attrs for k in ("layer_names", "layer_names0")):
        raise ValueError(
            f"{filepath!r} is not a legacy Keras weights file: expected a "
            "`layer_names` attribute at its root or in its `model_weights` "
            "group. Files written by `save_weights('x.weights.h5')` load "
            "with `model.load_weights`."
        )
    layers = []
    try:
        for name in read_attribute_list(group, "layer_names"):
            layer_group = group[name]
            names = read_attribute_list(layer_group, "weight_names")
            arrays = [np.asarray(layer_group[n]) for n in names]
            layers.append((name, names, arrays))
        top = None
        if _TOP_LEVEL in group and isinstance(group[_TOP_LEVEL], h5py.Group):
            top_group = group[_TOP_LEVEL]
            top = [
                np.asarray(top_group[n])
                for n in read_attribute_list(top_group, "weight_names")
            ]
    except (KeyError, OSError, RuntimeError) as error:
        raise ValueError(
            f"{filepath!r} is damaged: a weight listed in its "
            f"`weight_names` attributes could not be read ({error})."
        ) from error
    return layers, top


# --- loading weights ---------------------------------------------------------


def load_weights_from_hdf5(
    model: Any,
    filepath: Any,
    skip_mismatch: bool = False,
    by_name: bool = False,
) -> None:
    """Loads a legacy `.h5` weights or model file's weights into `model`.

    Args:
        model: A built kerata model.
        filepath: Path to the file (or an open `h5py.File`).
        skip_mismatch: Whether to skip, with a warning, layers whose
            weight count or shapes do not match instead of raising.
        by_name: Whether to match layers by name (layers missing from
            the file are left as they are) instead of by their order
            among the layers that have weights.

    Raises:
        FileNotFoundError: If there is no file at `filepath`.
        ValueError: If the file is not a legacy weights file, or does not
            match the model and `skip_mismatch` is False.
    """
    name = _name_of(filepath)
    f = open_file(filepath)
    try:
        group = f["model_weights"] if "model_weights" in f else f
        layers, top = read_weight_groups(group, name)
    finally:
        if f is not filepath:
            f.close()
    assign_weights(model, layers, top, name, skip_mismatch, by_name)


def assign_weights(
    model: Any,
    layers: list,
    top: list | None,
    filepath: str,
    skip_mismatch: bool = False,
    by_name: bool = False,
) -> None:
    """Checks every stored value against `model`, then assigns them."""
    if by_name:
        pairs = _pairs_by_name(model, layers, filepath, skip_mismatch)
    else:
        pairs = _pairs_by_order(model, layers, filepath, skip_mismatch)
    if top:
        own = _top_level_variables(model)
        where = f"the top-level weights of model {model.name!r}"
        pairs += _match(own, top, where, filepath, skip_mismatch)
    for variable, array in pairs:
        variable.assign(array)


def _legacy_weights(layer: Any) -> list:
    # Keras 2 stored a layer's trainable weights before its others.
    return list(layer.trainable_weights) + list(layer.non_trainable_weights)


def _top_level_variables(model: Any) -> list:
    trainable, non_trainable, _ = model._own_variables()
    claimed = {id(v) for layer in model.layers for v in layer.weights}
    return [v for v in trainable + non_trainable if id(v) not in claimed]


def _pairs_by_order(
    model: Any, layers: list, filepath: str, skip_mismatch: bool
) -> list:
    targets = [layer for layer in model.layers if _legacy_weights(layer)]
    stored = [entry for entry in layers if entry[2]]
    if len(targets) != len(stored):
        raise ValueError(
            f"Cannot load {filepath!r} into model {model.name!r}: the file "
            f"holds weights for {len(stored)} layers "
            f"{[entry[0] for entry in stored]}, but the model has "
            f"{len(targets)} layers with weights "
            f"{[layer.name for layer in targets]}. Pass by_name=True to "
            "match layers by name."
        )
    pairs = []
    for layer, (name, _, arrays) in zip(targets, stored, strict=True):
        where = f"layer {layer.name!r} (stored as {name!r})"
        pairs += _match(
            _legacy_weights(layer), arrays, where, filepath, skip_mismatch
        )
    return pairs


def _pairs_by_name(
    model: Any, layers: list, filepath: str, skip_mismatch: bool
) -> list:
    index: dict = {}
    for layer in model.layers:
        index.setdefault(layer.name, []).append(layer)
    pairs = []
    for name, _, arrays in layers:
        for layer in index.get(name, []):
            where = f"layer {name!r}"
            pairs += _match(
                _legacy_weights(layer), arrays, where, filepath, skip_mismatch
            )
    return pairs


def _match(
    variables: list,
    arrays: list,
    where: str,
    filepath: str,
    skip_mismatch: bool,
) -> list:
    problem = None
    if len(variables) != len(arrays):
        problem = (
            f"{where} has {len(variables)} weights, but the file holds "
            f"{len(arrays)} for it (shapes {[a.shape for a in arrays]})."
        )
    else:
        for v, a in zip(variables, arrays, strict=True):
            if tuple(v.shape) != tuple(a.shape):
                problem = (
                    f"{where}: weight {v.path!r} has shape "
                    f"{tuple(v.shape)}, but the file holds shape "
                    f"{tuple(a.shape)}."
                )
                break
    if problem is None:
        return list(zip(variables, arrays, strict=True))
    if skip_mismatch:
        warnings.warn(f"Skipping {problem}", stacklevel=4)
        return []
    raise ValueError(
        f"Cannot load {filepath!r}: {problem} Pass skip_mismatch=True to "
        "skip such layers."
    )


# --- loading models ----------------------------------------------------------


def load_model_from_hdf5(
    filepath: Any,
    custom_objects: dict | None = None,
    compile: bool = True,
    safe_mode: bool = True,
) -> Any:
    """Loads a whole model from a legacy `.h5` file (tf.keras 2.x or Keras
    3's `model.save("x.h5")`).

    Args:
        filepath: Path to the file (or an open `h5py.File`).
        custom_objects: Optional dict of name to class or function, for
            your own layers, losses and so on.
        compile: Whether to compile the model as it was saved (when the
            file holds a training config), restoring the optimizer state
            where it fits.
        safe_mode: Whether to refuse Lambda layers stored as Python
            bytecode (default True); only pass False for trusted files.

    Returns:
        A kerata model with the stored weights.

    Raises:
        FileNotFoundError: If there is no file at `filepath`.
        ValueError: If the file is not a legacy model file, or the model
            cannot be rebuilt from it.
    """
    name = _name_of(filepath)
    f = open_file(filepath)
    try:
        raw = f.attrs.get("model_config")
        if raw is None:
            raise ValueError(
                f"No model config found in {name!r}: expected a whole model "
                "saved with `model.save('x.h5')`. For a weights-only file, "
                "build the model and call `model.load_weights(path)`."
            )
        config = _decode(raw, "model_config", name)
        training = f.attrs.get("training_config")
        if "model_weights" not in f:
            raise ValueError(
                f"{name!r} holds a model config but no `model_weights` "
                "group: the file is incomplete."
            )
        layers, top = read_weight_groups(f["model_weights"], name)
        optimizer_values = None
        if compile and "optimizer_weights" in f:
            optimizer_values = _read_optimizer_weights(f, name)
    finally:
        if f is not filepath:
            f.close()
    model = _build_model(config, custom_objects, safe_mode, name)
    # The rebuilt layers carry the stored names, so names (not the order
    # of `model.layers`, which may differ from Keras's) pair them up.
    _check_names(model, layers, name)
    assign_weights(model, layers, top, name, by_name=True)
    if compile and training is not None:
        training = _decode(training, "training_config", name)
        _compile(model, training, custom_objects, optimizer_values)
    return model


def _decode(raw: Any, what: str, filepath: str) -> Any:
    try:
        return legacy_config.decode_json(raw, what)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"The `{what}` attribute of {filepath!r} is not valid JSON "
            f"({error}); the file is damaged."
        ) from error


def _read_optimizer_weights(f: Any, filepath: str) -> list:
    group = f["optimizer_weights"]
    try:
        return [
            np.asarray(group[n])
            for n in read_attribute_list(group, "weight_names")
        ]
    except (KeyError, OSError, RuntimeError) as error:
        raise ValueError(
            f"{filepath!r} is damaged: its optimizer state could not be "
            f"read ({error})."
        ) from error


def _check_names(model: Any, layers: list, filepath: str) -> None:
    stored = {entry[0] for entry in layers if entry[2]}
    wanted = {layer.name for layer in model.layers if _legacy_weights(layer)}
    if stored != wanted:
        raise ValueError(
            f"The weights in {filepath!r} do not match its model config: "
            f"layers with weights in the config {sorted(wanted)}, in the "
            f"weights group {sorted(stored)}."
        )


def _build_model(
    config: Any, custom_objects: dict | None, safe_mode: bool, name: str
) -> Any:
    from kerata.src.models.model import Model

    try:
        config = legacy_config.convert_model_config(config, custom_objects)
        model = serialization_lib.deserialize_keras_object(
            config, custom_objects, safe_mode=safe_mode
        )
    except (KeyError, IndexError) as error:
        raise ValueError(
            f"Could not rebuild the model stored in {name!r}: its config "
            f"is incomplete ({error!r})."
        ) from error
    if not isinstance(model, Model):
        raise ValueError(
            f"The config in {name!r} did not give a model. Received: "
            f"{type(model).__name__}"
        )
    return model


def _compile(
    model: Any,
    training: dict,
    custom_objects: dict | None,
    optimizer_values: list | None,
) -> None:
    from kerata.src import optimizers
    from kerata.src.saving import object_registration

    with object_registration.CustomObjectScope(custom_objects):
        optimizer = optimizers.deserialize(
            _strip_package(
                legacy_config.convert_optimizer_config(
                    training.get("optimizer_config", "rmsprop")
                )
            ),
            custom_objects,
        )
        model.compile(
            optimizer=optimizer,
            loss=_objects(training.get("loss"), _loss),
            metrics=_objects(training.get("metrics"), _metric),
            weighted_metrics=_objects(
                training.get("weighted_metrics"), _metric
            ),
            loss_weights=training.get("loss_weights"),
        )
    if optimizer_values:
        _restore_optimizer(model, optimizer_values)


def _strip_package(config: Any) -> Any:
    # Some tf.keras 2.x versions registered optimizers as "Custom>Adam".
    if isinstance(config, dict) and "Custom>" in str(config.get("class_name")):
        return {**config, "class_name": config["class_name"].split(">")[-1]}
    return config


def _objects(config: Any, fn: Any) -> Any:
    """Applies `fn` to each loss or metric of a nested structure."""
    if config is None:
        return None
    if isinstance(config, str) or (
        isinstance(config, dict) and "class_name" in config
    ):
        return fn(config)
    if isinstance(config, dict):
        return {k: _objects(v, fn) for k, v in config.items()}
    if isinstance(config, list):
        return [_objects(v, fn) for v in config]
    raise ValueError(
        "Expected a loss or metric name, config, list or dict in the "
        f"training config. Received: {config!r}"
    )


def _loss(config: Any) -> Any:
    from kerata.src import losses

    inner = config.get("config") if isinstance(config, dict) else None
    if isinstance(inner, dict) and inner.get("reduction") == "auto":
        # Keras 2's default reduction.
        inner = {**inner, "reduction": "sum_over_batch_size"}
        config = {**config, "config": inner}
    return losses.deserialize(config)


def _metric(config: Any) -> Any:
    from kerata.src import metrics

    if isinstance(config, str):
        return config  # "accuracy" and friends are resolved by compile.
    if config.get("class_name") == "MeanMetricWrapper":
        # tf.keras wrapped function metrics; its `fn` names the function.
        inner = config.get("config") or {}
        return inner.get("fn") or inner.get("name")
    return metrics.deserialize(config)


def _restore_optimizer(model: Any, values: list) -> None:
    optimizer = model.optimizer
    optimizer.build(model.trainable_variables)
    variables = optimizer.variables
    shapes = [tuple(v.shape) for v in variables]
    # An optimizer saved before its first step holds only its leading
    # scalars (iterations, learning rate): those still load.
    if shapes[: len(values)] != [tuple(np.shape(a)) for a in values]:
        warnings.warn(
            f"The file's optimizer state ({len(values)} values) does not "
            f"fit {type(optimizer).__name__} ({len(variables)} variables), "
            "so the optimizer starts fresh.",
            stacklevel=3,
        )
        return
    for variable, value in zip(variables, values, strict=False):
        variable.assign(value)


# --- saving ------------------------------------------------------------------


def save_model_to_hdf5(
    model: Any,
    filepath: Any,
    overwrite: bool = True,
    include_optimizer: bool = True,
) -> None:
    """Saves a Sequential or Functional model in the legacy `.h5` format.

    The file loads with `load_model_from_hdf5` and with Keras 3's
    `keras.models.load_model`. Prefer the `.keras` format: it also holds
    subclassed models.

    Args:
        model: A built Sequential or Functional model.
        filepath: Destination path.
        overwrite: Whether to replace an existing file.
        include_optimizer: Whether to store the compile arguments and the
            optimizer state of a compiled model.

    Raises:
        FileExistsError: If the file exists and `overwrite` is False.
        ValueError: If the model is neither Sequential nor Functional.
    """
    from kerata import __version__

    filepath = os.fspath(filepath)
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(
            f"{filepath!r} already exists. Pass overwrite=True to replace it."
        )
    from kerata.src.models.functional import Functional
    from kerata.src.models.sequential import Sequential

    if not isinstance(model, (Functional, Sequential)):
        raise ValueError(
            f"Model {getattr(model, 'name', model)!r} is a subclassed model "
            f"({type(model).__name__}), which the legacy `.h5` format "
            "cannot rebuild. Save its weights with "
            "`save_weights('x.weights.h5')` or use the `.keras` format."
        )
    config = model.get_config()
    attrs = {
        "keras_version": str(__version__),
        "backend": backend.backend(),
        "model_config": {"class_name": type(model).__name__, "config": config},
    }
    compiled = getattr(model, "compiled", False) and model.optimizer
    if include_optimizer and compiled:
        attrs["training_config"] = _training_config(model)
    _write_atomically(
        filepath,
        lambda f: _write_model(f, model, attrs, include_optimizer),
    )


def _training_config(model: Any) -> dict:
    config = _functions_by_name(model.get_compile_config())
    optimizer = config.pop("optimizer", None)
    if isinstance(optimizer, dict):
        config["optimizer_config"] = {
            "class_name": optimizer["class_name"],
            "config": optimizer["config"],
        }
    return config


def _functions_by_name(config: Any) -> Any:
    # Legacy files name plain functions (losses, metrics) by a string.
    if isinstance(config, list):
        return [_functions_by_name(v) for v in config]
    if not isinstance(config, dict):
        return config
    if config.get("class_name") == "function":
        return config.get("config")
    return {k: _functions_by_name(v) for k, v in config.items()}


def _write_model(f: Any, model: Any, attrs: dict, include_optimizer: bool):
    from kerata import __version__

    for key, value in attrs.items():
        if isinstance(value, dict):
            value = json.dumps(value).encode("utf8")
        f.attrs[key] = value
    group = f.create_group("model_weights")
    _write_attribute_list(
        group, "layer_names", [layer.name for layer in model.layers]
    )
    group.attrs["backend"] = backend.backend()
    group.attrs["keras_version"] = str(__version__)
    # Sorted by name so that no group name is a prefix of a later one.
    for layer in sorted(model.layers, key=lambda layer: layer.name):
        _write_weights(group.create_group(layer.name), _legacy_weights(layer))
    _write_weights(group.create_group(_TOP_LEVEL), _top_level_variables(model))
    optimizer = getattr(model, "optimizer", None)
    if include_optimizer and optimizer is not None and optimizer.variables:
        _write_weights(f.create_group("optimizer_weights"), optimizer.variables)


def _write_weights(group: Any, variables: list) -> None:
    names = _unique_names(variables)
    _write_attribute_list(group, "weight_names", names)
    for name, variable in zip(names, variables, strict=True):
        value = np.asarray(backend.convert_to_numpy(variable.value))
        group.create_dataset(name, data=value)


def _unique_names(variables: list) -> list:
    names: list = []
    for i, variable in enumerate(variables):
        name = str(getattr(variable, "path", "") or variable.name)
        names.append(name if name not in names else f"{name}_{i}")
    return names


def _write_attribute_list(group: Any, name: str, values: list) -> None:
    data = np.asarray([v.encode("utf8") for v in values])
    if data.nbytes <= _HEADER_LIMIT:
        group.attrs[name] = data
        return
    chunks = 2
    while any(c.nbytes > _HEADER_LIMIT for c in np.array_split(data, chunks)):
        chunks += 1
    for i, chunk in enumerate(np.array_split(data, chunks)):
        group.attrs[f"{name}{i}"] = chunk


def _write_atomically(filepath: str, write: Any) -> None:
    h5py = _h5py()
    folder = os.path.dirname(os.path.abspath(filepath))
    os.makedirs(folder, exist_ok=True)

    def write_file(temp_path: str) -> None:
        with h5py.File(temp_path, "w") as f:
            write(f)

    atomic_io.replace_with(filepath, write_file)
