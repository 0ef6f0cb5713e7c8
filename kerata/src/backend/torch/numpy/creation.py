"""torch backend: tensor creation."""

from __future__ import annotations

from typing import Any

import torch

from kerata.src.backend.torch.core import get_device
from kerata.src.backend.torch.core import to_torch_dtype
from kerata.src.backend.torch.numpy._common import _shape


def ones(shape: Any, dtype: Any = None) -> Any:
    return torch.ones(
        _shape(shape), dtype=to_torch_dtype(dtype), device=get_device()
    )


def zeros(shape: Any, dtype: Any = None) -> Any:
    return torch.zeros(
        _shape(shape), dtype=to_torch_dtype(dtype), device=get_device()
    )
