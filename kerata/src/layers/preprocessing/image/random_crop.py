"""`RandomCrop`: randomly crops images during training."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    _check_size,
)
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    _with_size,
)


@kerata_export("kerata.layers.RandomCrop")
class RandomCrop(BaseImagePreprocessingLayer):
    """Crops a random `(height, width)` window of images during training.

    In training, one random window position is drawn per batch and every
    image of the batch is cropped there. In inference (`training=False`,
    as in `predict`), and in training when an input is smaller than the
    target, the largest centered window with the target aspect ratio is
    cropped and resized (bilinear) to `(height, width)`, so the output
    size is the same in training and inference.

    Args:
        height: Int, height of the output.
        width: Int, width of the output.
        seed: Int seed for reproducible crops.
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, height, width, channels)` or one image
        `(height, width, channels)` (channels first with
        "channels_first").

    Output shape:
        The input shape with `height` and `width` replaced.

    Example:

    >>> import numpy as np
    >>> x = np.arange(16.0, dtype="float32").reshape(1, 4, 4, 1)
    >>> layer = kerata.layers.RandomCrop(2, 2, seed=1)
    >>> tuple(layer(x).shape)
    (1, 2, 2, 1)
    >>> y = layer(x, training=False)  # the center, resized
    >>> kerata.ops.convert_to_numpy(y)[0, ..., 0].tolist()
    [[2.5, 4.5], [10.5, 12.5]]
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        height: int,
        width: int,
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.height = _check_size(height, "height")
        self.width = _check_size(width, "width")
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        height, width = self._height_width(self._images_of(data))
        if height < self.height or width < self.width:
            return None
        seed = self._resolve_seed(seed)
        top = random.randint((), 0, height - self.height + 1, seed=seed)
        left = random.randint((), 0, width - self.width + 1, seed=seed)
        return {"top": top, "left": left}

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        height, width = self._height_width(images)
        if (height, width) == (self.height, self.width):
            return images
        if not training or transformation is None:
            return ops.image.resize(
                images,
                (self.height, self.width),
                crop_to_aspect_ratio=True,
                data_format=self.data_format,
            )
        batch, *_ = ops.shape(images)
        top, left = transformation["top"], transformation["left"]
        zero = ops.zeros_like(top)
        if self.data_format == "channels_last":
            channels = ops.shape(images)[3]
            start = ops.stack([zero, top, left, zero])
            size = (batch, self.height, self.width, channels)
        else:
            channels = ops.shape(images)[1]
            start = ops.stack([zero, zero, top, left])
            size = (batch, channels, self.height, self.width)
        return ops.slice(images, start, size)

    def _image_output_shape(self, shape: tuple) -> tuple:
        return _with_size(shape, self.height, self.width, self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {"height": self.height, "width": self.width, "seed": self.seed}
        )
        return config
