"""`BaseImagePreprocessingLayer`: the base of the image preprocessing layers.

How to write a layer on this base (Keras 3's contract, simplified):

1. Subclass `BaseImagePreprocessingLayer`. Set the class attribute
   `_USE_BASE_FACTOR = False` if the layer takes no `factor` argument;
   otherwise the base parses `factor` into `self.factor = (lower, upper)`
   within `_FACTOR_BOUNDS` (default `(-1, 1)`; a number `f` means
   `(-f, f)`, clipped to the bounds). Other factor-like arguments can be
   parsed with `self._parse_factor(value, name, bounds)`.
2. In `__init__`, call `super().__init__(factor=..., data_format=...,
   **kwargs)`. A random layer also sets `self.seed = seed` and
   `self.generator = kerata.src.random.SeedGenerator(seed)`, and draws its
   randomness with `seed=self._resolve_seed(seed)`.
3. Implement `get_random_transformation(data, training=True, seed=None)`:
   it returns whatever describes the random change for the whole batch
   (a tensor, a dict of tensors, or None). `data` is the batched images
   tensor, or a dict `{"images": ..., "labels": ...}` with batched
   images; `self._images_of(data)` returns the images. Return None when
   `training` is False for layers that are an identity in inference.
4. Implement `transform_images(images, transformation, training=True)`:
   `images` is always a batch (rank 4) already cast to the layer's
   compute dtype; return the transformed batch, and `images` unchanged
   when `training` is False if the layer only augments. Use
   `kerata.src.ops` (and `ops.image`), vectorised over the batch.
5. Override `transform_labels` if labels change (MixUp, CutMix); the
   default returns them unchanged.
6. Override `_image_output_shape(shape)` if the layer changes the image
   shape (it receives and returns the shape of the images, rank 3 or 4).
7. Implement `get_config`: call `super().get_config()` (which holds
   `data_format`) and add the layer's own arguments.

Helpers: `_height_width(images)`, `_check_option(value, name, allowed)`,
`_transform_value_range(images, from_range, to_range)`; for geometric
layers `_set_affine_options(fill_mode, interpolation, fill_value)`,
`_affine_matrix(height, width, angle=..., zoom_x=..., ...)` (per-image
transforms about the center) and `_apply_affine(images, matrix)`.

`call` does the rest: it accepts a rank-3 image or a rank-4 batch (single
images are run as a batch of one), or a dict of "images" and "labels";
bounding boxes and segmentation masks are not supported yet. As in
Keras, `call`'s `training` defaults to True, so calling a layer directly
augments, while `predict`/`evaluate` (which pass `training=False`) see an
identity.
"""

from __future__ import annotations

import numbers
from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.layers.layer import Layer

_UNSUPPORTED_KEYS = ("bounding_boxes", "segmentation_masks")
_SUPPORTED_KEYS = ("images", "labels")
_AFFINE_FILL_MODES = ("reflect", "wrap", "constant", "nearest")
_AFFINE_INTERPOLATIONS = ("nearest", "bilinear")


