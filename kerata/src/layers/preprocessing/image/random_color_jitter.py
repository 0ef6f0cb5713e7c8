"""`RandomColorJitter`: random brightness, contrast, saturation and hue."""

from __future__ import annotations

from typing import Any

from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)
from kerata.src.layers.preprocessing.image.random_brightness import (
    RandomBrightness,
)
from kerata.src.layers.preprocessing.image.random_contrast import RandomContrast
from kerata.src.layers.preprocessing.image.random_hue import RandomHue
from kerata.src.layers.preprocessing.image.random_saturation import (
    RandomSaturation,
)

# Applied in this order, each only when its factor is given.
_STEPS = (
    ("brightness_factor", "random_brightness", RandomBrightness),
    ("contrast_factor", "random_contrast", RandomContrast),
    ("saturation_factor", "random_saturation", RandomSaturation),
    ("hue_factor", "random_hue", RandomHue),
)


@kerata_export("kerata.layers.RandomColorJitter")
class RandomColorJitter(BaseImagePreprocessingLayer):
    """Randomly changes brightness, contrast, saturation and hue, in that
    order, during training.

    Each change is the one of the matching layer (`RandomBrightness`,
    `RandomContrast`, `RandomSaturation`, `RandomHue`) with the given
    factor; a change whose factor is None is skipped. At inference the
    layer returns its input (cast to the layer's dtype).

    Args:
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        brightness_factor: `factor` of `RandomBrightness`, or None.
        contrast_factor: `factor` of `RandomContrast`, or None.
        saturation_factor: `factor` of `RandomSaturation`, or None.
        hue_factor: `factor` of `RandomHue`, or None.
        seed: Int seed for reproducible draws.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        data: RGB image `(height, width, 3)`, batch of images, or a dict
            with "images" (and "labels", passed through).
        training: Whether to change the colors (default True; `predict`
            passes False).

    Input shape:
        3D or 4D image tensor with 3 channels.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.RandomColorJitter(
    ...     value_range=(0, 1), brightness_factor=(0.25, 0.25),
    ...     saturation_factor=(0.0, 0.0))
    >>> x = kerata.ops.convert_to_tensor([[[0.5, 0.25, 0.0]]])
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [[[0.75, 0.75, 0.75]]]
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        value_range: Any = (0, 255),
        brightness_factor: Any = None,
        contrast_factor: Any = None,
        saturation_factor: Any = None,
        hue_factor: Any = None,
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = utils.check_value_range(
            value_range, "RandomColorJitter"
        )
        self.brightness_factor = brightness_factor
        self.contrast_factor = contrast_factor
        self.saturation_factor = saturation_factor
        self.hue_factor = hue_factor
        self.seed = seed
        self.generator = random.SeedGenerator(seed)
        for argument, attribute, cls in _STEPS:
            factor = getattr(self, argument)
            layer = None
            if factor is not None:
                layer = cls(
                    factor=factor,
                    value_range=self.value_range,
                    seed=seed,
                    data_format=self.data_format,
                )
            setattr(self, attribute, layer)

    def _steps(self) -> list:
        return [
            (attribute, getattr(self, attribute))
            for _, attribute, _ in _STEPS
            if getattr(self, attribute) is not None
        ]

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        seed = self._resolve_seed(seed)
        return {
            attribute: layer.get_random_transformation(data, seed=seed)
            for attribute, layer in self._steps()
        }

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        for attribute, layer in self._steps():
            images = layer.transform_images(images, transformation[attribute])
        return images

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "value_range": self.value_range,
                "brightness_factor": self.brightness_factor,
                "contrast_factor": self.contrast_factor,
                "saturation_factor": self.saturation_factor,
                "hue_factor": self.hue_factor,
                "seed": self.seed,
            }
        )
        return config
