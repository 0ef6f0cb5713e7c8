"""Initializers whose values do not depend on a seed."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.initializers.initializer import Initializer


@kerata_export("kerata.initializers.Constant", "kerata.initializers.constant")
class Constant(Initializer):
    """Fills tensors with a constant value.

    Args:
        value: A Python scalar, or an array that broadcasts to the shapes
            it will be called with.

    Example:

    >>> init = kerata.initializers.Constant(3.0)
    >>> kerata.ops.convert_to_numpy(init((2, 2))).tolist()
    [[3.0, 3.0], [3.0, 3.0]]
    """

    def __init__(self, value: Any = 0.0) -> None:
        self.value = value

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        dtype = backend.standardize_dtype(dtype)
        if isinstance(self.value, (int, float, bool)):
            return ops.full(shape, self.value, dtype=dtype)
        return ops.multiply(
            ops.cast(self.value, dtype), ops.ones(shape, dtype=dtype)
        )

    def get_config(self) -> dict:
        value = self.value
        if isinstance(value, (int, float, bool, type(None))):
            return {"value": value}
        # Arrays and tensors in Keras's tagged format.
        kind = "__numpy__" if isinstance(value, np.ndarray) else "__tensor__"
        array = np.asarray(ops.convert_to_numpy(value))
        return {
            "value": {
                "class_name": kind,
                "config": {
                    "value": array.tolist(),
                    "dtype": backend.standardize_dtype(array.dtype),
                },
            }
        }

    @classmethod
    def from_config(cls, config: dict) -> Constant:
        value = config.get("value", 0.0)
        if isinstance(value, dict):
            inner = value.get("config", {})
            value = np.asarray(inner["value"], dtype=inner.get("dtype"))
        return cls(value)


@kerata_export("kerata.initializers.Zeros", "kerata.initializers.zeros")
class Zeros(Initializer):
    """Fills tensors with 0.

    Example:

    >>> init = kerata.initializers.Zeros()
    >>> kerata.ops.convert_to_numpy(init((2,), dtype="int32")).tolist()
    [0, 0]
    """

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        return ops.zeros(shape, dtype=backend.standardize_dtype(dtype))


@kerata_export("kerata.initializers.Ones", "kerata.initializers.ones")
class Ones(Initializer):
    """Fills tensors with 1.

    Example:

    >>> init = kerata.initializers.Ones()
    >>> kerata.ops.convert_to_numpy(init((2,))).tolist()
    [1.0, 1.0]
    """

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        return ops.ones(shape, dtype=backend.standardize_dtype(dtype))


@kerata_export(
    "kerata.initializers.Identity",
    "kerata.initializers.identity",
    "kerata.initializers.IdentityInitializer",
)
class Identity(Initializer):
    """Fills 2D tensors with a (possibly rectangular) identity matrix
    times `gain`.

    Args:
        gain: Factor applied to the identity matrix. Defaults to `1.0`.

    Example:

    >>> init = kerata.initializers.Identity(gain=2.0)
    >>> kerata.ops.convert_to_numpy(init((2, 3))).tolist()
    [[2.0, 0.0, 0.0], [0.0, 2.0, 0.0]]
    """

    def __init__(self, gain: float = 1.0) -> None:
        self.gain = gain

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        if len(shape) != 2:
            raise ValueError(
                "Identity initializes only 2D tensors (matrices). Received: "
                f"shape={tuple(shape)} of rank {len(shape)}."
            )
        dtype = backend.standardize_dtype(dtype)
        eye = ops.eye(shape[0], shape[1], dtype=dtype)
        return eye if self.gain == 1 else ops.multiply(eye, self.gain)

    def get_config(self) -> dict:
        return {"gain": self.gain}
