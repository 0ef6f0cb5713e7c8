"""`ContrastLimitedAdaptiveHistogramEqualization` (CLAHE)."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.preprocessing.image import _augment_utils as utils
from kerata.src.layers.preprocessing.image import _geometry_utils as geometry
from kerata.src.layers.preprocessing.image.base_image_preprocessing_layer import (  # noqa: E501
    BaseImagePreprocessingLayer,
)

_BINS = 256


@kerata_export("kerata.layers.ContrastLimitedAdaptiveHistogramEqualization")
class ContrastLimitedAdaptiveHistogramEqualization(BaseImagePreprocessingLayer):
    """Contrast limited adaptive histogram equalization (CLAHE).

    Each channel is cut into a grid of tiles and every tile gets its own
    equalization table, computed from its 256-bin histogram after
    clipping the bins at `clip_limit` times the mean bin count (the
    clipped excess is spread evenly over all bins, which limits the
    amplification of noise in flat regions). Each pixel's value is
    mapped through the tables of the four nearest tiles and the results
    are blended bilinearly by the pixel's distance to the tile centers,
    so no tile edges show. Images whose size is not a multiple of the
    grid are padded by mirroring for the histograms.

    Values are mapped to `[0, 255]` through `value_range` and binned by
    their integer part. The layer is deterministic and works the same in
    training and inference.

    Args:
        value_range: Pair `(low, high)`, the range of the input values,
            such as `(0, 255)` (the default) or `(0, 1)`.
        clip_limit: Number; a bin may hold at most `clip_limit` times the
            mean count. 0 or less disables clipping (plain adaptive
            equalization). Defaults to 4.0.
        tile_grid_size: Pair of positive ints `(rows, columns)`: the
            number of tiles. Defaults to `(8, 8)`.
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
    >>> x = np.array([[10.0, 20.0], [30.0, 40.0]], "float32").reshape(2, 2, 1)
    >>> layer = kerata.layers.ContrastLimitedAdaptiveHistogramEqualization(
    ...     tile_grid_size=(1, 1), clip_limit=0)
    >>> kerata.ops.convert_to_numpy(layer(x))[..., 0].tolist()
    [[63.75, 127.5], [191.25, 255.0]]
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        value_range: Any = (0, 255),
        clip_limit: float = 4.0,
        tile_grid_size: Any = (8, 8),
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = utils.check_value_range(
            value_range, "ContrastLimitedAdaptiveHistogramEqualization"
        )
        if not utils.is_number(clip_limit):
            raise ValueError(
                "`clip_limit` must be a number. "
                f"Received: clip_limit={clip_limit!r}"
            )
        self.clip_limit = clip_limit
        self.tile_grid_size = _check_grid(tile_grid_size)

    def transform_images(
        self, images: Any, transformation: Any = None, training: bool = True
    ) -> Any:
        dtype = images.dtype
        images = geometry.to_channels_last(images, self.data_format)
        images = self._transform_value_range(
            images, self.value_range, (0, 255), "float32"
        )
        images = self._transform_value_range(
            self._equalize(ops.cast(images, "float32")),
            (0, 255),
            self.value_range,
            "float32",
        )
        images = geometry.from_channels_last(images, self.data_format)
        return ops.cast(images, dtype)

    def _equalize(self, images: Any) -> Any:
        """CLAHE of a channels-last batch on the 0-255 scale."""
        batch, height, width, channels = ops.shape(images)
        grid_h, grid_w = self.tile_grid_size
        tile_h = -(-height // grid_h)
        tile_w = -(-width // grid_w)
        padded = _pad_symmetric(
            images, tile_h * grid_h - height, tile_w * grid_w - width
        )
        bins = ops.cast(ops.floor(ops.clip(padded, 0.0, 255.0)), "int32")
        tables = self._tables(bins, tile_h, tile_w)
        # The pixel -> (table, weight) layout depends only on the static
        # sizes: build it in NumPy, which leaves JAX fewer kernels to
        # compile.
        offsets, weights = _blend_layout(
            batch, height, width, channels, (tile_h, tile_w), (grid_h, grid_w)
        )
        values = ops.take(
            ops.reshape(tables, (-1,)),
            bins[:, :height, :width, :] + offsets,
        )  # (4, batch, height, width, channels)
        return ops.sum(values * weights, axis=0)

    def _tables(self, bins: Any, tile_h: int, tile_w: int) -> Any:
        """Equalization tables `(batch, grid_h, grid_w, channels, 256)`."""
        batch, _, _, channels = ops.shape(bins)
        grid_h, grid_w = self.tile_grid_size
        tiles = ops.reshape(
            bins, (batch, grid_h, tile_h, grid_w, tile_w, channels)
        )
        tiles = ops.transpose(tiles, (0, 1, 3, 5, 2, 4))
        rows = batch * grid_h * grid_w * channels
        pixels = tile_h * tile_w
        tiles = ops.reshape(tiles, (rows, pixels))
        # Histograms by one scatter-add of ones at `row * 256 + bin`.
        offsets = ops.reshape(ops.arange(rows, dtype="int32") * _BINS, (-1, 1))
        hist = ops.scatter(
            ops.reshape(tiles + offsets, (-1, 1)),
            ops.ones((rows * pixels,), dtype="float32"),
            (rows * _BINS,),
        )
        hist = ops.reshape(hist, (rows, _BINS))
        if self.clip_limit > 0:
            limit = float(self.clip_limit) * pixels / _BINS
            clipped = ops.minimum(hist, limit)
            excess = ops.sum(hist - clipped, axis=-1, keepdims=True)
            hist = clipped + excess / _BINS
        cdf = ops.cumsum(hist, axis=-1)
        first = cdf[:, :1]  # the smallest value of the cdf
        denominator = pixels - first
        denominator = ops.where(denominator == 0, 1.0, denominator)
        tables = ops.clip((cdf - first) * 255.0 / denominator, 0.0, 255.0)
        return ops.reshape(tables, (batch, grid_h, grid_w, channels, _BINS))

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "value_range": self.value_range,
                "clip_limit": self.clip_limit,
                "tile_grid_size": self.tile_grid_size,
            }
        )
        return config


