import io
import os
import sys

import numpy as np
import pytest

from kerata import datasets
from tests.datasets.local_server import unused_port_url


def _mnist_npz(seed=0):
    rng = np.random.default_rng(seed)
    arrays = {
        "x_train": rng.integers(0, 256, (5, 28, 28), dtype="uint8"),
        "y_train": rng.integers(0, 10, 5).astype("uint8"),
        "x_test": rng.integers(0, 256, (2, 28, 28), dtype="uint8"),
        "y_test": rng.integers(0, 10, 2).astype("uint8"),
    }
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue(), arrays


def test_downloads_checks_and_caches(mirror):
    data, arrays = _mnist_npz()
    mirror.add("mnist.npz", data)
    (x_train, y_train), (x_test, y_test) = datasets.mnist.load_data()
    assert x_train.shape == (5, 28, 28)
    assert x_train.dtype == np.uint8
    assert y_train.shape == (5,)
    assert y_train.dtype == np.uint8
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    np.testing.assert_array_equal(y_test, arrays["y_test"])
    assert x_test.shape == (2, 28, 28)
    assert (mirror.home / "datasets" / "mnist.npz").is_file()
    datasets.mnist.load_data()
    assert mirror.server.requests == ["mnist.npz"]


def test_custom_cache_name(mirror):
    data, _ = _mnist_npz()
    mirror.add("mnist.npz", data)
    datasets.mnist.load_data(path="my_mnist.npz")
    assert (mirror.home / "datasets" / "my_mnist.npz").is_file()


def test_real_hash_refuses_another_file(mirror):
    # The file the mirror serves is not the real MNIST: its hash differs
    # from Keras's, so it is refused (after one retry) and not kept.
    data, _ = _mnist_npz()
    mirror.server.files["mnist.npz"] = data
    with pytest.raises(ValueError, match="731c5ac602752760c8e48fbf"):
        datasets.mnist.load_data()
    assert len(mirror.server.requests) == 2
    assert os.listdir(mirror.home / "datasets") == []


def test_missing_file_and_refused_connection(mirror, monkeypatch):
    with pytest.raises(OSError, match="404"):
        datasets.mnist.load_data()
    monkeypatch.setenv("KERATA_DATASETS_BASE_URL", unused_port_url())
    with pytest.raises(OSError, match="mnist.npz"):
        datasets.mnist.load_data()
    assert os.listdir(mirror.home / "datasets") == []


def test_local_copy_is_read_without_download(tmp_path):
    data, arrays = _mnist_npz()
    local = tmp_path / "mnist.npz"
    local.write_bytes(data)
    (x_train, _), _ = datasets.mnist.load_data(path=str(local))
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    with pytest.raises(FileNotFoundError, match="mnist.npz"):
        datasets.mnist.load_data(path=str(tmp_path / "absent" / "mnist.npz"))


def test_does_not_import_tensorflow():
    assert "tensorflow" not in sys.modules
