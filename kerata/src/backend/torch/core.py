"""Tensors, variables and control flow on PyTorch."""

from __future__ import annotations

import contextlib
from typing import Any

import numpy as np
import torch

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
    "get_device",
    "to_torch_dtype",
    "SUPPORTS_TRAINING",
    "SUPPORTS_SPARSE",
    "SUPPORTS_JIT",
    "IS_THREAD_SAFE",
    "DEFAULT_DEVICE",
]

SUPPORTS_TRAINING = True
SUPPORTS_SPARSE = False
SUPPORTS_JIT = True
IS_THREAD_SAFE = True

DEFAULT_DEVICE = "cuda" if torch.cuda.is_available() else "cpu"
_DEVICE = [torch.device(DEFAULT_DEVICE)]

_TORCH_DTYPES = {
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
    "float32": torch.float32,
    "float64": torch.float64,
    "uint8": torch.uint8,
    "uint16": torch.uint16,
    "uint32": torch.uint32,
    "uint64": torch.uint64,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "bool": torch.bool,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}
# Symbolic-shape inference runs ops on "meta" tensors; variables read in
# that mode hand out meta copies so no real memory is touched.
_META_MODE = [False]


def to_torch_dtype(dtype: Any) -> torch.dtype:
    if isinstance(dtype, torch.dtype):
        return dtype
    name = dtypes.standardize_dtype(dtype)
    try:
        return _TORCH_DTYPES[name]
    except KeyError:
        raise ValueError(f"The torch backend has no dtype {name!r}.") from None


def get_device() -> torch.device:
    """The device new tensors are created on."""
    return _DEVICE[-1]


@contextlib.contextmanager
def device_scope(device_name: str):
    """Creates new tensors on `device_name` ("cpu", "gpu:0", "cuda")."""
    name = str(device_name).lower().replace("gpu", "cuda")
    _DEVICE.append(torch.device(name))
    try:
        yield
    finally:
        _DEVICE.pop()


class Variable(VariableBase):
    __doc__ = VariableBase.__doc__

    def _initialize(self, value: Any) -> None:
        self._value = torch.nn.Parameter(
            value, requires_grad=self.trainable and value.is_floating_point()
        )

    def _direct_assign(self, value: Any) -> None:
        with torch.no_grad():
            self._value.copy_(value)

    def _convert_to_tensor(self, value: Any, dtype: str) -> Any:
        return convert_to_tensor(value, dtype=dtype)

    @property
    def value(self) -> Any:
        v = VariableBase.value.fget(self)
        if _META_MODE[0] and v.device.type != "meta":
            return torch.empty_like(v, device="meta")
        return v

    # `trainable` toggles requires_grad so frozen layers skip gradients.
    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        param = self.__dict__.get("_value")
        if param is not None and param.is_floating_point():
            param.requires_grad_(self._trainable)

    def __torch_function__(self, func, types, args=(), kwargs=None):
        # Lets torch functions take a Variable where a tensor is expected.
        args = [a.value if isinstance(a, Variable) else a for a in args]
        if kwargs:
            kwargs = {
                k: v.value if isinstance(v, Variable) else v
                for k, v in kwargs.items()
            }
        return func(*args, **(kwargs or {}))


