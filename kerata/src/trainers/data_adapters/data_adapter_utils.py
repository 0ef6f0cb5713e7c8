"""Helpers shared by the data adapters: packing `(x, y, sample_weight)`,
validation splits, class weights and leaf conversion."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import tree
from kerata.src.api_export import kerata_export


@kerata_export("kerata.utils.unpack_x_y_sample_weight")
def unpack_x_y_sample_weight(data: Any) -> tuple:
    """Splits a batch into `(x, y, sample_weight)`, filling in `None`s.

    Use it in an overridden `Model.train_step`, `test_step` or
    `predict_step` to accept data given as `x`, `(x,)`, `(x, y)` or
    `(x, y, sample_weight)` alike. A list is read as a tuple.

    Args:
        data: `x`, or a tuple of one to three elements.

    Returns:
        The tuple `(x, y, sample_weight)`, with `None` for what `data`
        leaves out.

    Raises:
        ValueError: If `data` is a tuple or list of more than 3 elements.

    Example:

    >>> x, y, sample_weight = kerata.utils.unpack_x_y_sample_weight(([1], [2]))
    >>> x, y, sample_weight
    ([1], [2], None)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return (data, None, None)
    if len(data) == 1:
        return (data[0], None, None)
    if len(data) == 2:
        return (data[0], data[1], None)
    if len(data) == 3:
        return data
    raise ValueError(
        "Data is expected to be in format `x`, `(x,)`, `(x, y)`, or "
        f"`(x, y, sample_weight)`. Received a {type(data).__name__} of "
        f"{len(data)} elements: {str(data)[:200]}"
    )


@kerata_export("kerata.utils.pack_x_y_sample_weight")
def pack_x_y_sample_weight(
    x: Any, y: Any = None, sample_weight: Any = None
) -> Any:
    """Packs `x`, `y` and `sample_weight` into the form `Model.fit` reads.

    With no `y`, a single input `x` is returned unchanged, while a tuple or
    list of inputs is wrapped as `(x,)` so it cannot be mistaken for
    `(x, y)`.

    Args:
        x: Model inputs.
        y: Targets, or `None`.
        sample_weight: Per-sample weights, or `None` (ignored without `y`).

    Returns:
        `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`.

    Example:

    >>> kerata.utils.pack_x_y_sample_weight([1, 2])
    ([1, 2],)
    >>> kerata.utils.pack_x_y_sample_weight(1, 2, 3)
    (1, 2, 3)
    """
    if y is None:
        if isinstance(x, (tuple, list)):
            return (x,)
        return x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def standardize_batch(batch: Any) -> tuple:
    """A batch from user code as a tuple `(x,)`, `(x, y)` or
    `(x, y, sample_weight)`; a list counts as a tuple, anything else
    (including a dict) is `x`."""
    if isinstance(batch, list):
        batch = tuple(batch)
    elif not isinstance(batch, tuple) or hasattr(batch, "_fields"):
        return (batch,)
    if not 1 <= len(batch) <= 3:
        raise ValueError(
            "A batch must be `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`."
            f" Received a tuple of {len(batch)} elements: {str(batch)[:200]}"
        )
    return batch


def is_array_like(x: Any) -> bool:
    """Whether `x` can be sliced along its first axis as a sample array
    (`None` counts, as a missing array)."""
    if x is None or isinstance(x, np.ndarray) or backend.is_tensor(x):
        return True
    return hasattr(x, "__array__") and hasattr(x, "shape")


def num_samples_of(arrays: Any, names: tuple = ("x", "y", "sample_weight")):
    """The common first dimension of a tuple `(x, y, sample_weight)` of
    structures of arrays; raises a ValueError naming every count."""
    counts = {}
    for name, part in zip(names, arrays):
        sizes = [int(a.shape[0]) for a in tree.flatten(part) if a is not None]
        if sizes:
            counts[name] = sizes
    distinct = {s for sizes in counts.values() for s in sizes}
    if len(distinct) > 1:
        detail = "; ".join(
            f"{name} sizes: {', '.join(map(str, sizes))}"
            for name, sizes in counts.items()
        )
        raise ValueError(
            "Data cardinality is ambiguous: all arrays must contain the same "
            f"number of samples (first dimension). Received: {detail}."
        )
    if not distinct:
        raise ValueError("Received no data: `x` and `y` are both None.")
    return distinct.pop()


