"""scikit-learn's 8x8 digits, shipped inside scikit-learn (no download)."""

from __future__ import annotations

from kerata.src.api_export import kerata_export
from kerata.src.datasets import splits


@kerata_export("kerata.datasets.sklearn_digits.load_data")
def load_data(test_split: float = 0.2, seed: int = 113) -> tuple:
    """Loads scikit-learn's handwritten digits: a tiny, offline MNIST.

    1,797 grayscale 8x8 images of the digits 0 to 9 (the UCI optical
    recognition data set's test part), with pixel values in `[0, 16]`.
    The data ships inside scikit-learn, so nothing is downloaded: handy
    for examples, tests and machines without internet. Not part of
    Keras.

    Args:
        test_split: Fraction of the (shuffled) images kept for testing.
        seed: Seed of the shuffle made before the split.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `uint8` images of shape
        `(num_samples, 8, 8)` and `uint8` labels of shape
        `(num_samples,)`, as `kerata.datasets.mnist.load_data` returns.

    Raises:
        ImportError: If scikit-learn is not installed
            (`pip install scikit-learn`).
        ValueError: If `test_split` is not in `[0, 1)`.

    Example:

    >>> (x_train, y_train), (x_test, y_test) = (
    ...     kerata.datasets.sklearn_digits.load_data())
    >>> x_train.shape, x_test.shape
    ((1437, 8, 8), (360, 8, 8))
    """
    splits.check_test_split(test_split)
    try:
        from sklearn.datasets import load_digits
    except ImportError as e:
        raise ImportError(
            "kerata.datasets.sklearn_digits needs scikit-learn: "
            "pip install scikit-learn"
        ) from e
    digits = load_digits()
    x = digits.images.astype("uint8")  # (1797, 8, 8), values 0..16
    y = digits.target.astype("uint8")
    return splits.shuffle_split(x, y, test_split, seed)
