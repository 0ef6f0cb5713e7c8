"""`RandomPerspective`: random perspective warps during training."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)

_INTERPOLATIONS = ("nearest", "bilinear")


@kerata_export("kerata.layers.RandomPerspective")
class RandomPerspective(BaseImagePreprocessingLayer):
    """Warps some images of a batch as if seen from another viewpoint.

    For each image the four corners `(0, 0)`, `(w - 1, 0)`,
    `(0, h - 1)` and `(w - 1, h - 1)` are moved to `p + p * d`, with each
    coordinate of `d` drawn uniformly from `[-scale / 2, scale / 2]`
    (so the top-left corner stays put), and the image is warped by the
    projective transform that takes the corners to their new places.
    Each image is warped with a probability drawn from `factor`; points
    that fall outside the input take `fill_value`. In inference
    (`training=False`, as in `predict`) the layer returns its input.

    Args:
        factor: A number `f` in `[0, 1]` (probabilities drawn from
            `[0, f]`) or a pair `(min, max)` in `[0, 1]`: the probability
            of warping each image. Defaults to 1.0.
        scale: Number in `[0, 1]`, how far the corners move (relative to
            their coordinates). Defaults to 1.0.
        interpolation: "bilinear" (default) or "nearest".
        fill_value: Value of the points outside the input. Defaults to
            0.0.
        seed: Int seed for reproducible warps.
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
    >>> x = np.random.default_rng(0).uniform(0, 255, (2, 8, 8, 3))
    >>> layer = kerata.layers.RandomPerspective(scale=0.0)  # no movement
    >>> y = kerata.ops.convert_to_numpy(layer(x))
    >>> bool(np.allclose(y, x, atol=1e-3))
    True
    >>> layer.get_config()["factor"]
    (0.0, 1.0)
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(
        self,
        factor: Any = 1.0,
        scale: float = 1.0,
        interpolation: str = "bilinear",
        fill_value: float = 0.0,
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self._parse_factor(factor, "factor", self._FACTOR_BOUNDS)
        if not utils.is_number(scale) or not 0 <= scale <= 1:
            raise ValueError(
                "RandomPerspective's `scale` must be a number in [0, 1]. "
                f"Received: scale={scale!r}"
            )
        self.scale = float(scale)
        self.interpolation = self._check_option(
            interpolation, "interpolation", _INTERPOLATIONS
        )
        if not utils.is_number(fill_value):
            raise ValueError(
                "RandomPerspective's `fill_value` must be a number. "
                f"Received: fill_value={fill_value!r}"
            )
        self.fill_value = float(fill_value)
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        images = self._images_of(data)
        batch = utils.batch_size(images)
        height, width = self._height_width(images)
        seed = self._resolve_seed(seed)
        low, high = self.factor
        probability = random.uniform(
            (batch,), minval=low, maxval=high, seed=seed
        )
        threshold = random.uniform((batch,), seed=seed)
        offsets = random.uniform(
            (batch, 4, 2),
            minval=-0.5 * self.scale,
            maxval=0.5 * self.scale,
            seed=seed,
        )
        corners = ops.convert_to_tensor(
            [[0.0, 0.0], [width - 1, 0.0], [0.0, height - 1]]
            + [[width - 1, height - 1]],
            dtype="float32",
        )
        start_points = ops.broadcast_to(corners, (batch, 4, 2))
        return {
            "apply_perspective": threshold < probability,
            "start_points": start_points,
            "end_points": start_points + start_points * offsets,
        }

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        warped = ops.image.perspective_transform(
            images,
            transformation["start_points"],
            transformation["end_points"],
            interpolation=self.interpolation,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )
        apply = ops.reshape(transformation["apply_perspective"], (-1, 1, 1, 1))
        return ops.where(apply, warped, images)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "factor": self.factor,
                "scale": self.scale,
                "interpolation": self.interpolation,
                "fill_value": self.fill_value,
                "seed": self.seed,
            }
        )
        return config
