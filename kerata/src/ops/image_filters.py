"""Public ops: `kerata.ops.image` filters: `gaussian_blur`, `sobel_edges`
and `ssim` (their own module for size; `kerata.src.ops.image` re-exports
them)."""

from __future__ import annotations

import numbers
from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.ops.image import _as_tensor
from kerata.src.ops.image import _check_images
from kerata.src.ops.image import _shape
from kerata.src.ops.operation import symbolic_op

# --- filters: Gaussian blur, Sobel edges, SSIM ------------------------------


def _float_dtype(dtype: Any) -> str:
    """The dtype a filter computes in: `dtype` if float, else float32."""
    dtype = backend.standardize_dtype(dtype)
    return dtype if backend.is_float_dtype(dtype) else "float32"


def _int_pair(value: Any, name: str) -> tuple:
    values = tuple(value) if isinstance(value, (tuple, list)) else None
    if (
        values is None
        or len(values) != 2
        or not all(_is_positive_int(v) for v in values)
    ):
        raise ValueError(
            f"`{name}` must be a tuple of two positive ints. "
            f"Received: {name}={value!r}"
        )
    return int(values[0]), int(values[1])


def _is_positive_int(value: Any) -> bool:
    return (
        isinstance(value, numbers.Integral)
        and not isinstance(value, bool)
        and int(value) > 0
    )


def _gaussian_kernel(size: int, sigma: Any, dtype: Any) -> Any:
    """The normalised 1-D Gaussian `(size,)` of standard deviation `sigma`
    (a number or scalar tensor), centred on the middle tap."""
    taps = ops.arange(size, dtype=dtype) - (size - 1) / 2.0
    kernel = ops.exp(-0.5 * ops.square(taps / ops.cast(sigma, dtype)))
    return kernel / ops.sum(kernel)


def _separable_filter(
    images: Any, kernel_y: Any, kernel_x: Any, padding: str, data_format: str
) -> Any:
    """Filters every channel of a rank-4 batch with the outer product of
    `kernel_y` (along the height) and `kernel_x` (along the width), as
    two depthwise convolutions (cheaper than one 2-D kernel)."""
    channels_axis = -1 if data_format == "channels_last" else 1
    channels = ops.shape(images)[channels_axis]
    size_y, size_x = ops.shape(kernel_y)[0], ops.shape(kernel_x)[0]
    for kernel in (
        ops.reshape(kernel_y, (size_y, 1, 1, 1)),
        ops.reshape(kernel_x, (1, size_x, 1, 1)),
    ):
        images = ops.depthwise_conv(
            images,
            ops.tile(kernel, (1, 1, channels, 1)),
            padding=padding,
            data_format=data_format,
        )
    return images


def _batched(images: Any, rank: int = 4) -> tuple:
    """`(batch, was_unbatched)`: adds a batch axis to a single image."""
    if len(images.shape) == rank - 1:
        return ops.expand_dims(images, 0), True
    return images, False


def _same_shape_spec(images, *args, **kwargs):
    shape = _check_images(images)
    return backend.KerasTensor(shape, dtype=images.dtype)


def _gaussian_blur_spec(
    images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None
):
    _int_pair(kernel_size, "kernel_size")
    if not isinstance(sigma, (tuple, list)) or len(sigma) != 2:
        raise ValueError(
            f"`sigma` must be a tuple of two numbers. Received: sigma={sigma!r}"
        )
    return _same_shape_spec(images)


@kerata_export("kerata.ops.image.gaussian_blur")
@symbolic_op(spec=_gaussian_blur_spec)
def gaussian_blur(
    images: Any,
    kernel_size: Any = (3, 3),
    sigma: Any = (1.0, 1.0),
    data_format: Any = None,
) -> Any:
    """Blurs images with a Gaussian filter.

    Every channel is filtered on its own; points outside the image count
    as zeros (so borders darken a little), and the output has the input's
    shape. As in Keras's implementation, the first entry of `kernel_size`
    and of `sigma` applies along the width and the second along the
    height.

    Args:
        images: Image `(height, width, channels)` or batch of images
            `(batch, height, width, channels)` (channels first with
            `data_format="channels_first"`).
        kernel_size: Pair of positive ints, the number of filter taps
            (along the width, along the height). Odd sizes keep the
            filter centred.
        sigma: Pair of positive numbers (or scalar tensors), the standard
            deviations of the Gaussian (along the width, along the
            height).
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.

    Returns:
        Blurred images, in the input dtype (integer images are filtered
        in float32 and cast back).

    Raises:
        ValueError: For images not of rank 3 or 4, or a `kernel_size` or
            `sigma` that is not a pair.

    Example:

    >>> import numpy as np
    >>> x = np.zeros((3, 3, 1), "float32")
    >>> x[1, 1, 0] = 1.0
    >>> y = kerata.ops.image.gaussian_blur(x, (3, 3), (1.0, 1.0))
    >>> y = kerata.ops.convert_to_numpy(y)[..., 0]
    >>> round(float(y.sum()), 4), round(float(y[1, 1]), 4)
    (1.0, 0.2042)
    """
    images = _as_tensor(images)
    _gaussian_blur_spec(images, kernel_size, sigma, data_format)
    data_format = backend.standardize_data_format(data_format)
    size_x, size_y = _int_pair(kernel_size, "kernel_size")
    dtype = backend.standardize_dtype(images.dtype)
    compute_dtype = _float_dtype(dtype)
    batch, unbatched = _batched(ops.cast(images, compute_dtype))
    blurred = _separable_filter(
        batch,
        _gaussian_kernel(size_y, sigma[1], compute_dtype),
        _gaussian_kernel(size_x, sigma[0], compute_dtype),
        "same",
        data_format,
    )
    if unbatched:
        blurred = ops.squeeze(blurred, 0)
    return ops.cast(blurred, dtype)


def _sobel_spec(images, data_format=None):
    shape = _shape(images)
    if len(shape) != 4:
        raise ValueError(
            "Invalid images rank: expected rank 4 (a batch of images). "
            f"Received: images.shape={shape}"
        )
    return backend.KerasTensor(shape + (2,), dtype=images.dtype)


@kerata_export("kerata.ops.image.sobel_edges")
@symbolic_op(spec=_sobel_spec)
def sobel_edges(images: Any, data_format: Any = None) -> Any:
    """Sobel gradients of a batch of images, channel by channel.

    The vertical gradient `dy` (bottom minus top) and the horizontal
    gradient `dx` (right minus left) are computed with the 3x3 Sobel
    filters; points outside the image count as zeros.

    Args:
        images: Batch of images `(batch, height, width, channels)`
            (`(batch, channels, height, width)` with
            `data_format="channels_first"`).
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.

    Returns:
        The input's shape plus a last axis of size 2 holding `[dy, dx]`,
        in the input dtype.

    Raises:
        ValueError: If the images are not of rank 4.

    Example:

    >>> import numpy as np
    >>> x = np.zeros((1, 4, 4, 1), "float32")
    >>> x[0, :, 2:, 0] = 1.0  # a vertical edge
    >>> y = kerata.ops.convert_to_numpy(kerata.ops.image.sobel_edges(x))
    >>> y.shape
    (1, 4, 4, 1, 2)
    >>> y[0, 1, :, 0, 1].tolist()  # dx; zeros lie beyond the right edge
    [0.0, 4.0, 4.0, -4.0]
    """
    images = _as_tensor(images)
    _sobel_spec(images, data_format)
    data_format = backend.standardize_data_format(data_format)
    dtype = backend.standardize_dtype(images.dtype)
    compute_dtype = _float_dtype(dtype)
    x = ops.cast(images, compute_dtype)
    smooth = ops.convert_to_tensor([1.0, 2.0, 1.0], dtype=compute_dtype)
    diff = ops.convert_to_tensor([-1.0, 0.0, 1.0], dtype=compute_dtype)
    # Each Sobel filter is separable: a derivative along one axis times a
    # smoothing along the other.
    dy = _separable_filter(x, diff, smooth, "same", data_format)
    dx = _separable_filter(x, smooth, diff, "same", data_format)
    return ops.cast(ops.stack([dy, dx], axis=-1), dtype)


