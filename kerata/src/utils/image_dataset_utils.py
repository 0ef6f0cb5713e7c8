"""`image_dataset_from_directory`: a folder of images as batches of
arrays, decoded with Pillow one batch at a time."""

from __future__ import annotations

import functools
import os
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.utils import dataset_utils
from kerata.src.utils import image_utils

ALLOWLIST_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_CHANNELS = {"grayscale": 1, "rgb": 3, "rgba": 4}
# Resized here in NumPy (fast, thread-friendly); the rest via ops.
_NUMPY_INTERPOLATIONS = ("bilinear", "nearest")
_INTERPOLATIONS = _NUMPY_INTERPOLATIONS + (
    "bicubic",
    "area",
    "lanczos3",
    "lanczos5",
)


class ImageSource:
    """Elements are the image files at `paths`, decoded, resized to
    `image_size` and stacked as float32 when gathered."""

    def __init__(
        self,
        paths: list,
        image_size: tuple,
        color_mode: str,
        interpolation: str,
        data_format: str,
        crop_to_aspect_ratio: bool,
        pad_to_aspect_ratio: bool,
    ):
        self.paths = list(paths)
        self.image_size = tuple(image_size)
        self.color_mode = color_mode
        self.interpolation = interpolation
        self.data_format = data_format
        self.crop = crop_to_aspect_ratio
        self.pad = pad_to_aspect_ratio

    def __len__(self) -> int:
        return len(self.paths)

    def fingerprint(self) -> str:
        settings = [
            "image",
            self.image_size,
            self.color_mode,
            self.interpolation,
            self.data_format,
            self.crop,
            self.pad,
        ]
        return dataset_utils.fingerprint_files(self.paths, settings)

    def gather(self, indices: np.ndarray) -> np.ndarray:
        height, width = self.image_size
        channels = _CHANNELS[self.color_mode]
        batch = np.empty((len(indices), height, width, channels), "float32")
        # One image at a time: the working set stays in cache, which beats
        # one vectorized resize of the whole batch.
        for row, index in enumerate(indices):
            image = self.decode(self.paths[index]).astype("float32")
            batch[row] = resize_image(
                image, self.image_size, self.interpolation
            )
        if self.data_format == "channels_first":
            batch = np.ascontiguousarray(batch.transpose(0, 3, 1, 2))
        return batch

    def decode(self, path: str) -> np.ndarray:
        """One image as a `(height, width, channels)` array, cropped or
        padded to the target aspect ratio, not yet resized."""
        image = image_utils.load_img(path, color_mode=self.color_mode)
        x = np.asarray(image)
        if x.ndim == 2:
            x = x[:, :, None]
        if self.crop:
            top, left, crop_height, crop_width = image_utils._center_crop_box(
                x.shape[0], x.shape[1], *self.image_size
            )
            x = x[top : top + crop_height, left : left + crop_width]
        elif self.pad:
            x = _pad_to_aspect_ratio(x, self.image_size)
        return x


def _pad_to_aspect_ratio(x: np.ndarray, size: tuple) -> np.ndarray:
    """Pads the short side with zeros, evenly, to the aspect ratio of
    `size`."""
    height, width = x.shape[:2]
    target_height, target_width = size
    padded_height = max(height, int(width * target_height / target_width))
    padded_width = max(width, int(height * target_width / target_height))
    top = (padded_height - height) // 2
    left = (padded_width - width) // 2
    out = np.zeros((padded_height, padded_width, x.shape[2]), x.dtype)
    out[top : top + height, left : left + width] = x
    return out


def resize_image(x: np.ndarray, size: tuple, interpolation: str) -> Any:
    """Resizes float32 images, `(height, width, channels)` or a batch of
    them, with half-pixel centers and no antialiasing (as
    `kerata.ops.image.resize` and Keras's loaders do)."""
    if x.shape[-3:-1] == tuple(size):
        return x
    if interpolation not in _NUMPY_INTERPOLATIONS:
        return ops.convert_to_numpy(
            ops.image.resize(
                x,
                size,
                interpolation=interpolation,
                data_format="channels_last",
            )
        )
    for axis, length in zip((x.ndim - 3, x.ndim - 2), size):
        if x.shape[axis] == length:
            continue
        indices, weights = _resize_plan(x.shape[axis], length, interpolation)
        if weights is None:
            x = np.take(x, indices, axis=axis)
            continue
        low = np.take(x, indices[0], axis=axis)
        high = np.take(x, indices[1], axis=axis)
        shape = [1] * x.ndim
        shape[axis] = length
        x = low + (high - low) * weights.reshape(shape)
    return x


