"""boston_housing and california_housing (same shuffle and split)."""

import io

import numpy as np
import pytest

from kerata import datasets


def _npz(n, features, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, features))
    y = rng.standard_normal(n)
    buffer = io.BytesIO()
    np.savez(buffer, x=x, y=y)
    return buffer.getvalue(), x, y


def _reference_split(x, y, test_split, seed):
    # Keras 3: shuffle with RandomState(seed), the test part comes last.
    indices = np.arange(len(x))
    np.random.RandomState(seed).shuffle(indices)
    cut = int(len(x) * (1 - test_split))
    return (x[indices][:cut], y[indices][:cut]), (
        x[indices][cut:],
        y[indices][cut:],
    )


def _assert_same(received, expected):
    for got, want in zip(received, expected):
        for a, b in zip(got, want):
            np.testing.assert_array_equal(a, b)
            assert a.dtype == b.dtype


def test_boston_housing(mirror):
    data, x, y = _npz(10, 13)
    mirror.add("boston_housing.npz", data)
    received = datasets.boston_housing.load_data(test_split=0.3, seed=1)
    _assert_same(received, _reference_split(x, y, 0.3, 1))
    assert received[0][0].shape == (7, 13)
    datasets.boston_housing.load_data()
    assert mirror.server.requests == ["boston_housing.npz"]


@pytest.mark.parametrize("version", ["large", "small"])
def test_california_housing(tmp_path, version):
    data, x, y = _npz(610, 8)
    local = tmp_path / "california_housing.npz"
    local.write_bytes(data)
    received = datasets.california_housing.load_data(version, path=local)
    if version == "small":
        x, y = x[:600], y[:600]
    _assert_same(received, _reference_split(x, y, 0.2, 113))


def test_invalid_arguments():
    with pytest.raises(ValueError, match="test_split"):
        datasets.boston_housing.load_data(test_split=1.0)
    with pytest.raises(ValueError, match="version"):
        datasets.california_housing.load_data(version="medium")
