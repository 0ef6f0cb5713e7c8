"""Weight initializers. (Temporary minimal version; being replaced.)"""

from typing import Any

import numpy as np

from kerata.src import backend


def _glorot_uniform(shape, dtype=None):
    fan_in = shape[-2] if len(shape) >= 2 else shape[0] if shape else 1
    fan_out = shape[-1] if shape else 1
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return backend.convert_to_tensor(
        np.random.uniform(-limit, limit, shape), dtype=dtype
    )


def _zeros(shape, dtype=None):
    return backend.convert_to_tensor(np.zeros(shape), dtype=dtype)


def _ones(shape, dtype=None):
    return backend.convert_to_tensor(np.ones(shape), dtype=dtype)


_BY_NAME = {"glorot_uniform": _glorot_uniform, "zeros": _zeros, "ones": _ones}


def get(identifier: Any):
    if identifier is None:
        return None
    if callable(identifier):
        return identifier
    return _BY_NAME[identifier]
