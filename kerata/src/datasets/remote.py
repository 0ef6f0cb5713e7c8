"""Where the data set files come from, and how they are fetched.

The files are those Keras 3 downloads, from the same URLs, checked against
the same hashes. Setting the environment variable `KERATA_DATASETS_BASE_URL`
to a folder URL (e.g. a local mirror, `http://127.0.0.1:8000/` or
`file:///data/mirror/`) makes every data set download its files from that
folder instead, under the same file names; the hashes are still checked.

The `path` argument of `load_data` keeps Keras's meaning (a file name in
the cache). As a kerata extension, a `path` that contains a folder (e.g.
`./mnist.npz` or `/data/mnist.npz`) names a local copy that is read as is,
without a download or a hash check.
"""

from __future__ import annotations

import os
from typing import Any

from kerata.src.utils.file_utils import get_file

BASE_URL_ENV = "KERATA_DATASETS_BASE_URL"
KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
CIFAR_ORIGIN = "https://www.cs.toronto.edu/~kriz/"

# File name at the origin -> expected hash (SHA-256 or MD5), as in Keras 3.
FILE_HASHES: dict[str, str | None] = {
    "mnist.npz": (
        "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
    ),
    "imdb.npz": (
        "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
    ),
    "imdb_word_index.json": "bfafd718b763782e994055a2d397834f",
    "reuters.npz": (
        "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"
    ),
    "reuters_word_index.json": "4d44cc38712099c9e383dc6e5f11a921",
    "boston_housing.npz": (
        "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"
    ),
    "california_housing.npz": (
        "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f"
    ),
    "cifar-10-python.tar.gz": (
        "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"
    ),
    "cifar-100-python.tar.gz": (
        "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7"
    ),
    # Keras 3 checks no hash for Fashion-MNIST's files.
    "train-labels-idx1-ubyte.gz": None,
    "train-images-idx3-ubyte.gz": None,
    "t10k-labels-idx1-ubyte.gz": None,
    "t10k-images-idx3-ubyte.gz": None,
}


def origin_url(remote_name: str, folder: str = KERAS_ORIGIN) -> str:
    """The URL of `remote_name`: in `folder`, or in the mirror if set."""
    base = os.environ.get(BASE_URL_ENV) or folder
    return base.rstrip("/") + "/" + remote_name


def is_local_path(path: Any) -> bool:
    """Whether `path` names a local file (it has a folder part)."""
    return bool(os.path.dirname(os.fspath(path)))


def fetch(
    path: Any, remote_name: str, folder: str = KERAS_ORIGIN, **kwargs: Any
) -> str:
    """Returns a local path to the data set file `remote_name`.

    `path` is the name in the cache, or a local copy (see the module
    docstring), which must exist. Other keyword arguments go to `get_file`.
    """
    if path is not None and is_local_path(path):
        path = os.path.expanduser(os.fspath(path))
        if not os.path.exists(path):
            raise FileNotFoundError(
                f"No local copy of {remote_name} at {path!r}. Pass an "
                f"existing path, or a bare file name such as {remote_name!r} "
                "to download it into the cache."
            )
        return path
    return get_file(
        fname=path,
        origin=origin_url(remote_name, folder),
        file_hash=FILE_HASHES[remote_name],
        **kwargs,
    )
