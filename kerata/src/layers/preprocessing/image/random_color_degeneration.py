"""`RandomColorDegeneration`: blends images towards their grayscale."""

from __future__ import annotations

from typing import Any

from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image import _rand_augment_ops as color
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.RandomColorDegeneration")
class RandomColorDegeneration(BaseImagePreprocessingLayer):
    """Randomly blends RGB images with their grayscale version in training.

    Each image gets one strength `s` drawn uniformly from `factor` and
    becomes `image + s * (gray - image)`, clipped to `value_range`: `s = 0`
    keeps the image, `s = 1` gives its grayscale version, and a negative
    `s` pushes the colors away from gray. At inference the layer returns
    its input (cast to the layer's dtype).

    Args:
        factor: A number `f` in `[-1, 1]`, meaning `(-|f|, |f|)`, or a
            pair `(lower, upper)` in `[-1, 1]`: the range of `s`. Pass
            `(f, f)` for a fixed strength.
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        seed: Int seed for reproducible draws.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        data: RGB image `(height, width, 3)`, batch of images, or a dict
            with "images" (and "labels", passed through).
        training: Whether to change the colors (default True; `predict`
            passes False).

    Input shape:
        3D or 4D image tensor with 3 channels.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.RandomColorDegeneration((1.0, 1.0))
    >>> x = kerata.ops.convert_to_tensor([[[200.0, 100.0, 0.0]]])
    >>> y = kerata.ops.convert_to_numpy(layer(x))
    >>> [round(float(v), 2) for v in y[0, 0]]
    [118.48, 118.48, 118.48]
    >>> layer.get_config()["factor"]
    (1.0, 1.0)
    """

    def __init__(
        self,
        factor: Any,
        value_range: Any = (0, 255),
        data_format: str | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self.value_range = utils.check_value_range(
            value_range, "RandomColorDegeneration"
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
        return color.color_degeneration(self, images, transformation["factor"])

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