def is_tensor(x: Any) -> bool:
    return isinstance(x, torch.Tensor)


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None) -> Any:
    if sparse:
        raise ValueError("The torch backend does not support sparse tensors.")
    if isinstance(x, torch.Tensor):
        if dtype is None:
            return x
        tdtype = to_torch_dtype(dtype)
        return x if x.dtype == tdtype else x.to(tdtype)
    if isinstance(x, Variable):
        x = x.value
        if dtype is None:
            return x
        tdtype = to_torch_dtype(dtype)
        return x if x.dtype == tdtype else x.to(tdtype)
    if isinstance(x, KerasTensor):
        raise TypeError(
            "A symbolic KerasTensor cannot be converted to a real tensor. "
            "Symbolic tensors stand for inputs of a functional model; call "
            "the model on data instead."
        )
    device = get_device()
    if _META_MODE[0]:
        device = torch.device("meta")
    if dtype is None:
        if isinstance(x, bool):
            return torch.tensor(x, dtype=torch.bool, device=device)
        if isinstance(x, int):
            return torch.tensor(x, dtype=torch.int32, device=device)
        if isinstance(x, float):
            return torch.tensor(
                x,
                dtype=to_torch_dtype(dtypes.standardize_dtype(None)),
                device=device,
            )
        if isinstance(x, (list, tuple)):
            x = np.asarray(x)
            if x.dtype == np.float64:
                x = x.astype(dtypes.standardize_dtype(None))
            elif x.dtype == np.int64:
                x = x.astype("int32")
        if not isinstance(x, np.ndarray):
            x = np.asarray(x)
        if x.dtype.kind in "US" or x.dtype == object:
            raise TypeError(
                f"Cannot convert {type(x).__name__} of dtype {x.dtype} to a "
                "torch tensor: only numeric and bool values are supported."
            )
        t = torch.from_numpy(np.ascontiguousarray(x))
        return t if device.type == "cpu" else t.to(device)
    tdtype = to_torch_dtype(dtype)
    if isinstance(x, np.ndarray):
        t = torch.from_numpy(np.ascontiguousarray(x))
        t = t.to(device=device, dtype=tdtype)
        return t
    if isinstance(x, (list, tuple)):
        x = np.asarray(x)
        return torch.from_numpy(np.ascontiguousarray(x)).to(
            device=device, dtype=tdtype
        )
    return torch.as_tensor(x, dtype=tdtype, device=device)


def convert_to_numpy(x: Any) -> np.ndarray:
    if isinstance(x, Variable):
        x = x.value
    if isinstance(x, torch.Tensor):
        x = x.detach()
        if x.device.type != "cpu":
            x = x.cpu()
        if x.dtype == torch.bfloat16:
            import ml_dtypes

            return x.float().numpy().astype(ml_dtypes.bfloat16)
        return x.numpy()
    if isinstance(x, (list, tuple)):
        return np.array([convert_to_numpy(e) for e in x])
    return np.asarray(x)


def shape(x: Any) -> tuple:
    return tuple(x.shape)


def cast(x: Any, dtype: Any) -> Any:
    tdtype = to_torch_dtype(dtype)
    if isinstance(x, Variable):
        x = x.value
    if isinstance(x, torch.Tensor):
        return x if x.dtype == tdtype else x.to(tdtype)
    return convert_to_tensor(x, dtype)


def compute_output_spec(fn, *args: Any, **kwargs: Any) -> Any:
    def make(x: KerasTensor, fill: int) -> torch.Tensor:
        return torch.empty(
            symbolic.placeholder_shape(x, fill),
            dtype=to_torch_dtype(x.dtype),
            device="meta",
        )

    def run(call):
        _META_MODE[0] = True
        try:
            with torch.no_grad(), torch.device("meta"):
                return call()
        finally:
            _META_MODE[0] = False

    def to_spec(t: torch.Tensor) -> KerasTensor:
        return KerasTensor(
            tuple(t.shape), dtype=dtypes.standardize_dtype(t.dtype)
        )

    try:
        return symbolic.run_symbolic(
            fn, args, kwargs, make, is_tensor, to_spec, run
        )
    except (NotImplementedError, RuntimeError):
        # Some kernels have no meta implementation: run on small real
        # tensors instead.
        def make_real(x: KerasTensor, fill: int) -> torch.Tensor:
            return torch.zeros(
                symbolic.placeholder_shape(x, fill),
                dtype=to_torch_dtype(x.dtype),
                device=get_device(),
            )

        def run_real(call):
            with torch.no_grad():
                return call()

        return symbolic.run_symbolic(
            fn, args, kwargs, make_real, is_tensor, to_spec, run_real
        )
