"""torch backend: matrix and tensor products."""

from __future__ import annotations

from typing import Any

import torch

from kerata.src.backend.torch.numpy._common import _promote2


def matmul(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return torch.matmul(x1, x2)
