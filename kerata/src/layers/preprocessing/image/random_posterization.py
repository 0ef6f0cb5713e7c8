"""`RandomPosterization`: keeps only the highest bits of each value."""

from __future__ import annotations

from typing import Any

from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image import _rand_augment_ops as color
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)

_MAX_BITS = 8


@kerata_export("kerata.layers.RandomPosterization")
class RandomPosterization(BaseImagePreprocessingLayer):
    """Randomly reduces the number of bits per color channel in training.

    Values are mapped from `value_range` to 8-bit levels `[0, 255]`;
    each image keeps its `b` highest bits, `b` drawn as an integer in
    `[lower, upper)` from `factor` (or `lower` when the two are equal),
    and the levels are mapped back. For example `b = 2` leaves the
    levels 0, 64, 128 and 192. At inference the layer returns its input
    (cast to the layer's dtype).

    Args:
        factor: A number `f` in `[1, 8]`, meaning `(1, f)`, or a pair
            `(lower, upper)` in `[1, 8]`: the range of bits kept.
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        seed: Int seed for reproducible draws.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        data: Image `(height, width, channels)`, batch of images, or a
            dict with "images" (and "labels", passed through).
        training: Whether to posterize (default True; `predict` passes
            False).

    Input shape:
        3D or 4D image tensor.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.RandomPosterization((2, 2))
    >>> x = kerata.ops.convert_to_tensor([[[10.0, 70.0, 200.0]]])
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [[[0.0, 64.0, 192.0]]]
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (1, _MAX_BITS)

    def __init__(
        self,
        factor: Any,
        value_range: Any = (0, 255),
        data_format: str | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        low, high = self._parse_factor(factor, "factor", self._FACTOR_BOUNDS)
        # Whole bit counts stay ints in the config, as Keras writes them.
        self.factor = tuple(
            int(v) if v.is_integer() else v for v in (low, high)
        )
        self.value_range = utils.check_value_range(
            value_range, "RandomPosterization"
        )
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        batch = utils.batch_size(self._images_of(data))
        low, high = (int(v) for v in self.factor)
        bits = color.draw_bits(low, high, batch, self._resolve_seed(seed))
        # Keras's key: the number of low bits cleared.
        return {"shift_factor": _MAX_BITS - bits}

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        bits = _MAX_BITS - transformation["shift_factor"]
        return color.posterization(self, images, bits)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "factor": self.factor,
                "value_range": self.value_range,
                "seed": self.seed,
            }
        )
        return config
