"""`KerasFileEditor`: inspect and edit the weights of a saved file without
building its model."""

from __future__ import annotations

import os
import tempfile
from typing import Any

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.saving import file_reader
from kerata.src.utils import atomic_io


@kerata_export("kerata.saving.KerasFileEditor")
class KerasFileEditor:
    """Inspects, edits and re-saves the weights of a saved file.

    Useful to adapt an old weights file after changing a model's
    architecture: rename, delete or add objects (layers) and weights,
    check the result against a model with `compare`, then write it with
    `save`. The file is read with h5py only: the model is never built
    and no code from the file runs.

    `weights_dict` is a tree of dicts keyed by object path parts (e.g.
    `editor.weights_dict["layers"]["dense"]`) whose leaves are NumPy
    arrays keyed by variable name (`"0"`, `"1"`, ...).

    Args:
        filepath: A `.keras` archive, a `.weights.h5` file, or a legacy
            `.h5` file (read-only: it can be inspected, not re-saved).

    Example:

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> model = kerata.Sequential([kerata.Input((3,)),
    ...                            kerata.layers.Dense(2)])
    >>> model.save_weights(os.path.join(folder, "m.weights.h5"))
    >>> editor = kerata.saving.KerasFileEditor(
    ...     os.path.join(folder, "m.weights.h5"))
    >>> editor.weights_dict["layers"]["dense"]["0"].shape
    (3, 2)
    >>> editor.rename_object("dense", "dense_1")
    >>> sorted(editor.weights_dict["layers"])
    ['dense_1']
    """

    def __init__(self, filepath: Any) -> None:
        saved = file_reader.SavedFile(filepath, load_values=True)
        self.filepath = saved.filepath
        self.format = saved.format
        self.config = saved.config
        self.metadata = saved.metadata or None
        self.weights_dict = saved.weights
        self.object_metadata = {
            path: {"name": name} for path, name in saved.object_names.items()
        }

    # --- inspection ---------------------------------------------------------

    def summary(self) -> None:
        """Prints the file's metadata and a table of its weights."""
        print(f"Keras model file {self.filepath!r}")
        if self.metadata:
            version = self.metadata.get("keras_version", "?")
            date = self.metadata.get("date_saved")
            print(
                f"Saved with Keras {version}"
                + (f" - date: {date}" if date else "")
            )
        rows = [
            (path, str(tuple(value.shape)), str(value.dtype))
            for path, value in file_reader.flatten_weights(self.weights_dict)
        ]
        header = ("Weight", "Shape", "Dtype")
        widths = [
            max([len(header[i])] + [len(row[i]) for row in rows])
            for i in range(3)
        ]
        line = "  ".join("-" * w for w in widths)
        print(line)
        print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
        print(line)
        for row in rows:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths)))
        print(line)
        count = sum(
            int(np.prod(v.shape))
            for _, v in file_reader.flatten_weights(self.weights_dict)
        )
        print(f"{len(rows)} weights, {count} values")

    def compare(self, reference_model: Any) -> dict:
        """Compares the file's weights with those of a model.

        Prints every object or weight present on one side only and every
        shape mismatch. Only Keras 3 layouts (`.keras`, `.weights.h5`)
        can be compared.

        Args:
            reference_model: A built kerata model.

        Returns:
            `{"status": "success" or "error", "error_count": int,
            "match_count": int}`.
        """
        if self.format == "legacy_h5":
            raise ValueError(
                f"compare() needs a Keras 3 layout; {self.filepath!r} is a "
                "legacy `.h5` file. Load it into the model with "
                "`model.load_weights(...)` to check it."
            )
        reference = _weights_of(reference_model)
        errors: list = []
        matches = _compare(self.weights_dict, reference, "", errors)
        if errors:
            for message in errors:
                print(message)
            plural = "s" if len(errors) != 1 else ""
            print(
                f"Found {len(errors)} error{plural}: the saved file does not "
                "fit the reference model."
            )
        else:
            print(
                "Comparison successful: the saved file fits the reference "
                f"model ({matches} matching weights)."
            )
        return {
            "status": "error" if errors else "success",
            "error_count": len(errors),
            "match_count": matches,
        }

    # --- editing ------------------------------------------------------------

    def rename_object(self, object_name: str, new_name: str) -> None:
        """Renames an object (e.g. a layer).

        Args:
            object_name: The object's name (e.g. `"dense_2"`), which must
                be unique in the file, or its path (`"layers/dense_2"`).
            new_name: The new name: a single path part, no `/`.
        """
        _check_leaf_name(new_name, "new_name")
        parent, key = self._locate(object_name)
        if new_name in parent:
            raise ValueError(
                f"Cannot rename {object_name!r} to {new_name!r}: an object "
                "of that name already exists beside it."
            )
        # Rebuilt so that the renamed object keeps its place in the order.
        items = [(new_name if k == key else k, v) for k, v in parent.items()]
        parent.clear()
        parent.update(items)

    def delete_object(self, object_name: str) -> None:
        """Removes an object (e.g. a layer) and all its weights.

        Args:
            object_name: The object's unique name or its path.
        """
        parent, key = self._locate(object_name)
        del parent[key]

    def add_object(self, object_path: str, weights: dict) -> None:
        """Adds an object (e.g. a layer) with its weights.

        Args:
            object_path: Full path of the new object, e.g.
                `"layers/dense_2"`; every part but the last must exist.
            weights: Dict of weight name (usually `"0"`, `"1"`, ...) to
                array.
        """
        weights = _check_weights(weights)
        parts = object_path.split("/")
        parent = self.weights_dict
        for i, part in enumerate(parts[:-1]):
            if not isinstance(parent.get(part), dict):
                raise ValueError(
                    f"Path {'/'.join(parts[: i + 1])!r} not found in the "
                    f"file. Received: object_path={object_path!r}"
                )
            parent = parent[part]
        if parts[-1] in parent:
            raise ValueError(
                f"An object already exists at {object_path!r}. Delete it "
                "first or add weights to it with add_weights()."
            )
        parent[parts[-1]] = weights

    def delete_weight(self, object_name: str, weight_name: str) -> None:
        """Removes one weight from an object.

        Args:
            object_name: The object's unique name or its path.
            weight_name: The weight's name, e.g. `"0"`.
        """
        parent, key = self._locate(object_name)
        target = parent[key]
        if weight_name not in target or isinstance(target[weight_name], dict):
            raise ValueError(
                f"Weight {weight_name!r} not found in object "
                f"{object_name!r}. Weights found: "
                f"{[k for k, v in target.items() if not isinstance(v, dict)]}"
            )
        del target[weight_name]

    def add_weights(self, object_name: str, weights: dict) -> None:
        """Adds (or replaces) weights of an existing object.

        Args:
            object_name: The object's unique name or its path.
            weights: Dict of weight name (usually `"0"`, `"1"`, ...) to
                array.
        """
        weights = _check_weights(weights)
        parent, key = self._locate(object_name)
        parent[key].update(weights)

    def save(self, filepath: Any) -> None:
        """Writes the edited weights as a `.weights.h5` file.

        The result loads with `model.load_weights(filepath)`.

        Args:
            filepath: Destination; must end in `.weights.h5`.
        """
        filepath = os.fspath(filepath)
        if not filepath.endswith(".weights.h5"):
            raise ValueError(
                "Expected a `.weights.h5` destination. Received: "
                f"filepath={filepath!r}"
            )
        if self.format == "legacy_h5":
            raise ValueError(
                f"{self.filepath!r} is a legacy `.h5` file, whose layout "
                "cannot be written as `.weights.h5`. Load it into the model "
                "with `model.load_weights(...)`, then call "
                "`model.save_weights(...)`."
            )
        _write_tree(filepath, self.weights_dict, self.object_metadata)

    def resave_weights(self, filepath: Any) -> None:
        """Same as `save(filepath)`."""
        self.save(filepath)

    def _locate(self, object_name: str) -> tuple:
        """`(parent_dict, key)` of the object named or addressed."""
        if "/" in object_name:
            parts = object_name.split("/")
            parent = self.weights_dict
            for part in parts[:-1]:
                parent = parent.get(part) if isinstance(parent, dict) else None
                if not isinstance(parent, dict):
                    break
            if not isinstance(parent, dict) or not isinstance(
                parent.get(parts[-1]), dict
            ):
                raise ValueError(
                    f"Path {object_name!r} not found in the file. See "
                    "summary() for the objects it holds."
                )
            return parent, parts[-1]
        found = list(_find(self.weights_dict, object_name))
        if not found:
            raise ValueError(
                f"No object named {object_name!r} in the file. See "
                "summary() for the objects it holds."
            )
        if len(found) > 1:
            raise ValueError(
                f"The name {object_name!r} occurs {len(found)} times in the "
                "file; pass the object's full path instead."
            )
        return found[0]


