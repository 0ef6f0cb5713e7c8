"""Lion: sign-based updates with two momentum rates."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.optimizers.base_optimizer import Optimizer


@kerata_export("kerata.optimizers.Lion")
class Lion(Optimizer):
    """Lion (Chen et al., 2023): `w -= lr * sign(beta_1 * m + (1 - beta_1)
    * g)`, then `m = beta_2 * m + (1 - beta_2) * g`.

    Every coordinate moves by exactly `lr`, so Lion usually wants a
    learning rate 3-10 times smaller than Adam's.

    Args:
        learning_rate: A float, a schedule or a callable. Defaults to 0.001.
        beta_1: Interpolation factor of the update direction, in `(0, 1]`.
        beta_2: Decay of the momentum.
        **kwargs: Common optimizer arguments (see `Optimizer`).

    Example:

    >>> w = kerata.Variable([1.0, 2.0])
    >>> opt = kerata.optimizers.Lion(learning_rate=0.5)
    >>> _ = opt.apply([[3.0, -0.1]], [w])
    >>> w.numpy().tolist()
    [0.5, 2.5]
    """

    _update_rule = "lion"

    def __init__(
        self,
        learning_rate: Any = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.99,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not 0 < beta_1 <= 1:
            raise ValueError(
                f"`beta_1` must be in (0, 1]. Received: beta_1={beta_1!r}"
            )
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def build(self, variables: list) -> None:
        if self.built:
            return
        super().build(variables)
        self._momentums = self.add_optimizer_variables(variables, "momentum")

    def update_step(
        self, gradient: Any, variable: Any, learning_rate: Any
    ) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        m = self._momentums[self._get_variable_index(variable)]
        direction = m.value * self.beta_1 + gradient * (1.0 - self.beta_1)
        variable.assign_sub(lr * ops.sign(direction))
        m.assign(m.value * self.beta_2 + gradient * (1.0 - self.beta_2))

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2})
        return config
