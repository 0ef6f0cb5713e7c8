"""`RandomElasticTransform`: random elastic distortions during training."""

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
_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
# Displacement strength and smoothness per unit of distortion, relative
# to the image size (Keras's constants).
_ALPHA_PER_SCALE = 0.1
_SIGMA_PER_SCALE = 0.05


@kerata_export("kerata.layers.RandomElasticTransform")
class RandomElasticTransform(BaseImagePreprocessingLayer):
    """Distorts some images of a batch with a random smooth displacement.

    Each output pixel `(y, x)` samples the input at `(y + alpha * dy,
    x + alpha * dx)`, where `dx` and `dy` are Gaussian noise fields
    (standard deviation `sigma`) smoothed by a Gaussian blur of standard
    deviation `sigma`. A distortion `s` is drawn once per batch from
    `scale`, and gives `alpha = 0.1 * s * max(height, width)` and
    `sigma = 0.05 * s * min(height, width)` (Simard et al., 2003). Each
    image is distorted with a probability drawn from `factor`, and the
    output is clipped to `value_range`. In inference (`training=False`,
    as in `predict`) the layer returns its input.

    The blur kernel is sized for the largest `scale` (`6 * sigma`
    rounded up to an odd int), so that every call has the same shapes.

    Args:
        factor: A number `f` in `[0, 1]` (probabilities drawn from
            `[0, f]`) or a pair `(min, max)` in `[0, 1]`: the probability
            of distorting each image. Defaults to 1.0.
        scale: A number `s` in `[0, 1]` (distortions drawn from
            `[0, s]`) or a pair `(min, max)` in `[0, 1]`. Defaults to
            1.0.
        interpolation: "bilinear" (default) or "nearest".
        fill_mode: How points outside the input are filled: "reflect"
            (default; `d c b a | a b c d | d c b a`), "mirror"
            (`d c b | a b c d | c b a`), "wrap", "nearest" or "constant"
            (`fill_value`).
        fill_value: Value outside the input with `fill_mode="constant"`.
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        seed: Int seed for reproducible distortions.
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
    >>> layer = kerata.layers.RandomElasticTransform(scale=0.5, seed=1)
    >>> kerata.ops.convert_to_numpy(layer(x)).shape
    (2, 8, 8, 3)
    >>> y = kerata.ops.convert_to_numpy(layer(x, training=False))
    >>> bool(np.allclose(y, x, atol=1e-4))
    True
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(
        self,
        factor: Any = 1.0,
        scale: Any = 1.0,
        interpolation: str = "bilinear",
        fill_mode: str = "reflect",
        fill_value: float = 0.0,
        value_range: Any = (0, 255),
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self._parse_factor(factor, "factor", self._FACTOR_BOUNDS)
        self.scale = self._parse_factor(scale, "scale", self._FACTOR_BOUNDS)
        self.interpolation = self._check_option(
            interpolation, "interpolation", _INTERPOLATIONS
        )
        self.fill_mode = self._check_option(fill_mode, "fill_mode", _FILL_MODES)
        if not utils.is_number(fill_value):
            raise ValueError(
                "RandomElasticTransform's `fill_value` must be a number. "
                f"Received: fill_value={fill_value!r}"
            )
        self.fill_value = float(fill_value)
        self.value_range = utils.check_value_range(
            value_range, "RandomElasticTransform"
        )
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training or self.scale[1] == 0 or self.factor[1] == 0:
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
        low, high = self.scale
        distortion = random.uniform((), minval=low, maxval=high, seed=seed)
        return {
            "apply_transform": threshold < probability,
            "distortion_factor": distortion,
            "noise": random.normal((batch, height, width, 2), seed=seed),
        }

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        height, width = self._height_width(images)
        distortion = ops.cast(transformation["distortion_factor"], "float32")
        alpha = _ALPHA_PER_SCALE * max(height, width) * distortion
        sigma = _SIGMA_PER_SCALE * min(height, width) * distortion
        # A zero sigma would divide 0 by 0 in the kernel.
        sigma = ops.maximum(sigma, 1e-3)
        distorted = ops.image.elastic_warp(
            images,
            transformation["noise"],
            alpha,
            sigma,
            _kernel_size(height, width, self.scale[1]),
            interpolation=self.interpolation,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )
        apply = ops.reshape(transformation["apply_transform"], (-1, 1, 1, 1))
        images = ops.where(apply, distorted, images)
        return ops.clip(images, *self.value_range)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "factor": self.factor,
                "scale": self.scale,
                "interpolation": self.interpolation,
                "fill_mode": self.fill_mode,
                "fill_value": self.fill_value,
                "value_range": self.value_range,
                "seed": self.seed,
            }
        )
        return config


def _kernel_size(height: int, width: int, max_scale: float) -> int:
    """The odd blur size `int(6 * sigma) | 1` for the largest sigma."""
    return int(6 * _SIGMA_PER_SCALE * min(height, width) * max_scale) | 1
