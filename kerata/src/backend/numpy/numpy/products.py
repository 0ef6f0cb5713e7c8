"""numpy backend: matrix and tensor products."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src.backend.numpy.numpy._common import _promote2


def matmul(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return np.matmul(x1, x2)
