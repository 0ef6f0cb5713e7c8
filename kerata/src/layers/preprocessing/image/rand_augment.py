"""`RandAugment`: a few random operations out of eleven, per image."""

from __future__ import annotations

import operator
from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image import _rand_augment_ops as color
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)
from kerata.src.layers.preprocessing.image.random_brightness import (
    RandomBrightness,
)
from kerata.src.layers.preprocessing.image.random_contrast import RandomContrast
from kerata.src.layers.preprocessing.image.random_rotation import RandomRotation
from kerata.src.layers.preprocessing.image.random_shear import RandomShear
from kerata.src.layers.preprocessing.image.random_translation import (
    RandomTranslation,
)

# The operations in Keras's order; the first five are layers, the others
# (draw, apply) pairs from `_rand_augment_ops` (draw None: no parameters),
# the code behind the public layers of the same names, applied per image.
_OPERATIONS = (
    "random_shear",
    "random_translation",
    "random_rotation",
    "random_brightness",
    "random_color_degeneration",
    "random_contrast",
    "random_sharpness",
    "random_posterization",
    "solarization",
    "auto_contrast",
    "equalization",
)
_COLOR_OPERATIONS = {
    "random_color_degeneration": (
        color.draw_strength,
        color.color_degeneration,
    ),
    "random_sharpness": (color.draw_strength, color.sharpness),
    "random_posterization": (color.draw_posterization, color.posterization),
    "solarization": (color.draw_solarization, color.solarization),
    "auto_contrast": (None, color.auto_contrast),
    "equalization": (None, color.equalization),
}


@kerata_export("kerata.layers.RandAugment")
class RandAugment(BaseImagePreprocessingLayer):
    """RandAugment: applies `num_ops` randomly chosen operations to each
    image during training.

    The operations are shear, translation, rotation, brightness, color
    degeneration (a blend towards grayscale), contrast, sharpness,
    posterization, solarization, auto-contrast and histogram
    equalization, all with strength `factor`. Each image draws its own
    sequence of `num_ops` operations (with repeats); each operation's
    random parameters are drawn once per batch and per image. At
    inference the layer returns its input (cast to the layer's dtype).
    See [Cubuk et al., 2019](https://arxiv.org/abs/1909.13719).

    Every operation is computed for the whole batch and the chosen ones
    kept, so a step costs about `11 * num_ops` simple image operations;
    use it on small images or inside the input pipeline.

    Args:
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        num_ops: Positive int, the number of operations per image.
            Defaults to 2.
        factor: A number `f` in `[0, 1]`, meaning `(0, f)`, or a pair in
            `[0, 1]`: the strength range passed to every operation.
            Defaults to 0.5.
        interpolation: "bilinear" (default) or "nearest", for the
            geometric operations.
        seed: Int seed for reproducible draws.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        data: RGB image `(height, width, 3)`, batch of images, or a dict
            with "images" (and "labels", passed through).
        training: Whether to augment (default True; `predict` passes
            False).

    Input shape:
        3D or 4D image tensor with 3 channels.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.RandAugment(value_range=(0, 1), num_ops=3)
    >>> x = kerata.ops.ones((2, 4, 4, 3)) * 0.5
    >>> kerata.ops.convert_to_numpy(layer(x, training=False)).max().item()
    0.5
    >>> layer.get_config()["factor"]
    (0.0, 0.5)
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(
        self,
        value_range: Any = (0, 255),
        num_ops: int = 2,
        factor: Any = 0.5,
        interpolation: str = "bilinear",
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = utils.check_value_range(value_range, "RandAugment")
        self.num_ops = _check_num_ops(num_ops)
        self.factor = self._parse_factor(factor, "factor", self._FACTOR_BOUNDS)
        self.interpolation = self._check_option(
            interpolation, "interpolation", ("bilinear", "nearest")
        )
        self.seed = seed
        self.generator = random.SeedGenerator(seed)
        common: dict[str, Any] = {"seed": seed, "data_format": self.data_format}
        geometric: dict[str, Any] = {"interpolation": interpolation, **common}
        self.random_shear = RandomShear(
            x_factor=self.factor, y_factor=self.factor, **geometric
        )
        self.random_translation = RandomTranslation(
            height_factor=self.factor, width_factor=self.factor, **geometric
        )
        self.random_rotation = RandomRotation(factor=self.factor, **geometric)
        colors: dict[str, Any] = {"value_range": self.value_range, **common}
        self.random_brightness = RandomBrightness(factor=self.factor, **colors)
        self.random_contrast = RandomContrast(factor=self.factor, **colors)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        images = self._images_of(data)
        batch = utils.batch_size(images)
        seed = self._resolve_seed(seed)
        choices = random.randint(
            (self.num_ops, batch), 0, len(_OPERATIONS), seed=seed
        )
        params = {}
        for name in _OPERATIONS:
            if name in _COLOR_OPERATIONS:
                draw = _COLOR_OPERATIONS[name][0]
                params[name] = None if draw is None else draw(self, batch, seed)
            else:
                params[name] = getattr(self, name).get_random_transformation(
                    images, seed=seed
                )
        return {"layer_idxes": choices, "transforms": params}

    def _apply(self, name: str, images: Any, params: Any) -> Any:
        if name in _COLOR_OPERATIONS:
            return _COLOR_OPERATIONS[name][1](self, images, params)
        return getattr(self, name).transform_images(images, params)

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        params = transformation["transforms"]
        for step in range(self.num_ops):
            choice = ops.reshape(
                transformation["layer_idxes"][step], (-1, 1, 1, 1)
            )
            out = images
            for index, name in enumerate(_OPERATIONS):
                result = self._apply(name, images, params[name])
                out = ops.where(choice == index, result, out)
            images = out
        return images

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "value_range": self.value_range,
                "num_ops": self.num_ops,
                "factor": self.factor,
                "interpolation": self.interpolation,
                "seed": self.seed,
            }
        )
        return config


def _check_num_ops(num_ops: Any) -> int:
    try:
        value = operator.index(num_ops)
    except TypeError:
        value = None
    if value is None or isinstance(num_ops, bool) or value < 1:
        raise ValueError(
            "RandAugment's `num_ops` must be a positive int. "
            f"Received: num_ops={num_ops!r}"
        )
    return value
