"""`RandomRotation`: randomly rotates images during training."""

from __future__ import annotations

import math
from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.RandomRotation")
class RandomRotation(BaseImagePreprocessingLayer):
    """Rotates each image by a random angle during training.

    Each image is turned about its center by an angle drawn uniformly
    from `factor * 2 pi`; positive angles turn the content
    counter-clockwise. Points that fall outside the input are filled
    according to `fill_mode`. In inference (`training=False`, as in
    `predict`) the layer returns its input.

    Args:
        factor: Float or pair of floats, fractions of a full turn. A
            number `f` draws angles in `[-f * 2 pi, f * 2 pi]`; a pair
            `(lower, upper)` in `[lower * 2 pi, upper * 2 pi]`. Values
            lie in `[-1, 1]`.
        fill_mode: How points outside the input are filled: "reflect"
            (default; `d c b a | a b c d | d c b a`), "wrap", "nearest"
            (edge pixel) or "constant" (`fill_value`).
        interpolation: "bilinear" (default) or "nearest".
        seed: Int seed for reproducible rotations.
        fill_value: Value outside the input with `fill_mode="constant"`.
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
    >>> x = np.array([[1.0, 2.0], [3.0, 4.0]], "float32").reshape(2, 2, 1)
    >>> layer = kerata.layers.RandomRotation(factor=(0.5, 0.5))  # 180 deg
    >>> kerata.ops.convert_to_numpy(layer(x))[..., 0].round(4).tolist()
    [[4.0, 3.0], [2.0, 1.0]]
    """

    def __init__(
        self,
        factor: Any,
        fill_mode: str = "reflect",
        interpolation: str = "bilinear",
        seed: int | None = None,
        fill_value: float = 0.0,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self._factor_arg = factor
        self._set_affine_options(fill_mode, interpolation, fill_value)
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        images = self._images_of(data)
        batch = ops.shape(images)[0]
        height, width = self._height_width(images)
        lower, upper = self.factor
        angle = random.uniform(
            (batch,),
            minval=lower * 2 * math.pi,
            maxval=upper * 2 * math.pi,
            seed=self._resolve_seed(seed),
        )
        return {
            "angle": angle,
            "matrix": self._affine_matrix(height, width, angle=angle),
        }

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        return self._apply_affine(images, transformation["matrix"])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "factor": self._factor_arg,
                "fill_mode": self.fill_mode,
                "interpolation": self.interpolation,
                "seed": self.seed,
                "fill_value": self.fill_value,
            }
        )
        return config
