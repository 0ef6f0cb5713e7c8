"""CIFAR-100 small colour images in 100 classes (20 superclasses)."""

from __future__ import annotations

import os

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.datasets import cifar


@kerata_export("kerata.datasets.cifar100.load_data")
def load_data(
    label_mode: str = "fine", *, path: str | os.PathLike | None = None
) -> tuple:
    """Loads the CIFAR-100 data set of small colour images.

    50,000 training and 10,000 test 32x32 RGB images, labelled with one of
    100 fine classes and one of 20 coarse superclasses, downloaded once
    (161 MB) from the URL Keras 3 uses, checked against its SHA-256 hash
    and extracted into the cache. The official files are pickles, read
    with an unpickler that can only rebuild NumPy arrays and plain values.

    Args:
        label_mode: `"fine"` (100 classes) or `"coarse"` (20 superclasses).
        path: kerata extension. A local folder holding the files `train`
            and `test` (the `cifar-100-python` folder of the official
            archive) to read instead of downloading. `None` (Keras's
            behaviour) uses the cache.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `uint8` images of shape
        `(num_samples, 32, 32, 3)` (channels first when
        `kerata.config.image_data_format()` is `"channels_first"`), and
        `int64` labels of shape `(num_samples, 1)`.

    Raises:
        ValueError: If `label_mode` is not `"fine"` or `"coarse"`.

    Example:

    >>> import os, pickle, tempfile
    >>> import numpy as np
    >>> folder = tempfile.mkdtemp()
    >>> for name in ("train", "test"):
    ...     batch = {b"data": np.zeros((2, 3072), "uint8"),
    ...              b"fine_labels": [42, 7], b"coarse_labels": [3, 1]}
    ...     with open(os.path.join(folder, name), "wb") as f:
    ...         pickle.dump(batch, f, protocol=3)
    >>> (x_train, y_train), _ = kerata.datasets.cifar100.load_data(
    ...     "coarse", path=folder)
    >>> x_train.shape, y_train.ravel().tolist()
    ((2, 32, 32, 3), [3, 1])
    """
    if label_mode not in ("fine", "coarse"):
        raise ValueError(
            '`label_mode` must be "fine" or "coarse". '
            f"Received: label_mode={label_mode!r}"
        )
    folder = cifar.batches_folder(
        path,
        archive="cifar-100-python.tar.gz",
        cache_name="cifar-100-python-target",
        inner="cifar-100-python",
    )
    key = f"{label_mode}_labels"
    x_train, y_train = cifar.load_batch(os.path.join(folder, "train"), key)
    x_test, y_test = cifar.load_batch(os.path.join(folder, "test"), key)
    return (
        (
            cifar.to_image_data_format(x_train),
            np.reshape(y_train, (len(y_train), 1)),
        ),
        (
            cifar.to_image_data_format(x_test),
            np.reshape(y_test, (len(y_test), 1)),
        ),
    )
