"""Boston housing prices (regression)."""

from __future__ import annotations

import os

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.datasets import remote
from kerata.src.datasets import splits


@kerata_export("kerata.datasets.boston_housing.load_data")
def load_data(
    path: str | os.PathLike = "boston_housing.npz",
    test_split: float = 0.2,
    seed: int = 113,
) -> tuple:
    """Loads the Boston housing price regression data set.

    506 samples of 13 features of Boston suburbs in the late 1970s, with
    the median home value in thousands of dollars as target; downloaded
    once from the URL Keras 3 uses and checked against its SHA-256 hash.
    The data set has known ethical problems (one feature encodes a racial
    proportion); prefer `kerata.datasets.california_housing`.

    Args:
        path: File name in the cache (`~/.kerata/datasets`). A path with a
            folder (kerata extension) reads that local copy instead.
        test_split: Fraction of the (shuffled) samples kept for testing.
        seed: Seed of the shuffle made before the split.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `float64` features of shape
        `(num_samples, 13)` and targets of shape `(num_samples,)`.

    Raises:
        ValueError: If `test_split` is not in `[0, 1)`.

    Example:

    >>> import os, tempfile
    >>> import numpy as np
    >>> local = os.path.join(tempfile.mkdtemp(), "boston_housing.npz")
    >>> np.savez(local, x=np.ones((10, 13)), y=np.arange(10.0))
    >>> (x_train, y_train), (x_test, y_test) = (
    ...     kerata.datasets.boston_housing.load_data(path=local))
    >>> x_train.shape, x_test.shape, y_test.shape
    ((8, 13), (2, 13), (2,))
    """
    splits.check_test_split(test_split)
    with np.load(remote.fetch(path, "boston_housing.npz")) as f:
        x, y = f["x"], f["y"]
    return splits.shuffle_split(x, y, test_split, seed)
