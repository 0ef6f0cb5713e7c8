"""Tensors and variables on NumPy."""

from __future__ import annotations

import contextlib
from typing import Any

import numpy as np

from kerata.src.backend.common import dtypes
from kerata.src.backend.common import symbolic
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.backend.common.variables import VariableBase

__all__ = [
    "Variable",
    "convert_to_tensor",
    "convert_to_numpy",
    "is_tensor",
    "shape",
    "cast",
    "compute_output_spec",
    "device_scope",
    "SUPPORTS_TRAINING",
    "SUPPORTS_SPARSE",
    "SUPPORTS_JIT",
    "IS_THREAD_SAFE",
]

SUPPORTS_TRAINING = False
SUPPORTS_SPARSE = False
SUPPORTS_JIT = False
IS_THREAD_SAFE = True


def _np_dtype(dtype: Any) -> Any:
    name = dtypes.standardize_dtype(dtype)
    if name == "bfloat16":
        try:
            import ml_dtypes
        except ImportError:
            raise ValueError(
                "bfloat16 on the numpy backend needs the ml_dtypes package: "
                "pip install ml_dtypes"
            ) from None
        return ml_dtypes.bfloat16
    return np.dtype(name)


class Variable(VariableBase):
    __doc__ = VariableBase.__doc__

    def _initialize(self, value: Any) -> None:
        self._value = value

    def _direct_assign(self, value: Any) -> None:
        self._value = value

    def _convert_to_tensor(self, value: Any, dtype: str) -> Any:
        return convert_to_tensor(value, dtype=dtype)


def is_tensor(x: Any) -> bool:
    return isinstance(x, (np.ndarray, np.generic))


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None) -> Any:
    if sparse:
        raise ValueError("The numpy backend does not support sparse tensors.")
    if isinstance(x, Variable):
        x = x.value
    if isinstance(x, KerasTensor):
        raise TypeError(
            "A symbolic KerasTensor cannot be converted to a real tensor. "
            "Call the model on data instead."
        )
    if dtype is not None:
        dtype = _np_dtype(dtype)
        if isinstance(x, np.ndarray) and x.dtype == dtype:
            return x
        return np.asarray(x, dtype=dtype)
    if isinstance(x, np.ndarray):
        return x
    if isinstance(x, bool):
        return np.asarray(x, dtype=bool)
    if isinstance(x, int):
        return np.asarray(x, dtype="int32")
    if isinstance(x, float):
        return np.asarray(x, dtype=dtypes.standardize_dtype(None))
    if hasattr(x, "__array__") or hasattr(x, "numpy"):
        if not hasattr(x, "__array__"):
            x = x.numpy()
        return np.asarray(x)
    out = np.asarray(x)
    if isinstance(x, (list, tuple)):
        if out.dtype == np.float64:
            out = out.astype(dtypes.standardize_dtype(None))
        elif out.dtype == np.int64:
            out = out.astype("int32")
    if out.dtype.kind in "US" or out.dtype == object:
        raise TypeError(
            f"Cannot convert {type(x).__name__} of dtype {out.dtype} to a "
            "tensor: only numeric and bool values are supported."
        )
    return out


def convert_to_numpy(x: Any) -> np.ndarray:
    if isinstance(x, Variable):
        x = x.value
    return np.asarray(x)


def shape(x: Any) -> tuple:
    return tuple(np.shape(x))


def cast(x: Any, dtype: Any) -> Any:
    return convert_to_tensor(x, dtype=dtype)


@contextlib.contextmanager
def device_scope(device_name: str):
    if not str(device_name).lower().startswith("cpu"):
        raise ValueError(
            "The numpy backend runs on the CPU only. "
            f"Received: device_name={device_name!r}"
        )
    yield


def compute_output_spec(fn, *args: Any, **kwargs: Any) -> Any:
    # NumPy has no abstract evaluation, so run on zeros of the right shape.
    def make(x: KerasTensor, fill: int) -> np.ndarray:
        return np.zeros(
            symbolic.placeholder_shape(x, fill), dtype=_np_dtype(x.dtype)
        )

    def to_spec(t: Any) -> KerasTensor:
        return KerasTensor(np.shape(t), dtype=dtypes.standardize_dtype(t.dtype))

    return symbolic.run_symbolic(fn, args, kwargs, make, is_tensor, to_spec)
