"""numpy backend: elementwise math and logic."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src.backend.numpy.numpy._common import _promote2


def add(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return np.add(x1, x2)
