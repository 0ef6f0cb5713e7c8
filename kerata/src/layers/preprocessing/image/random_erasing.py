"""`RandomErasing`: overwrites a random box of each image."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.RandomErasing")
class RandomErasing(BaseImagePreprocessingLayer):
    """Random Erasing: fills a random box of some images during training.

    For each image, an erasing probability `p` is drawn uniformly from
    `factor`, and the image is erased with probability `p`. The box's
    height and width are `sqrt(s_h) * height` and `sqrt(s_w) * width`
    with `s_h` and `s_w` drawn uniformly from `scale`, and its position
    is uniform within the image. The box is filled with `fill_value`, or
    with Gaussian noise scaled by `value_range`'s upper bound when
    `fill_value` is None; fill values are clipped to `value_range`. At
    inference the layer returns its input (cast to the layer's dtype).
    See [Zhong et al., 2017](https://arxiv.org/abs/1708.04896).

    Args:
        factor: A number `f` in `[0, 1]`, meaning `(0, f)`, or a pair
            `(lower, upper)` in `[0, 1]`: the range of the erasing
            probability. Defaults to 1.0. Pass `(1, 1)` to always erase.
        scale: A number `s`, meaning `(0, s)`, or a pair in `[0, 1]`: the
            range of the squared side fractions. Defaults to
            `(0.02, 0.33)`.
        fill_value: None (noise), a number, or one number per channel.
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        seed: Int seed for reproducible draws.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        data: Image `(height, width, channels)`, batch of images, or a
            dict with "images" (and "labels", passed through).
        training: Whether to erase (default True; `predict` passes
            False).

    Input shape:
        3D or 4D image tensor.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.RandomErasing(
    ...     factor=(1.0, 1.0), scale=(1.0, 1.0), fill_value=0.0)
    >>> x = kerata.ops.ones((2, 4, 4, 3))
    >>> float(kerata.ops.convert_to_numpy(layer(x)).sum())
    0.0
    >>> float(kerata.ops.convert_to_numpy(layer(x, training=False)).sum())
    96.0
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(
        self,
        factor: Any = 1.0,
        scale: Any = (0.02, 0.33),
        fill_value: Any = None,
        value_range: Any = (0, 255),
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        bounds = self._FACTOR_BOUNDS
        self.factor = self._parse_factor(factor, "factor", bounds)
        self.scale = self._parse_factor(scale, "scale", bounds)
        self.fill_value = _check_fill_value(fill_value)
        self.value_range = utils.check_value_range(value_range, "RandomErasing")
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
        sides = ops.sqrt(
            random.uniform(
                (batch, 2),
                minval=self.scale[0],
                maxval=self.scale[1],
                seed=seed,
            )
        )
        corners = utils.random_boxes(
            height, width, sides[:, 1], sides[:, 0], seed
        )
        probability = random.uniform(
            (batch,), minval=self.factor[0], maxval=self.factor[1], seed=seed
        )
        apply = random.uniform((batch,), seed=seed) < probability
        transformation = {
            "apply_erasing": apply,
            "batch_masks": utils.box_masks(
                height, width, corners, self.data_format
            ),
        }
        if self.fill_value is None:
            noise = random.normal(tuple(ops.shape(images)), seed=seed)
            transformation["fill_value"] = noise * self.value_range[1]
        return transformation

    def _fill(self, images: Any, transformation: Any) -> Any:
        fill = transformation.get("fill_value")
        if fill is None:
            fill = self.fill_value
            if isinstance(fill, tuple):
                channels = ops.shape(images)[
                    utils.channels_axis(self.data_format)
                ]
                if len(fill) != channels:
                    raise ValueError(
                        "RandomErasing's `fill_value` has one value per "
                        f"channel, but the images have {channels} "
                        f"channels. Received: fill_value={fill}"
                    )
                shape = (1, 1, 1, -1)
                if self.data_format == "channels_first":
                    shape = (1, -1, 1, 1)
                fill = ops.reshape(ops.convert_to_tensor(fill), shape)
        fill = ops.cast(fill, images.dtype)
        return ops.clip(fill, *self.value_range)

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        masks = ops.logical_and(
            transformation["batch_masks"],
            ops.reshape(transformation["apply_erasing"], (-1, 1, 1, 1)),
        )
        return ops.where(masks, self._fill(images, transformation), images)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "factor": self.factor,
                "scale": self.scale,
                "fill_value": self.fill_value,
                "value_range": self.value_range,
                "seed": self.seed,
            }
        )
        return config


def _check_fill_value(fill_value: Any) -> Any:
    if fill_value is None or utils.is_number(fill_value):
        return fill_value
    if isinstance(fill_value, (tuple, list)) and all(
        utils.is_number(v) for v in fill_value
    ):
        return tuple(float(v) for v in fill_value)
    raise ValueError(
        "RandomErasing's `fill_value` must be None (Gaussian noise), a "
        "number, or a list of one number per channel. "
        f"Received: fill_value={fill_value!r}"
    )
