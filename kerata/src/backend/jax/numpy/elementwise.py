"""jax backend: elementwise math and logic."""

from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from kerata.src.backend.jax.numpy._common import _promote2


def add(x1: Any, x2: Any) -> Any:
    x1, x2 = _promote2(x1, x2)
    return jnp.add(x1, x2)
