"""Weight constraints: `kerata.constraints.*`, projections applied to a
variable after each optimizer update."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export


def _norms(w: Any, axis: Any) -> Any:
    return ops.sqrt(ops.sum(ops.square(w), axis=axis, keepdims=True))


@kerata_export("kerata.constraints.Constraint")
class Constraint:
    """Base class of weight constraints: callables `w = constraint(w)`.

    After each optimizer step the variable is replaced by the constraint's
    output, e.g. clipped or renormalised. The base class returns `w`
    unchanged; subclasses override `__call__` (and `get_config()` if their
    constructor takes arguments).

    Example:

    >>> class Clip(kerata.constraints.Constraint):
    ...     def __call__(self, w):
    ...         return kerata.ops.clip(w, -1.0, 1.0)
    >>> w = kerata.ops.convert_to_tensor([-3.0, 0.5])
    >>> kerata.ops.convert_to_numpy(Clip()(w)).tolist()
    [-1.0, 0.5]
    """

    def __call__(self, w: Any) -> Any:
        """Returns the constrained value of `w`."""
        return w

    def get_config(self) -> dict:
        """Returns the constructor arguments as a JSON-serializable dict."""
        return {}

    @classmethod
    def from_config(cls, config: dict) -> Constraint:
        """Builds a constraint from the output of `get_config()`."""
        return cls(**config)


@kerata_export("kerata.constraints.MaxNorm", "kerata.constraints.max_norm")
class MaxNorm(Constraint):
    """Caps the L2 norm of each weight vector at `max_value`.

    The norm is taken over `axis`: for a `Dense` kernel
    `(input_dim, units)`, `axis=0` constrains the incoming weights of each
    unit; for a `Conv2D` kernel `(rows, cols, in, out)`, `axis=[0, 1, 2]`
    constrains each filter.

    Args:
        max_value: Largest allowed norm. Defaults to `2`.
        axis: Int or list of ints, the axes of each vector. Defaults to `0`.

    Example:

    >>> w = kerata.ops.convert_to_tensor([[3.0, 0.5], [4.0, 0.0]])
    >>> out = kerata.constraints.MaxNorm(max_value=1.0)(w)
    >>> [[round(v, 4) for v in row] for row in
    ...  kerata.ops.convert_to_numpy(out).tolist()]
    [[0.6, 0.5], [0.8, 0.0]]
    """

    def __init__(self, max_value: float = 2, axis: Any = 0) -> None:
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w: Any) -> Any:
        norms = _norms(w, self.axis)
        desired = ops.clip(norms, 0.0, self.max_value)
        return ops.multiply(
            w, ops.divide(desired, ops.add(norms, backend.epsilon()))
        )

    def get_config(self) -> dict:
        return {"max_value": self.max_value, "axis": self.axis}


@kerata_export("kerata.constraints.NonNeg", "kerata.constraints.non_neg")
class NonNeg(Constraint):
    """Sets negative weights to 0.

    Example:

    >>> w = kerata.ops.convert_to_tensor([-1.0, 2.0])
    >>> kerata.ops.convert_to_numpy(kerata.constraints.NonNeg()(w)).tolist()
    [0.0, 2.0]
    """

    def __call__(self, w: Any) -> Any:
        return ops.maximum(w, 0.0)


@kerata_export("kerata.constraints.UnitNorm", "kerata.constraints.unit_norm")
class UnitNorm(Constraint):
    """Scales each weight vector to unit L2 norm.

    Args:
        axis: Int or list of ints, the axes of each vector (see `MaxNorm`).
            Defaults to `0`.

    Example:

    >>> w = kerata.ops.convert_to_tensor([[3.0], [4.0]])
    >>> out = kerata.constraints.UnitNorm()(w)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(out)[:, 0].tolist()]
    [0.6, 0.8]
    """

    def __init__(self, axis: Any = 0) -> None:
        self.axis = axis

    def __call__(self, w: Any) -> Any:
        norms = _norms(w, self.axis)
        return ops.divide(w, ops.add(norms, backend.epsilon()))

    def get_config(self) -> dict:
        return {"axis": self.axis}


@kerata_export(
    "kerata.constraints.MinMaxNorm", "kerata.constraints.min_max_norm"
)
class MinMaxNorm(Constraint):
    """Keeps the L2 norm of each weight vector within
    `[min_value, max_value]`.

    Each vector is rescaled to the norm
    `rate * clip(norm, min_value, max_value) + (1 - rate) * norm`: `rate=1`
    enforces the bounds at once, smaller rates move towards them gradually.

    Args:
        min_value: Smallest allowed norm. Defaults to `0.0`.
        max_value: Largest allowed norm. Defaults to `1.0`.
        rate: Strength of the rescaling, in `[0, 1]`. Defaults to `1.0`.
        axis: Int or list of ints, the axes of each vector (see `MaxNorm`).
            Defaults to `0`.

    Example:

    >>> w = kerata.ops.convert_to_tensor([[0.3], [0.4]])
    >>> out = kerata.constraints.MinMaxNorm(min_value=1.0, max_value=2.0)(w)
    >>> [round(v, 4) for v in kerata.ops.convert_to_numpy(out)[:, 0].tolist()]
    [0.6, 0.8]
    """

    def __init__(
        self,
        min_value: float = 0.0,
        max_value: float = 1.0,
        rate: float = 1.0,
        axis: Any = 0,
    ) -> None:
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w: Any) -> Any:
        norms = _norms(w, self.axis)
        clipped = ops.clip(norms, self.min_value, self.max_value)
        desired = ops.add(
            ops.multiply(self.rate, clipped),
            ops.multiply(1.0 - self.rate, norms),
        )
        return ops.multiply(
            w, ops.divide(desired, ops.add(norms, backend.epsilon()))
        )

    def get_config(self) -> dict:
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }
