"""Image files and arrays: `load_img`, `save_img`, `img_to_array`,
`array_to_img` and `smart_resize`.

Decoding and encoding go through Pillow, imported only when one of these
functions runs, so `import kerata` does not need it.
"""

from __future__ import annotations

import io
import os
import pathlib
import warnings
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export

_COLOR_MODES = {"grayscale": "L", "rgb": "RGB", "rgba": "RGBA"}
_PIL_RESAMPLING = ("nearest", "bilinear", "bicubic", "hamming", "box")
_PIL_RESAMPLING += ("lanczos",)


def pil_image() -> Any:
    """Returns `PIL.Image`, or raises an ImportError saying how to get it."""
    try:
        from PIL import Image
    except ImportError as error:
        raise ImportError(
            "Image loading and saving needs Pillow, which is not installed. "
            "Install it with `pip install pillow`."
        ) from error
    return Image


def _resampling(interpolation: str) -> Any:
    if interpolation not in _PIL_RESAMPLING:
        raise ValueError(
            f"`interpolation` must be one of {_PIL_RESAMPLING}. "
            f"Received: interpolation={interpolation!r}"
        )
    return getattr(pil_image().Resampling, interpolation.upper())


@kerata_export(
    "kerata.utils.array_to_img", "kerata.preprocessing.image.array_to_img"
)
def array_to_img(
    x: Any,
    data_format: str | None = None,
    scale: bool = True,
    dtype: Any = None,
) -> Any:
    """Converts a 3D array (one image) to a PIL image.

    Args:
        x: Array-like of shape `(height, width, channels)` (or channels
            first) with 1, 3 or 4 channels.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        scale: Whether to stretch values to the range `[0, 255]` first.
        dtype: Dtype of the intermediate array; defaults to
            `kerata.config.floatx()`.

    Returns:
        A `PIL.Image.Image` in mode "L" (or "I" for grayscale values above
        255), "RGB" or "RGBA".

    Raises:
        ValueError: If `x` is not of rank 3 or has another number of
            channels.
        ImportError: If Pillow is not installed.

    Example:

    >>> import numpy as np
    >>> image = kerata.utils.array_to_img(np.zeros((4, 6, 3)))
    >>> image.size, image.mode
    ((6, 4), 'RGB')
    """
    data_format = backend.standardize_data_format(data_format)
    image_module = pil_image()
    x = np.array(x, dtype=dtype or backend.floatx())
    if x.ndim != 3:
        raise ValueError(
            "Expected an array of rank 3 (one image). Received: "
            f"x.shape={x.shape}"
        )
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        peak = np.max(x)
        if peak != 0:
            x = x / peak
        x = x * 255
    channels = x.shape[2]
    if channels == 1:
        if np.max(x) > 255:
            return image_module.fromarray(x[:, :, 0].astype("int32"), "I")
        return image_module.fromarray(x[:, :, 0].astype("uint8"), "L")
    if channels in (3, 4):
        mode = "RGB" if channels == 3 else "RGBA"
        return image_module.fromarray(x.astype("uint8"), mode)
    raise ValueError(
        "Expected 1, 3 or 4 channels. Received an image of shape "
        f"{x.shape} ({channels} channels)."
    )


@kerata_export(
    "kerata.utils.img_to_array", "kerata.preprocessing.image.img_to_array"
)
def img_to_array(
    img: Any, data_format: str | None = None, dtype: Any = None
) -> np.ndarray:
    """Converts a PIL image to a 3D NumPy array.

    Args:
        img: PIL image (or anything `np.asarray` turns into a 2D or 3D
            array).
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        dtype: Dtype of the result; defaults to `kerata.config.floatx()`.

    Returns:
        Array of shape `(height, width, channels)` (or channels first).
        Grayscale images get a channels axis of size 1.

    Raises:
        ValueError: If the image is not 2D or 3D.

    Example:

    >>> import numpy as np
    >>> image = kerata.utils.array_to_img(np.ones((4, 6, 1)), scale=False)
    >>> kerata.utils.img_to_array(image).shape
    (4, 6, 1)
    """
    data_format = backend.standardize_data_format(data_format)
    x = np.asarray(img, dtype=dtype or backend.floatx())
    if x.ndim == 2:
        x = x[:, :, None]
    elif x.ndim != 3:
        raise ValueError(
            f"Expected a 2D or 3D image. Received an array of shape {x.shape}."
        )
    if data_format == "channels_first":
        x = x.transpose(2, 0, 1)
    return x


