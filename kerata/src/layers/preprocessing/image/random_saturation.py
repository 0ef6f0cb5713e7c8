"""`RandomSaturation`: scales the saturation of each image."""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)
from kerata.src.layers.preprocessing.image.random_hue import _from_hsv
from kerata.src.layers.preprocessing.image.random_hue import _to_hsv


@kerata_export("kerata.layers.RandomSaturation")
class RandomSaturation(BaseImagePreprocessingLayer):
    """Randomly changes the saturation of RGB images during training.

    Each image gets one factor `f` drawn uniformly from `factor`; its
    HSV saturation is multiplied by `f / (1 - f)` and clipped to
    `[0, 1]`. So `f = 0.5` changes nothing, `f <= 0` gives a grayscale
    image and `f = 1` a fully saturated one. At inference the layer
    returns its input (cast to the layer's dtype).

    As in Keras 3, a single number `f` means the range `(-|f|, |f|)`, so
    `RandomSaturation(0.2)` turns about half the images gray and
    desaturates the others (its config holds `factor=(-0.2, 0.2)`).
    Pass a pair for a range within `[0, 1]`.

    Args:
        factor: A number `f` in `[-1, 1]`, meaning `(-|f|, |f|)`, or a
            pair `(lower, upper)` in `[-1, 1]`. Pass `(f, f)` for a fixed
            factor.
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        seed: Int seed for reproducible draws.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        data: RGB image `(height, width, 3)`, batch of images, or a dict
            with "images" (and "labels", passed through).
        training: Whether to change the saturation (default True;
            `predict` passes False).

    Input shape:
        3D or 4D image tensor with 3 channels.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.RandomSaturation((0.0, 0.0), value_range=(0, 1))
    >>> x = kerata.ops.convert_to_tensor([[[1.0, 0.5, 0.0]]])
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [[[1.0, 1.0, 1.0]]]
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
            value_range, "RandomSaturation"
        )
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        batch = utils.batch_size(self._images_of(data))
        factor = random.uniform(
            (batch,),
            minval=self.factor[0],
            maxval=self.factor[1],
            seed=self._resolve_seed(seed),
        )
        # f / (1 - f) maps [0, 1] onto [0, inf) with 0.5 -> 1; a negative
        # f gives a negative scale, which the clip turns into gray.
        return {"factor": factor / (1.0 - factor + backend.epsilon())}

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        dtype = images.dtype
        scale = ops.cast(transformation["factor"], "float32")
        hsv = _to_hsv(self, images)
        axis = utils.channels_axis(self.data_format)
        hue, saturation, value = ops.split(hsv, 3, axis=axis)
        saturation = saturation * ops.reshape(scale, (-1, 1, 1, 1))
        saturation = ops.clip(saturation, 0.0, 1.0)
        hsv = ops.concatenate([hue, saturation, value], axis=axis)
        return ops.cast(_from_hsv(self, hsv), dtype)

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
