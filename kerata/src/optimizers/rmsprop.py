"""RMSprop: steps divided by a running root mean square of gradients."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.optimizers.base_optimizer import Optimizer


@kerata_export("kerata.optimizers.RMSprop")
class RMSprop(Optimizer):
    """RMSprop: `w -= lr * g / sqrt(v + epsilon)`, `v` a running mean of
    `g**2`.

    As in Keras, `epsilon` is added inside the square root (torch adds it
    outside). With `centered`, `v` is replaced by the running variance
    `v - mean(g)**2`; with `momentum`, steps go through a velocity.

    Args:
        learning_rate: A float, a schedule or a callable. Defaults to 0.001.
        rho: Decay of the running mean of `g**2`.
        momentum: Momentum factor; 0 disables it.
        epsilon: Small constant for numerical stability.
        centered: Whether to normalise by the variance of the gradient.
        **kwargs: Common optimizer arguments (see `Optimizer`).

    Example:

    >>> w = kerata.Variable([1.0])
    >>> opt = kerata.optimizers.RMSprop(learning_rate=0.1, epsilon=0.0)
    >>> _ = opt.apply([[2.0]], [w])
    >>> round(w.numpy().tolist()[0], 4)
    0.6838
    """

    _update_rule = "rmsprop"

    def __init__(
        self,
        learning_rate: Any = 0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
        centered: bool = False,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not 0 <= momentum:
            raise ValueError(
                f"`momentum` must be >= 0. Received: momentum={momentum!r}"
            )
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, variables: list) -> None:
        if self.built:
            return
        super().build(variables)
        self._velocities = self.add_optimizer_variables(variables, "velocity")
        self._momentums = []
        if self.momentum > 0:
            self._momentums = self.add_optimizer_variables(
                variables, "momentum"
            )
        self._average_gradients = []
        if self.centered:
            self._average_gradients = self.add_optimizer_variables(
                variables, "average_gradient"
            )

    def update_step(
        self, gradient: Any, variable: Any, learning_rate: Any
    ) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        index = self._get_variable_index(variable)
        rho = self.rho
        velocity = self._velocities[index]
        velocity.assign(rho * velocity.value + (1 - rho) * ops.square(gradient))
        denominator = velocity.value + self.epsilon
        if self.centered:
            average = self._average_gradients[index]
            average.assign(rho * average.value + (1 - rho) * gradient)
            denominator = denominator - ops.square(average.value)
        increment = lr * gradient / ops.sqrt(denominator)
        if self.momentum > 0:
            momentum = self._momentums[index]
            momentum.assign(self.momentum * momentum.value + increment)
            variable.assign_sub(momentum.value)
        else:
            variable.assign_sub(increment)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "rho": self.rho,
                "momentum": self.momentum,
                "epsilon": self.epsilon,
                "centered": self.centered,
            }
        )
        return config