@kerata_export("kerata.utils.save_img", "kerata.preprocessing.image.save_img")
def save_img(
    path: Any,
    x: Any,
    data_format: str | None = None,
    file_format: str | None = None,
    scale: bool = True,
    **kwargs: Any,
) -> None:
    """Saves an image array to a file (or file object) with Pillow.

    Args:
        path: Path or writable binary file object.
        x: Array of shape `(height, width, channels)` (or channels first).
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        file_format: Format such as "png" or "jpeg". `None` takes it from
            the file name's extension; needed for file objects.
        scale: Whether to stretch values to `[0, 255]` first.
        **kwargs: Passed on to `PIL.Image.Image.save` (e.g. `quality`).

    Example:

    >>> import io
    >>> import numpy as np
    >>> buffer = io.BytesIO()
    >>> kerata.utils.save_img(buffer, np.zeros((2, 2, 3)), file_format="png")
    >>> buffer.getvalue()[1:4]
    b'PNG'
    """
    if file_format is None and isinstance(path, (str, os.PathLike)):
        file_format = pathlib.Path(path).suffix[1:].lower() or None
    if file_format and file_format.lower() == "jpg":
        file_format = "jpeg"
    image = array_to_img(x, data_format=data_format, scale=scale)
    if image.mode == "RGBA" and file_format == "jpeg":
        warnings.warn(
            "JPEG cannot store an alpha channel: saving the image as RGB.",
            stacklevel=2,
        )
        image = image.convert("RGB")
    if isinstance(path, (str, os.PathLike)):
        _save_atomically(image, os.fspath(path), file_format, kwargs)
    else:
        image.save(path, format=file_format, **kwargs)


def _save_atomically(image: Any, path: str, file_format: Any, kwargs) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(folder, f".{os.path.basename(path)}.tmp")
    try:
        image.save(temporary, format=file_format, **kwargs)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


@kerata_export("kerata.utils.load_img", "kerata.preprocessing.image.load_img")
def load_img(
    path: Any,
    color_mode: str = "rgb",
    target_size: tuple | None = None,
    interpolation: str = "nearest",
    keep_aspect_ratio: bool = False,
) -> Any:
    """Loads an image file into a PIL image.

    Args:
        path: Path to the file, or an `io.BytesIO` holding its bytes.
        color_mode: "grayscale", "rgb" or "rgba".
        target_size: `None` (keep the size) or `(height, width)`.
        interpolation: Pillow resampling used to reach `target_size`:
            "nearest", "bilinear", "bicubic", "hamming", "box" or "lanczos".
        keep_aspect_ratio: Whether to crop the largest centered window with
            the aspect ratio of `target_size` before resizing, so the image
            is not distorted.

    Returns:
        A `PIL.Image.Image`.

    Raises:
        ValueError: For an unknown `color_mode` or `interpolation`, or a
            file that is not a readable image (the message names it).
        TypeError: If `path` is neither path-like nor `io.BytesIO`.
        ImportError: If Pillow is not installed.

    Example:

    >>> import io
    >>> import numpy as np
    >>> buffer = io.BytesIO()
    >>> kerata.utils.save_img(buffer, np.ones((4, 8, 3)), file_format="png")
    >>> image = kerata.utils.load_img(buffer, target_size=(2, 2))
    >>> kerata.utils.img_to_array(image).shape
    (2, 2, 3)
    """
    if color_mode not in _COLOR_MODES:
        raise ValueError(
            '`color_mode` must be one of "grayscale", "rgb" or "rgba". '
            f"Received: color_mode={color_mode!r}"
        )
    image = _open(path)
    image = _convert(image, color_mode, path)
    if target_size is None:
        return image
    resample = _resampling(interpolation)
    height, width = target_size
    if image.size == (width, height):
        return image
    box = None
    if keep_aspect_ratio:
        top, left, crop_height, crop_width = _center_crop_box(
            image.size[1], image.size[0], height, width
        )
        box = (left, top, left + crop_width, top + crop_height)
    return image.resize((width, height), resample, box=box)


