"""`GaussianNoise`: additive zero-mean Gaussian noise."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer
from kerata.src.layers.regularization.gaussian_dropout import _check_fraction


@kerata_export("kerata.layers.GaussianNoise")
class GaussianNoise(Layer):
    """Adds noise drawn from `N(0, stddev**2)` to the inputs during
    training.

    A form of data augmentation for real-valued inputs that reduces
    overfitting. Only active in training; at inference the layer returns
    its input.

    Args:
        stddev: Float in `[0, 1]`, the standard deviation of the noise.
        seed: Int seed for reproducible noise.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        inputs: Input tensor, of any rank.
        training: Whether to add noise (True) or pass the input through.

    Example:

    >>> layer = kerata.layers.GaussianNoise(0.1, seed=0)
    >>> x = kerata.ops.zeros((2, 3))
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    >>> tuple(layer(x, training=True).shape)
    (2, 3)
    """

    def __init__(
        self, stddev: float, seed: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.stddev = _check_fraction(stddev, "stddev", "GaussianNoise")
        self.seed = seed
        if stddev > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any, training: bool = False) -> Any:
        if training and self.stddev > 0:
            noise = random.normal(
                tuple(ops.shape(inputs)),
                mean=0.0,
                stddev=self.stddev,
                dtype=self.compute_dtype,
                seed=self.seed_generator,
            )
            return ops.add(inputs, noise)
        return inputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"stddev": self.stddev, "seed": self.seed})
        return config
