"""Fashion-MNIST: Zalando's article images."""

from __future__ import annotations

import gzip
import os

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.datasets import remote

_FILES = (
    "train-labels-idx1-ubyte.gz",
    "train-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
)


@kerata_export("kerata.datasets.fashion_mnist.load_data")
def load_data(*, path: str | os.PathLike | None = None) -> tuple:
    """Loads the Fashion-MNIST data set of clothing images.

    60,000 training and 10,000 test grayscale images of 10 kinds of
    article, 28x28 pixels each, downloaded once from the URLs Keras 3 uses
    (four gzipped IDX files). The labels are: 0 T-shirt/top, 1 Trouser,
    2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag,
    9 Ankle boot. Fashion-MNIST is by Zalando SE, under the MIT license.

    Args:
        path: kerata extension. A local folder that holds the four files
            (`train-labels-idx1-ubyte.gz`, `train-images-idx3-ubyte.gz`,
            `t10k-labels-idx1-ubyte.gz`, `t10k-images-idx3-ubyte.gz`) to
            read instead of downloading. `None` (Keras's behaviour) uses
            the cache, `~/.kerata/datasets/fashion-mnist`.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `uint8` images of shape
        `(num_samples, 28, 28)` and `uint8` labels of shape
        `(num_samples,)`.

    Example:

    >>> import gzip, os, tempfile
    >>> import numpy as np
    >>> folder = tempfile.mkdtemp()
    >>> for split, n in (("train", 2), ("t10k", 1)):
    ...     with gzip.open(f"{folder}/{split}-labels-idx1-ubyte.gz", "wb") as f:
    ...         _ = f.write(bytes(8) + bytes(range(n)))
    ...     with gzip.open(f"{folder}/{split}-images-idx3-ubyte.gz", "wb") as f:
    ...         _ = f.write(bytes(16) + bytes(n * 28 * 28))
    >>> (x_train, y_train), (x_test, y_test) = (
    ...     kerata.datasets.fashion_mnist.load_data(path=folder))
    >>> x_train.shape, y_train.tolist(), x_test.shape
    ((2, 28, 28), [0, 1], (1, 28, 28))
    """
    if path is None:
        cache = os.path.join("datasets", "fashion-mnist")
        paths = [
            remote.fetch(name, name, cache_subdir=cache) for name in _FILES
        ]
    else:
        folder = os.fspath(path)
        paths = [os.path.join(folder, name) for name in _FILES]
        for file in paths:
            if not os.path.exists(file):
                raise FileNotFoundError(
                    f"The folder {folder!r} must hold the Fashion-MNIST "
                    f"files {list(_FILES)}. Missing: {file!r}."
                )
    y_train = _read_idx(paths[0], offset=8)
    x_train = _read_idx(paths[1], offset=16).reshape(len(y_train), 28, 28)
    y_test = _read_idx(paths[2], offset=8)
    x_test = _read_idx(paths[3], offset=16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)


def _read_idx(path: str, offset: int) -> np.ndarray:
    # IDX files: a big-endian header (`offset` bytes), then uint8 values.
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)
