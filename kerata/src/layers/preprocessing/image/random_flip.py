"""`RandomFlip`: randomly flips images during training."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)

HORIZONTAL = "horizontal"
VERTICAL = "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"
_MODES = (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL)


@kerata_export("kerata.layers.RandomFlip")
class RandomFlip(BaseImagePreprocessingLayer):
    """Flips each image, with probability 1/2, during training.

    Each image of the batch draws its own coin. With
    "horizontal_and_vertical", one coin decides both flips (as in Keras),
    so an image is either unchanged or turned by 180 degrees. In
    inference (`training=False`, as in `predict`) the layer returns its
    input.

    Args:
        mode: "horizontal" (left-right), "vertical" (up-down) or
            "horizontal_and_vertical" (the default).
        seed: Int seed for reproducible flips.
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, height, width, channels)` or one image
        `(height, width, channels)` (channels first with
        "channels_first").

    Output shape:
        The input shape.

    Example:

    >>> import numpy as np
    >>> x = np.arange(4.0, dtype="float32").reshape(1, 1, 4, 1)
    >>> layer = kerata.layers.RandomFlip("horizontal", seed=0)
    >>> y = kerata.ops.convert_to_numpy(layer(x))[0, 0, :, 0].tolist()
    >>> y in ([0.0, 1.0, 2.0, 3.0], [3.0, 2.0, 1.0, 0.0])
    True
    >>> y = kerata.ops.convert_to_numpy(layer(x, training=False))
    >>> y[0, 0, :, 0].tolist()
    [0.0, 1.0, 2.0, 3.0]
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        mode: str = HORIZONTAL_AND_VERTICAL,
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.mode = self._check_option(mode, "mode", _MODES)
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        batch = ops.shape(self._images_of(data))[0]
        draws = random.uniform((batch, 1, 1, 1), seed=self._resolve_seed(seed))
        return {"flips": draws <= 0.5}

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        flips = transformation["flips"]  # (batch, 1, 1, 1)
        if self.data_format == "channels_last":
            width_axis, height_axis = 2, 1
        else:
            width_axis, height_axis = 3, 2
        axes = []
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            axes.append(width_axis)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            axes.append(height_axis)
        flipped = images
        for axis in axes:
            flipped = ops.flip(flipped, axis=axis)
        return ops.where(flips, flipped, images)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"mode": self.mode, "seed": self.seed})
        return config
