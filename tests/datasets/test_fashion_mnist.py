import gzip
import struct

import numpy as np
import pytest

from kerata import datasets


def _idx_labels(labels):
    # IDX1: magic 2049, count, then the bytes (big-endian header).
    return gzip.compress(
        struct.pack(">II", 2049, len(labels)) + labels.tobytes()
    )


def _idx_images(images):
    header = struct.pack(">IIII", 2051, len(images), 28, 28)
    return gzip.compress(header + images.tobytes())


def _files(seed=0):
    rng = np.random.default_rng(seed)
    arrays = {
        "train_x": rng.integers(0, 256, (4, 28, 28), dtype="uint8"),
        "train_y": rng.integers(0, 10, 4).astype("uint8"),
        "t10k_x": rng.integers(0, 256, (3, 28, 28), dtype="uint8"),
        "t10k_y": rng.integers(0, 10, 3).astype("uint8"),
    }
    files = {}
    for split in ("train", "t10k"):
        files[f"{split}-labels-idx1-ubyte.gz"] = _idx_labels(
            arrays[f"{split}_y"]
        )
        files[f"{split}-images-idx3-ubyte.gz"] = _idx_images(
            arrays[f"{split}_x"]
        )
    return files, arrays


def test_downloads_the_four_files_into_their_folder(mirror):
    files, arrays = _files()
    for name, data in files.items():
        mirror.add(name, data)
    (x_train, y_train), (x_test, y_test) = datasets.fashion_mnist.load_data()
    assert x_train.shape == (4, 28, 28)
    assert x_train.dtype == np.uint8
    assert y_test.shape == (3,)
    assert y_test.dtype == np.uint8
    np.testing.assert_array_equal(x_train, arrays["train_x"])
    np.testing.assert_array_equal(y_train, arrays["train_y"])
    np.testing.assert_array_equal(x_test, arrays["t10k_x"])
    folder = mirror.home / "datasets" / "fashion-mnist"
    assert sorted(p.name for p in folder.iterdir()) == sorted(files)
    datasets.fashion_mnist.load_data()
    assert len(mirror.server.requests) == 4


def test_local_folder(tmp_path):
    files, arrays = _files(seed=1)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (_, y_train), _ = datasets.fashion_mnist.load_data(path=tmp_path)
    np.testing.assert_array_equal(y_train, arrays["train_y"])
    (tmp_path / "t10k-images-idx3-ubyte.gz").unlink()
    with pytest.raises(FileNotFoundError, match="t10k-images"):
        datasets.fashion_mnist.load_data(path=tmp_path)
