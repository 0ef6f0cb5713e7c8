"""LAMB: Adam steps rescaled layer by layer by a trust ratio."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.optimizers.base_optimizer import Optimizer


@kerata_export("kerata.optimizers.Lamb")
class Lamb(Optimizer):
    """LAMB (You et al., 2019), for large-batch training.

    Computes the bias-corrected Adam direction `r = m_hat / (sqrt(v_hat)
    + epsilon)` and scales it by `||w|| / ||r||` (1 when either is 0).

    Args:
        learning_rate: A float, a schedule or a callable. Defaults to 0.001.
        beta_1: Decay of the first-moment average.
        beta_2: Decay of the second-moment average.
        epsilon: Small constant for numerical stability.
        **kwargs: Common optimizer arguments (see `Optimizer`).

    Example:

    >>> w = kerata.Variable([3.0, 4.0])
    >>> opt = kerata.optimizers.Lamb(learning_rate=0.1, epsilon=0.0)
    >>> _ = opt.apply([[1.0, 1.0]], [w])
    >>> [round(x, 4) for x in w.numpy().tolist()]
    [2.6464, 3.6464]
    """

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
        self._momentums, self._velocities = self.add_optimizer_variables(
            variables, ["momentum", "velocity"]
        )

    def update_step(
        self, gradient: Any, variable: Any, learning_rate: Any
    ) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        t = ops.cast(self.iterations + 1, dtype)
        beta_1_power = ops.power(ops.cast(self.beta_1, dtype), t)
        beta_2_power = ops.power(ops.cast(self.beta_2, dtype), t)
        index = self._get_variable_index(variable)
        m = self._momentums[index]
        v = self._velocities[index]
        m.assign(m.value * self.beta_1 + gradient * (1.0 - self.beta_1))
        v.assign(
            v.value * self.beta_2 + ops.square(gradient) * (1.0 - self.beta_2)
        )
        m_hat = m.value / (1.0 - beta_1_power)
        v_hat = v.value / (1.0 - beta_2_power)
        update = m_hat / (ops.sqrt(v_hat) + self.epsilon)
        w_norm = ops.sqrt(ops.sum(ops.square(variable.value)))
        r_norm = ops.sqrt(ops.sum(ops.square(update)))
        # The trust ratio falls back to 1 when either norm is 0.
        both = ops.logical_and(w_norm > 0, r_norm > 0)
        ratio = ops.where(both, w_norm / ops.where(both, r_norm, 1.0), 1.0)
        variable.assign_sub(ratio * lr * update)

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
