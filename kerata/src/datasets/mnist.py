"""MNIST handwritten digits."""

from __future__ import annotations

import os

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.datasets import remote


@kerata_export("kerata.datasets.mnist.load_data")
def load_data(path: str | os.PathLike = "mnist.npz") -> tuple:
    """Loads the MNIST data set of handwritten digits.

    60,000 training and 10,000 test grayscale images of the digits 0 to 9,
    28x28 pixels each, downloaded once (11 MB) from the URL Keras 3 uses
    and checked against its SHA-256 hash. MNIST is by Yann LeCun and
    Corinna Cortes, under the Creative Commons Attribution-Share Alike 3.0
    license.

    Args:
        path: File name in the cache (`~/.kerata/datasets`). A path with a
            folder (kerata extension) reads that local copy instead.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `uint8` images of shape
        `(num_samples, 28, 28)` with values in `[0, 255]`, and `uint8`
        labels of shape `(num_samples,)` in `[0, 9]`.

    Example:

    >>> import os, tempfile
    >>> import numpy as np
    >>> local = os.path.join(tempfile.mkdtemp(), "mnist.npz")
    >>> images = np.zeros((3, 28, 28), "uint8")
    >>> labels = np.array([7, 2, 1], "uint8")
    >>> np.savez(local, x_train=images, y_train=labels,
    ...          x_test=images[:1], y_test=labels[:1])
    >>> (x_train, y_train), (x_test, y_test) = (
    ...     kerata.datasets.mnist.load_data(path=local))
    >>> x_train.shape, y_train.tolist(), x_test.shape
    ((3, 28, 28), [7, 2, 1], (1, 28, 28))
    """
    path = remote.fetch(path, "mnist.npz")
    with np.load(path, allow_pickle=False) as f:
        x_train, y_train = f["x_train"], f["y_train"]
        x_test, y_test = f["x_test"], f["y_test"]
    return (x_train, y_train), (x_test, y_test)
