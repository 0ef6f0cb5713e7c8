"""`AlphaDropout`: dropout that keeps SELU's self-normalization."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer
from kerata.src.layers.regularization.dropout import _standardize_noise_shape
from kerata.src.layers.regularization.gaussian_dropout import _check_fraction

# SELU's constants: dropped units are set to SELU's negative saturation
# value, -scale * alpha, instead of 0.
_ALPHA = 1.6732632423543772848170429916717
_SCALE = 1.0507009873554804934193349852946
_SATURATION = -_ALPHA * _SCALE


@kerata_export("kerata.layers.AlphaDropout")
class AlphaDropout(Layer):
    """Dropout for self-normalizing networks (Klambauer et al., 2017).

    Dropped inputs are set to SELU's negative saturation value and the
    result is affinely rescaled, so inputs with zero mean and unit
    variance keep them. Use it with `selu` activations and
    `lecun_normal` initialization, where `Dropout` would break the
    normalization. Only active in training.

    Args:
        rate: Float in `[0, 1]`, the fraction of inputs to drop.
        noise_shape: Shape of the keep/drop mask, broadcast to the input's
            shape; None entries take the input's size. None means the
            input's shape.
        seed: Int seed for reproducible dropout masks.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        inputs: Input tensor, of any rank.
        training: Whether to drop (True) or pass the input through.

    Example:

    >>> layer = kerata.layers.AlphaDropout(0.2, seed=0)
    >>> x = kerata.ops.ones((2, 3))
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    >>> tuple(layer(x, training=True).shape)
    (2, 3)
    """

    def __init__(
        self,
        rate: float,
        noise_shape: Any = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.rate = _check_fraction(rate, "rate", "AlphaDropout")
        self.seed = seed
        self.noise_shape = _standardize_noise_shape(noise_shape)
        if rate > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any, training: bool = False) -> Any:
        if not (training and self.rate > 0):
            return inputs
        shape = tuple(ops.shape(inputs))
        if self.noise_shape is not None:
            shape = tuple(
                size if n is None else n
                for size, n in zip(shape, self.noise_shape)
            )
        rate = self.rate
        keep = ops.greater_equal(
            random.uniform(shape, seed=self.seed_generator), rate
        )
        keep = ops.cast(keep, inputs.dtype)
        # Affine correction a * x + b restoring mean 0 and variance 1.
        a = ((1 - rate) * (1 + rate * _SATURATION**2)) ** -0.5
        b = -a * _SATURATION * rate
        x = ops.add(
            ops.multiply(inputs, keep),
            ops.multiply(ops.subtract(1.0, keep), _SATURATION),
        )
        return ops.add(ops.multiply(x, a), b)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "rate": self.rate,
                "seed": self.seed,
                "noise_shape": self.noise_shape,
            }
        )
        return config