def train_validation_split(arrays: Any, validation_split: float) -> tuple:
    """Splits a structure of arrays into training and validation parts.

    The validation part is the *last* `validation_split` fraction of the
    samples, taken in order (before any shuffling), as `Model.fit` does.
    `None` entries are kept as `None` in both parts.

    Args:
        arrays: Array, backend tensor or nested structure of them (and
            `None`s), all with the same number of samples.
        validation_split: Float strictly between 0 and 1.

    Returns:
        `(train_arrays, validation_arrays)`, each with the structure of
        `arrays`.

    Raises:
        TypeError: If a leaf of `arrays` is not an array or tensor.
        ValueError: If `validation_split` is not in (0, 1), or leaves no
            sample on one side.

    Example:

    >>> import numpy as np
    >>> train, val = train_validation_split(
    ...     (np.arange(5), np.arange(5) * 10), validation_split=0.4)
    >>> [a.tolist() for a in train], [a.tolist() for a in val]
    ([[0, 1, 2], [0, 10, 20]], [[3, 4], [30, 40]])
    """
    if (
        isinstance(validation_split, bool)
        or not isinstance(validation_split, (int, float))
        or not 0.0 < validation_split < 1.0
    ):
        raise ValueError(
            "`validation_split` must be a float strictly between 0 and 1. "
            f"Received: validation_split={validation_split!r}"
        )
    flat = tree.flatten(arrays)
    bad = [type(a).__name__ for a in flat if not is_array_like(a)]
    if bad:
        raise TypeError(
            "`validation_split` is only supported for NumPy arrays and "
            "tensors (or nested structures of them). Received elements of "
            f"type {bad}. Pass `validation_data` instead."
        )
    present = [a for a in flat if a is not None]
    if not present:
        return arrays, arrays
    num_samples = int(present[0].shape[0])
    split_at = int(math.floor(num_samples * (1.0 - validation_split)))
    if split_at == 0 or split_at == num_samples:
        raise ValueError(
            f"Training data contains {num_samples} samples, which is not "
            "sufficient to split it into a validation and training set as "
            f"specified by `validation_split={validation_split}`. Either "
            "provide more data, or a different value for `validation_split`."
        )

    def split(start, stop):
        return tree.map_structure(
            lambda a: None if a is None else a[start:stop], arrays
        )

    return split(0, split_at), split(split_at, num_samples)


def class_weight_to_sample_weights(y: Any, class_weight: dict) -> np.ndarray:
    """Per-sample weights (floatx NumPy vector) from `{class: weight}`.

    `y` holds integer labels of shape `(n,)` or `(n, 1)`, or one-hot (or
    probability) rows of shape `(n, num_classes)`, read with argmax.
    Classes missing from `class_weight` get weight 1.
    """
    if not isinstance(class_weight, dict):
        raise TypeError(
            "`class_weight` must be a dict mapping class indices to weights. "
            f"Received: class_weight={class_weight!r} (of type "
            f"{type(class_weight).__name__})"
        )
    bad_keys = [k for k in class_weight if not isinstance(k, (int, np.integer))]
    if bad_keys:
        raise TypeError(
            "`class_weight` keys must be int class indices. Received keys "
            f"{bad_keys[:5]!r}"
        )
    if tree.is_nested(y):
        raise ValueError(
            "`class_weight` is only supported for Models with a single "
            f"output. Received a {type(y).__name__} of targets `y`."
        )
    labels = np.asarray(backend.convert_to_numpy(y))
    if labels.ndim > 1:
        if labels.shape[-1] == 1:
            labels = np.squeeze(labels, axis=-1)
        else:
            labels = np.argmax(labels, axis=-1)
    labels = np.round(labels).astype("int64").reshape(labels.shape[0], -1)
    labels = labels[:, 0]
    classes = np.array(sorted(class_weight), dtype="int64")
    weights = np.array(
        [class_weight[c] for c in sorted(class_weight)], dtype=backend.floatx()
    )
    out = np.ones((labels.shape[0],), dtype=backend.floatx())
    if len(classes):
        position = np.clip(np.searchsorted(classes, labels), 0, None)
        position = np.minimum(position, len(classes) - 1)
        found = classes[position] == labels
        out[found] = weights[position[found]]
    return out


def convert_leaf(x: Any) -> Any:
    """One data leaf as a backend tensor; floats other than floatx become
    floatx (as Keras does for array inputs), other dtypes are kept."""
    if x is None:
        return None
    if not backend.is_tensor(x):
        x = np.asarray(x)
        if x.dtype.kind in "OSU":
            return x  # strings stay NumPy (text preprocessing layers)
    dtype = backend.standardize_dtype(x.dtype)
    floatx = backend.floatx()
    if dtype != floatx and backend.is_float_dtype(dtype):
        return backend.convert_to_tensor(x, dtype=floatx)
    return backend.convert_to_tensor(x)


def convert_batch(batch: tuple) -> tuple:
    """A standardized batch with every leaf converted by `convert_leaf`."""
    return tuple(tree.map_structure(convert_leaf, part) for part in batch)


def make_packer(structure: Any) -> tuple[list, Callable[[list], Any]]:
    """Flattens `structure` once, into its non-None leaves and a function
    that rebuilds the structure from a list of new leaves in that order.

    The batch loop calls only the returned function, so no per-batch tree
    traversal is needed; a flat tuple of leaves packs with `tuple` itself.
    """
    leaves: list = []
    if isinstance(structure, tuple) and not hasattr(structure, "_fields"):
        if all(not tree.is_nested(s) and s is not None for s in structure):
            leaves.extend(structure)
            return leaves, tuple
    build = _builder(structure, leaves)
    return leaves, build


def _builder(s: Any, leaves: list) -> Callable[[list], Any]:
    if s is None:
        return lambda flat: None
    if isinstance(s, dict):
        keys = sorted(s)
        subs = [_builder(s[k], leaves) for k in keys]
        cls = type(s)
        return lambda flat: cls(zip(keys, [f(flat) for f in subs]))
    if isinstance(s, (list, tuple)):
        subs = [_builder(c, leaves) for c in s]
        if hasattr(s, "_fields"):
            cls = type(s)
            return lambda flat: cls(*[f(flat) for f in subs])
        if isinstance(s, list):
            return lambda flat: [f(flat) for f in subs]
        return lambda flat: tuple([f(flat) for f in subs])
    leaves.append(s)
    return operator.itemgetter(len(leaves) - 1)
