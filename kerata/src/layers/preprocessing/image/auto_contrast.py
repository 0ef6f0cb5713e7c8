"""`AutoContrast`: stretches each channel to the full value range."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image import _rand_augment_ops as color
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.AutoContrast")
class AutoContrast(BaseImagePreprocessingLayer):
    """Maximizes the contrast of each channel of each image.

    Each channel of each image is mapped linearly so that its lowest
    value becomes the bottom of `value_range` and its highest the top;
    channels holding a single value are left as they are. The layer is
    deterministic and, as in Keras, applies in training and inference
    alike.

    Args:
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        **kwargs: Base layer arguments (`name`, `dtype`, `data_format`,
            ...).

    Call arguments:
        data: Image `(height, width, channels)`, batch of images, or a
            dict with "images" (and "labels", passed through).
        training: Ignored.

    Input shape:
        3D or 4D image tensor.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.AutoContrast(value_range=(0, 1))
    >>> x = kerata.ops.convert_to_tensor([[[0.25], [0.5]], [[0.5], [0.75]]])
    >>> kerata.ops.convert_to_numpy(layer(x))[..., 0].tolist()
    [[0.0, 0.5], [0.5, 1.0]]
    """

    _USE_BASE_FACTOR = False

    def __init__(self, value_range: Any = (0, 255), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.value_range = utils.check_value_range(value_range, "AutoContrast")

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        return color.auto_contrast(self, images)

    def get_config(self) -> dict:
        config = super().get_config()
        config["value_range"] = self.value_range
        return config