def _ssim_spec(
    image1,
    image2,
    max_val=1.0,
    filter_size=11,
    filter_sigma=1.5,
    k1=0.01,
    k2=0.03,
    data_format=None,
):
    shape1, shape2 = _shape(image1), _shape(image2)
    for name, shape in (("image1", shape1), ("image2", shape2)):
        if len(shape) not in (3, 4):
            raise ValueError(
                f"Invalid {name} rank: expected rank 3 (single image) or "
                f"rank 4 (batch of images). Received: {name}.shape={shape}"
            )
    if len(shape1) != len(shape2) or any(
        a is not None and b is not None and a != b
        for a, b in zip(shape1, shape2)
    ):
        raise ValueError(
            "`image1` and `image2` must have the same shape. Received: "
            f"image1.shape={shape1}, image2.shape={shape2}"
        )
    if not _is_positive_int(filter_size):
        raise ValueError(
            "`filter_size` must be a positive int. "
            f"Received: filter_size={filter_size!r}"
        )
    out_shape = () if len(shape1) == 3 else (shape1[0],)
    return backend.KerasTensor(out_shape, dtype=image1.dtype)


@kerata_export("kerata.ops.image.ssim")
@symbolic_op(spec=_ssim_spec)
def ssim(
    image1: Any,
    image2: Any,
    max_val: float = 1.0,
    filter_size: int = 11,
    filter_sigma: float = 1.5,
    k1: float = 0.01,
    k2: float = 0.03,
    data_format: Any = None,
) -> Any:
    """Structural similarity (SSIM) of two images or batches of images.

    Local means, variances and the covariance are taken under a Gaussian
    window (only where the window fits in the image, i.e. "valid"), the
    SSIM map of Wang et al. (2004) is averaged over the positions, then
    over the channels. Identical images score 1.

    Args:
        image1: Image or batch of images (rank 3 or 4).
        image2: Images of the same shape as `image1`.
        max_val: The dynamic range of the pixel values, e.g. 1.0 for
            images in `[0, 1]` or 255.0 for 8-bit images.
        filter_size: Positive int, the size of the Gaussian window; must
            not exceed the image size.
        filter_sigma: Standard deviation of the Gaussian window.
        k1: Stabilising constant of the luminance term.
        k2: Stabilising constant of the contrast term.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.

    Returns:
        A scalar for single images, or `(batch,)`, in `image1`'s dtype.

    Raises:
        ValueError: For images not of rank 3 or 4, images of different
            shapes, or a bad `filter_size`.

    Example:

    >>> import numpy as np
    >>> x = np.random.default_rng(0).random((2, 16, 16, 3)).astype("float32")
    >>> score = kerata.ops.image.ssim(x, x)
    >>> np.round(kerata.ops.convert_to_numpy(score), 4).tolist()
    [1.0, 1.0]
    """
    image1, image2 = _as_tensor(image1), _as_tensor(image2)
    _ssim_spec(image1, image2, max_val, filter_size)
    data_format = backend.standardize_data_format(data_format)
    dtype = backend.standardize_dtype(image1.dtype)
    compute_dtype = _float_dtype(backend.result_type(dtype, float))
    x, unbatched = _batched(ops.cast(image1, compute_dtype))
    y, _ = _batched(ops.cast(image2, compute_dtype))
    kernel = _gaussian_kernel(filter_size, filter_sigma, compute_dtype)

    def local_mean(t: Any) -> Any:
        return _separable_filter(t, kernel, kernel, "valid", data_format)

    mean_x, mean_y = local_mean(x), local_mean(y)
    var_x = local_mean(x * x) - mean_x * mean_x
    var_y = local_mean(y * y) - mean_y * mean_y
    cov = local_mean(x * y) - mean_x * mean_y
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    ssim_map = ((2.0 * mean_x * mean_y + c1) * (2.0 * cov + c2)) / (
        (mean_x * mean_x + mean_y * mean_y + c1) * (var_x + var_y + c2)
    )
    score = ops.mean(ssim_map, axis=(1, 2, 3))  # (batch,)
    if unbatched:
        score = ops.squeeze(score, 0)
    return ops.cast(score, dtype)
