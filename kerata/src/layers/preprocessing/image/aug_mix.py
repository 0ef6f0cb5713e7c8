"""`AugMix`: mixes several chains of random augmentations."""

from __future__ import annotations

import operator
import random as py_random
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

# Keras's operation lists; the first three are layers, the others either
# layers (brightness, contrast) or (draw, apply) pairs of
# `_rand_augment_ops` (draw None: no parameters).
_OPERATIONS = (
    "random_shear",
    "random_translation",
    "random_rotation",
    "random_posterization",
    "solarization",
    "auto_contrast",
    "equalization",
)
_EXTRA_OPERATIONS = (
    "random_brightness",
    "random_color_degeneration",
    "random_contrast",
    "random_sharpness",
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


@kerata_export("kerata.layers.AugMix")
class AugMix(BaseImagePreprocessingLayer):
    """AugMix: blends an image with a mix of augmented copies of itself.

    During training the layer builds `num_chains` augmented copies of the
    batch. Each copy goes through a chain of up to `chain_depth`
    operations (each step picks one of the operations, or nothing),
    chosen once per call and shared by the whole batch; each operation
    draws its own random parameters per image. The copies are averaged
    with Dirichlet(`alpha`) weights, and the result is blended with the
    original images with a Beta(`alpha`, `alpha`) weight, then clipped
    to `value_range`. See [Hendrycks et al., 2020](
    https://arxiv.org/abs/1912.02781). In inference (`training=False`,
    as in `predict`) the layer returns its input.

    The operations are shear, translation, rotation, posterization,
    solarization, auto-contrast and histogram equalization, plus (with
    `all_ops=True`) brightness, color degeneration, contrast and
    sharpness. The chains are chosen in Python, from a generator seeded
    with `seed`; inside a compiled function (JAX) they are fixed when the
    function is traced, as in Keras.

    Args:
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        num_chains: Positive int, the number of augmented copies.
            Defaults to 3.
        chain_depth: Int >= 0, the most operations per chain (each step
            may also be skipped). Defaults to 3.
        factor: A number `f` in `[0, 1]`, meaning `(0, f)`, or a pair in
            `[0, 1]`: the strength range of every operation. Defaults to
            0.3.
        alpha: Positive number, the parameter of the Dirichlet and Beta
            distributions of the mixing weights. Defaults to 1.0.
        all_ops: Whether to use the four extra operations. Defaults to
            True.
        interpolation: "bilinear" (default) or "nearest", for the
            geometric operations.
        seed: Int seed for reproducible draws.
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        RGB images `(batch_size, height, width, 3)` or one image
        `(height, width, 3)` (channels first with "channels_first").

    Output shape:
        The input shape.

    Example:

    >>> import numpy as np
    >>> x = np.random.default_rng(0).uniform(0, 255, (2, 4, 4, 3))
    >>> layer = kerata.layers.AugMix(chain_depth=1, seed=3)
    >>> y = kerata.ops.convert_to_numpy(layer(x))
    >>> y.shape, bool(y.min() >= 0), bool(y.max() <= 255)
    ((2, 4, 4, 3), True, True)
    >>> layer.get_config()["factor"]
    (0.0, 0.3)
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(
        self,
        value_range: Any = (0, 255),
        num_chains: int = 3,
        chain_depth: int = 3,
        factor: Any = 0.3,
        alpha: float = 1.0,
        all_ops: bool = True,
        interpolation: str = "bilinear",
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = utils.check_value_range(value_range, "AugMix")
        self.num_chains = _check_count(num_chains, "num_chains", 1)
        self.chain_depth = _check_count(chain_depth, "chain_depth", 0)
        self.factor = self._parse_factor(factor, "factor", self._FACTOR_BOUNDS)
        if not utils.is_number(alpha) or alpha <= 0:
            raise ValueError(
                "AugMix's `alpha` must be a positive number. "
                f"Received: alpha={alpha!r}"
            )
        self.alpha = float(alpha)
        if not isinstance(all_ops, bool):
            raise ValueError(
                f"AugMix's `all_ops` must be a bool. Received: {all_ops!r}"
            )
        self.all_ops = all_ops
        self.interpolation = self._check_option(
            interpolation, "interpolation", ("bilinear", "nearest")
        )
        self.seed = seed
        self.generator = random.SeedGenerator(seed)
        self._chooser = py_random.Random(seed)
        self._operations = _OPERATIONS + (_EXTRA_OPERATIONS if all_ops else ())
        common: dict[str, Any] = {"seed": seed, "data_format": self.data_format}
        geometric: dict[str, Any] = {"interpolation": interpolation, **common}
        self.random_shear = RandomShear(
            x_factor=self.factor, y_factor=self.factor, **geometric
        )
        self.random_translation = RandomTranslation(
            height_factor=self.factor, width_factor=self.factor, **geometric
        )
        self.random_rotation = RandomRotation(factor=self.factor, **geometric)
        if all_ops:
            colors: dict[str, Any] = {"value_range": self.value_range, **common}
            self.random_brightness = RandomBrightness(
                factor=self.factor, **colors
            )
            self.random_contrast = RandomContrast(factor=self.factor, **colors)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        images = self._images_of(data)
        batch = utils.batch_size(images)
        seed = self._resolve_seed(seed)
        chains = []
        for _ in range(self.num_chains):
            chain = []
            for _ in range(self.chain_depth):
                # One more choice than operations: skip this step.
                index = self._chooser.randrange(len(self._operations) + 1)
                if index == len(self._operations):
                    continue
                name = self._operations[index]
                chain.append((name, self._draw(name, images, batch, seed)))
            chains.append(chain)
        mixing_weights, weight_sample = self._mixing_weights(seed)
        return {
            "chain_mixing_weights": mixing_weights,
            "weight_sample": weight_sample,
            "chain_transforms": chains,
        }

    def _draw(self, name: str, images: Any, batch: int, seed: Any) -> Any:
        if name in _COLOR_OPERATIONS:
            draw = _COLOR_OPERATIONS[name][0]
            return None if draw is None else draw(self, batch, seed)
        return getattr(self, name).get_random_transformation(images, seed=seed)

    def _mixing_weights(self, seed: Any) -> tuple:
        """Dirichlet(alpha) chain weights `(num_chains,)` and a
        Beta(alpha, alpha) blend weight, from one batch of Beta draws.

        The Dirichlet weights come by stick breaking: weight `k` takes a
        Beta(alpha, (num_chains - 1 - k) * alpha) share of what the
        earlier ones left, and the last weight takes the rest.
        """
        count = self.num_chains
        rests = [(count - 1 - k) * self.alpha for k in range(count - 1)]
        draws = utils.beta(
            (count,),
            ops.convert_to_tensor([self.alpha] * count, dtype="float32"),
            ops.convert_to_tensor(rests + [self.alpha], dtype="float32"),
            seed,
        )
        shares, weight_sample = draws[: count - 1], draws[count - 1]
        # What is left before each stick, then after the last one.
        left = ops.cumprod(
            ops.concatenate([ops.ones((1,), "float32"), 1.0 - shares])
        )
        weights = ops.concatenate([shares * left[:-1], left[-1:]])
        return weights, weight_sample

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        weights = ops.cast(transformation["chain_mixing_weights"], images.dtype)
        mixed = ops.zeros_like(images)
        for index, chain in enumerate(transformation["chain_transforms"]):
            augmented = images
            for name, params in chain:
                if name in _COLOR_OPERATIONS:
                    apply = _COLOR_OPERATIONS[name][1]
                    augmented = apply(self, augmented, params)
                else:
                    layer = getattr(self, name)
                    augmented = layer.transform_images(augmented, params)
            mixed = mixed + weights[index] * augmented
        weight = ops.cast(transformation["weight_sample"], images.dtype)
        images = weight * images + (1.0 - weight) * mixed
        return ops.clip(images, *self.value_range)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "value_range": self.value_range,
                "num_chains": self.num_chains,
                "chain_depth": self.chain_depth,
                "factor": self.factor,
                "alpha": self.alpha,
                "all_ops": self.all_ops,
                "interpolation": self.interpolation,
                "seed": self.seed,
            }
        )
        return config


def _check_count(value: Any, name: str, minimum: int) -> int:
    try:
        count = operator.index(value)
    except TypeError:
        count = None
    if count is None or isinstance(value, bool) or count < minimum:
        raise ValueError(
            f"AugMix's `{name}` must be an int of at least {minimum}. "
            f"Received: {name}={value!r}"
        )
    return count
