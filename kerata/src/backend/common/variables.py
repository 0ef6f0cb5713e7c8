"""The backend-neutral part of `kerata.Variable`.

Each backend subclasses `VariableBase` in its `core.py` and provides three
methods: `_initialize(value)`, `_direct_assign(value)` and
`_convert_to_tensor(value, dtype)`. Everything else (naming, paths,
stateless scopes, arithmetic) is shared here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src.backend.common import dtypes
from kerata.src.backend.common import global_state
from kerata.src.backend.common import stateless_scope
from kerata.src.backend.common.keras_tensor import standardize_shape

_CURRENT = stateless_scope._CURRENT
# Compute dtypes of the mixed-precision layers being called: float
# variables read inside are cast to the innermost one.
AUTOCAST: list = []


class VariableBase:
    """A mutable tensor: layer weights and optimizer state.

    Args:
        initializer: An initializer (name, callable `(shape, dtype)`) or an
            initial value (array, tensor, Python number or list).
        shape: Shape; required when `initializer` is callable.
        dtype: Dtype name; defaults to the value's dtype, else floatx.
        trainable: Whether gradients are taken for this variable.
        autocast: Whether mixed-precision layers may cast it on read.
        aggregation: Kept for Keras compatibility ("none", "mean", "sum",
            "only_first_replica").
        synchronization: Kept for Keras compatibility.
        name: Name; its path is the current name scope plus this name.

    Example:

    >>> v = kerata.Variable([1.0, 2.0], name="w")
    >>> v.assign_add([1.0, 1.0]).numpy().tolist()
    [2.0, 3.0]
    >>> v.shape, v.dtype, v.path
    ((2,), 'float32', 'w')
    """

    def __init__(
        self,
        initializer: Any,
        shape: Any = None,
        dtype: Any = None,
        trainable: bool = True,
        autocast: bool = True,
        aggregation: str = "none",
        synchronization: str = "auto",
        name: str | None = None,
    ) -> None:
        if name is None:
            name = global_state.auto_name("variable")
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                "A variable name must be a str without '/'. "
                f"Received: name={name!r}"
            )
        self._name = name
        parent = global_state.current_path()
        self._path = f"{parent}/{name}" if parent else name
        self.trainable = bool(trainable)
        self._autocast = autocast
        self._aggregation = aggregation
        self._synchronization = synchronization
        if isinstance(initializer, str):
            from kerata.src import initializers

            initializer = initializers.get(initializer)
        if callable(initializer):
            if shape is None:
                raise ValueError(
                    f"Variable {self._path!r}: an initializer "
                    f"{initializer!r} needs a `shape`. Pass shape=..."
                )
            shape = standardize_shape(shape)
            if None in shape:
                raise ValueError(
                    f"Variable {self._path!r}: shapes must be fully "
                    f"defined. Received shape={shape}"
                )
            self._dtype = dtypes.standardize_dtype(dtype)
            value = initializer(shape, dtype=self._dtype)
        else:
            value = initializer
            if isinstance(value, np.ndarray):
                # Owned by the caller: updating the variable in place must
                # not change it (the backends would share its memory).
                value = value.copy()
            if dtype is None:
                dtype = _infer_dtype(value)
            self._dtype = dtypes.standardize_dtype(dtype)
        value = self._convert_to_tensor(value, self._dtype)
        if shape is not None:
            shape = standardize_shape(shape)
            if tuple(value.shape) != shape:
                raise ValueError(
                    f"Variable {self._path!r}: the initial value has shape "
                    f"{tuple(value.shape)}, but shape={shape} was passed."
                )
        self._shape = tuple(int(d) for d in value.shape)
        self._initialize(value)

    # --- backend hooks ---------------------------------------------------
    def _initialize(self, value: Any) -> None:
        raise NotImplementedError

    def _direct_assign(self, value: Any) -> None:
        raise NotImplementedError

    def _convert_to_tensor(self, value: Any, dtype: str) -> Any:
        raise NotImplementedError

    # --- reading -----------------------------------------------------------
    @property
    def value(self) -> Any:
        """The current value as a backend tensor."""
        v = self._value
        if _CURRENT:
            mapped = _CURRENT[-1].get_current_value(self)
            if mapped is not None:
                v = mapped
        if AUTOCAST and self._autocast:
            target = AUTOCAST[-1]
            if self._dtype != target and self._dtype in dtypes.FLOAT_TYPES:
                return self._convert_to_tensor(v, target)
        return v

    def numpy(self) -> Any:
        from kerata.src import backend

        return backend.convert_to_numpy(self.value)

    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        import numpy as np

        out = np.asarray(self.numpy())
        return out.astype(dtype) if dtype is not None else out

    @property
    def name(self) -> str:
        return self._name

    @property
    def path(self) -> str:
        return self._path

    @property
    def dtype(self) -> str:
        """The dtype reads give: the compute dtype of a mixed-precision
        layer inside its call, else the stored dtype."""
        if AUTOCAST and self._autocast and self._dtype in dtypes.FLOAT_TYPES:
            return AUTOCAST[-1]
        return self._dtype

    @property
    def shape(self) -> tuple:
        return self._shape

    @property
    def ndim(self) -> int:
        return len(self._shape)

    @property
    def aggregation(self) -> str:
        return self._aggregation

    @property
    def synchronization(self) -> str:
        return self._synchronization

    @property
    def autocast(self) -> bool:
        return self._autocast

    def __repr__(self) -> str:
        return (
            f"<Variable path={self._path}, shape={self._shape}, "
            f"dtype={self._dtype}>"
        )

    # --- writing -----------------------------------------------------------
    def assign(self, value: Any) -> VariableBase:
        """Sets the variable's value; the shape must match."""
        value = self._convert_to_tensor(value, self._dtype)
        if tuple(value.shape) != self._shape:
            raise ValueError(
                f"Cannot assign a value of shape {tuple(value.shape)} to "
                f"variable {self._path!r} of shape {self._shape}."
            )
        if _CURRENT:
            _CURRENT[-1].add_update(self, value)
        else:
            self._direct_assign(value)
        return self

    def assign_add(self, value: Any) -> VariableBase:
        """Adds `value` to the variable."""
        return self.assign(
            self.value + self._convert_to_tensor(value, self._dtype)
        )

    def assign_sub(self, value: Any) -> VariableBase:
        """Subtracts `value` from the variable."""
        return self.assign(
            self.value - self._convert_to_tensor(value, self._dtype)
        )

    # --- arithmetic through ops ----------------------------------------------
    def _op(self, name: str, *args: Any) -> Any:
        from kerata.src import ops

        return getattr(ops, name)(*args)

    def __add__(self, other):
        return self._op("add", self, other)

    def __radd__(self, other):
        return self._op("add", other, self)

    def __sub__(self, other):
        return self._op("subtract", self, other)

    def __rsub__(self, other):
        return self._op("subtract", other, self)

    def __mul__(self, other):
        return self._op("multiply", self, other)

    def __rmul__(self, other):
        return self._op("multiply", other, self)

    def __truediv__(self, other):
        return self._op("true_divide", self, other)

    def __rtruediv__(self, other):
        return self._op("true_divide", other, self)

    def __pow__(self, other):
        return self._op("power", self, other)

    def __rpow__(self, other):
        return self._op("power", other, self)

    def __matmul__(self, other):
        return self._op("matmul", self, other)

    def __rmatmul__(self, other):
        return self._op("matmul", other, self)

    def __neg__(self):
        return self._op("negative", self)

    def __abs__(self):
        return self._op("absolute", self)

    def __lt__(self, other):
        return self._op("less", self, other)

    def __le__(self, other):
        return self._op("less_equal", self, other)

    def __gt__(self, other):
        return self._op("greater", self, other)

    def __ge__(self, other):
        return self._op("greater_equal", self, other)

    def __getitem__(self, key):
        return self.value[key]

    def __len__(self) -> int:
        return self._shape[0]

    def __float__(self) -> float:
        return float(self.numpy())

    def __int__(self) -> int:
        return int(self.numpy())

    def __bool__(self) -> bool:
        return bool(self.numpy())


def _infer_dtype(value: Any) -> Any:
    """Arrays and tensors keep their dtype; Python ints become int32, bools
    bool, and Python floats and nested lists floatx."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int32"
    if hasattr(value, "dtype"):
        return dtypes.standardize_dtype(value.dtype)
    return None
