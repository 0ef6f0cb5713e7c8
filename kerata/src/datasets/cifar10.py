"""CIFAR-10 small colour images in 10 classes."""

from __future__ import annotations

import os

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.datasets import cifar


@kerata_export("kerata.datasets.cifar10.load_data")
def load_data(*, path: str | os.PathLike | None = None) -> tuple:
    """Loads the CIFAR-10 data set of small colour images.

    50,000 training and 10,000 test 32x32 RGB images in 10 classes
    (0 airplane, 1 automobile, 2 bird, 3 cat, 4 deer, 5 dog, 6 frog,
    7 horse, 8 ship, 9 truck), downloaded once (163 MB) from the URL Keras 3
    uses, checked against its SHA-256 hash and extracted into the cache.
    The official batches are pickles: kerata reads them with an unpickler
    that can only rebuild NumPy arrays and plain values, so a tampered
    file cannot run code.

    Args:
        path: kerata extension. A local folder holding the batch files
            `data_batch_1` ... `data_batch_5` and `test_batch` (the
            `cifar-10-batches-py` folder of the official archive) to read
            instead of downloading. `None` (Keras's behaviour) uses the
            cache.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `uint8` images of shape
        `(num_samples, 32, 32, 3)` (`(num_samples, 3, 32, 32)` when
        `kerata.config.image_data_format()` is `"channels_first"`), and
        `uint8` labels of shape `(num_samples, 1)`.

    Example:

    >>> import os, pickle, tempfile
    >>> import numpy as np
    >>> folder = tempfile.mkdtemp()
    >>> names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    >>> for name in names:
    ...     batch = {b"data": np.zeros((2, 3072), "uint8"), b"labels": [3, 8]}
    ...     with open(os.path.join(folder, name), "wb") as f:
    ...         pickle.dump(batch, f, protocol=3)
    >>> (x_train, y_train), (x_test, y_test) = (
    ...     kerata.datasets.cifar10.load_data(path=folder))
    >>> x_train.shape, y_train.shape, y_test.ravel().tolist()
    ((10, 32, 32, 3), (10, 1), [3, 8])
    """
    folder = cifar.batches_folder(
        path,
        archive="cifar-10-python.tar.gz",
        cache_name="cifar-10-batches-py-target",
        inner="cifar-10-batches-py",
    )
    parts = [
        cifar.load_batch(os.path.join(folder, f"data_batch_{i}"))
        for i in range(1, 6)
    ]
    x_train = np.concatenate([images for images, _ in parts])
    y_train = np.concatenate(
        [np.asarray(labels, dtype="uint8") for _, labels in parts]
    )
    x_test, test_labels = cifar.load_batch(os.path.join(folder, "test_batch"))
    y_test = np.asarray(test_labels, dtype="uint8")
    return (
        (cifar.to_image_data_format(x_train), y_train.reshape(-1, 1)),
        (cifar.to_image_data_format(x_test), y_test.reshape(-1, 1)),
    )
