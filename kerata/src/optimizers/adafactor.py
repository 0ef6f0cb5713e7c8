"""Adafactor: Adam-like steps with factored second moments."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.optimizers.base_optimizer import Optimizer


def _rms(x: Any) -> Any:
    return ops.sqrt(ops.mean(ops.square(x)))


@kerata_export("kerata.optimizers.Adafactor")
class Adafactor(Optimizer):
    """Adafactor (Shazeer & Stern, 2018): memory-light adaptive steps.

    For variables of rank 2 or more, the second moment of the last two
    axes is stored as a row and a column average instead of a full
    tensor. Steps are scaled by the RMS of the variable and clipped by
    `clip_threshold`.

    Args:
        learning_rate: A float, a schedule or a callable. Defaults to 0.001.
        beta_2_decay: Exponent of the second-moment decay schedule,
            `beta_2 = 1 - t ** beta_2_decay`.
        epsilon_1: Added to squared gradients.
        epsilon_2: Lower bound of the variable RMS used as scale.
        clip_threshold: Threshold on the RMS of the unscaled update.
        relative_step: If True and `learning_rate` is a number, the rate
            is capped by `1 / sqrt(t)`.
        **kwargs: Common optimizer arguments (see `Optimizer`).

    Example:

    >>> w = kerata.Variable([[1.0, 2.0], [3.0, 4.0]])
    >>> opt = kerata.optimizers.Adafactor(learning_rate=0.1)
    >>> _ = opt.apply([[[1.0, 1.0], [1.0, 1.0]]], [w])
    >>> [round(x, 4) for x in w.numpy().ravel().tolist()]
    [0.7261, 1.7261, 2.7261, 3.7261]
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        beta_2_decay: float = -0.8,
        epsilon_1: float = 1e-30,
        epsilon_2: float = 1e-3,
        clip_threshold: float = 1.0,
        relative_step: bool = True,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def build(self, variables: list) -> None:
        if self.built:
            return
        super().build(variables)
        self._r: list = []
        self._c: list = []
        for variable in variables:
            shape = variable.shape
            if len(shape) < 2:
                # Not factored: the full second moment lives in `_v`.
                self._r.append(None)
                self._c.append(None)
                continue
            prefix = variable.path.replace("/", "_")
            self._r.append(
                self.add_variable(
                    shape[:-1], dtype=variable._dtype, name=f"{prefix}_row"
                )
            )
            self._c.append(
                self.add_variable(
                    shape[:-2] + shape[-1:],
                    dtype=variable._dtype,
                    name=f"{prefix}_column",
                )
            )
        self._v = self.add_optimizer_variables(variables, "velocity")

    def update_step(
        self, gradient: Any, variable: Any, learning_rate: Any
    ) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        t = ops.cast(self.iterations + 1, dtype)
        relative = 1 / ops.sqrt(t)
        if self.relative_step and not callable(self._learning_rate):
            lr = ops.minimum(lr, relative)
        index = self._get_variable_index(variable)
        r, c, v = self._r[index], self._c[index], self._v[index]
        rho = ops.minimum(lr, relative)
        alpha = ops.maximum(self.epsilon_2, _rms(variable.value)) * rho
        squared = ops.square(gradient) + self.epsilon_1
        beta_2 = 1 - ops.power(t, self.beta_2_decay)
        if r is not None:
            r.assign(beta_2 * r.value + (1 - beta_2) * ops.mean(squared, -1))
            c.assign(beta_2 * c.value + (1 - beta_2) * ops.mean(squared, -2))
            row = r.value / ops.mean(r.value, axis=-1, keepdims=True)
            v.assign(ops.expand_dims(row, -1) * ops.expand_dims(c.value, -2))
        else:
            v.assign(beta_2 * v.value + (1 - beta_2) * squared)
        u = gradient / ops.sqrt(v.value)
        u = u / ops.maximum(1.0, _rms(u) / self.clip_threshold)
        variable.assign_sub(alpha * u)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "beta_2_decay": self.beta_2_decay,
                "epsilon_1": self.epsilon_1,
                "epsilon_2": self.epsilon_2,
                "clip_threshold": self.clip_threshold,
                "relative_step": self.relative_step,
            }
        )
        return config
