"""`Dropout`: randomly zeroes inputs during training."""

from __future__ import annotations

from typing import Any

from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer


@kerata_export("kerata.layers.Dropout")
class Dropout(Layer):
    """Sets inputs to 0 with probability `rate` during training.

    Kept inputs are scaled by `1 / (1 - rate)`, so the expected sum is
    unchanged. Dropout is active only when the layer is called with
    `training=True` (as `fit` does); at inference it returns its input.

    Args:
        rate: Float in `[0, 1]`, the fraction of inputs to drop.
        noise_shape: Shape of the binary keep/drop mask, broadcast to the
            input's shape, e.g. `(batch_size, 1, features)` to drop the
            same features at every timestep. None entries take the
            input's size. None means the input's shape.
        seed: Int seed for reproducible dropout masks.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        inputs: Input tensor, of any rank.
        training: Whether to drop (True) or pass the input through.

    Example:

    >>> layer = kerata.layers.Dropout(0.5, seed=0)
    >>> x = kerata.ops.ones((2, 4))
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]]
    >>> y = kerata.ops.convert_to_numpy(layer(x, training=True))
    >>> sorted(set(y.ravel().tolist())) in ([0.0, 2.0], [0.0], [2.0])
    True
    """

    def __init__(
        self,
        rate: float,
        noise_shape: Any = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)):
            raise ValueError(
                "`rate` of a Dropout layer must be a float in [0, 1]. "
                f"Received: rate={rate!r}"
            )
        if not 0 <= rate <= 1:
            raise ValueError(
                "`rate` of a Dropout layer must be a float in [0, 1], the "
                f"fraction of inputs to drop. Received: rate={rate}"
            )
        self.rate = rate
        self.seed = seed
        self.noise_shape = _standardize_noise_shape(noise_shape)
        if rate > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any, training: bool = False) -> Any:
        if training and self.rate > 0:
            return random.dropout(
                inputs,
                self.rate,
                noise_shape=self.noise_shape,
                seed=self.seed_generator,
            )
        return inputs

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


def _standardize_noise_shape(noise_shape: Any) -> tuple | None:
    if noise_shape is None:
        return None
    if isinstance(noise_shape, (list, tuple)) and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool) and d > 0)
        for d in noise_shape
    ):
        return tuple(noise_shape)
    raise ValueError(
        "`noise_shape` of a Dropout layer must be a tuple of positive ints "
        f"or None entries. Received: noise_shape={noise_shape!r}"
    )
