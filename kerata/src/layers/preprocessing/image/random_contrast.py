"""`RandomContrast`: scales each image's deviation from its mean."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.RandomContrast")
class RandomContrast(BaseImagePreprocessingLayer):
    """Randomly changes the contrast of images during training.

    Each image gets one random contrast factor `c`; every pixel value `x`
    of a channel becomes `(x - mean) * c + mean`, where `mean` is that
    channel's mean over the image, and the result is clipped to
    `value_range`. At inference the layer returns its input (cast to the
    layer's dtype).

    Args:
        factor: A number `f` in `[0, 1]`, or a pair `(lower, upper)`. The
            contrast factor is drawn uniformly from `[1 - lower,
            1 + upper]`; a single number means `lower = upper = f`.
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` or `(0, 1)`; outputs are clipped to it.
        seed: Int seed for reproducible draws.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        data: Image `(height, width, channels)`, batch of images, or a
            dict with "images" (and "labels", passed through).
        training: Whether to change the contrast (default True; `predict`
            passes False).

    Input shape:
        3D or 4D image tensor.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.RandomContrast(0.5, value_range=(0, 1), seed=1)
    >>> x = kerata.ops.convert_to_tensor([[[0.25], [0.75]]])
    >>> kerata.ops.convert_to_numpy(layer(x, training=False)).tolist()
    [[[0.25], [0.75]]]
    >>> y = kerata.ops.convert_to_numpy(layer(x))
    >>> y.shape, round(float(y.mean()), 4)
    ((1, 2, 1), 0.5)
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(
        self,
        factor: Any,
        value_range: Any = (0, 255),
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        if utils.is_number(factor):
            # Keras documents a number as "lower = upper".
            factor = (factor, factor)
        self.factor = self._parse_factor(factor, "factor", self._FACTOR_BOUNDS)
        self.value_range = utils.check_value_range(
            value_range, "RandomContrast"
        )
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        images = self._images_of(data)
        factor = random.uniform(
            (utils.batch_size(images),),
            minval=1.0 - self.factor[0],
            maxval=1.0 + self.factor[1],
            seed=self._resolve_seed(seed),
        )
        return {"contrast_factor": factor}

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        factor = utils.per_image(
            transformation["contrast_factor"], images.dtype
        )
        axes = (1, 2) if self.data_format == "channels_last" else (2, 3)
        mean = ops.mean(images, axis=axes, keepdims=True)
        outputs = (images - mean) * factor + mean
        return ops.clip(outputs, *self.value_range)

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
