"""Public ops: `kerata.ops.image`.

Images are rank 3 (one image) or rank 4 (a batch); `data_format` says
where the channels are ("channels_last", the default, or
"channels_first"). Arguments are checked here, so symbolic calls fail as
early as eager ones.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.operation import symbolic_op

_RESIZE_INTERPOLATIONS = (
    "bilinear",
    "nearest",
    "bicubic",
    "lanczos3",
    "lanczos5",
    "area",
)
_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


def _shape(x: Any) -> tuple:
    if hasattr(x, "shape"):
        return tuple(x.shape)
    return tuple(backend.convert_to_tensor(x).shape)


def _check_images(images: Any) -> tuple:
    shape = _shape(images)
    if len(shape) not in (3, 4):
        raise ValueError(
            "Invalid images rank: expected rank 3 (single image) or rank 4 "
            f"(batch of images). Received: images.shape={shape}"
        )
    return shape


def _spatial_axes(shape: tuple, data_format: Any) -> tuple:
    data_format = backend.standardize_data_format(data_format)
    first = len(shape) - (3 if data_format == "channels_last" else 2)
    return first, first + 1


def _channels_axis(shape: tuple, data_format: Any) -> int:
    data_format = backend.standardize_data_format(data_format)
    return len(shape) - 1 if data_format == "channels_last" else len(shape) - 3


def _grayscale_spec(images, data_format=None):
    shape = list(_check_images(images))
    axis = _channels_axis(tuple(shape), data_format)
    if shape[axis] not in (None, 1, 3):
        raise ValueError(
            "Invalid channel size: expected 3 (RGB) or 1 (grayscale). "
            f"Received: images.shape={tuple(shape)}"
        )
    shape[axis] = 1
    return backend.KerasTensor(tuple(shape), dtype=images.dtype)


@kerata_export("kerata.ops.image.rgb_to_grayscale")
@symbolic_op(spec=_grayscale_spec)
def rgb_to_grayscale(images: Any, data_format: Any = None) -> Any:
    """Converts RGB images to grayscale: `0.2989 R + 0.5870 G + 0.1140 B`.

    Args:
        images: Image `(height, width, 3)` or batch of images
            `(batch, height, width, 3)` (channels first with
            `data_format="channels_first"`). One-channel images are
            returned as they are.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.

    Returns:
        Images with one channel, in the input dtype.

    Raises:
        ValueError: If the images are not rank 3 or 4 or do not have 1 or 3
            channels.

    Example:

    >>> x = kerata.ops.ones((2, 4, 4, 3))
    >>> tuple(kerata.ops.image.rgb_to_grayscale(x).shape)
    (2, 4, 4, 1)
    """
    _grayscale_spec(_as_tensor(images), data_format)
    return backend.image.rgb_to_grayscale(images, data_format=data_format)


def _hsv_spec(images, data_format=None):
    shape = _check_images(images)
    axis = _channels_axis(shape, data_format)
    if shape[axis] not in (None, 3):
        raise ValueError(
            f"HSV conversions need 3 channels. Received: images.shape={shape}"
        )
    dtype = backend.standardize_dtype(images.dtype)
    if not backend.is_float_dtype(dtype):
        raise ValueError(
            f"HSV conversions need float images. Received: dtype={dtype}; "
            "cast the images to float and scale them to [0, 1] first."
        )
    return backend.KerasTensor(shape, dtype=dtype)


@kerata_export("kerata.ops.image.rgb_to_hsv")
@symbolic_op(spec=_hsv_spec)
def rgb_to_hsv(images: Any, data_format: Any = None) -> Any:
    """Converts RGB images to HSV (hue, saturation, value).

    The images must be float with values in `[0, 1]`; hue is returned as a
    fraction of a full turn, in `[0, 1)`.

    Args:
        images: Image or batch of images with 3 channels.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.

    Returns:
        HSV images of the same shape and dtype.

    Raises:
        ValueError: If the images are not float, not rank 3 or 4, or do not
            have 3 channels.

    Example:

    >>> red = kerata.ops.convert_to_tensor([[[1.0, 0.0, 0.0]]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.image.rgb_to_hsv(red)).tolist()
    [[[0.0, 1.0, 1.0]]]
    """
    _hsv_spec(_as_tensor(images), data_format)
    return backend.image.rgb_to_hsv(images, data_format=data_format)


@kerata_export("kerata.ops.image.hsv_to_rgb")
@symbolic_op(spec=_hsv_spec)
def hsv_to_rgb(images: Any, data_format: Any = None) -> Any:
    """Converts HSV images (all channels in `[0, 1]`) to RGB.

    Args:
        images: Image or batch of images with 3 float channels: hue (a
            fraction of a full turn), saturation and value.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.

    Returns:
        RGB images of the same shape and dtype.

    Raises:
        ValueError: If the images are not float, not rank 3 or 4, or do not
            have 3 channels.

    Example:

    >>> hsv = kerata.ops.convert_to_tensor([[[0.5, 1.0, 1.0]]])
    >>> kerata.ops.convert_to_numpy(kerata.ops.image.hsv_to_rgb(hsv)).tolist()
    [[[0.0, 1.0, 1.0]]]
    """
    _hsv_spec(_as_tensor(images), data_format)
    return backend.image.hsv_to_rgb(images, data_format=data_format)


def _as_tensor(x: Any) -> Any:
    return x if hasattr(x, "dtype") else backend.convert_to_tensor(x)


def _resize_spec(
    images,
    size,
    interpolation="bilinear",
    antialias=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    fill_mode="constant",
    fill_value=0.0,
    data_format=None,
):
    shape = list(_check_images(images))
    try:
        height, width = (int(d) for d in size)
    except (TypeError, ValueError):
        raise ValueError(
            "`size` must be a tuple of two ints (height, width). "
            f"Received: size={size!r}"
        ) from None
    if height <= 0 or width <= 0:
        raise ValueError(
            f"`size` must be positive. Received: size={tuple(size)}"
        )
    if interpolation not in _RESIZE_INTERPOLATIONS:
        raise ValueError(
            f"`interpolation` must be one of {_RESIZE_INTERPOLATIONS}. "
            f"Received: interpolation={interpolation!r}"
        )
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            "Only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` "
            "can be True."
        )
    if fill_mode != "constant":
        raise ValueError(
            "`fill_mode` must be 'constant' (padding takes `fill_value`). "
            f"Received: fill_mode={fill_mode!r}"
        )
    h_axis, w_axis = _spatial_axes(tuple(shape), data_format)
    shape[h_axis], shape[w_axis] = height, width
    return backend.KerasTensor(tuple(shape), dtype=images.dtype)


@kerata_export("kerata.ops.image.resize")
@symbolic_op(spec=_resize_spec)
def resize(
    images: Any,
    size: Any,
    interpolation: str = "bilinear",
    antialias: bool = False,
    crop_to_aspect_ratio: bool = False,
    pad_to_aspect_ratio: bool = False,
    fill_mode: str = "constant",
    fill_value: Any = 0.0,
    data_format: Any = None,
) -> Any:
    """Resizes images to `size` with the given interpolation.

    Pixels are treated as squares with centers at half-integer positions
    (like `jax.image.resize`, `tf.image.resize` and `F.interpolate` with
    `align_corners=False`), so results agree across backends. Integer
    images are rounded and clipped back to their dtype.

    Args:
        images: Image `(height, width, channels)` or batch of images
            `(batch, height, width, channels)` (channels first with
            `data_format="channels_first"`).
        size: `(height, width)` of the output.
        interpolation: "bilinear" (default), "nearest", "bicubic" (Keys
            cubic kernel), "lanczos3", "lanczos5" or "area".
        antialias: Whether to low-pass filter when downsampling (the
            kernel is widened by the downsampling factor).
        crop_to_aspect_ratio: Whether to first crop the largest centered
            window with the aspect ratio of `size`, so nothing is
            distorted.
        pad_to_aspect_ratio: Whether to first pad the short side evenly
            (with `fill_value`) to the aspect ratio of `size`.
        fill_mode: How padding is filled; only "constant" is supported.
        fill_value: Value of the padding when `pad_to_aspect_ratio=True`.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.

    Returns:
        Resized images, in the input dtype.

    Raises:
        ValueError: For images not of rank 3 or 4, a `size` that is not two
            positive ints, an unknown `interpolation`, or both aspect-ratio
            options.

    Example:

    >>> import numpy as np
    >>> x = np.arange(4.0, dtype="float32").reshape(2, 2, 1)
    >>> y = kerata.ops.image.resize(x, (4, 4), interpolation="nearest")
    >>> kerata.ops.convert_to_numpy(y)[..., 0].tolist()[0]
    [0.0, 0.0, 1.0, 1.0]
    >>> batch = kerata.ops.ones((2, 8, 8, 3))
    >>> tuple(kerata.ops.image.resize(batch, (4, 6)).shape)
    (2, 4, 6, 3)
    """
    _resize_spec(
        _as_tensor(images),
        size,
        interpolation,
        antialias,
        crop_to_aspect_ratio,
        pad_to_aspect_ratio,
        fill_mode,
    )
    return backend.image.resize(
        images,
        size,
        interpolation=interpolation,
        antialias=antialias,
        crop_to_aspect_ratio=crop_to_aspect_ratio,
        pad_to_aspect_ratio=pad_to_aspect_ratio,
        fill_mode=fill_mode,
        fill_value=fill_value,
        data_format=data_format,
    )


def _check_fill_mode(fill_mode: str) -> None:
    if fill_mode not in _FILL_MODES:
        raise ValueError(
            f"`fill_mode` must be one of {_FILL_MODES}. "
            f"Received: fill_mode={fill_mode!r}"
        )


def _affine_spec(
    images,
    transform,
    interpolation="bilinear",
    fill_mode="constant",
    fill_value=0,
    data_format=None,
):
    shape = _check_images(images)
    transform_shape = _shape(transform)
    if len(transform_shape) not in (1, 2) or transform_shape[-1] not in (
        None,
        8,
    ):
        raise ValueError(
            "`transform` must have shape (8,) or (batch, 8). "
            f"Received: transform.shape={transform_shape}"
        )
    if interpolation not in ("nearest", "bilinear"):
        raise ValueError(
            "`interpolation` must be 'nearest' or 'bilinear'. "
            f"Received: interpolation={interpolation!r}"
        )
    _check_fill_mode(fill_mode)
    return backend.KerasTensor(shape, dtype=images.dtype)


@kerata_export("kerata.ops.image.affine_transform")
@symbolic_op(spec=_affine_spec)
def affine_transform(
    images: Any,
    transform: Any,
    interpolation: str = "bilinear",
    fill_mode: str = "constant",
    fill_value: Any = 0,
    data_format: Any = None,
) -> Any:
    """Applies affine transforms to images.

    Each transform row `[a0, a1, a2, b0, b1, b2, c0, c1]` maps an output
    pixel `(x, y)` (column, row) to the input point
    `(a0 x + a1 y + a2, b0 x + b1 y + b2)` it is sampled from, i.e. it is
    the inverse of the transform applied to the image. `c0` and `c1`
    (projective terms) are ignored, as on Keras's non-TensorFlow
    backends.

    Args:
        images: Image or batch of images.
        transform: `(8,)` for all images, or `(batch, 8)`.
        interpolation: "bilinear" (default) or "nearest".
        fill_mode: How points outside the input are filled: "constant"
            (`fill_value`), "nearest" (edge pixel), "wrap", "mirror" or
            "reflect".
        fill_value: Value used outside the input with "constant".
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.

    Returns:
        Transformed images of the input's shape and dtype.

    Raises:
        ValueError: For images not of rank 3 or 4, a transform not of shape
            `(8,)` or `(batch, 8)`, or unknown options.

    Example:

    >>> import numpy as np
    >>> x = np.arange(9.0, dtype="float32").reshape(3, 3, 1)
    >>> shift = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0]  # x_in = x + 1
    >>> y = kerata.ops.image.affine_transform(x, shift)
    >>> np.round(kerata.ops.convert_to_numpy(y)[..., 0], 5).tolist()[0]
    [1.0, 2.0, 0.0]
    """
    _affine_spec(
        _as_tensor(images), transform, interpolation, fill_mode, fill_value
    )
    return backend.image.affine_transform(
        images,
        transform,
        interpolation=interpolation,
        fill_mode=fill_mode,
        fill_value=fill_value,
        data_format=data_format,
    )


def _map_coordinates_spec(
    inputs, coordinates, order, fill_mode="constant", fill_value=0
):
    shape = _shape(inputs)
    coordinates_shape = _shape(coordinates)
    if len(coordinates_shape) < 2 or coordinates_shape[0] != len(shape):
        raise ValueError(
            "`coordinates` must have shape (inputs.ndim, ...) with rank at "
            f"least 2. Received: coordinates.shape={coordinates_shape} "
            f"for inputs of shape {shape}"
        )
    if order not in (0, 1):
        raise ValueError(f"`order` must be 0 or 1. Received: order={order!r}")
    _check_fill_mode(fill_mode)
    return backend.KerasTensor(coordinates_shape[1:], dtype=inputs.dtype)


@kerata_export("kerata.ops.image.map_coordinates")
@symbolic_op(spec=_map_coordinates_spec)
def map_coordinates(
    inputs: Any,
    coordinates: Any,
    order: int,
    fill_mode: str = "constant",
    fill_value: Any = 0,
) -> Any:
    """Samples an array at (fractional) coordinates by interpolation.

    Follows `jax.scipy.ndimage.map_coordinates`, whose boundary handling
    fixes SciPy's issue 2640 (so it can differ from SciPy near the edges).

    Args:
        inputs: Array of any rank.
        coordinates: `(inputs.ndim, ...)`: for each point, its coordinate
            along every axis of `inputs`.
        order: Spline order: 0 (nearest) or 1 (linear).
        fill_mode: How points outside `inputs` are filled: "constant"
            (`fill_value`), "nearest", "wrap", "mirror" or "reflect".
        fill_value: Value used outside `inputs` with "constant".

    Returns:
        Array of shape `coordinates.shape[1:]` and the dtype of `inputs`.

    Raises:
        ValueError: For coordinates of the wrong shape, or unknown `order`
            or `fill_mode`.

    Example:

    >>> x = kerata.ops.convert_to_tensor([[0.0, 1.0], [2.0, 3.0]])
    >>> coordinates = [[0.5, 1.0], [0.5, 0.0]]  # points (0.5, 0.5), (1, 0)
    >>> y = kerata.ops.image.map_coordinates(x, coordinates, order=1)
    >>> kerata.ops.convert_to_numpy(y).tolist()
    [1.5, 2.0]
    """
    _map_coordinates_spec(_as_tensor(inputs), coordinates, order, fill_mode)
    return backend.image.map_coordinates(
        inputs, coordinates, order, fill_mode=fill_mode, fill_value=fill_value
    )


# --- padding and cropping -------------------------------------------------


def _check_two_of(before: Any, after: Any, target: Any, names: tuple):
    """Checks that exactly two of (before, after, target) are given, and
    that none is negative."""
    given = [before, after, target]
    if given.count(None) != 1:
        raise ValueError(
            f"Specify exactly two of {', '.join(names)}. Received: "
            + ", ".join(f"{n}={v}" for n, v in zip(names, given))
        )
    for name, value in zip(names, given):
        if value is not None and value < 0:
            raise ValueError(f"`{name}` must be >= 0. Received: {value}")


def _pad_amounts(size, before, after, target, names):
    """(before, after, target); target is None when it is unknown."""
    _check_two_of(before, after, target, names)
    if size is None:
        return before, after, target
    if target is None:
        target = before + size + after
    elif before is None:
        before = target - size - after
    else:
        after = target - size - before
    for name, value in zip(names, (before, after)):
        if value < 0:
            raise ValueError(
                f"`{name}` would be {value}: the target is smaller than "
                f"the image ({size})."
            )
    return before, after, target


def _pad_spec(
    images,
    top_padding=None,
    left_padding=None,
    bottom_padding=None,
    right_padding=None,
    target_height=None,
    target_width=None,
    data_format=None,
):
    shape = list(_check_images(images))
    h_axis, w_axis = _spatial_axes(tuple(shape), data_format)
    _, _, shape[h_axis] = _pad_amounts(
        shape[h_axis],
        top_padding,
        bottom_padding,
        target_height,
        ("top_padding", "bottom_padding", "target_height"),
    )
    _, _, shape[w_axis] = _pad_amounts(
        shape[w_axis],
        left_padding,
        right_padding,
        target_width,
        ("left_padding", "right_padding", "target_width"),
    )
    return backend.KerasTensor(tuple(shape), dtype=images.dtype)


@kerata_export("kerata.ops.image.pad_images")
@symbolic_op(spec=_pad_spec)
def pad_images(
    images: Any,
    top_padding: int | None = None,
    left_padding: int | None = None,
    bottom_padding: int | None = None,
    right_padding: int | None = None,
    target_height: int | None = None,
    target_width: int | None = None,
    data_format: Any = None,
) -> Any:
    """Pads images with zeros to a given size.

    Give exactly two of `top_padding`, `bottom_padding` and
    `target_height`, and two of `left_padding`, `right_padding` and
    `target_width`.

    Args:
        images: Image or batch of images.
        top_padding: Rows of zeros added on top.
        left_padding: Columns of zeros added on the left.
        bottom_padding: Rows of zeros added at the bottom.
        right_padding: Columns of zeros added on the right.
        target_height: Height of the output.
        target_width: Width of the output.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.

    Returns:
        Padded images.

    Raises:
        ValueError: If not exactly two values are given per axis, or a
            padding would be negative.

    Example:

    >>> x = kerata.ops.ones((15, 25, 3))
    >>> y = kerata.ops.image.pad_images(x, 2, 3, target_height=20,
    ...                                 target_width=30)
    >>> tuple(y.shape)
    (20, 30, 3)
    """
    images = _as_tensor(images)
    shape = _check_images(images)
    h_axis, w_axis = _spatial_axes(shape, data_format)
    top, bottom, _ = _pad_amounts(
        shape[h_axis],
        top_padding,
        bottom_padding,
        target_height,
        ("top_padding", "bottom_padding", "target_height"),
    )
    left, right, _ = _pad_amounts(
        shape[w_axis],
        left_padding,
        right_padding,
        target_width,
        ("left_padding", "right_padding", "target_width"),
    )
    pad_width = [[0, 0] for _ in shape]
    pad_width[h_axis] = [top, bottom]
    pad_width[w_axis] = [left, right]
    return backend.numpy.pad(images, pad_width)


def _crop_amounts(size, before, after, target, names):
    """(before, after, target) of a crop window."""
    _check_two_of(before, after, target, names)
    if size is None:
        if target is None:
            raise ValueError(
                f"The image size is unknown, so `{names[2]}` is needed."
            )
        return before, after, target
    if target is None:
        target = size - before - after
    elif before is None:
        before = size - target - after
    else:
        after = size - target - before
    for name, value in zip(names, (before, after, target)):
        if value < 0:
            raise ValueError(
                f"`{name}` would be {value}: the crop does not fit in the "
                f"image ({size})."
            )
    return before, after, target


def _crop_spec(
    images,
    top_cropping=None,
    left_cropping=None,
    bottom_cropping=None,
    right_cropping=None,
    target_height=None,
    target_width=None,
    data_format=None,
):
    shape = list(_check_images(images))
    h_axis, w_axis = _spatial_axes(tuple(shape), data_format)
    _, _, shape[h_axis] = _crop_amounts(
        shape[h_axis],
        top_cropping,
        bottom_cropping,
        target_height,
        ("top_cropping", "bottom_cropping", "target_height"),
    )
    _, _, shape[w_axis] = _crop_amounts(
        shape[w_axis],
        left_cropping,
        right_cropping,
        target_width,
        ("left_cropping", "right_cropping", "target_width"),
    )
    return backend.KerasTensor(tuple(shape), dtype=images.dtype)


@kerata_export("kerata.ops.image.crop_images")
@symbolic_op(spec=_crop_spec)
def crop_images(
    images: Any,
    top_cropping: int | None = None,
    left_cropping: int | None = None,
    bottom_cropping: int | None = None,
    right_cropping: int | None = None,
    target_height: int | None = None,
    target_width: int | None = None,
    data_format: Any = None,
) -> Any:
    """Crops images to a window.

    Give exactly two of `top_cropping`, `bottom_cropping` and
    `target_height`, and two of `left_cropping`, `right_cropping` and
    `target_width`.

    Args:
        images: Image or batch of images.
        top_cropping: Rows removed from the top.
        left_cropping: Columns removed from the left.
        bottom_cropping: Rows removed from the bottom.
        right_cropping: Columns removed from the right.
        target_height: Height of the output.
        target_width: Width of the output.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.

    Returns:
        Cropped images.

    Raises:
        ValueError: If not exactly two values are given per axis, or the
            window does not fit in the image.

    Example:

    >>> import numpy as np
    >>> x = np.arange(9.0, dtype="float32").reshape(3, 3, 1)
    >>> y = kerata.ops.image.crop_images(x, 0, 0, target_height=2,
    ...                                  target_width=2)
    >>> kerata.ops.convert_to_numpy(y)[..., 0].tolist()
    [[0.0, 1.0], [3.0, 4.0]]
    """
    images = _as_tensor(images)
    shape = _check_images(images)
    h_axis, w_axis = _spatial_axes(shape, data_format)
    top, _, height = _crop_amounts(
        shape[h_axis],
        top_cropping,
        bottom_cropping,
        target_height,
        ("top_cropping", "bottom_cropping", "target_height"),
    )
    left, _, width = _crop_amounts(
        shape[w_axis],
        left_cropping,
        right_cropping,
        target_width,
        ("left_cropping", "right_cropping", "target_width"),
    )
    index = [slice(None)] * len(shape)
    index[h_axis] = slice(top, top + height)
    index[w_axis] = slice(left, left + width)
    return images[tuple(index)]


# Filters, patches and warps live in their own modules, which use the
# helpers above; they are `ops.image`'s ops too.
from kerata.src.ops.image_filters import gaussian_blur  # noqa: E402, F401
from kerata.src.ops.image_filters import sobel_edges  # noqa: E402, F401
from kerata.src.ops.image_filters import ssim  # noqa: E402, F401
from kerata.src.ops.image_warps import elastic_transform  # noqa: E402, F401
from kerata.src.ops.image_warps import elastic_warp  # noqa: E402, F401
from kerata.src.ops.image_warps import extract_patches  # noqa: E402, F401
from kerata.src.ops.image_warps import extract_patches_3d  # noqa: E402, F401
from kerata.src.ops.image_warps import perspective_transform  # noqa: E402, F401
from kerata.src.ops.image_warps import scale_and_translate  # noqa: E402, F401
