"""`to_categorical` and `normalize`: small NumPy helpers for labels and
feature vectors."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src import ops
from kerata.src.api_export import kerata_export


@kerata_export("kerata.utils.to_categorical")
def to_categorical(x: Any, num_classes: int | None = None) -> Any:
    """Converts integer class labels to one-hot rows.

    Use it to turn sparse labels into targets for
    `categorical_crossentropy`. A trailing axis of size 1 is dropped first,
    so labels of shape `(n, 1)` give `(n, num_classes)`.

    Args:
        x: Array-like of class indices in `[0, num_classes)` (any shape), or
            a backend tensor.
        num_classes: Number of classes. `None` infers `max(x) + 1`.

    Returns:
        A float64 NumPy array of shape `x.shape + (num_classes,)` (a
        backend tensor, from `kerata.ops.one_hot`, when `x` is a tensor).

    Raises:
        ValueError: If `x` is ragged, not integer-like, or holds a class
            outside `[0, num_classes)`.

    Example:

    >>> kerata.utils.to_categorical([0, 2, 1], num_classes=3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    if ops.is_tensor(x):
        shape = tuple(x.shape)
        if len(shape) > 1 and shape[-1] == 1:
            x = ops.reshape(x, shape[:-1])
        return ops.one_hot(x, num_classes)
    labels = _as_int_labels(x)
    shape = labels.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    labels = labels.reshape(-1)
    if num_classes is None:
        num_classes = int(labels.max()) + 1 if labels.size else 0
    _check_label_range(labels, num_classes)
    categorical = np.zeros((labels.size, num_classes))
    categorical[np.arange(labels.size), labels] = 1
    return categorical.reshape(shape + (num_classes,))


def _as_int_labels(x: Any) -> np.ndarray:
    try:
        return np.asarray(x).astype("int64")
    except (ValueError, TypeError) as error:
        raise ValueError(
            "`x` must be a rectangular array-like of integer class labels "
            f"(every row the same length). Received: x={str(x)[:200]} "
            f"({error})"
        ) from error


def _check_label_range(labels: np.ndarray, num_classes: Any) -> None:
    if isinstance(num_classes, bool) or not isinstance(
        num_classes, (int, np.integer)
    ):
        raise TypeError(
            "`num_classes` must be a positive int or None. "
            f"Received: num_classes={num_classes!r}"
        )
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"Class labels must lie in [0, num_classes={num_classes}). "
            f"Received labels from {labels.min()} to {labels.max()}. Pass a "
            "larger `num_classes` or remap the labels."
        )


@kerata_export("kerata.utils.normalize")
def normalize(x: Any, axis: int = -1, order: int = 2) -> Any:
    """Scales vectors of `x` to unit norm along `axis`.

    Vectors of norm zero are left unchanged (divided by 1) instead of
    producing NaNs.

    Args:
        x: NumPy array (a NumPy array is returned) or backend tensor (a
            tensor is returned, from `kerata.ops.normalize`).
        axis: Axis holding the vectors.
        order: Order of the norm (`2` for L2, `1` for L1, ...).

    Returns:
        A normalized copy of `x`.

    Example:

    >>> import numpy as np
    >>> kerata.utils.normalize(np.array([[3.0, 4.0], [0.0, 0.0]])).tolist()
    [[0.6, 0.8], [0.0, 0.0]]
    """
    if not isinstance(x, np.ndarray):
        return ops.normalize(x, axis=axis, order=order)
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    # np.linalg.norm has no axis=None form for this use: Keras reads it -1.
    axis = -1 if axis is None else axis
    return x / np.expand_dims(norm, axis)
