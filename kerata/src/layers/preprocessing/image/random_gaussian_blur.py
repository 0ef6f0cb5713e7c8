"""`RandomGaussianBlur`: randomly blurs images during training."""

from __future__ import annotations

import numbers
from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.RandomGaussianBlur")
class RandomGaussianBlur(BaseImagePreprocessingLayer):
    """Blurs some images of a batch with a random Gaussian kernel.

    At each training call the layer draws a blur probability `p` per
    image from `factor` and blurs the image with probability `p`. The
    standard deviations of the Gaussian (one across the width, one
    across the height) are drawn once per batch from `sigma`. Pixels
    outside the image count as zeros, and the output is clipped to
    `value_range`. In inference (`training=False`, as in `predict`) the
    layer returns its input.

    Args:
        factor: A number `f` in `[0, 1]` (probabilities drawn from
            `[0, f]`) or a pair `(min, max)` in `[0, 1]`. 0 never blurs;
            the default, 1.0, blurs about half of the images.
        kernel_size: Odd positive int, or a pair of them `(along width,
            along height)`: the size of the Gaussian kernel. Defaults
            to 3.
        sigma: A number `s >= 0` (standard deviations drawn from
            `[0, s]`) or a pair `(min, max)`. Defaults to 1.0.
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        seed: Int seed for reproducible draws.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, height, width, channels)` or one image
        `(height, width, channels)` (channels first with
        "channels_first").

    Output shape:
        The input shape.

    Example:

    >>> import numpy as np
    >>> x = np.zeros((3, 3, 1), "float32")
    >>> x[1, 1, 0] = 1.0
    >>> layer = kerata.layers.RandomGaussianBlur(
    ...     factor=(1.0, 1.0), sigma=(1.0, 1.0), value_range=(0, 1))
    >>> y = kerata.ops.convert_to_numpy(layer(x))[..., 0]
    >>> round(float(y.sum()), 4), round(float(y[1, 1]), 4)
    (1.0, 0.2042)
    >>> kerata.ops.convert_to_numpy(layer(x, training=False)).sum().item()
    1.0
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(
        self,
        factor: Any = 1.0,
        kernel_size: Any = 3,
        sigma: Any = 1.0,
        value_range: Any = (0, 255),
        data_format: str | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self._parse_factor(factor, "factor", self._FACTOR_BOUNDS)
        self.kernel_size = _check_kernel_size(kernel_size)
        self.sigma = self._parse_factor(sigma, "sigma", (0, float("inf")))
        self.value_range = utils.check_value_range(
            value_range, "RandomGaussianBlur"
        )
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
        probability = random.uniform(
            (batch,), minval=low, maxval=high, seed=seed
        )
        threshold = random.uniform((batch,), seed=seed)
        low, high = self.sigma
        # A tiny offset keeps a zero standard deviation finite.
        sigma = random.uniform((2,), minval=low, maxval=high, seed=seed) + 1e-6
        return {
            "should_apply_blur": threshold < probability,
            "blur_factor": sigma,
        }

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        sigma = ops.cast(transformation["blur_factor"], images.dtype)
        blurred = ops.image.gaussian_blur(
            images,
            self.kernel_size,
            (sigma[0], sigma[1]),
            data_format=self.data_format,
        )
        apply = ops.reshape(transformation["should_apply_blur"], (-1, 1, 1, 1))
        images = ops.where(apply, blurred, images)
        return ops.clip(images, *self.value_range)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "factor": self.factor,
                "kernel_size": self.kernel_size,
                "sigma": self.sigma,
                "value_range": self.value_range,
                "seed": self.seed,
            }
        )
        return config


def _check_kernel_size(kernel_size: Any) -> tuple:
    """`(size_x, size_y)` from an odd positive int or a pair of them."""
    sizes = (
        tuple(kernel_size)
        if isinstance(kernel_size, (tuple, list))
        else (kernel_size, kernel_size)
    )
    valid = len(sizes) == 2 and all(
        isinstance(s, numbers.Integral)
        and not isinstance(s, bool)
        and s > 0
        and s % 2 == 1
        for s in sizes
    )
    if not valid:
        raise ValueError(
            "RandomGaussianBlur's `kernel_size` must be an odd positive int "
            "or a pair of them, such as 3 or (3, 5). Received: "
            f"kernel_size={kernel_size!r}"
        )
    return int(sizes[0]), int(sizes[1])
