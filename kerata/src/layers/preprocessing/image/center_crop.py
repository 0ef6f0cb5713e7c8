"""`CenterCrop`: crops the central part of images."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    _check_size,
)
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    _with_size,
)


@kerata_export("kerata.layers.CenterCrop")
class CenterCrop(BaseImagePreprocessingLayer):
    """Crops the central `(height, width)` window of images.

    Images at least as large as the target are cropped (an odd margin
    leaves the extra row or column at the bottom or right). Smaller
    images are first cropped to the target aspect ratio and then resized
    (bilinear), so the output always has the target size. The layer is
    active in training and inference.

    Args:
        height: Int, height of the output.
        width: Int, width of the output.
        data_format: "channels_last" or "channels_first"; None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, height, width, channels)` or one image
        `(height, width, channels)` (channels first with
        "channels_first").

    Output shape:
        The input shape with `height` and `width` replaced.

    Example:

    >>> import numpy as np
    >>> x = np.arange(16.0, dtype="float32").reshape(4, 4, 1)
    >>> y = kerata.layers.CenterCrop(2, 2)(x)
    >>> kerata.ops.convert_to_numpy(y)[..., 0].tolist()
    [[5.0, 6.0], [9.0, 10.0]]
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        height: int,
        width: int,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.height = _check_size(height, "height")
        self.width = _check_size(width, "width")

    def transform_images(
        self, images: Any, transformation: Any = None, training: bool = True
    ) -> Any:
        height, width = self._height_width(images)
        if height >= self.height and width >= self.width:
            return ops.image.crop_images(
                images,
                top_cropping=(height - self.height) // 2,
                left_cropping=(width - self.width) // 2,
                target_height=self.height,
                target_width=self.width,
                data_format=self.data_format,
            )
        return ops.image.resize(
            images,
            (self.height, self.width),
            crop_to_aspect_ratio=True,
            data_format=self.data_format,
        )

    def _image_output_shape(self, shape: tuple) -> tuple:
        return _with_size(shape, self.height, self.width, self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height": self.height, "width": self.width})
        return config
