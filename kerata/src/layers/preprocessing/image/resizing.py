"""`Resizing`: resizes images to a fixed size."""

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

_INTERPOLATIONS = (
    "bilinear",
    "nearest",
    "bicubic",
    "lanczos3",
    "lanczos5",
    "area",
)


@kerata_export("kerata.layers.Resizing")
class Resizing(BaseImagePreprocessingLayer):
    """Resizes images to `(height, width)`.

    Images may be of any size; by default they are stretched to the
    target size. `crop_to_aspect_ratio=True` first crops the largest
    centered window with the target aspect ratio, and
    `pad_to_aspect_ratio=True` first pads the short side evenly, so that
    nothing is distorted. The layer is active in training and inference.

    Args:
        height: Int, height of the output.
        width: Int, width of the output.
        interpolation: "bilinear" (default), "nearest", "bicubic",
            "lanczos3", "lanczos5" or "area".
        crop_to_aspect_ratio: Whether to crop to the target aspect ratio
            before resizing.
        pad_to_aspect_ratio: Whether to pad to the target aspect ratio
            before resizing.
        fill_mode: How padding is filled; only "constant" is supported.
        fill_value: Value of the padding with `pad_to_aspect_ratio=True`.
        antialias: Whether to low-pass filter when downsampling.
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

    >>> layer = kerata.layers.Resizing(2, 3)
    >>> tuple(layer(kerata.ops.ones((4, 8, 8, 3))).shape)
    (4, 2, 3, 3)
    >>> import numpy as np
    >>> x = np.arange(4.0, dtype="float32").reshape(2, 2, 1)
    >>> y = kerata.layers.Resizing(4, 4, interpolation="nearest")(x)
    >>> kerata.ops.convert_to_numpy(y)[0, :, 0].tolist()
    [0.0, 0.0, 1.0, 1.0]
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        height: int,
        width: int,
        interpolation: str = "bilinear",
        crop_to_aspect_ratio: bool = False,
        pad_to_aspect_ratio: bool = False,
        fill_mode: str = "constant",
        fill_value: float = 0.0,
        antialias: bool = False,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.height = _check_size(height, "height")
        self.width = _check_size(width, "width")
        self.interpolation = self._check_option(
            interpolation, "interpolation", _INTERPOLATIONS
        )
        self.fill_mode = self._check_option(
            fill_mode, "fill_mode", ("constant",)
        )
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError(
                "Only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` "
                "can be True."
            )
        self.crop_to_aspect_ratio = bool(crop_to_aspect_ratio)
        self.pad_to_aspect_ratio = bool(pad_to_aspect_ratio)
        self.fill_value = fill_value
        self.antialias = bool(antialias)

    def transform_images(
        self, images: Any, transformation: Any = None, training: bool = True
    ) -> Any:
        return ops.image.resize(
            images,
            (self.height, self.width),
            interpolation=self.interpolation,
            antialias=self.antialias,
            crop_to_aspect_ratio=self.crop_to_aspect_ratio,
            pad_to_aspect_ratio=self.pad_to_aspect_ratio,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )

    def _image_output_shape(self, shape: tuple) -> tuple:
        return _with_size(shape, self.height, self.width, self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "height": self.height,
                "width": self.width,
                "interpolation": self.interpolation,
                "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
                "fill_mode": self.fill_mode,
                "fill_value": self.fill_value,
                "antialias": self.antialias,
            }
        )
        return config
