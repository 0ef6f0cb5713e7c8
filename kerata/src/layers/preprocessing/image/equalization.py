"""`Equalization`: histogram equalization of each channel."""

from __future__ import annotations

import operator
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image import _rand_augment_ops as color
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.Equalization")
class Equalization(BaseImagePreprocessingLayer):
    """Equalizes the histogram of each color channel during training.

    Values are mapped from `value_range` to `[0, 255]` and sorted into
    `bins` equal bins. Each bin is mapped to
    `round(255 * (cdf - cdf_min) / (count - cdf_min))`, where `cdf` counts
    the values in that bin and below, `cdf_min` is the count of the
    lowest occupied bin and `count` the number of values; the result is
    mapped back to `value_range`. As in Keras, a channel's histogram is
    taken over the whole batch, and a channel whose values all fall in
    one bin is left as it is. At inference (`training=False`) the layer
    returns its input (cast to the layer's dtype), as Keras's does.

    Args:
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        bins: Positive int, the number of histogram bins. Defaults to
            256.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        data: Image `(height, width, channels)`, batch of images, or a
            dict with "images" (and "labels", passed through).
        training: Whether to equalize (default True; `predict` passes
            False).

    Input shape:
        3D or 4D image tensor.

    Output shape:
        Same as the input.

    Example:

    >>> layer = kerata.layers.Equalization()
    >>> x = kerata.ops.convert_to_tensor([[[10.0], [10.0], [20.0], [30.0]]])
    >>> kerata.ops.convert_to_numpy(layer(x))[..., 0].tolist()
    [[0.0, 0.0, 128.0, 255.0]]
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        value_range: Any = (0, 255),
        bins: int = 256,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.bins = _check_bins(bins)
        self.value_range = utils.check_value_range(value_range, "Equalization")

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training:
            return images
        return color.equalization(self, images, bins=self.bins, per_image=False)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"bins": self.bins, "value_range": self.value_range})
        return config


def _check_bins(bins: Any) -> int:
    try:
        value = operator.index(bins)
    except TypeError:
        value = None
    if value is None or isinstance(bins, bool) or value < 1:
        raise ValueError(
            "Equalization's `bins` must be a positive int, such as 256. "
            f"Received: bins={bins!r}"
        )
    return value
