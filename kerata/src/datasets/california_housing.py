"""California housing prices (regression)."""

from __future__ import annotations

import os

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.datasets import remote
from kerata.src.datasets import splits


@kerata_export("kerata.datasets.california_housing.load_data")
def load_data(
    version: str = "large",
    path: str | os.PathLike = "california_housing.npz",
    test_split: float = 0.2,
    seed: int = 113,
) -> tuple:
    """Loads the California housing price regression data set.

    20,640 block groups of the 1990 U.S. census, each with 8 features
    (median income, house age, average rooms, average bedrooms,
    population, average occupancy, latitude, longitude) and the median
    house value in dollars as target; downloaded once from the URL Keras 3
    uses and checked against its SHA-256 hash.

    Args:
        version: `"large"` (all 20,640 samples) or `"small"` (the first
            600, a small stand-in for `boston_housing`).
        path: File name in the cache (`~/.kerata/datasets`). A path with a
            folder (kerata extension) reads that local copy instead.
        test_split: Fraction of the (shuffled) samples kept for testing.
        seed: Seed of the shuffle made before the split.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: features of shape
        `(num_samples, 8)` and targets of shape `(num_samples,)`.

    Raises:
        ValueError: If `version` is unknown or `test_split` is not in
            `[0, 1)`.

    Example:

    >>> import os, tempfile
    >>> import numpy as np
    >>> local = os.path.join(tempfile.mkdtemp(), "california_housing.npz")
    >>> np.savez(local, x=np.ones((20, 8), "float32"),
    ...          y=np.arange(20, dtype="float32"))
    >>> (x_train, y_train), (x_test, y_test) = (
    ...     kerata.datasets.california_housing.load_data(path=local))
    >>> x_train.shape, x_test.shape, str(y_train.dtype)
    ((16, 8), (4, 8), 'float32')
    """
    if version not in ("large", "small"):
        raise ValueError(
            '`version` must be "large" or "small". '
            f"Received: version={version!r}"
        )
    splits.check_test_split(test_split)
    with np.load(remote.fetch(path, "california_housing.npz")) as f:
        x, y = f["x"], f["y"]
    if version == "small":
        x, y = x[:600], y[:600]
    return splits.shuffle_split(x, y, test_split, seed)
