"""`RandomHue`: rotates the hue of each image by a random amount."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.RandomHue")
class RandomHue(BaseImagePreprocessingLayer):
    """Randomly shifts the hue of RGB images during training.

    Each image is converted to HSV, its hue (a fraction of a full turn)
    is shifted by `±f / 2` with `f` drawn uniformly from `factor` and the
    sign drawn at random, wrapped into `[0, 1)`, and the image converted
    back to RGB. `factor=0` changes nothing; `factor=1` can shift colors
    by half a turn (red becomes cyan). At inference the layer returns its
    input (cast to the layer's dtype).

    Args:
        factor: A number `f` in `[0, 1]`, meaning `(0, f)`, or a pair
            `(lower, upper)` in `[0, 1]`: the range of the shift's size.
            Pass `(f, f)` for a shift of exactly `±f / 2`.
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        seed: Int seed for reproducible draws.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        data: RGB image `(height, width, 3)`, batch of images, or a dict
            with "images" (and "labels", passed through).
        training: Whether to shift the hue (default True; `predict`
            passes False).

    Input shape:
        3D or 4D image tensor with 3 channels.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.RandomHue((1.0, 1.0), value_range=(0, 1))
    >>> red = kerata.ops.convert_to_tensor([[[1.0, 0.0, 0.0]]])
    >>> y = kerata.ops.convert_to_numpy(layer(red)).astype("float64")
    >>> y.round(4).tolist()
    [[[0.0, 1.0, 1.0]]]
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(
        self,
        factor: Any,
        value_range: Any = (0, 255),
        data_format: str | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self.value_range = utils.check_value_range(value_range, "RandomHue")
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        batch = utils.batch_size(self._images_of(data))
        seed = self._resolve_seed(seed)
        sign = ops.where(random.uniform((batch,), seed=seed) > 0.5, -1.0, 1.0)
        size = random.uniform(
            (batch,), minval=self.factor[0], maxval=self.factor[1], seed=seed
        )
        return {"factor": sign * size * 0.5}

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        dtype = images.dtype
        shift = ops.cast(transformation["factor"], "float32")
        hsv = _to_hsv(self, images)
        axis = utils.channels_axis(self.data_format)
        hue, saturation, value = ops.split(hsv, 3, axis=axis)
        hue = ops.mod(hue + ops.reshape(shift, (-1, 1, 1, 1)), 1.0)
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


def _to_hsv(layer: Any, images: Any) -> Any:
    """Float32 HSV of images given in `layer.value_range`."""
    images = layer._transform_value_range(
        ops.cast(images, "float32"), layer.value_range, (0.0, 1.0)
    )
    images = ops.clip(images, 0.0, 1.0)
    return ops.image.rgb_to_hsv(images, data_format=layer.data_format)


def _from_hsv(layer: Any, hsv: Any) -> Any:
    """RGB images in `layer.value_range` from float32 HSV."""
    images = ops.image.hsv_to_rgb(hsv, data_format=layer.data_format)
    images = ops.clip(images, 0.0, 1.0)
    return layer._transform_value_range(images, (0.0, 1.0), layer.value_range)
