"""`MixUp`: blends each image (and label) with another of the batch."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.MixUp")
class MixUp(BaseImagePreprocessingLayer):
    """MixUp: replaces each image by a blend with another image of the
    batch during training, and its label by the same blend of labels.

    The batch is shuffled, and image `i` becomes `w_i * x_i + (1 - w_i) *
    x_perm(i)` with `w_i` drawn from `Beta(alpha, alpha)`; labels (one-hot
    or other float vectors, passed as `{"images": ..., "labels": ...}`)
    are mixed with the same weights. At inference the layer returns its
    input (cast to the layer's dtype). See
    [Zhang et al., 2017](https://arxiv.org/abs/1710.09412).

    Args:
        alpha: Positive float, the Beta distribution's parameter. Small
            values keep images close to the originals. Defaults to 0.2.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        seed: Int seed for reproducible draws.
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

    >>> layer = kerata.layers.MixUp(alpha=0.2, seed=0)
    >>> images = kerata.ops.ones((2, 4, 4, 3))
    >>> labels = kerata.ops.one_hot(kerata.ops.arange(2), 2)
    >>> out = layer({"images": images, "labels": labels})
    >>> tuple(out["images"].shape), tuple(out["labels"].shape)
    ((2, 4, 4, 3), (2, 2))
    >>> kerata.ops.convert_to_numpy(out["labels"]).sum(axis=1).round(4).tolist()
    [1.0, 1.0]
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        alpha: float = 0.2,
        data_format: str | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        if not utils.is_number(alpha) or alpha <= 0:
            raise ValueError(
                "MixUp's `alpha` must be a positive number. "
                f"Received: alpha={alpha!r}"
            )
        self.alpha = float(alpha)
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        batch = utils.batch_size(self._images_of(data))
        seed = self._resolve_seed(seed)
        order = random.shuffle(ops.arange(batch, dtype="int32"), seed=seed)
        weight = utils.beta((batch,), self.alpha, self.alpha, seed)
        return {"mix_weight": weight, "permutation_order": order}

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        return _mix(images, transformation, self.compute_dtype)

    def transform_labels(
        self, labels: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return labels
        return _mix(labels, transformation, self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"alpha": self.alpha, "seed": self.seed})
        return config


def _mix(values: Any, transformation: dict, dtype: Any) -> Any:
    """`w * values + (1 - w) * values[order]`, `w` broadcast per sample."""
    values = ops.cast(values, dtype)
    other = ops.take(values, transformation["permutation_order"], axis=0)
    weight = ops.cast(transformation["mix_weight"], dtype)
    weight = ops.reshape(weight, (-1,) + (1,) * (len(values.shape) - 1))
    return weight * values + (1.0 - weight) * other
