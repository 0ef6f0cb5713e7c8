"""numpy backend: tensor creation."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src.backend.numpy.core import _np_dtype


def ones(shape: Any, dtype: Any = None) -> Any:
    return np.ones(shape, dtype=_np_dtype(dtype))


def zeros(shape: Any, dtype: Any = None) -> Any:
    return np.zeros(shape, dtype=_np_dtype(dtype))
