"""AdamW: Adam with decoupled weight decay."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.optimizers.adam import Adam


@kerata_export("kerata.optimizers.AdamW")
class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter).

    Before each Adam step, `w -= learning_rate * weight_decay * w`.

    Args:
        learning_rate: A float, a schedule or a callable. Defaults to 0.001.
        weight_decay: Decay factor; required. Defaults to 0.004.
        beta_1: Decay of the first-moment average.
        beta_2: Decay of the second-moment average.
        epsilon: Small constant for numerical stability.
        amsgrad: Whether to use AMSGrad.
        **kwargs: Common optimizer arguments (see `Optimizer`).

    Example:

    >>> w = kerata.Variable([1.0])
    >>> opt = kerata.optimizers.AdamW(learning_rate=0.1, weight_decay=0.5)
    >>> _ = opt.apply([[0.0]], [w])
    >>> round(w.numpy().tolist()[0], 4)
    0.95
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        weight_decay: float = 0.004,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        if weight_decay is None:
            raise ValueError(
                "AdamW needs a float `weight_decay`. Received: "
                "weight_decay=None; use Adam for no weight decay."
            )
        super().__init__(
            learning_rate=learning_rate,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
            name=name,
            weight_decay=weight_decay,
            **kwargs,
        )
