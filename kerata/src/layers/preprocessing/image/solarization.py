"""`Solarization`: inverts the values above a threshold."""

from __future__ import annotations

from typing import Any

from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image import _rand_augment_ops as color
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.Solarization")
class Solarization(BaseImagePreprocessingLayer):
    """Solarizes images during training: inverts the bright values.

    On the 0-255 scale (values are mapped from `value_range` and back),
    each image gets an addition `a` and a threshold `t`, drawn uniformly
    from `[lower, upper * 255)` of `addition_factor` and
    `threshold_factor`. Every value `x` becomes `y = clip(x + a, 0, 255)`,
    then `255 - y` where `y >= t`. With the defaults (`a = t = 0`) every
    value is inverted. At inference the layer returns its input (cast to
    the layer's dtype).

    Args:
        addition_factor: A number `f` in `[0, 1]`, meaning `(0, f)`, or a
            pair in `[0, 1]`: the range of `a` as a fraction of 255.
            Defaults to 0.
        threshold_factor: Same form, the range of `t`. Defaults to 0.
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        seed: Int seed for reproducible draws.
        **kwargs: Base layer arguments (`name`, `dtype`, `data_format`,
            ...).

    Call arguments:
        data: Image `(height, width, channels)`, batch of images, or a
            dict with "images" (and "labels", passed through).
        training: Whether to solarize (default True; `predict` passes
            False).

    Input shape:
        3D or 4D image tensor.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.Solarization()
    >>> x = kerata.ops.convert_to_tensor([[[0.0, 64.0, 255.0]]])
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [[[255.0, 191.0, 0.0]]]
    >>> kerata.ops.convert_to_numpy(layer(x, training=False)).tolist()
    [[[0.0, 64.0, 255.0]]]
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        addition_factor: Any = 0.0,
        threshold_factor: Any = 0.0,
        value_range: Any = (0, 255),
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.addition_factor = self._parse_factor(
            addition_factor, "addition_factor", (0, 1)
        )
        self.threshold_factor = self._parse_factor(
            threshold_factor, "threshold_factor", (0, 1)
        )
        self.value_range = utils.check_value_range(value_range, "Solarization")
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        return color.draw_additions_thresholds(
            self.addition_factor,
            self.threshold_factor,
            utils.batch_size(self._images_of(data)),
            self._resolve_seed(seed),
        )

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        return color.solarization(self, images, transformation)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "value_range": self.value_range,
                "addition_factor": self.addition_factor,
                "threshold_factor": self.threshold_factor,
                "seed": self.seed,
            }
        )
        return config
