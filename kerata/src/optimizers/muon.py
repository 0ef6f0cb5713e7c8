"""Muon: momentum orthogonalized by Newton-Schulz, with an AdamW fallback."""

from __future__ import annotations

import re
from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.optimizers.base_optimizer import Optimizer


@kerata_export("kerata.optimizers.Muon")
class Muon(Optimizer):
    """Muon: SGD momentum made (nearly) orthogonal before each step.

    For a 2-D weight matrix, Muon keeps a momentum buffer
    `m = momentum * m + g` and steps along `orthogonalize(g + momentum * m)`
    (or `orthogonalize(m)` without Nesterov), where `orthogonalize` runs
    `ns_steps` quintic Newton-Schulz iterations that push every singular
    value of the matrix towards 1. With `rms_rate` set, the step is scaled
    by `rms_rate * sqrt(max(rows, cols))` (Liu et al., 2025), so the
    learning rate and weight decay of AdamW carry over.

    The other weights use AdamW with `learning_rate * adam_lr_ratio` and
    `adam_weight_decay`: those that are not 2-D, the embeddings (paths
    containing "embedding") when `exclude_embeddings` is set, and those
    whose path matches a regular expression in `exclude_layers` (name the
    output layer there: Muon is not meant for it).

    Args:
        learning_rate: A float, a schedule or a callable. Defaults to 0.001.
        adam_beta_1: AdamW's first-moment decay.
        adam_beta_2: AdamW's second-moment decay.
        adam_weight_decay: Weight decay of the AdamW weights (None: none).
        epsilon: AdamW's small constant, added after bias correction.
        weight_decay: Weight decay of the Muon weights (None: none).
        exclude_layers: List of regular expressions; weights whose path
            matches one use AdamW.
        exclude_embeddings: Whether embedding weights use AdamW.
        muon_a: First coefficient of the Newton-Schulz polynomial.
        muon_b: Second coefficient.
        muon_c: Third coefficient.
        adam_lr_ratio: Ratio of AdamW's learning rate to `learning_rate`.
        momentum: Momentum of the Muon weights.
        ns_steps: Number of Newton-Schulz iterations.
        nesterov: Whether to use Nesterov momentum.
        rms_rate: Scale of the update's RMS, or None to leave the
            orthogonalized update unscaled.
        **kwargs: Common optimizer arguments (see `Optimizer`).

    Example:

    >>> w = kerata.Variable([[1.0, 0.0], [0.0, 1.0]])
    >>> opt = kerata.optimizers.Muon(
    ...     learning_rate=0.1, weight_decay=None, rms_rate=None)
    >>> _ = opt.apply([[[1.0, 0.0], [0.0, 1.0]]], [w])
    >>> [[round(x, 2) for x in row] for row in w.numpy().tolist()]
    [[0.89, 0.0], [0.0, 0.89]]
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        adam_beta_1: float = 0.9,
        adam_beta_2: float = 0.999,
        adam_weight_decay: float | None = 0.004,
        epsilon: float = 1e-7,
        weight_decay: float | None = 0.004,
        exclude_layers: list | None = None,
        exclude_embeddings: bool = True,
        muon_a: float = 3.4445,
        muon_b: float = -4.7750,
        muon_c: float = 2.0315,
        adam_lr_ratio: float = 1,
        momentum: float = 0.95,
        ns_steps: int = 5,
        nesterov: bool = True,
        rms_rate: float | None = 0.2,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            learning_rate=learning_rate,
            weight_decay=weight_decay,
            name=name,
            **kwargs,
        )
        if isinstance(ns_steps, bool) or not isinstance(ns_steps, int):
            raise ValueError(
                f"`ns_steps` must be an int. Received: ns_steps={ns_steps!r}"
            )
        self.adam_beta_1 = adam_beta_1
        self.adam_beta_2 = adam_beta_2
        self.adam_weight_decay = adam_weight_decay
        self.epsilon = epsilon
        self.exclude_layers = list(exclude_layers or [])
        self.exclude_embeddings = exclude_embeddings
        self.muon_a = muon_a
        self.muon_b = muon_b
        self.muon_c = muon_c
        self.adam_lr_ratio = adam_lr_ratio
        self.momentum = momentum
        self.ns_steps = ns_steps
        self.nesterov = nesterov
        self.rms_rate = rms_rate

    def _should_use_adamw(self, variable: Any) -> bool:
        if len(variable.shape) != 2:
            return True
        path = variable.path
        if self.exclude_embeddings and "embedding" in path.lower():
            return True
        return any(re.search(p, path) for p in self.exclude_layers)

    def build(self, variables: list) -> None:
        if self.built:
            return
        super().build(variables)
        self._momentums = self.add_optimizer_variables(variables, "momentum")
        # A velocity marks a weight updated by AdamW.
        self._velocities = [
            self.add_variable_from_reference(v, "velocity")
            if self._should_use_adamw(v)
            else None
            for v in variables
        ]

    def update_step(
        self, gradient: Any, variable: Any, learning_rate: Any
    ) -> None:
        index = self._get_variable_index(variable)
        m = self._momentums[index]
        v = self._velocities[index]
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        if v is None:
            self._muon_step(gradient, variable, lr, m)
        else:
            self._adamw_step(gradient, variable, lr * self.adam_lr_ratio, m, v)

    def _muon_step(self, gradient: Any, variable: Any, lr: Any, m: Any) -> None:
        m.assign(m.value * self.momentum + gradient)
        direction = m.value
        if self.nesterov:
            direction = gradient + self.momentum * direction
        update = lr * self.zeropower_via_newtonschulz5(direction, self.ns_steps)
        if self.rms_rate is not None:
            rows, cols = variable.shape
            update = update * (max(rows, cols) ** 0.5 * self.rms_rate)
        variable.assign_sub(update)

    def _adamw_step(
        self, gradient: Any, variable: Any, lr: Any, m: Any, v: Any
    ) -> None:
        dtype = variable.dtype
        t = ops.cast(self.iterations + 1, dtype)
        beta_1_power = ops.power(ops.cast(self.adam_beta_1, dtype), t)
        beta_2_power = ops.power(ops.cast(self.adam_beta_2, dtype), t)
        alpha = lr * ops.sqrt(1 - beta_2_power) / (1 - beta_1_power)
        m.assign_add((gradient - m.value) * (1 - self.adam_beta_1))
        v.assign_add((ops.square(gradient) - v.value) * (1 - self.adam_beta_2))
        variable.assign_sub(
            m.value * alpha / (ops.sqrt(v.value) + self.epsilon)
        )

    def zeropower_via_newtonschulz5(self, x: Any, steps: int) -> Any:
        """Approximately orthogonalizes the last two axes of `x`.

        Normalizes `x` by its Frobenius norm (so every singular value is at
        most 1), then iterates `x <- a x + (b A + c A @ A) @ x` with
        `A = x @ x^T`. The coefficients favour a steep slope near zero over
        convergence, so singular values end up near 1, not exactly 1:
        enough for the update direction.
        """
        x = ops.convert_to_tensor(x)
        shape = tuple(x.shape)
        if len(shape) < 2:
            raise ValueError(
                "Newton-Schulz needs a matrix (2 or more dimensions). "
                f"Received: shape={shape}"
            )
        a, b, c = self.muon_a, self.muon_b, self.muon_c
        # Iterate on the wide orientation: A is then the smaller Gram matrix.
        tall = shape[-2] > shape[-1]
        if tall:
            x = ops.swapaxes(x, -2, -1)
        norm = ops.sqrt(ops.sum(ops.square(x), axis=(-2, -1), keepdims=True))
        x = x / (norm + 1e-7)
        for _ in range(steps):
            gram = ops.matmul(x, ops.swapaxes(x, -2, -1))
            poly = b * gram + c * ops.matmul(gram, gram)
            x = a * x + ops.matmul(poly, x)
        return ops.swapaxes(x, -2, -1) if tall else x

    def _apply_weight_decay(self, variables: list) -> None:
        lr = self.learning_rate
        for variable in variables:
            if not self._use_weight_decay(variable):
                continue
            if self._should_use_adamw(variable):
                decay = self.adam_weight_decay
            else:
                decay = self.weight_decay
            if decay is None:
                continue
            factor = ops.cast(lr, variable.dtype) * decay
            variable.assign(variable.value - variable.value * factor)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "adam_beta_1": self.adam_beta_1,
                "adam_beta_2": self.adam_beta_2,
                "epsilon": self.epsilon,
                "exclude_layers": self.exclude_layers,
                "muon_a": self.muon_a,
                "muon_b": self.muon_b,
                "muon_c": self.muon_c,
                "adam_lr_ratio": self.adam_lr_ratio,
                "momentum": self.momentum,
                "ns_steps": self.ns_steps,
                "nesterov": self.nesterov,
                "exclude_embeddings": self.exclude_embeddings,
                "adam_weight_decay": self.adam_weight_decay,
                "rms_rate": self.rms_rate,
            }
        )
        return config
