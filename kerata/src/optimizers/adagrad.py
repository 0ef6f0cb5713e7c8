"""Adagrad: per-coordinate steps shrinking with the summed squared
gradients."""

from __future__ import annotations

from typing import Any

from kerata.src import initializers
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.optimizers.base_optimizer import Optimizer


@kerata_export("kerata.optimizers.Adagrad")
class Adagrad(Optimizer):
    """Adagrad: `a += g**2`, `w -= lr * g / sqrt(a + epsilon)`.

    Args:
        learning_rate: A float, a schedule or a callable. Defaults to 0.001.
        initial_accumulator_value: Starting value of `a` (>= 0).
        epsilon: Small constant for numerical stability.
        **kwargs: Common optimizer arguments (see `Optimizer`).

    Example:

    >>> w = kerata.Variable([1.0])
    >>> opt = kerata.optimizers.Adagrad(
    ...     learning_rate=0.1, initial_accumulator_value=0.0, epsilon=0.0)
    >>> _ = opt.apply([[3.0]], [w])
    >>> round(w.numpy().tolist()[0], 4)
    0.9
    """

    _update_rule = "adagrad"

    def __init__(
        self,
        learning_rate: Any = 0.001,
        initial_accumulator_value: float = 0.1,
        epsilon: float = 1e-7,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if initial_accumulator_value < 0:
            raise ValueError(
                "`initial_accumulator_value` must be >= 0. Received: "
                f"initial_accumulator_value={initial_accumulator_value!r}"
            )
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, variables: list) -> None:
        if self.built:
            return
        super().build(variables)
        self._accumulators_sq = self.add_optimizer_variables(
            variables,
            "accumulator",
            initializers.Constant(self.initial_accumulator_value),
        )

    def update_step(
        self, gradient: Any, variable: Any, learning_rate: Any
    ) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        accumulator = self._accumulators_sq[self._get_variable_index(variable)]
        accumulator.assign_add(ops.square(gradient))
        variable.assign_sub(
            lr * gradient / ops.sqrt(accumulator.value + self.epsilon)
        )

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon,
            }
        )
        return config