def _neighbours(size: int, tile: int, grid: int) -> tuple:
    """For each pixel along an axis: the two tiles whose centers surround
    it (the edge tile twice near the borders) and their weights."""
    position = (np.arange(size) - tile / 2.0) / tile
    lower = np.floor(position)
    upper_weight = position - lower
    lower = lower.astype("int64")
    tiles = np.stack([lower, lower + 1]).clip(0, grid - 1)
    return tiles, np.stack([1.0 - upper_weight, upper_weight])


def _blend_layout(
    batch: int, height: int, width: int, channels: int, tile: tuple, grid: tuple
) -> tuple:
    """Where each pixel reads the flat `(batch, grid_h, grid_w, channels,
    256)` tables, less its bin, and with which weight: `(4, batch, height,
    width, channels)` int32 offsets and `(4, 1, height, width, 1)`
    float32 weights, one row per surrounding tile."""
    rows, row_weights = _neighbours(height, tile[0], grid[0])  # (2, height)
    cols, col_weights = _neighbours(width, tile[1], grid[1])  # (2, width)
    stride_x = channels * _BINS
    stride_y = stride_x * grid[1]
    stride_b = stride_y * grid[0]
    spatial = (
        rows[:, None, :, None] * stride_y + cols[None, :, None, :] * stride_x
    ).reshape(4, 1, height, width, 1)
    other = (
        np.arange(batch)[:, None, None, None] * stride_b
        + np.arange(channels)[None, None, None, :] * _BINS
    )
    weights = row_weights[:, None, :, None] * col_weights[None, :, None, :]
    return (
        ops.convert_to_tensor((spatial + other).astype("int32")),
        ops.convert_to_tensor(
            weights.reshape(4, 1, height, width, 1).astype("float32")
        ),
    )


def _pad_symmetric(images: Any, pad_h: int, pad_w: int) -> Any:
    if pad_h == 0 and pad_w == 0:
        return images
    return ops.pad(
        images, ((0, 0), (0, pad_h), (0, pad_w), (0, 0)), mode="symmetric"
    )


def _check_grid(tile_grid_size: Any) -> tuple:
    valid = (
        isinstance(tile_grid_size, (tuple, list))
        and len(tile_grid_size) == 2
        and all(
            isinstance(v, numbers.Integral)
            and not isinstance(v, bool)
            and v > 0
            for v in tile_grid_size
        )
    )
    if not valid:
        raise ValueError(
            "`tile_grid_size` must be a pair of positive ints (rows, "
            f"columns), such as (8, 8). Received: tile_grid_size="
            f"{tile_grid_size!r}"
        )
    return tuple(int(v) for v in tile_grid_size)
