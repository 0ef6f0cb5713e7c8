"""`RandomSharpness`: blends images with a smoothed copy."""

from __future__ import annotations

from typing import Any

from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image import _rand_augment_ops as color
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.RandomSharpness")
class RandomSharpness(BaseImagePreprocessingLayer):
    """Randomly sharpens or blurs images during training.

    Each image gets one strength `s` drawn uniformly from `factor` and is
    blended with a copy smoothed by the 3x3 kernel `[[1, 1, 1], [1, 5,
    1], [1, 1, 1]] / 13` (zero padded): `image + (1 - 2 s) * (smoothed -
    image)`, clipped to `value_range`. So `s = 0` gives the smoothed
    image, `s = 0.5` the original and `s = 1` a sharpened one. At
    inference the layer returns its input (cast to the layer's dtype).

    Args:
        factor: A number `f` in `[0, 1]`, meaning `(0, f)`, or a pair
            `(lower, upper)` in `[0, 1]`: the range of `s`.
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        seed: Int seed for reproducible draws.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        data: Image `(height, width, channels)`, batch of images, or a
            dict with "images" (and "labels", passed through).
        training: Whether to change the sharpness (default True;
            `predict` passes False).

    Input shape:
        3D or 4D image tensor.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.RandomSharpness((0.0, 0.0), value_range=(0, 1))
    >>> x = kerata.ops.where(kerata.ops.arange(9) == 4, 1.0, 0.0)
    >>> x = kerata.ops.reshape(x, (3, 3, 1))
    >>> y = kerata.ops.convert_to_numpy(layer(x))[..., 0]
    >>> (y * 13).round(3).tolist()
    [[1.0, 1.0, 1.0], [1.0, 5.0, 1.0], [1.0, 1.0, 1.0]]
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(
        self,
        factor: Any,
        value_range: Any = (0, 255),
        data_format: str | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self._parse_factor(factor, "factor", self._FACTOR_BOUNDS)
        self.value_range = utils.check_value_range(
            value_range, "RandomSharpness"
        )
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        batch = utils.batch_size(self._images_of(data))
        seed = self._resolve_seed(seed)
        return {"factor": color.draw_strength(self, batch, seed)}

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        return color.sharpness(self, images, transformation["factor"])

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