def _open(path: Any) -> Any:
    image_module = pil_image()
    if isinstance(path, io.BytesIO):
        data, name = path, "<BytesIO>"
    elif isinstance(path, (str, bytes, os.PathLike)):
        name = os.fsdecode(path)
        with open(name, "rb") as handle:
            data = io.BytesIO(handle.read())
    else:
        raise TypeError(
            "`path` must be a path (str or pathlib.Path) or an io.BytesIO. "
            f"Received: path={path!r} of type {type(path).__name__}"
        )
    try:
        return image_module.open(data)
    except (OSError, ValueError) as error:
        raise ValueError(
            f"Could not read {name!r} as an image: {error}"
        ) from error


def _convert(image: Any, color_mode: str, path: Any) -> Any:
    """Converts to the color mode, decoding the whole file (so a truncated
    file fails here, naming it, rather than later)."""
    try:
        if color_mode == "grayscale":
            # 16- and 32-bit grayscale keep their depth.
            if image.mode not in ("L", "I;16", "I"):
                return image.convert("L")
            image.load()
            return image
        target = _COLOR_MODES[color_mode]
        if image.mode != target:
            return image.convert(target)
        image.load()
        return image
    except (OSError, ValueError, SyntaxError) as error:
        name = path if isinstance(path, (str, os.PathLike)) else "<BytesIO>"
        raise ValueError(
            f"Could not decode the image file {os.fspath(name)!r}: {error}"
        ) from error


def _center_crop_box(
    height: int, width: int, target_height: int, target_width: int
) -> tuple:
    """`(top, left, crop_height, crop_width)` of the largest centered window
    with the aspect ratio `target_height / target_width`."""
    crop_height = max(min(height, int(width * target_height / target_width)), 1)
    crop_width = max(min(width, int(height * target_width / target_height)), 1)
    top = int((height - crop_height) / 2)
    left = int((width - crop_width) / 2)
    return top, left, crop_height, crop_width


@kerata_export("kerata.preprocessing.image.smart_resize")
def smart_resize(
    x: Any,
    size: Any,
    interpolation: str = "bilinear",
    data_format: str = "channels_last",
    **kwargs: Any,
) -> Any:
    """Resizes images to `size` without distorting their aspect ratio.

    The largest centered window with the aspect ratio of `size` is cropped
    out first, then resized to `size`; what lies outside the window is
    dropped.

    Args:
        x: Image `(height, width, channels)` or batch of images
            `(batch, height, width, channels)` (channels first with
            `data_format="channels_first"`), as a NumPy array or tensor.
        size: `(height, width)` of the output.
        interpolation: "bilinear", "nearest", "bicubic", "lanczos3",
            "lanczos5" or "area".
        data_format: "channels_last" or "channels_first".

    Returns:
        The resized images: a NumPy array for NumPy input, else a backend
        tensor.

    Raises:
        ValueError: If `size` is not two ints or `x` is not of rank 3 or 4.

    Example:

    >>> import numpy as np
    >>> images = np.zeros((2, 30, 50, 3), dtype="float32")
    >>> out = kerata.preprocessing.image.smart_resize(images, (10, 10))
    >>> out.shape
    (2, 10, 10, 3)
    """
    if kwargs:
        raise TypeError(
            f"smart_resize() got unexpected keyword arguments: {sorted(kwargs)}"
        )
    if len(size) != 2:
        raise ValueError(
            "`size` must be a tuple of 2 ints (height, width). "
            f"Received: size={size!r}"
        )
    shape = tuple(x.shape) if hasattr(x, "shape") else np.shape(x)
    if len(shape) not in (3, 4):
        raise ValueError(
            "Expected an image `(height, width, channels)` or a batch of "
            f"images of rank 4. Received: x.shape={shape}"
        )
    if data_format == "channels_last":
        height, width = shape[-3], shape[-2]
    else:
        height, width = shape[-2], shape[-1]
    top, left, crop_height, crop_width = _center_crop_box(
        height, width, size[0], size[1]
    )
    rows = slice(top, top + crop_height)
    cols = slice(left, left + crop_width)
    if data_format == "channels_last":
        cropped = x[..., rows, cols, :]
    else:
        cropped = x[..., rows, cols]
    resized = ops.image.resize(
        cropped,
        tuple(size),
        interpolation=interpolation,
        data_format=data_format,
    )
    if isinstance(x, np.ndarray):
        return ops.convert_to_numpy(resized)
    return resized
