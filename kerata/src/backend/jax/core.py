"""Tensors and variables on JAX."""

from __future__ import annotations

import contextlib
from typing import Any

import jax
import jax.numpy as jnp
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

SUPPORTS_TRAINING = True
SUPPORTS_SPARSE = False
SUPPORTS_JIT = True
IS_THREAD_SAFE = True

# kerata follows Keras: int64 and float64 exist on every backend.
jax.config.update("jax_enable_x64", True)


def _jnp_dtype(dtype: Any) -> Any:
    return jnp.dtype(dtypes.standardize_dtype(dtype))


class Variable(VariableBase):
    __doc__ = VariableBase.__doc__

    def _initialize(self, value: Any) -> None:
        self._value = value

    def _direct_assign(self, value: Any) -> None:
        self._value = value

    def _convert_to_tensor(self, value: Any, dtype: str) -> Any:
        return convert_to_tensor(value, dtype=dtype)

    # JAX treats objects with __jax_array__ as arrays.
    def __jax_array__(self) -> Any:
        return self.value


def is_tensor(x: Any) -> bool:
    return isinstance(x, jax.Array)


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None) -> Any:
    if sparse:
        raise ValueError("The jax backend does not support sparse tensors.")
    if isinstance(x, Variable):
        x = x.value
    elif isinstance(x, KerasTensor):
        raise TypeError(
            "A symbolic KerasTensor cannot be converted to a real tensor. "
            "Call the model on data instead."
        )
    if dtype is not None:
        dtype = _jnp_dtype(dtype)
        if isinstance(x, jax.Array) and x.dtype == dtype:
            return x
        return jnp.asarray(x, dtype=dtype)
    if isinstance(x, jax.Array):
        return x
    if isinstance(x, bool):
        return jnp.asarray(x, dtype=bool)
    if isinstance(x, int):
        return jnp.asarray(x, dtype="int32")
    if isinstance(x, float):
        return jnp.asarray(x, dtype=dtypes.standardize_dtype(None))
    if isinstance(x, (list, tuple)):
        arr = np.asarray(x)
        if arr.dtype == np.float64:
            arr = arr.astype(dtypes.standardize_dtype(None))
        elif arr.dtype == np.int64:
            arr = arr.astype("int32")
        x = arr
    if isinstance(x, np.ndarray) and (
        x.dtype.kind in "US" or x.dtype == object
    ):
        raise TypeError(
            f"Cannot convert an array of dtype {x.dtype} to a jax array: "
            "only numeric and bool values are supported."
        )
    return jnp.asarray(x)


def convert_to_numpy(x: Any) -> np.ndarray:
    if isinstance(x, Variable):
        x = x.value
    return np.asarray(x)


def shape(x: Any) -> tuple:
    return tuple(x.shape)


def cast(x: Any, dtype: Any) -> Any:
    return convert_to_tensor(x, dtype=dtype)


@contextlib.contextmanager
def device_scope(device_name: str):
    name = str(device_name).lower()
    kind, _, index = name.partition(":")
    devices = jax.devices(kind if kind != "cuda" else "gpu")
    with jax.default_device(devices[int(index or 0)]):
        yield


def compute_output_spec(fn, *args: Any, **kwargs: Any) -> Any:
    # Placeholders are traced as arguments of jax.eval_shape, so nothing
    # is computed.
    def to_spec(t: Any) -> KerasTensor:
        return KerasTensor(
            tuple(t.shape), dtype=dtypes.standardize_dtype(t.dtype)
        )

    return _eval_shape(fn, args, kwargs, to_spec)


def _eval_shape(fn, args, kwargs, to_spec):
    from kerata.src import tree
    from kerata.src.backend.common.stateless_scope import StatelessScope

    leaves = tree.flatten((args, kwargs))
    has_unknown = any(
        isinstance(x, KerasTensor) and None in x.shape for x in leaves
    )

    def run_with(fill):
        positions = [
            i for i, x in enumerate(leaves) if isinstance(x, KerasTensor)
        ]
        specs = [
            jax.ShapeDtypeStruct(
                symbolic.placeholder_shape(leaves[i], fill),
                _jnp_dtype(leaves[i].dtype),
            )
            for i in positions
        ]

        def traced(*tensors):
            flat = list(leaves)
            for i, t in zip(positions, tensors):
                flat[i] = t
            a, k = tree.pack_sequence_as((args, kwargs), flat)
            with StatelessScope():
                return fn(*a, **k)

        out = jax.eval_shape(traced, *specs)
        return tree.map_structure(
            lambda y: (
                to_spec(y)
                if isinstance(y, (jax.ShapeDtypeStruct, jax.Array))
                else y
            ),
            out,
        )

    first = run_with(symbolic.FILLS[0])
    if not has_unknown:
        return first
    second = run_with(symbolic.FILLS[1])

    def merge(a, b):
        if not isinstance(a, KerasTensor):
            return a
        shape = tuple(x if x == y else None for x, y in zip(a.shape, b.shape))
        return KerasTensor(shape, dtype=a.dtype)

    return tree.map_structure(merge, first, second)
