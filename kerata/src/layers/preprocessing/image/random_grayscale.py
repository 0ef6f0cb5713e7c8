"""`RandomGrayscale`: turns a random subset of images gray."""

from __future__ import annotations

from typing import Any
from typing import cast

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.RandomGrayscale")
class RandomGrayscale(BaseImagePreprocessingLayer):
    """Converts each image to grayscale with probability `factor` during
    training.

    A converted image keeps its number of channels: each of its three
    channels holds the luminance `0.2989 R + 0.5870 G + 0.1140 B`, so
    color-robust models can be trained without changing their input
    shape. At inference the layer returns its input (cast to the layer's
    dtype).

    Args:
        factor: Number in `[0, 1]`, the probability that an image is
            converted. Defaults to 0.5.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        seed: Int seed for reproducible draws.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        data: RGB image `(height, width, 3)`, batch of images, or a dict
            with "images" (and "labels", passed through).
        training: Whether to convert images (default True; `predict`
            passes False).

    Input shape:
        3D or 4D image tensor with 3 (or 1) channels.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.RandomGrayscale(factor=1.0)
    >>> x = kerata.ops.convert_to_tensor([[[1.0, 0.0, 0.0]]])
    >>> y = kerata.ops.convert_to_numpy(layer(x)).astype("float64")
    >>> y.round(4).tolist()
    [[[0.2989, 0.2989, 0.2989]]]
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        factor: float = 0.5,
        data_format: str | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        # A probability, not the base class's `(lower, upper)` pair.
        self.factor = cast(
            Any, utils.check_probability(factor, "factor", "RandomGrayscale")
        )
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        images = self._images_of(data)
        draws = random.uniform(
            (utils.batch_size(images),), seed=self._resolve_seed(seed)
        )
        return {"should_apply": draws < self.factor}

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        gray = ops.image.rgb_to_grayscale(images, data_format=self.data_format)
        apply = ops.reshape(transformation["should_apply"], (-1, 1, 1, 1))
        # `gray` has one channel: `where` broadcasts it to all channels.
        return ops.where(apply, gray, images)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "seed": self.seed})
        return config