class BaseImagePreprocessingLayer(Layer):
    """Base class of image preprocessing and augmentation layers.

    See this module's docstring for how a subclass implements a layer.

    Args:
        factor: Float or pair of floats, the strength of the layer's
            random change (only for layers with `_USE_BASE_FACTOR`).
        bounding_box_format: Must be None: bounding boxes are not
            supported yet.
        data_format: "channels_last" (`(height, width, channels)`) or
            "channels_first"; None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        data: A rank-3 image, a rank-4 batch of images, or a dict with
            key "images" (and optionally "labels").
        training: Whether to apply the random augmentation (True, the
            default for a direct call; False inside `predict`).

    Example:

    >>> class Negate(BaseImagePreprocessingLayer):
    ...     _USE_BASE_FACTOR = False
    ...     def transform_images(self, images, transformation,
    ...                          training=True):
    ...         return -images if training else images
    >>> layer = Negate()
    >>> x = kerata.ops.ones((2, 2, 1))
    >>> kerata.ops.convert_to_numpy(layer(x))[..., 0].tolist()
    [[-1.0, -1.0], [-1.0, -1.0]]
    >>> kerata.ops.convert_to_numpy(layer(x, training=False)).sum().item()
    4.0
    """

    _USE_BASE_FACTOR = True
    _FACTOR_BOUNDS = (-1, 1)

    def __init__(
        self,
        factor: Any = None,
        bounding_box_format: Any = None,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if bounding_box_format is not None:
            raise NotImplementedError(
                f"{type(self).__name__} does not support bounding boxes yet. "
                f"Received: bounding_box_format={bounding_box_format!r}"
            )
        self.bounding_box_format = None
        self.data_format = backend.standardize_data_format(data_format)
        if self._USE_BASE_FACTOR:
            self.factor = self._parse_factor(
                0.0 if factor is None else factor,
                "factor",
                self._FACTOR_BOUNDS,
            )
        elif factor is not None:
            raise ValueError(
                f"Layer {type(self).__name__} does not take a `factor` "
                f"argument. Received: factor={factor!r}"
            )
        self.built = True

    # --- helpers for subclasses ---

    @staticmethod
    def _parse_factor(
        factor: Any, name: str = "factor", bounds: tuple = (-1, 1)
    ) -> tuple:
        """Returns `(lower, upper)` from a number or a pair of numbers.

        A number `f` means `(-|f|, |f|)` with the lower end clipped to
        `bounds[0]`; a pair is sorted. Values outside `bounds` raise.
        """
        message = (
            f"`{name}` must be a number or a pair of numbers in the range "
            f"[{bounds[0]}, {bounds[1]}]. Received: {name}={factor!r}"
        )

        def is_number(v: Any) -> bool:
            return isinstance(v, numbers.Real) and not isinstance(v, bool)

        if isinstance(factor, (tuple, list)):
            if len(factor) != 2 or not all(is_number(v) for v in factor):
                raise ValueError(message)
            lower, upper = sorted(float(v) for v in factor)
            if lower < bounds[0] or upper > bounds[1]:
                raise ValueError(message)
            return lower, upper
        if not is_number(factor):
            raise ValueError(message)
        factor = float(factor)
        if factor < bounds[0] or factor > bounds[1]:
            raise ValueError(message)
        factor = abs(factor)
        return max(-factor, float(bounds[0])), factor

    @staticmethod
    def _check_option(value: Any, name: str, allowed: tuple) -> str:
        if value not in allowed:
            raise ValueError(
                f"`{name}` must be one of {allowed}. Received: {name}={value!r}"
            )
        return value

    def _get_seed_generator(self) -> Any:
        generator = getattr(self, "generator", None)
        if generator is None:
            raise ValueError(
                f"{type(self).__name__} draws random numbers but has no "
                "`generator`: set `self.generator = SeedGenerator(seed)` in "
                "`__init__`."
            )
        return generator

    def _resolve_seed(self, seed: Any = None) -> Any:
        """The seed to draw with: `seed` if given, else the layer's
        generator."""
        return self._get_seed_generator() if seed is None else seed

    @staticmethod
    def _images_of(data: Any) -> Any:
        return data["images"] if isinstance(data, dict) else data

    def _height_width(self, images: Any) -> tuple:
        """`(height, width)` of a batch or of one image (may hold None
        for symbolic inputs)."""
        shape = ops.shape(images)
        if self.data_format == "channels_last":
            return shape[-3], shape[-2]
        return shape[-2], shape[-1]

    @staticmethod
    def _is_batched(images: Any) -> bool:
        rank = len(images.shape)
        if rank == 3:
            return False
        if rank == 4:
            return True
        raise ValueError(
            "Expected an image tensor of rank 3 (one image) or rank 4 (a "
            f"batch of images). Received: shape={tuple(images.shape)}"
        )

    def _transform_value_range(
        self,
        images: Any,
        original_range: Any,
        target_range: Any,
        dtype: str = "float32",
    ) -> Any:
        """Maps values linearly from `original_range` to `target_range`."""
        if tuple(original_range) == tuple(target_range):
            return images
        images = ops.cast(images, dtype)
        low, high = (float(v) for v in original_range)
        new_low, new_high = (float(v) for v in target_range)
        scale = (new_high - new_low) / (high - low)
        return (images - low) * scale + new_low

    def _affine_matrix(
        self,
        height: Any,
        width: Any,
        angle: Any = None,
        translate_x: Any = None,
        translate_y: Any = None,
        zoom_x: Any = None,
        zoom_y: Any = None,
        shear_x: Any = None,
        shear_y: Any = None,
    ) -> Any:
        """Per-image transforms `(batch, 8)` for `ops.image.affine_transform`.

        Each argument is a `(batch,)` tensor or None (no change). The map
        from an output pixel to the input point it samples is, about the
        image center: zoom, then shear, then rotate by `angle` radians
        (positive is counter-clockwise on screen), then translate by
        `translate_*` pixels (the content moves by `-translate`).
        """
        given = [
            v
            for v in (angle, translate_x, translate_y, zoom_x, zoom_y)
            + (shear_x, shear_y)
            if v is not None
        ]
        if not given:
            raise ValueError("`_affine_matrix` needs at least one argument.")
        like = given[0]
        zeros = ops.zeros_like(like)
        ones = ops.ones_like(like)
        no_rotation = angle is None
        zoom_x = ones if zoom_x is None else zoom_x
        zoom_y = ones if zoom_y is None else zoom_y
        shear_x = zeros if shear_x is None else shear_x
        shear_y = zeros if shear_y is None else shear_y
        translate_x = zeros if translate_x is None else translate_x
        translate_y = zeros if translate_y is None else translate_y
        cx = (float(width) - 1.0) / 2.0
        cy = (float(height) - 1.0) / 2.0
        # Without a rotation, cos and sin are known: skip two ops (each a
        # thread wake-up on a multi-threaded CPU backend).
        cos = ones if no_rotation else ops.cos(angle)
        sin = zeros if no_rotation else ops.sin(angle)
        # Output offset (u, v) from the center -> input offset, as
        # M = R(-angle) @ S(shear) @ Z(zoom): rows (a0, a1) and (b0, b1).
        # Screen coordinates have y down, so a counter-clockwise turn of
        # the content samples the input at a clockwise-rotated point.
        s00 = zoom_x
        s01 = shear_x * zoom_y
        s10 = shear_y * zoom_x
        s11 = zoom_y
        a0 = cos * s00 - sin * s10
        a1 = cos * s01 - sin * s11
        b0 = sin * s00 + cos * s10
        b1 = sin * s01 + cos * s11
        a2 = cx - a0 * cx - a1 * cy + translate_x
        b2 = cy - b0 * cx - b1 * cy + translate_y
        return ops.stack([a0, a1, a2, b0, b1, b2, zeros, zeros], axis=1)

    def _set_affine_options(
        self, fill_mode: str, interpolation: str, fill_value: Any
    ) -> None:
        """Checks and stores the sampling options of geometric layers."""
        self.fill_mode = self._check_option(
            fill_mode, "fill_mode", _AFFINE_FILL_MODES
        )
        self.interpolation = self._check_option(
            interpolation, "interpolation", _AFFINE_INTERPOLATIONS
        )
        if isinstance(fill_value, bool) or not isinstance(
            fill_value, (int, float)
        ):
            raise ValueError(
                "`fill_value` must be a number. Received: "
                f"fill_value={fill_value!r}"
            )
        self.fill_value = float(fill_value)

    def _apply_affine(self, images: Any, matrix: Any) -> Any:
        """Samples a batch through per-image transforms `(batch, 8)` with
        the options stored by `_set_affine_options`."""
        return ops.image.affine_transform(
            images,
            matrix,
            interpolation=self.interpolation,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )

    # --- the contract ---

    def get_random_transformation(
        self, data: Any, training: bool = True, seed: Any = None
    ) -> Any:
        """Draws the random change for a batch; None by default."""
        return None

    def transform_images(
        self, images: Any, transformation: Any, training: bool = True
    ) -> Any:
        """Applies `transformation` to a batch of images."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement transform_images()."
        )

    def transform_labels(
        self, labels: Any, transformation: Any, training: bool = True
    ) -> Any:
        """Applies `transformation` to a batch of labels (identity)."""
        return labels

    def _image_output_shape(self, shape: tuple) -> tuple:
        return shape

    # --- call ---

    def call(self, data: Any, training: bool = True) -> Any:
        if isinstance(data, dict):
            unsupported = [k for k in _UNSUPPORTED_KEYS if k in data]
            if unsupported:
                raise NotImplementedError(
                    f"{type(self).__name__} does not support "
                    f"{' and '.join(unsupported)} yet; it accepts a dict "
                    f"with keys {_SUPPORTED_KEYS}."
                )
            unknown = sorted(set(data) - set(_SUPPORTED_KEYS))
            if "images" not in data or unknown:
                raise ValueError(
                    f"{type(self).__name__} expects a dict with the key "
                    f"'images' (and optionally 'labels'). Received keys: "
                    f"{sorted(data)}"
                )
            images = data["images"]
            labels = data.get("labels")
        else:
            images, labels = data, None
        images = ops.cast(ops.convert_to_tensor(images), self.compute_dtype)
        batched = self._is_batched(images)
        if not batched:
            images = ops.expand_dims(images, 0)
        if labels is not None:
            labels = ops.convert_to_tensor(labels)
            if not batched:
                labels = ops.expand_dims(labels, 0)
        if isinstance(data, dict):
            batch = {"images": images}
            if labels is not None:
                batch["labels"] = labels
        else:
            batch = images
        transformation = self.get_random_transformation(
            batch, training=training
        )
        images = self.transform_images(
            images, transformation, training=training
        )
        if not batched:
            images = ops.squeeze(images, 0)
        if not isinstance(data, dict):
            return images
        outputs = {"images": images}
        if labels is not None:
            labels = self.transform_labels(
                labels, transformation, training=training
            )
            outputs["labels"] = labels if batched else ops.squeeze(labels, 0)
        return outputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        if isinstance(input_shape, dict):
            shapes = dict(input_shape)
            shapes["images"] = self.compute_output_shape(shapes["images"])
            return shapes
        shape = tuple(input_shape)
        if len(shape) not in (3, 4):
            raise ValueError(
                "Expected an image tensor of rank 3 (one image) or rank 4 "
                f"(a batch of images). Received: shape={shape}"
            )
        return tuple(self._image_output_shape(shape))

    def get_config(self) -> dict:
        config = super().get_config()
        config["data_format"] = self.data_format
        return config


def _check_size(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(
            f"`{name}` must be a positive int. Received: {name}={value!r}"
        )
    return value


def _with_size(shape: tuple, height: int, width: int, data_format: str):
    shape = list(shape)
    first = len(shape) - (3 if data_format == "channels_last" else 2)
    shape[first], shape[first + 1] = height, width
    return tuple(shape)
