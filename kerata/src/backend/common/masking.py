"""Masks attached to real tensors, on every backend.

Layers such as `Embedding(mask_zero=True)` produce a mask along with their
output; the next layer finds it from the tensor alone. Not every array type
takes attributes (NumPy and JAX arrays don't), so masks live in a registry
keyed by the tensor's id, dropped when the tensor is freed.
"""

from __future__ import annotations

import weakref
from typing import Any

_MASKS: dict[int, tuple] = {}


def set_keras_mask(x: Any, mask: Any) -> None:
    key = id(x)
    if mask is None:
        _MASKS.pop(key, None)
        return
    try:
        ref = weakref.ref(x, lambda _, key=key: _MASKS.pop(key, None))
    except TypeError:
        return  # this array type cannot be weakly referenced
    _MASKS[key] = (ref, mask)


def get_keras_mask(x: Any) -> Any:
    if not _MASKS:
        return None
    entry = _MASKS.get(id(x))
    if entry is None or entry[0]() is not x:
        return None
    return entry[1]


def has_masks() -> bool:
    return bool(_MASKS)
