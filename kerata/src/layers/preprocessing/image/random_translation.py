"""`RandomTranslation`: randomly shifts images during training."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.RandomTranslation")
class RandomTranslation(BaseImagePreprocessingLayer):
    """Shifts each image by a random offset during training.

    The vertical shift is drawn from `height_factor * height` pixels and
    the horizontal one from `width_factor * width`; positive shifts move
    the content down and right. Points that fall outside the input are
    filled according to `fill_mode`. In inference (`training=False`, as
    in `predict`) the layer returns its input.

    Args:
        height_factor: Float or pair of floats in `[-1, 1]`, fractions of
            the height. A number `f` means `(-f, f)`.
        width_factor: Float or pair of floats in `[-1, 1]`, fractions of
            the width. A number `f` means `(-f, f)`.
        fill_mode: How points outside the input are filled: "reflect"
            (default), "wrap", "nearest" or "constant" (`fill_value`).
        interpolation: "bilinear" (default) or "nearest".
        seed: Int seed for reproducible shifts.
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
    >>> x = np.arange(4.0, dtype="float32").reshape(1, 4, 1)
    >>> layer = kerata.layers.RandomTranslation(
    ...     0.0, (0.25, 0.25), fill_mode="constant")
    >>> kerata.ops.convert_to_numpy(layer(x))[0, :, 0].tolist()
    [0.0, 0.0, 1.0, 2.0]
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        height_factor: Any,
        width_factor: Any,
        fill_mode: str = "reflect",
        interpolation: str = "bilinear",
        seed: int | None = None,
        fill_value: float = 0.0,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = self._parse_factor(
            height_factor, "height_factor", (-1, 1)
        )
        self.width_factor = width_factor
        self.width_lower, self.width_upper = self._parse_factor(
            width_factor, "width_factor", (-1, 1)
        )
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
        seed = self._resolve_seed(seed)
        shift_y = (
            random.uniform(
                (batch,),
                minval=self.height_lower,
                maxval=self.height_upper,
                seed=seed,
            )
            * height
        )
        shift_x = (
            random.uniform(
                (batch,),
                minval=self.width_lower,
                maxval=self.width_upper,
                seed=seed,
            )
            * width
        )
        # Content moves by +shift, so each output pixel samples -shift.
        matrix = self._affine_matrix(
            height, width, translate_x=-shift_x, translate_y=-shift_y
        )
        return {"translations": (shift_x, shift_y), "matrix": matrix}

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
                "height_factor": self.height_factor,
                "width_factor": self.width_factor,
                "fill_mode": self.fill_mode,
                "interpolation": self.interpolation,
                "seed": self.seed,
                "fill_value": self.fill_value,
            }
        )
        return config
