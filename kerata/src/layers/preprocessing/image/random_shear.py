"""`RandomShear`: randomly shears images during training."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.RandomShear")
class RandomShear(BaseImagePreprocessingLayer):
    """Shears each image by a random amount during training.

    An output pixel at column `x`, row `y` samples the input at
    `(x + sx * y, y + sy * x)`, where the slopes `sx` and `sy` are drawn
    from `x_factor` and `y_factor` and share a random sign per image (as
    in Keras, the shear is about the top-left corner). A slope of 0.3
    shifts the last row by 30% of the width. Points that fall outside
    the input are filled according to `fill_mode`. In inference
    (`training=False`, as in `predict`) the layer returns its input.

    Args:
        x_factor: Float in `[0, 1]` or pair of floats in `[-1, 1]`, the
            range of the horizontal slope. A number `f` means `(-f, f)`.
        y_factor: Same for the vertical slope.
        interpolation: "bilinear" (default) or "nearest".
        fill_mode: How points outside the input are filled: "reflect"
            (default), "wrap", "nearest" or "constant" (`fill_value`).
        fill_value: Value outside the input with `fill_mode="constant"`.
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        seed: Int seed for reproducible shears.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, height, width, channels)` or one image
        `(height, width, channels)` (channels first with
        "channels_first").

    Output shape:
        The input shape.

    Example:

    >>> layer = kerata.layers.RandomShear(x_factor=0.2, y_factor=0.2)
    >>> tuple(layer(kerata.ops.ones((2, 8, 8, 3))).shape)
    (2, 8, 8, 3)
    >>> y = layer(kerata.ops.ones((2, 8, 8, 3)), training=False)
    >>> kerata.ops.convert_to_numpy(y).min().item()
    1.0
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        x_factor: Any = 0.0,
        y_factor: Any = 0.0,
        interpolation: str = "bilinear",
        fill_mode: str = "reflect",
        fill_value: float = 0.0,
        data_format: str | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._factor_args = (x_factor, y_factor)
        self.x_factor = _parse_shear_factor(self, x_factor, "x_factor")
        self.y_factor = _parse_shear_factor(self, y_factor, "y_factor")
        self._set_affine_options(fill_mode, interpolation, fill_value)
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        batch = ops.shape(self._images_of(data))[0]
        seed = self._resolve_seed(seed)
        sign = ops.where(random.uniform((batch,), seed=seed) > 0.5, -1.0, 1.0)
        shear_x = random.uniform(
            (batch,),
            minval=self.x_factor[0],
            maxval=self.x_factor[1],
            seed=seed,
        )
        shear_y = random.uniform(
            (batch,),
            minval=self.y_factor[0],
            maxval=self.y_factor[1],
            seed=seed,
        )
        shear_x = ops.cast(shear_x * sign, "float32")
        shear_y = ops.cast(shear_y * sign, "float32")
        zeros = ops.zeros_like(shear_x)
        ones = ops.ones_like(shear_x)
        matrix = ops.stack(
            [ones, shear_x, zeros, shear_y, ones, zeros, zeros, zeros], axis=1
        )
        return {"shear_factor": (shear_x, shear_y), "matrix": matrix}

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
                "x_factor": self._factor_args[0],
                "y_factor": self._factor_args[1],
                "fill_mode": self.fill_mode,
                "interpolation": self.interpolation,
                "seed": self.seed,
                "fill_value": self.fill_value,
            }
        )
        return config


def _parse_shear_factor(layer: Any, factor: Any, name: str) -> tuple:
    # A number is a magnitude in [0, 1]; a pair may hold a negative bound,
    # as in the configs Keras writes (the parsed range `(-f, f)`).
    if (
        isinstance(factor, (int, float))
        and not isinstance(factor, bool)
        and factor < 0
    ):
        raise ValueError(
            f"`{name}` must be a number in [0, 1] or a pair of numbers in "
            f"[-1, 1]. Received: {name}={factor!r}"
        )
    return layer._parse_factor(factor, name, (-1, 1))
