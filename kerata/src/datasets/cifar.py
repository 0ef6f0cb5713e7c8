"""Reading CIFAR-10 and CIFAR-100 batches (shared by both data sets).

The official batches are Python pickles of a dict
`{b"data": uint8 array (n, 3072), b"labels": [int, ...], ...}`; they are
read with `safe_pickle`, never with `pickle.load`.
"""

from __future__ import annotations

import os

import numpy as np

from kerata.src import backend
from kerata.src.datasets import remote
from kerata.src.datasets import safe_pickle


def load_batch(path: str, label_key: str = "labels") -> tuple:
    """Returns `(images, labels)` of one batch file.

    `images` is `uint8` of shape `(n, 3, 32, 32)`; `labels` a list of ints.
    """
    with open(path, "rb") as f:
        batch = safe_pickle.load_pickle(f, encoding="bytes")
    if not isinstance(batch, dict):
        raise ValueError(
            f"The CIFAR batch {path} must hold a dict. "
            f"Received: {type(batch).__name__}."
        )
    batch = {_text(key): value for key, value in batch.items()}
    if "data" not in batch or label_key not in batch:
        raise ValueError(
            f"The CIFAR batch {path} must have the keys 'data' and "
            f"{label_key!r}. Received keys: {sorted(batch)}."
        )
    data = np.asarray(batch["data"], dtype="uint8")
    return data.reshape(data.shape[0], 3, 32, 32), batch[label_key]


def _text(key: object) -> object:
    return key.decode("utf8") if isinstance(key, bytes) else key


def batches_folder(
    path: str | os.PathLike | None, archive: str, cache_name: str, inner: str
) -> str:
    """The folder of batch files: the local `path`, or the cached download.

    `archive` is the file name at the origin, `cache_name` the extraction
    folder in the cache (as in Keras) and `inner` the folder inside the
    archive.
    """
    if path is None:
        extracted = remote.fetch(
            cache_name, archive, remote.CIFAR_ORIGIN, extract=True
        )
        return os.path.join(extracted, inner)
    folder = os.fspath(path)
    if not os.path.isdir(folder):
        raise FileNotFoundError(
            f"`path` must be a folder holding the CIFAR batch files (the "
            f"{inner!r} folder of {archive}). Received: path={folder!r}"
        )
    return folder


def to_image_data_format(images: np.ndarray) -> np.ndarray:
    """Moves channels last unless the image data format is channels_first."""
    if backend.image_data_format() == "channels_last":
        return images.transpose(0, 2, 3, 1)
    return images
