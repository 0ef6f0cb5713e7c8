"""Stochastic gradient descent, with optional (Nesterov) momentum."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.optimizers.base_optimizer import Optimizer


@kerata_export("kerata.optimizers.SGD")
class SGD(Optimizer):
    """Gradient descent with optional momentum.

    Without momentum: `w -= learning_rate * g`. With momentum the velocity
    `v = momentum * v - learning_rate * g` is added to `w`; with Nesterov
    momentum `w += momentum * v - learning_rate * g` instead.

    Args:
        learning_rate: A float, a schedule or a callable. Defaults to 0.01.
        momentum: Float in `[0, 1]`; 0 disables momentum.
        nesterov: Whether to use Nesterov momentum.
        **kwargs: Common optimizer arguments (see `Optimizer`).

    Example:

    >>> w = kerata.Variable([1.0, 2.0])
    >>> opt = kerata.optimizers.SGD(learning_rate=0.1)
    >>> _ = opt.apply([[1.0, -1.0]], [w])
    >>> [round(x, 4) for x in w.numpy().tolist()]
    [0.9, 2.1]
    """

    _update_rule = "sgd"

    def __init__(
        self,
        learning_rate: Any = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if (
            isinstance(momentum, bool)
            or not isinstance(momentum, (int, float))
            or not 0 <= momentum <= 1
        ):
            raise ValueError(
                "`momentum` must be a float in [0, 1]. Received: "
                f"momentum={momentum!r}"
            )
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, variables: list) -> None:
        if self.built:
            return
        super().build(variables)
        self.momentums = []
        if self.momentum != 0:
            self.momentums = self.add_optimizer_variables(variables, "momentum")

    def update_step(
        self, gradient: Any, variable: Any, learning_rate: Any
    ) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        step = ops.cast(gradient, dtype) * lr
        if self.momentum == 0:
            variable.assign_sub(step)
            return
        m = self.momentums[self._get_variable_index(variable)]
        m.assign(m.value * self.momentum - step)
        if self.nesterov:
            variable.assign_add(m.value * self.momentum - step)
        else:
            variable.assign_add(m.value)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config
