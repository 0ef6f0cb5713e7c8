"""`RandomZoom`: randomly zooms images in or out during training."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src import random
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)


@kerata_export("kerata.layers.RandomZoom")
class RandomZoom(BaseImagePreprocessingLayer):
    """Zooms each image in or out by a random amount during training.

    Each image is scaled about its center: a zoom factor `z` drawn from
    `1 + height_factor` (and `1 + width_factor`) makes the output show
    `z` times the input's extent, so positive factors zoom out and
    negative ones zoom in. Points that fall outside the input are filled
    according to `fill_mode`. In inference (`training=False`, as in
    `predict`) the layer returns its input.

    Args:
        height_factor: Float or pair of floats in `(-1, 1]`: the vertical
            zoom range. A number `f` means `(-f, f)`; `(0.2, 0.3)` zooms
            out by 20% to 30%, `(-0.3, -0.2)` zooms in by 20% to 30%.
        width_factor: Same for the horizontal zoom; None (the default)
            uses the vertical zoom, keeping the aspect ratio.
        fill_mode: How points outside the input are filled: "reflect"
            (default), "wrap", "nearest" or "constant" (`fill_value`).
        interpolation: "bilinear" (default) or "nearest".
        seed: Int seed for reproducible zooms.
        fill_value: Value outside the input with `fill_mode="constant"`.
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
    >>> x = np.arange(9.0, dtype="float32").reshape(3, 3, 1)
    >>> layer = kerata.layers.RandomZoom((-0.5, -0.5), fill_mode="nearest")
    >>> y = kerata.ops.convert_to_numpy(layer(x))[..., 0]
    >>> y.tolist()[1]
    [3.5, 4.0, 4.5]
    """

    def __init__(
        self,
        height_factor: Any,
        width_factor: Any = None,
        fill_mode: str = "reflect",
        interpolation: str = "bilinear",
        seed: int | None = None,
        fill_value: float = 0.0,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = _parse_zoom_factor(
            self, height_factor, "height_factor"
        )
        self.width_factor = width_factor
        if width_factor is not None:
            self.width_lower, self.width_upper = _parse_zoom_factor(
                self, width_factor, "width_factor"
            )
        self._set_affine_options(fill_mode, interpolation, fill_value)
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    _USE_BASE_FACTOR = False

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        if not training:
            return None
        images = self._images_of(data)
        batch = ops.shape(images)[0]
        height, width = self._height_width(images)
        seed = self._resolve_seed(seed)
        zoom_y = random.uniform(
            (batch,),
            minval=1.0 + self.height_lower,
            maxval=1.0 + self.height_upper,
            seed=seed,
        )
        if self.width_factor is None:
            zoom_x = zoom_y
        else:
            zoom_x = random.uniform(
                (batch,),
                minval=1.0 + self.width_lower,
                maxval=1.0 + self.width_upper,
                seed=seed,
            )
        matrix = self._affine_matrix(
            height, width, zoom_x=zoom_x, zoom_y=zoom_y
        )
        return {"height_zoom": zoom_y, "width_zoom": zoom_x, "matrix": matrix}

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        if not training or transformation is None:
            return images
        return self._apply_affine(images, transformation["matrix"])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "height_factor": self.height_factor,
                "width_factor": self.width_factor,
                "fill_mode": self.fill_mode,
                "interpolation": self.interpolation,
                "seed": self.seed,
                "fill_value": self.fill_value,
            }
        )
        return config


def _parse_zoom_factor(layer: Any, factor: Any, name: str) -> tuple:
    lower, upper = layer._parse_factor(factor, name, (-1, 1))
    if lower <= -1:
        # A zoom of 1 + (-1) = 0 would sample a single point.
        raise ValueError(
            f"`{name}` must lie in (-1, 1]. Received: {name}={factor!r}"
        )
    return lower, upper
