"""`GaussianDropout`: multiplicative Gaussian noise centered on 1."""

from __future__ import annotations

import math
from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.GaussianDropout")
class GaussianDropout(Layer):
    """Multiplies inputs by noise drawn from `N(1, rate / (1 - rate))`
    during training.

    A continuous relative of `Dropout` (Srivastava et al., 2014) with the
    same mean and variance as dropout's keep-and-rescale mask. Only active
    in training; at inference the layer returns its input.

    Args:
        rate: Float in `[0, 1)`, the drop probability whose dropout
            variance the noise matches.
        seed: Int seed for reproducible noise.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        inputs: Input tensor, of any rank.
        training: Whether to add noise (True) or pass the input through.

    Example:

    >>> layer = kerata.layers.GaussianDropout(0.5, seed=0)
    >>> x = kerata.ops.ones((2, 3))
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    >>> tuple(layer(x, training=True).shape)
    (2, 3)
    """

    def __init__(
        self, rate: float, seed: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.rate = _check_fraction(rate, "rate", "GaussianDropout")
        if rate == 1:
            raise ValueError(
                "`rate` of a GaussianDropout layer must be below 1: the "
                "noise variance rate / (1 - rate) is infinite at 1. "
                f"Received: rate={rate}"
            )
        self.seed = seed
        if rate > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any, training: bool = False) -> Any:
        if training and self.rate > 0:
            stddev = math.sqrt(self.rate / (1.0 - self.rate))
            noise = random.normal(
                tuple(ops.shape(inputs)),
                mean=1.0,
                stddev=stddev,
                dtype=self.compute_dtype,
                seed=self.seed_generator,
            )
            return ops.multiply(inputs, noise)
        return inputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed})
        return config


def _check_fraction(value: Any, name: str, layer: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(
            f"`{name}` of a {layer} layer must be a float in [0, 1]. "
            f"Received: {name}={value!r}"
        )
    if not 0 <= value <= 1:
        raise ValueError(
            f"`{name}` of a {layer} layer must be a float in [0, 1]. "
            f"Received: {name}={value}"
        )
    return value