def _find(tree: dict, name: str) -> Any:
    for key, value in tree.items():
        if isinstance(value, dict):
            if key == name:
                yield tree, key
            yield from _find(value, name)


def _check_leaf_name(name: Any, argument: str) -> None:
    if not isinstance(name, str) or not name or "/" in name:
        raise ValueError(
            f"`{argument}` must be a single name without '/'. Received: "
            f"{argument}={name!r}"
        )


def _check_weights(weights: Any) -> dict:
    if not isinstance(weights, dict):
        raise ValueError(
            "`weights` must be a dict of weight name (usually '0', '1', "
            f"...) to array. Received: type(weights)={type(weights).__name__}"
        )
    for name in weights:
        _check_leaf_name(name, "weight name")
    return {name: np.asarray(value) for name, value in weights.items()}


def _weights_of(model: Any) -> dict:
    """The model's weight tree in the `.weights.h5` layout, by saving it."""
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "reference.weights.h5")
    try:
        model.save_weights(path)
        return file_reader.SavedFile(path, load_values=False).weights
    finally:
        if os.path.exists(path):
            os.remove(path)
        os.rmdir(folder)


def _compare(saved: dict, reference: dict, prefix: str, errors: list) -> int:
    matches = 0
    for key in list(reference) + [k for k in saved if k not in reference]:
        path = f"{prefix}/{key}" if prefix else key
        ref = reference.get(key)
        got = saved.get(key)
        ref_is_weight = ref is not None and _is_spec(ref)
        if got is None:
            kind = "Weight" if ref_is_weight else "Object"
            errors.append(f"{kind} {path!r} is in the model, not in the file.")
        elif ref is None:
            kind = "Object" if isinstance(got, dict) else "Weight"
            errors.append(f"{kind} {path!r} is in the file, not in the model.")
        elif ref_is_weight:
            if isinstance(got, dict) or tuple(got.shape) != ref["shape"]:
                shape = "an object" if isinstance(got, dict) else got.shape
                errors.append(
                    f"Weight {path!r} has shape {ref['shape']} in the model "
                    f"but {shape} in the file."
                )
            else:
                matches += 1
        elif not isinstance(got, dict):
            errors.append(
                f"{path!r} is an object in the model, a weight in the file."
            )
        else:
            matches += _compare(got, ref, path, errors)
    return matches


def _is_spec(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"shape", "dtype"}


def _write_tree(filepath: str, tree: dict, object_metadata: dict) -> None:
    import h5py

    def write(f: Any, node: dict, path: str) -> None:
        leaves = {k: v for k, v in node.items() if not isinstance(v, dict)}
        if leaves:
            group = f.require_group(f"{path}/vars" if path else "vars")
            name = object_metadata.get(path, {}).get("name")
            if name is not None:
                group.attrs["name"] = name
            for key, value in leaves.items():
                group.create_dataset(key, data=np.asarray(value))
        for key, value in node.items():
            if isinstance(value, dict) and value:
                write(f, value, f"{path}/{key}" if path else key)

    def write_file(temp_path: str) -> None:
        with h5py.File(temp_path, "w") as f:
            write(f, tree, "")

    atomic_io.replace_with(filepath, write_file)
