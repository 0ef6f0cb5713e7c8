"""Adamax: Adam with the infinity norm."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.optimizers.base_optimizer import Optimizer


@kerata_export("kerata.optimizers.Adamax")
class Adamax(Optimizer):
    """Adamax: Adam with `v` replaced by a decaying maximum of `|g|`.

    `m = beta_1 * m + (1 - beta_1) * g`, `u = max(beta_2 * u, |g|)`,
    `w -= lr * m / ((1 - beta_1**t) * (u + epsilon))`.

    Args:
        learning_rate: A float, a schedule or a callable. Defaults to 0.001.
        beta_1: Decay of the first-moment average.
        beta_2: Decay of the infinity norm.
        epsilon: Small constant for numerical stability.
        **kwargs: Common optimizer arguments (see `Optimizer`).

    Example:

    >>> w = kerata.Variable([1.0])
    >>> opt = kerata.optimizers.Adamax(learning_rate=0.1, epsilon=0.0)
    >>> _ = opt.apply([[2.0]], [w])
    >>> round(w.numpy().tolist()[0], 4)
    0.9
    """

    _update_rule = "adamax"

    def __init__(
        self,
        learning_rate: Any = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, variables: list) -> None:
        if self.built:
            return
        super().build(variables)
        self._m, self._u = self.add_optimizer_variables(
            variables, ["momentum", "norm"]
        )

    def update_step(
        self, gradient: Any, variable: Any, learning_rate: Any
    ) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        t = ops.cast(self.iterations + 1, dtype)
        beta_1_power = ops.power(ops.cast(self.beta_1, dtype), t)
        index = self._get_variable_index(variable)
        m = self._m[index]
        u = self._u[index]
        m.assign_add((gradient - m.value) * (1 - self.beta_1))
        u.assign(ops.maximum(self.beta_2 * u.value, ops.abs(gradient)))
        variable.assign_sub(
            lr * m.value / ((1 - beta_1_power) * (u.value + self.epsilon))
        )

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
            }
        )
        return config
