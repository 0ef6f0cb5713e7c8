"""FTRL-Proximal: follow the regularized leader."""

from __future__ import annotations

from typing import Any

from kerata.src import initializers
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.optimizers.base_optimizer import Optimizer


@kerata_export("kerata.optimizers.Ftrl")
class Ftrl(Optimizer):
    """FTRL-Proximal (McMahan et al., 2013), suited to wide sparse models.

    Keeps per-coordinate accumulators `n` (summed squared gradients) and
    linear terms `z`, and sets each weight in closed form; the L1 term
    makes weights exactly zero when `|z| <= l1`.

    Args:
        learning_rate: A float, a schedule or a callable. Defaults to 0.001.
        learning_rate_power: Float `<= 0`; how the step shrinks with `n`.
        initial_accumulator_value: Starting value of `n` (>= 0).
        l1_regularization_strength: L1 strength (>= 0).
        l2_regularization_strength: L2 strength (>= 0).
        l2_shrinkage_regularization_strength: L2 shrinkage applied to the
            gradient (>= 0).
        beta: Float; adds `beta / (2 * lr)` to the L2 strength.
        **kwargs: Common optimizer arguments (see `Optimizer`).

    Example:

    >>> w = kerata.Variable([0.0, 0.0])
    >>> opt = kerata.optimizers.Ftrl(
    ...     learning_rate=0.5, l1_regularization_strength=1.0)
    >>> _ = opt.apply([[3.0, 0.5]], [w])
    >>> [round(x, 4) for x in w.numpy().tolist()]
    [-0.3315, 0.0]
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        learning_rate_power: float = -0.5,
        initial_accumulator_value: float = 0.1,
        l1_regularization_strength: float = 0.0,
        l2_regularization_strength: float = 0.0,
        l2_shrinkage_regularization_strength: float = 0.0,
        beta: float = 0.0,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if learning_rate_power > 0:
            raise ValueError(
                "`learning_rate_power` must be <= 0. Received: "
                f"learning_rate_power={learning_rate_power!r}"
            )
        for key, value in (
            ("initial_accumulator_value", initial_accumulator_value),
            ("l1_regularization_strength", l1_regularization_strength),
            ("l2_regularization_strength", l2_regularization_strength),
            (
                "l2_shrinkage_regularization_strength",
                l2_shrinkage_regularization_strength,
            ),
        ):
            if value < 0:
                raise ValueError(
                    f"`{key}` must be >= 0. Received: {key}={value!r}"
                )
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = (
            l2_shrinkage_regularization_strength
        )
        self.beta = beta

    def build(self, variables: list) -> None:
        if self.built:
            return
        super().build(variables)
        self._accumulators_n = self.add_optimizer_variables(
            variables,
            "accumulator",
            initializers.Constant(self.initial_accumulator_value),
        )
        self._linears = self.add_optimizer_variables(variables, "linear")

    def update_step(
        self, gradient: Any, variable: Any, learning_rate: Any
    ) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        index = self._get_variable_index(variable)
        accumulator = self._accumulators_n[index]
        linear = self._linears[index]
        power = -self.learning_rate_power
        l1 = self.l1_regularization_strength
        l2 = self.l2_regularization_strength + self.beta / (2.0 * lr)
        shrunk = gradient + (
            2 * self.l2_shrinkage_regularization_strength * variable.value
        )
        old = accumulator.value
        new = old + ops.square(gradient)
        sigma = (ops.power(new, power) - ops.power(old, power)) / lr
        linear.assign_add(shrunk - sigma * variable.value)
        quadratic = ops.power(new, power) / lr + 2 * l2
        z = linear.value
        variable.assign((ops.clip(z, -l1, l1) - z) / quadratic)
        accumulator.assign(new)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "learning_rate_power": self.learning_rate_power,
                "initial_accumulator_value": self.initial_accumulator_value,
                "l1_regularization_strength": (self.l1_regularization_strength),
                "l2_regularization_strength": (self.l2_regularization_strength),
                "l2_shrinkage_regularization_strength": (
                    self.l2_shrinkage_regularization_strength
                ),
                "beta": self.beta,
            }
        )
        return config
