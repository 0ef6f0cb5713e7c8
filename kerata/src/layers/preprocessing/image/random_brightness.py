"""`RandomBrightness`: adds a random offset to each image."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.RandomBrightness")
class RandomBrightness(BaseImagePreprocessingLayer):
    """Randomly brightens or darkens images during training.

    Each image gets one random offset `delta * (high - low)`, with
    `delta` drawn uniformly from `factor` and `(low, high) = value_range`,
    added to all its pixels and channels; the result is clipped to
    `value_range`. A delta of -1 gives a black image and +1 a white one.
    At inference the layer returns its input (cast to the layer's dtype).

    Args:
        factor: A number `f` in `[-1, 1]`, meaning `(-|f|, |f|)`, or a
            pair `(lower, upper)` of numbers in `[-1, 1]`: the range of
            `delta`.
        value_range: Pair `(low, high)`, the range of the input values;
            defaults to `(0, 255)`. Offsets are scaled to it and outputs
            clipped to it.
        seed: Int seed for reproducible draws.
        **kwargs: Base layer arguments (`name`, `dtype`, `data_format`,
            ...).

    Call arguments:
        data: Image `(height, width, channels)`, batch of images, or a
            dict with "images" (and "labels", passed through).
        training: Whether to change the brightness (default True;
            `predict` passes False).

    Input shape:
        3D or 4D image tensor.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.RandomBrightness((0.1, 0.1), seed=0)
    >>> x = kerata.ops.convert_to_tensor([[[10.0, 20.0, 250.0]]])
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [[[35.5, 45.5, 255.0]]]
    >>> kerata.ops.convert_to_numpy(layer(x, training=False)).tolist()
    [[[10.0, 20.0, 250.0]]]
    """

    def __init__(
        self,
        factor: Any,
        value_range: Any = (0, 255),
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(factor=factor, **kwargs)
        self.value_range = utils.check_value_range(
            value_range, "RandomBrightness"
        )
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        images = self._images_of(data)
        delta = random.uniform(
            (utils.batch_size(images),),
            minval=self.factor[0],
            maxval=self.factor[1],
            seed=self._resolve_seed(seed),
        )
        low, high = self.value_range
        return {"rgb_delta": delta * (high - low)}

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        delta = utils.per_image(transformation["rgb_delta"], images.dtype)
        return ops.clip(images + delta, *self.value_range)

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
