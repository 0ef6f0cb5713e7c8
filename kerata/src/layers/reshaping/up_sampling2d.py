"""`UpSampling2D`: enlarges images by repetition or interpolation."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.reshaping.base_up_sampling import BaseUpSampling

_INTERPOLATIONS = (
    "nearest",
    "bilinear",
    "bicubic",
    "lanczos3",
    "lanczos5",
    "area",
)


@kerata_export("kerata.layers.UpSampling2D")
class UpSampling2D(BaseUpSampling):
    """Upsamples images by the factors `size` along height and width.

    `"nearest"` repeats each row and column; the other interpolations
    resize with `kerata.ops.image.resize` (half-pixel centers, as
    `torch.nn.functional.interpolate(..., align_corners=False)`).

    Args:
        size: Int or tuple of 2 positive ints, the factors of height and
            width.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `kerata.config.image_data_format()`.
        interpolation: One of `"nearest"`, `"bilinear"`, `"bicubic"`,
            `"lanczos3"`, `"lanczos5"`, `"area"` (backends support the
            same methods as `kerata.ops.image.resize`).
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Input shape:
        `(batch_size, rows, cols, channels)` (channels_last) or
        `(batch_size, channels, rows, cols)` (channels_first).

    Output shape:
        The input shape with rows and cols multiplied by their factors.

    Example:

    >>> layer = kerata.layers.UpSampling2D(size=(1, 2))
    >>> y = layer(kerata.ops.convert_to_tensor([[[[1.0], [2.0]]]]))
    >>> kerata.ops.convert_to_numpy(y)[0, 0, :, 0].tolist()
    [1.0, 1.0, 2.0, 2.0]
    """

    _ndim = 2

    def __init__(
        self,
        size: Any = (2, 2),
        data_format: str | None = None,
        interpolation: str = "nearest",
        **kwargs: Any,
    ) -> None:
        super().__init__(size, data_format=data_format, **kwargs)
        if (
            not isinstance(interpolation, str)
            or interpolation.lower() not in _INTERPOLATIONS
        ):
            raise ValueError(
                "`interpolation` of an UpSampling2D layer must be one of "
                f"{_INTERPOLATIONS}. Received: interpolation="
                f"{interpolation!r}"
            )
        self.interpolation = interpolation.lower()

    def call(self, inputs: Any) -> Any:
        if self.interpolation == "nearest":
            return super().call(inputs)
        rows, cols = self._spatial_axes()
        shape = tuple(ops.shape(inputs))
        size = (shape[rows] * self._factors[0], shape[cols] * self._factors[1])
        return ops.image.resize(
            inputs,
            size,
            interpolation=self.interpolation,
            data_format=self.data_format,
        )

    def get_config(self) -> dict:
        config = super().get_config()
        config["interpolation"] = self.interpolation
        return config