@functools.lru_cache(maxsize=64)
def _resize_plan(size_in: int, size_out: int, interpolation: str) -> tuple:
    """Source indices (and bilinear weights) of each output position."""
    # Computed in float32, in this order, so nearest picks the same pixels
    # as kerata.ops.image.resize (and JAX) at exact ties.
    centers = (np.arange(size_out, dtype="float32") + np.float32(0.5)) * (
        np.float32(size_in)
    )
    centers = centers / np.float32(size_out)
    if interpolation == "nearest":
        return np.minimum(np.floor(centers), size_in - 1).astype(int), None
    positions = centers - 0.5
    low = np.floor(positions)
    weights = (positions - low).astype("float32")
    low = low.astype(int)
    return (
        np.clip(low, 0, size_in - 1),
        np.clip(low + 1, 0, size_in - 1),
    ), weights


@kerata_export(
    "kerata.utils.image_dataset_from_directory",
    "kerata.preprocessing.image_dataset_from_directory",
)
def image_dataset_from_directory(
    directory: Any,
    labels: Any = "inferred",
    label_mode: str | None = "int",
    class_names: list | None = None,
    color_mode: str = "rgb",
    batch_size: int | None = 32,
    image_size: Any = (256, 256),
    shuffle: bool = True,
    seed: int | None = None,
    validation_split: float | None = None,
    subset: str | None = None,
    interpolation: str = "bilinear",
    follow_links: bool = False,
    crop_to_aspect_ratio: bool = False,
    pad_to_aspect_ratio: bool = False,
    data_format: str | None = None,
    format: str = "tf",
    verbose: bool = True,
) -> Any:
    """Reads a directory of images as a dataset of batches.

    With `labels="inferred"`, the directory holds one subdirectory per
    class (files are found recursively inside each):

    ```
    main_directory/
    ...class_a/
    ......a_image_1.jpg
    ...class_b/
    ......b_image_1.png
    ```

    Files with extensions .bmp, .gif (first frame), .jpeg, .jpg and .png
    are read. Images are decoded with Pillow only when their batch is
    fetched, so large folders do not sit in memory; set
    `dataset.workers = 4` to decode batches in parallel threads.

    Args:
        directory: Folder of the images.
        labels: "inferred" (from the subdirectories), None (no labels), or
            a list/tuple of integer labels, one per image file in sorted
            path order.
        label_mode: "int" (int32 labels), "categorical" (one-hot
            float32), "binary" (float32 of shape `(batch, 1)`, needs 2
            classes) or None (images only).
        class_names: With `labels="inferred"`, the subdirectories to read,
            in label order (default: all, sorted).
        color_mode: "grayscale", "rgb" or "rgba" (1, 3 or 4 channels).
        batch_size: Images per batch, or None for single images.
        image_size: `(height, width)` (or one int) every image is resized
            to.
        shuffle: Whether to shuffle the files (once, with `seed`) and the
            training batches (every epoch). Files are sorted otherwise.
        seed: Int seed of the shuffling.
        validation_split: Fraction of the files kept for validation.
        subset: "training", "validation" or "both" (a list of two
            datasets), with `validation_split`.
        interpolation: "bilinear", "nearest", "bicubic", "area",
            "lanczos3" or "lanczos5".
        follow_links: Whether to follow symbolic links to folders.
        crop_to_aspect_ratio: Whether to crop the largest centered window
            with the aspect ratio of `image_size` before resizing.
        pad_to_aspect_ratio: Whether to pad (with zeros) to the aspect
            ratio of `image_size` before resizing.
        data_format: "channels_last" or "channels_first"; defaults to
            `kerata.config.image_data_format()`.
        format: Accepted for compatibility: "tf" or "grain" both give a
            `kerata.utils.Dataset`.
        verbose: Whether to print how many files and classes were found.

    Returns:
        A `kerata.utils.Dataset` yielding float32 images of shape
        `(batch_size, height, width, channels)` and, with labels, tuples
        `(images, labels)`; a list `[training, validation]` for
        `subset="both"`. It has `class_names` and `file_paths` attributes.

    Raises:
        ValueError: For an unknown `label_mode`, `color_mode` or
            `interpolation`, labels that do not match the files, an
            inconsistent `validation_split`/`subset`/`seed`, a folder
            without images, or (when fetched) a file that cannot be
            decoded.
        FileNotFoundError: If `directory` does not exist.

    Example:

    >>> import os, tempfile
    >>> import numpy as np
    >>> root = tempfile.mkdtemp()
    >>> for name in ("cat", "dog"):
    ...     os.makedirs(os.path.join(root, name))
    ...     path = os.path.join(root, name, "0.png")
    ...     kerata.utils.save_img(path, np.zeros((8, 8, 3)))
    >>> data = kerata.utils.image_dataset_from_directory(
    ...     root, image_size=(4, 4), batch_size=2, seed=1)
    Found 2 files belonging to 2 classes.
    >>> images, labels = next(iter(data))
    >>> data.class_names, images.shape, sorted(labels.tolist())
    (['cat', 'dog'], (2, 4, 4, 3), [0, 1])
    >>> import shutil
    >>> shutil.rmtree(root)
    """
    dataset_utils.check_labels_arg(labels, class_names, "image")
    dataset_utils.check_label_mode(label_mode)
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    if color_mode not in _CHANNELS:
        raise ValueError(
            '`color_mode` must be "grayscale", "rgb" or "rgba". '
            f"Received: color_mode={color_mode!r}"
        )
    image_size = _check_image_size(image_size)
    interpolation = _check_interpolation(interpolation)
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            "Only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` "
            "can be True."
        )
    _check_format(format)
    dataset_utils.check_validation_split_arg(
        validation_split, subset, shuffle, seed
    )
    image_utils.pil_image()  # Fail now, not at the first batch.
    if seed is None:
        seed = int(np.random.randint(1_000_000))
    file_paths, labels, class_names = dataset_utils.index_directory(
        directory,
        labels,
        formats=ALLOWLIST_FORMATS,
        class_names=class_names,
        shuffle=shuffle,
        seed=seed,
        follow_links=follow_links,
        verbose=verbose,
    )
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(
            'label_mode="binary" needs exactly 2 classes. Received: '
            f"class_names={class_names}"
        )
    data_format = backend.standardize_data_format(data_format)

    def build(paths: list, part_labels: Any, is_training: bool) -> Any:
        source: Any = ImageSource(
            paths,
            image_size,
            color_mode,
            interpolation,
            data_format,
            crop_to_aspect_ratio,
            pad_to_aspect_ratio,
        )
        if label_mode is not None:
            encoded = dataset_utils.encode_labels(
                part_labels, label_mode, len(class_names)
            )
            source = dataset_utils.ZipSource(
                source, dataset_utils.ArraySource(encoded)
            )
        dataset = dataset_utils.Dataset(
            source,
            batch_size=batch_size,
            shuffle=shuffle and is_training,
            seed=seed,
        )
        dataset.class_names = class_names
        dataset.file_paths = list(paths)
        return dataset

    return dataset_utils.split_and_build(
        file_paths,
        labels,
        validation_split,
        subset,
        build,
        f"No {{kind}}images found in directory {os.fspath(directory)!r}. "
        f"Allowed formats: {ALLOWLIST_FORMATS}",
    )


def _check_image_size(image_size: Any) -> tuple:
    if isinstance(image_size, int) and not isinstance(image_size, bool):
        image_size = (image_size, image_size)
    valid = (
        isinstance(image_size, (list, tuple))
        and len(image_size) == 2
        and all(
            isinstance(v, int) and not isinstance(v, bool) and v > 0
            for v in image_size
        )
    )
    if not valid:
        raise ValueError(
            "`image_size` must be a tuple of 2 positive ints (height, "
            f"width). Received: image_size={image_size!r}"
        )
    return tuple(image_size)


def _check_interpolation(interpolation: Any) -> str:
    name = interpolation.lower() if isinstance(interpolation, str) else None
    if name not in _INTERPOLATIONS:
        raise ValueError(
            f"`interpolation` must be one of {_INTERPOLATIONS}. "
            f"Received: interpolation={interpolation!r}"
        )
    return name


def _check_format(format: Any) -> None:
    if format not in ("tf", "grain"):
        raise ValueError(
            '`format` must be "tf" or "grain" (both give a '
            f"kerata.utils.Dataset). Received: format={format!r}"
        )
