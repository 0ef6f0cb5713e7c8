"""Adadelta: steps scaled by the ratio of running RMS of updates and
gradients."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.optimizers.base_optimizer import Optimizer


@kerata_export("kerata.optimizers.Adadelta")
class Adadelta(Optimizer):
    """Adadelta (Zeiler, 2012).

    `E[g2] = rho * E[g2] + (1 - rho) * g**2`,
    `delta = -sqrt(E[dx2] + eps) / sqrt(E[g2] + eps) * g`,
    `E[dx2] = rho * E[dx2] + (1 - rho) * delta**2`, `w += lr * delta`.

    Args:
        learning_rate: A float, a schedule or a callable. Defaults to 0.001.
        rho: Decay of the running averages.
        epsilon: Small constant for numerical stability.
        **kwargs: Common optimizer arguments (see `Optimizer`).

    Example:

    >>> w = kerata.Variable([1.0])
    >>> opt = kerata.optimizers.Adadelta(learning_rate=1.0, rho=0.0,
    ...                                  epsilon=1e-2)
    >>> _ = opt.apply([[0.0]], [w])
    >>> w.numpy().tolist()
    [1.0]
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        rho: float = 0.95,
        epsilon: float = 1e-7,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def build(self, variables: list) -> None:
        if self.built:
            return
        super().build(variables)
        self._grads, self._deltas = self.add_optimizer_variables(
            variables, ["accumulated_grad", "accumulated_delta_var"]
        )

    def update_step(
        self, gradient: Any, variable: Any, learning_rate: Any
    ) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        index = self._get_variable_index(variable)
        grads = self._grads[index]
        deltas = self._deltas[index]
        rho = self.rho
        grads.assign(rho * grads.value + (1 - rho) * ops.square(gradient))
        delta = -(
            ops.sqrt(deltas.value + self.epsilon)
            * gradient
            / ops.sqrt(grads.value + self.epsilon)
        )
        deltas.assign(rho * deltas.value + (1 - rho) * ops.square(delta))
        variable.assign_add(lr * delta)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rho": self.rho, "epsilon": self.epsilon})
        return config
