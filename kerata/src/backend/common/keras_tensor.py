"""Symbolic tensors: a shape and a dtype, no values.

A `KerasTensor` stands for a tensor while a functional model is being
defined. Ops given one return one, with the output shape and dtype inferred
without computing (see `ops.operation`). `_history` records which operation
made it, so a graph can be walked from outputs back to inputs.
"""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.backend.common import dtypes


@kerata_export("kerata.KerasTensor")
class KerasTensor:
    """A symbolic tensor: shape and dtype, produced by `kerata.Input`.

    Args:
        shape: Tuple of ints or None (unknown sizes).
        dtype: Dtype name; None means floatx.
        sparse: Whether the tensor stands for a sparse tensor.
        name: Optional name.

    Example:

    >>> x = kerata.KerasTensor((None, 3))
    >>> x.shape, x.dtype
    ((None, 3), 'float32')
    """

    __slots__ = (
        "shape",
        "dtype",
        "sparse",
        "name",
        "_history",
        "_mask",
        "__weakref__",
    )

    def __init__(
        self,
        shape: Any,
        dtype: Any = None,
        sparse: bool = False,
        name: str | None = None,
    ) -> None:
        self.shape = standardize_shape(shape)
        self.dtype = dtypes.standardize_dtype(dtype)
        self.sparse = bool(sparse)
        self.name = name
        self._history = None  # (operation, node_index, tensor_index)
        self._mask = None

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __repr__(self) -> str:
        name = f", name={self.name}" if self.name else ""
        return f"<KerasTensor shape={self.shape}, dtype={self.dtype}{name}>"

    def __len__(self) -> int:
        if not self.shape or self.shape[0] is None:
            raise TypeError(
                "A symbolic tensor with an unknown first dimension has no "
                f"len(). Received shape: {self.shape}"
            )
        return self.shape[0]

    def __iter__(self):
        raise TypeError(
            "A symbolic KerasTensor cannot be iterated over. Use ops on it "
            "(e.g. kerata.ops.unstack) or iterate over real tensors."
        )

    def __bool__(self) -> bool:
        raise TypeError(
            "A symbolic KerasTensor has no truth value: it holds no data. "
            "Use kerata.ops.cond or kerata.ops.where for data-dependent "
            "choices."
        )

    def __array__(self, *args, **kwargs):
        raise TypeError(
            "A symbolic KerasTensor cannot be converted to a NumPy array: it "
            "holds no data. It stands for a tensor inside a functional model; "
            "call the model on real data instead."
        )

    # Arithmetic routes through kerata.ops so it builds graph nodes.
    def _op(self, name, *args):
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

    def __floordiv__(self, other):
        return self._op("floor_divide", self, other)

    def __rfloordiv__(self, other):
        return self._op("floor_divide", other, self)

    def __mod__(self, other):
        return self._op("mod", self, other)

    def __rmod__(self, other):
        return self._op("mod", other, self)

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

    def __pos__(self):
        return self

    def __abs__(self):
        return self._op("absolute", self)

    def __invert__(self):
        return self._op("logical_not", self)

    def __lt__(self, other):
        return self._op("less", self, other)

    def __le__(self, other):
        return self._op("less_equal", self, other)

    def __gt__(self, other):
        return self._op("greater", self, other)

    def __ge__(self, other):
        return self._op("greater_equal", self, other)

    def __and__(self, other):
        return self._op("logical_and", self, other)

    def __or__(self, other):
        return self._op("logical_or", self, other)

    def __xor__(self, other):
        return self._op("logical_xor", self, other)

    def __getitem__(self, key):
        return self._op("get_item", self, key)

    def reshape(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = shape[0]
        return self._op("reshape", self, shape)

    @property
    def T(self):
        return self._op("transpose", self)

    def numpy(self):
        raise TypeError(
            "A symbolic KerasTensor holds no values, so it has no .numpy(). "
            "Call the model on real data to get arrays."
        )


def standardize_shape(shape: Any) -> tuple:
    """Returns `shape` as a tuple of non-negative ints or None."""
    if shape is None:
        raise ValueError("A shape cannot be None. Use () for a scalar.")
    if hasattr(shape, "as_list"):  # tf.TensorShape
        shape = shape.as_list()
    if isinstance(shape, int):
        shape = (shape,)
    try:
        dims = tuple(shape)
    except TypeError:
        raise ValueError(
            f"Cannot interpret {shape!r} as a shape: expected a tuple of "
            "ints or None."
        ) from None
    out = []
    for d in dims:
        if d is None:
            out.append(None)
            continue
        if hasattr(d, "__index__") and not isinstance(d, bool):
            d = int(d)
            if d < 0:
                raise ValueError(
                    f"Negative dimensions are not allowed. Received: {shape}"
                )
            out.append(d)
            continue
        raise ValueError(
            f"Cannot interpret {shape!r} as a shape: dimension {d!r} is not "
            "an int or None."
        )
    return tuple(out)


def is_keras_tensor(x: Any) -> bool:
    return isinstance(x, KerasTensor)


def any_symbolic_tensors(args: tuple = (), kwargs: dict | None = None) -> bool:
    """Whether any argument, or any item of a list, tuple or dict argument,
    is a KerasTensor. Looks two levels deep, which covers every op's
    signature, without the cost of a full tree flatten. Runs on every op
    and layer call, so the common case (real tensors) costs one `type()`
    per argument."""
    for a in args:
        t = type(a)
        if t is KerasTensor:
            return True
        if (t is list or t is tuple or t is dict) and _is_symbolic(a):
            return True
    if kwargs:
        for a in kwargs.values():
            t = type(a)
            if t is KerasTensor:
                return True
            if (t is list or t is tuple or t is dict) and _is_symbolic(a):
                return True
    return False


def _is_symbolic(a: Any) -> bool:
    if isinstance(a, dict):
        return any(isinstance(b, KerasTensor) for b in a.values())
    for b in a:
        if isinstance(b, KerasTensor):
            return True
        if isinstance(b, (list, tuple)) and any(
            isinstance(c, KerasTensor) for c in b
        ):
            return True
    return False
