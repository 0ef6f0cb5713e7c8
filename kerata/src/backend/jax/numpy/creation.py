"""jax backend: tensor creation."""

from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from kerata.src.backend.common import dtypes


def ones(shape: Any, dtype: Any = None) -> Any:
    return jnp.ones(shape, dtype=dtypes.standardize_dtype(dtype))


def zeros(shape: Any, dtype: Any = None) -> Any:
    return jnp.zeros(shape, dtype=dtypes.standardize_dtype(dtype))
