"""`CutMix`: pastes a box of another image of the batch into each image."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.CutMix")
class CutMix(BaseImagePreprocessingLayer):
    """CutMix: pastes a random box of another image of the batch into each
    image during training, and mixes labels by area.

    The batch is shuffled. For image `i`, a weight `w_i` is drawn from
    `Beta(a, a)`, with `a` drawn once per batch uniformly from `factor`;
    a box with sides `sqrt(1 - w_i)` times the image's, at a uniform
    position, is copied from image `perm(i)`. Labels (passed as
    `{"images": ..., "labels": ...}`) become `l * y_i + (1 - l) *
    y_perm(i)`, where `1 - l` is the fraction of pixels pasted. At
    inference the layer returns its input (cast to the layer's dtype).
    See [Yun et al., 2019](https://arxiv.org/abs/1905.04899).

    Args:
        factor: A number `f` in `[0, 1]`, meaning `(0, f)`, or a pair
            `(lower, upper)` in `[0, 1]`: the range of the Beta
            parameter. Defaults to 1.0.
        seed: Int seed for reproducible draws.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        data: Batch of images, or a dict with "images" and "labels"
            `(batch, num_classes)`.
        training: Whether to mix (default True; `predict` passes False).

    Input shape:
        4D image tensor (a 3D image is a batch of one: left unchanged).

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.CutMix(seed=0)
    >>> images = kerata.ops.ones((2, 4, 4, 3))
    >>> labels = kerata.ops.one_hot(kerata.ops.arange(2), 2)
    >>> out = layer({"images": images, "labels": labels})
    >>> kerata.ops.convert_to_numpy(out["images"]).min().item()
    1.0
    >>> kerata.ops.convert_to_numpy(out["labels"]).sum(axis=1).round(4).tolist()
    [1.0, 1.0]
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(
        self,
        factor: Any = 1.0,
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self._parse_factor(factor, "factor", self._FACTOR_BOUNDS)
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
        # The 1e-6 keeps the Beta parameter positive when factor[0] is 0.
        alpha = (
            random.uniform(
                (), minval=self.factor[0], maxval=self.factor[1], seed=seed
            )
            + 1e-6
        )
        weight = utils.beta((batch,), alpha, alpha, seed)
        side = ops.sqrt(1.0 - weight)
        corners = utils.random_boxes(height, width, side, side, seed)
        masks = utils.box_masks(height, width, corners, self.data_format)
        pasted = ops.mean(ops.cast(masks, "float32"), axis=(1, 2, 3))
        order = random.shuffle(ops.arange(batch, dtype="int32"), seed=seed)
        return {
            "permutation_order": order,
            "batch_masks": masks,
            "mix_weight": 1.0 - pasted,
        }

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        order = transformation["permutation_order"]
        pasted = ops.take(images, order, axis=0)
        return ops.where(transformation["batch_masks"], pasted, images)

    def transform_labels(
        self, labels: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return labels
        labels = ops.cast(labels, self.compute_dtype)
        other = ops.take(labels, transformation["permutation_order"], axis=0)
        weight = ops.cast(transformation["mix_weight"], self.compute_dtype)
        weight = ops.reshape(weight, (-1,) + (1,) * (len(labels.shape) - 1))
        return weight * labels + (1.0 - weight) * other

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "seed": self.seed})
        return config
