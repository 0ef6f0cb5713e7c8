"""Nadam: Adam with Nesterov momentum."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.optimizers.base_optimizer import Optimizer


@kerata_export("kerata.optimizers.Nadam")
class Nadam(Optimizer):
    """Nadam: Adam whose first moment looks one step ahead (Dozat, 2016).

    The momentum factor follows Dozat's schedule
    `mu_t = beta_1 * (1 - 0.5 * 0.96**t)`; the product of the `mu_t` is
    kept in an optimizer variable.

    Args:
        learning_rate: A float, a schedule or a callable. Defaults to 0.001.
        beta_1: Decay of the first-moment average.
        beta_2: Decay of the second-moment average.
        epsilon: Small constant for numerical stability.
        **kwargs: Common optimizer arguments (see `Optimizer`).

    Example:

    >>> w = kerata.Variable([1.0, 2.0])
    >>> opt = kerata.optimizers.Nadam(learning_rate=0.1)
    >>> _ = opt.apply([[1.0, -1.0]], [w])
    >>> [round(x, 4) for x in w.numpy().tolist()]
    [0.8937, 2.1063]
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
        dtype = variables[0]._dtype if variables else None
        self._u_product = self.add_variable(
            (), initializer="ones", dtype=dtype, name="u_product"
        )

    def _mu(self, step: Any, dtype: str) -> Any:
        decay = ops.power(ops.cast(0.96, dtype), step)
        return self.beta_1 * (1.0 - 0.5 * decay)

    def _backend_update_step(
        self, grads: list, variables: list, learning_rate: Any
    ) -> None:
        # The product of momentum factors is advanced once per step, before
        # the per-variable updates read it.
        u = self._u_product
        t = ops.cast(self.iterations + 1, u.dtype)
        u.assign(u.value * self._mu(t, u.dtype))
        super()._backend_update_step(grads, variables, learning_rate)

    def update_step(
        self, gradient: Any, variable: Any, learning_rate: Any
    ) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        t = ops.cast(self.iterations + 1, dtype)
        mu_t = self._mu(t, dtype)
        mu_next = self._mu(t + 1, dtype)
        u_product = ops.cast(self._u_product.value, dtype)
        u_product_next = u_product * mu_next
        beta_2_power = ops.power(ops.cast(self.beta_2, dtype), t)
        index = self._get_variable_index(variable)
        m = self._momentums[index]
        v = self._velocities[index]
        m.assign_add((gradient - m.value) * (1 - self.beta_1))
        v.assign_add((ops.square(gradient) - v.value) * (1 - self.beta_2))
        m_hat = mu_next * m.value / (1 - u_product_next) + (
            1 - mu_t
        ) * gradient / (1 - u_product)
        v_hat = v.value / (1 - beta_2_power)
        variable.assign_sub(m_hat * lr / (ops.sqrt(v_hat) + self.epsilon))

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
