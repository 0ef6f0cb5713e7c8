"""`RandomInvert`: inverts some images of a batch."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.RandomInvert")
class RandomInvert(BaseImagePreprocessingLayer):
    """Randomly inverts images during training.

    Each image draws a probability `p` uniformly from `factor` and is
    inverted with probability `p`: every value `x` becomes `high - x`,
    with `high` the top of `value_range`. With the default
    `factor=1.0`, `p` is uniform on `[0, 1]`, so about half the images
    are inverted; pass `(1.0, 1.0)` to invert every image. At inference
    the layer returns its input (cast to the layer's dtype).

    Args:
        factor: A number `f` in `[0, 1]`, meaning `(0, f)`, or a pair
            `(lower, upper)` in `[0, 1]`: the range of `p`. Defaults to
            1.0.
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        seed: Int seed for reproducible draws.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        data: Image `(height, width, channels)`, batch of images, or a
            dict with "images" (and "labels", passed through).
        training: Whether to invert (default True; `predict` passes
            False).

    Input shape:
        3D or 4D image tensor.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.RandomInvert((1.0, 1.0), value_range=(0, 1))
    >>> x = kerata.ops.convert_to_tensor([[[0.0, 0.25, 1.0]]])
    >>> kerata.ops.convert_to_numpy(layer(x)).tolist()
    [[[1.0, 0.75, 0.0]]]
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(
        self,
        factor: Any = 1.0,
        value_range: Any = (0, 255),
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self._parse_factor(factor, "factor", self._FACTOR_BOUNDS)
        self.value_range = utils.check_value_range(value_range, "RandomInvert")
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        batch = utils.batch_size(self._images_of(data))
        seed = self._resolve_seed(seed)
        low, high = self.factor
        probability = random.uniform((batch,), low, high, seed=seed)
        threshold = random.uniform((batch,), 0.0, 1.0, seed=seed)
        return {"apply_inversion": threshold < probability}

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        invert = ops.reshape(transformation["apply_inversion"], (-1, 1, 1, 1))
        return ops.where(invert, self.value_range[1] - images, images)

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
