"""The seeded shuffle and train/test split of the tabular data sets."""

from __future__ import annotations

import numpy as np


def check_test_split(test_split: float) -> None:
    if not 0 <= test_split < 1:
        raise ValueError(
            "`test_split` must be a fraction in [0, 1). "
            f"Received: test_split={test_split!r}"
        )


def shuffle_split(
    x: np.ndarray, y: np.ndarray, test_split: float, seed: int | None
) -> tuple:
    """Shuffles `x` and `y` alike, then keeps the last part for testing.

    The shuffle and the split point match Keras 3's housing data sets.
    """
    order = np.random.RandomState(seed).permutation(len(x))
    x, y = x[order], y[order]
    split = int(len(x) * (1 - test_split))
    return (x[:split], y[:split]), (x[split:], y[split:])
