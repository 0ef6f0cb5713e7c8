"""`text_dataset_from_directory`: a folder of .txt files as batches of
strings."""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.utils import dataset_utils


class TextSource:
    """Elements are the contents of the files at `paths` (read when
    gathered), cut to `max_length` characters."""

    def __init__(self, paths: list, max_length: int | None):
        self.paths = list(paths)
        self.max_length = max_length

    def __len__(self) -> int:
        return len(self.paths)

    def fingerprint(self) -> str:
        settings = ["text", self.max_length]
        return dataset_utils.fingerprint_files(self.paths, settings)

    def gather(self, indices: np.ndarray) -> np.ndarray:
        texts = [self.read(self.paths[i]) for i in indices]
        return np.array(texts, dtype=object)

    def read(self, path: str) -> str:
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(
                f"Could not read the text file {path!r}: {error}"
            ) from error
        if self.max_length is not None:
            text = text[: self.max_length]
        return text


@kerata_export(
    "kerata.utils.text_dataset_from_directory",
    "kerata.preprocessing.text_dataset_from_directory",
)
def text_dataset_from_directory(
    directory: Any,
    labels: Any = "inferred",
    label_mode: str | None = "int",
    class_names: list | None = None,
    batch_size: int | None = 32,
    max_length: int | None = None,
    shuffle: bool = True,
    seed: int | None = None,
    validation_split: float | None = None,
    subset: str | None = None,
    follow_links: bool = False,
    format: str = "tf",
    verbose: bool = True,
) -> Any:
    """Reads a directory of .txt files as a dataset of batches of strings.

    With `labels="inferred"`, the directory holds one subdirectory per
    class, with the class's .txt files (found recursively). Files are read
    as UTF-8 only when their batch is fetched.

    Args:
        directory: Folder of the text files.
        labels: "inferred" (from the subdirectories), None (no labels), or
            a list/tuple of integer labels, one per .txt file in sorted
            path order.
        label_mode: "int" (int32), "categorical" (one-hot float32),
            "binary" (float32 of shape `(batch, 1)`, needs 2 classes) or
            None (texts only).
        class_names: With `labels="inferred"`, the subdirectories to read,
            in label order (default: all, sorted).
        batch_size: Texts per batch, or None for single texts.
        max_length: Keep at most this many characters of each text.
        shuffle: Whether to shuffle the files (once, with `seed`) and the
            training batches (every epoch).
        seed: Int seed of the shuffling.
        validation_split: Fraction of the files kept for validation.
        subset: "training", "validation" or "both" (a list of two
            datasets), with `validation_split`.
        follow_links: Whether to follow symbolic links to folders.
        format: Accepted for compatibility: "tf" or "grain" both give a
            `kerata.utils.Dataset`.
        verbose: Whether to print how many files and classes were found.

    Returns:
        A `kerata.utils.Dataset` yielding NumPy object arrays of `str` and,
        with labels, tuples `(texts, labels)`; a list `[training,
        validation]` for `subset="both"`. It has `class_names` and
        `file_paths` attributes.

    Raises:
        ValueError: For an unknown `label_mode`, labels that do not match
            the files, an inconsistent `validation_split`/`subset`/`seed`,
            or a folder without .txt files.
        FileNotFoundError: If `directory` does not exist.

    Example:

    >>> import os, tempfile
    >>> root = tempfile.mkdtemp()
    >>> for name, text in (("neg", "bad"), ("pos", "good")):
    ...     os.makedirs(os.path.join(root, name))
    ...     with open(os.path.join(root, name, "0.txt"), "w") as f:
    ...         _ = f.write(text)
    >>> data = kerata.utils.text_dataset_from_directory(
    ...     root, shuffle=False, verbose=False)
    >>> texts, labels = next(iter(data))
    >>> texts.tolist(), labels.tolist(), data.class_names
    (['bad', 'good'], [0, 1], ['neg', 'pos'])
    >>> import shutil
    >>> shutil.rmtree(root)
    """
    dataset_utils.check_labels_arg(labels, class_names, "text")
    dataset_utils.check_label_mode(label_mode)
    if format not in ("tf", "grain"):
        raise ValueError(
            '`format` must be "tf" or "grain" (both give a '
            f"kerata.utils.Dataset). Received: format={format!r}"
        )
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    dataset_utils.check_validation_split_arg(
        validation_split, subset, shuffle, seed
    )
    if seed is None:
        seed = int(np.random.randint(1_000_000))
    file_paths, labels, class_names = dataset_utils.index_directory(
        directory,
        labels,
        formats=(".txt",),
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

    def build(paths: list, part_labels: Any, is_training: bool) -> Any:
        source: Any = TextSource(paths, max_length)
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
        f"No {{kind}}text files found in directory "
        f"{os.fspath(directory)!r}. Allowed format: .txt",
    )
