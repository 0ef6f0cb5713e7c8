"""Weight penalties: `kerata.regularizers.*`."""

from __future__ import annotations

import math
from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export


def _validate_factor(value: Any, name: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
    ):
        raise ValueError(
            f"`{name}` must be a non-negative, finite float. "
            f"Received: {name}={value!r}"
        )
    return float(value)


@kerata_export("kerata.regularizers.Regularizer", "kerata.Regularizer")
class Regularizer:
    """Base class of regularizers: callables `penalty = reg(weight)`.

    A layer adds the penalties of its weights' regularizers (and of its
    `activity_regularizer` on its outputs) to its `losses`, which training
    adds to the loss. Any function from a tensor to a scalar works as a
    regularizer; subclass this to make one that can be saved, by giving it
    `get_config()`.

    Example:

    >>> class Total(kerata.regularizers.Regularizer):
    ...     def __call__(self, x):
    ...         return kerata.ops.sum(x)
    ...     def get_config(self):
    ...         return {}
    >>> float(Total()(kerata.ops.ones((2, 2))))
    4.0
    """

    def __call__(self, x: Any) -> Any:
        """Returns the penalty for the tensor `x` (a scalar)."""
        return 0.0

    def get_config(self) -> dict:
        """Returns the constructor arguments as a JSON-serializable dict."""
        raise NotImplementedError(
            f"{type(self).__name__} does not implement get_config(); add it "
            "to save layers that use this regularizer."
        )

    @classmethod
    def from_config(cls, config: dict) -> Regularizer:
        """Builds a regularizer from the output of `get_config()`."""
        return cls(**config)


@kerata_export("kerata.regularizers.L1L2", "kerata.regularizers.l1_l2")
class L1L2(Regularizer):
    """Sum of L1 and L2 penalties:
    `l1 * sum(abs(x)) + l2 * sum(square(x))`.

    Args:
        l1: L1 factor. Defaults to `0.0`.
        l2: L2 factor. Defaults to `0.0`.

    Example:

    >>> reg = kerata.regularizers.L1L2(l1=0.5, l2=0.25)
    >>> float(reg(kerata.ops.convert_to_tensor([1.0, -2.0])))
    2.75
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0) -> None:
        self.l1 = _validate_factor(0.0 if l1 is None else l1, "l1")
        self.l2 = _validate_factor(0.0 if l2 is None else l2, "l2")

    def __call__(self, x: Any) -> Any:
        penalty = ops.zeros((), dtype=ops.dtype(x))
        if self.l1:
            penalty = ops.add(penalty, _l1(x, self.l1))
        if self.l2:
            penalty = ops.add(penalty, _l2(x, self.l2))
        return penalty

    def get_config(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}


def _l1(x: Any, factor: float) -> Any:
    return ops.multiply(factor, ops.sum(ops.absolute(x)))


def _l2(x: Any, factor: float) -> Any:
    return ops.multiply(factor, ops.sum(ops.square(x)))


@kerata_export("kerata.regularizers.L1", "kerata.regularizers.l1")
class L1(Regularizer):
    """L1 penalty: `l1 * sum(abs(x))`. By name, `"l1"` uses `l1=0.01`.

    Args:
        l1: L1 factor. Defaults to `0.01`.

    Example:

    >>> reg = kerata.regularizers.L1(0.5)
    >>> float(reg(kerata.ops.convert_to_tensor([1.0, -2.0])))
    1.5
    """

    def __init__(self, l1: float = 0.01) -> None:
        self.l1 = _validate_factor(0.01 if l1 is None else l1, "l1")

    def __call__(self, x: Any) -> Any:
        return _l1(x, self.l1)

    def get_config(self) -> dict:
        return {"l1": self.l1}


@kerata_export("kerata.regularizers.L2", "kerata.regularizers.l2")
class L2(Regularizer):
    """L2 penalty: `l2 * sum(square(x))`. By name, `"l2"` uses `l2=0.01`.

    Args:
        l2: L2 factor. Defaults to `0.01`.

    Example:

    >>> reg = kerata.regularizers.L2(0.5)
    >>> float(reg(kerata.ops.convert_to_tensor([1.0, -2.0])))
    2.5
    """

    def __init__(self, l2: float = 0.01) -> None:
        self.l2 = _validate_factor(0.01 if l2 is None else l2, "l2")

    def __call__(self, x: Any) -> Any:
        return _l2(x, self.l2)

    def get_config(self) -> dict:
        return {"l2": self.l2}


@kerata_export(
    "kerata.regularizers.OrthogonalRegularizer",
    "kerata.regularizers.orthogonal_regularizer",
)
class OrthogonalRegularizer(Regularizer):
    """Pushes the rows (or columns) of a matrix towards orthogonality.

    The penalty is `factor` times the mean absolute cosine similarity over
    all pairs of distinct rows (`mode="rows"`) or columns
    (`mode="columns"`). On a `Dense` kernel `(input_dim, units)`, rows mode
    decorrelates the vectors the inputs are mapped to.

    Args:
        factor: Penalty factor. Defaults to `0.01`.
        mode: `"rows"` (default) or `"columns"`.

    Example:

    >>> reg = kerata.regularizers.OrthogonalRegularizer(factor=1.0)
    >>> x = kerata.ops.convert_to_tensor([[1.0, 0.0], [1.0, 0.0]])
    >>> round(float(reg(x)), 4)
    1.0
    """

    def __init__(self, factor: float = 0.01, mode: str = "rows") -> None:
        self.factor = _validate_factor(factor, "factor")
        if mode not in ("rows", "columns"):
            raise ValueError(
                f"`mode` must be 'rows' or 'columns'. Received: mode={mode!r}"
            )
        self.mode = mode

    def __call__(self, x: Any) -> Any:
        if len(x.shape) != 2:
            raise ValueError(
                "OrthogonalRegularizer applies to rank-2 tensors (matrices). "
                f"Received: shape={tuple(x.shape)}"
            )
        if self.mode == "columns":
            x = ops.transpose(x)
        size = x.shape[0]
        x = ops.normalize(x, axis=1)
        cosines = ops.absolute(ops.matmul(x, ops.transpose(x)))  # (size, size)
        # Off-diagonal sum counts each pair twice.
        off_diagonal = ops.subtract(ops.sum(cosines), ops.trace(cosines))
        num_pairs = size * (size - 1) / 2.0
        return ops.multiply(off_diagonal, 0.5 * self.factor / num_pairs)

    def get_config(self) -> dict:
        return {"factor": self.factor, "mode": self.mode}
