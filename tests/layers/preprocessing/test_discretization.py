import os
import sys

import numpy as np
import pytest

import kerata
from kerata import layers
from tests.layers.preprocessing._roundtrip import roundtrip

X = np.array([[-1.5, 1.0, 3.4, 0.5], [0.0, 3.0, 1.3, 0.0]], "float32")


def _np(x):
    return kerata.ops.convert_to_numpy(x)


def test_discretization_bins_match_numpy_digitize():
    bounds = [0.0, 1.0, 2.0]
    out = layers.Discretization(bin_boundaries=bounds)(X)
    np.testing.assert_array_equal(_np(out), np.digitize(X, bounds))
    assert _np(out).tolist() == [[0, 2, 3, 1], [1, 3, 2, 1]]
    assert str(_np(out).dtype) == "int32"


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("one_hot", np.eye(3)[[0, 2, 1]]),
        ("multi_hot", [1.0, 1.0, 1.0]),
        ("count", [1.0, 1.0, 1.0]),
    ],
)
def test_discretization_encoded_modes(mode, expected):
    layer = layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode=mode)
    out = layer(np.array([-1.0, 5.0, 0.5], "float32"))
    np.testing.assert_allclose(_np(out), expected)


def _reference_boundaries(values, num_bins, epsilon):
    """Keras's quantile sketch for one batch, restated in NumPy."""
    values = np.sort(values.reshape(-1).astype("float32"))
    step = max(values.size / (1.0 / epsilon), 1)
    points = values[int(step - 1) :: int(step)]
    summary = np.stack([points, np.ones_like(points) * step])

    def compress(s, eps):
        if s.shape[1] * eps < 1:
            return s
        targets = eps + np.arange(0.0, 1.0, eps)
        cum = s[1].cumsum()
        frac = cum / cum[-1]
        points = np.interp(targets, frac, s[0])
        cum = np.interp(targets, frac, cum)
        return np.stack([points, np.diff(cum, prepend=0.0)])

    summary = compress(summary, epsilon)
    return compress(summary, 1.0 / num_bins)[0, :-1]


def test_discretization_adapt():
    layer = layers.Discretization(num_bins=4, epsilon=0.01)
    layer.adapt(X)
    # Keras 3.15 gives these boundaries for this data (its docstring's
    # output predates the current algorithm).
    np.testing.assert_allclose(layer.bin_boundaries, [0.0, 0.5, 1.3])
    x = np.random.default_rng(0).normal(size=1000).astype("float32")
    layer = layers.Discretization(num_bins=5, epsilon=0.01)
    layer.adapt(x)
    np.testing.assert_allclose(
        layer.bin_boundaries, _reference_boundaries(x, 5, 0.01), rtol=1e-5
    )
    counts = np.bincount(_np(layer(x)), minlength=5)
    assert counts.min() > 150


def test_discretization_adapt_batches():
    layer = layers.Discretization(num_bins=2)
    layer.adapt(iter([np.arange(50.0), np.arange(50.0, 100.0)]))
    assert len(layer.bin_boundaries) == 1
    assert 45 <= layer.bin_boundaries[0] <= 55


def test_discretization_errors():
    with pytest.raises(ValueError, match="output_mode='bad'"):
        layers.Discretization(bin_boundaries=[0.0], output_mode="bad")
    with pytest.raises(ValueError, match="neither"):
        layers.Discretization()
    with pytest.raises(ValueError, match="not both"):
        layers.Discretization(bin_boundaries=[0.0], num_bins=2)
    with pytest.raises(ValueError, match="cannot be adapted"):
        layers.Discretization(bin_boundaries=[0.0]).adapt(X)
    with pytest.raises(ValueError, match="empty"):
        layers.Discretization(num_bins=2).adapt(np.zeros((0,)))
    with pytest.raises(ValueError, match="empty iterable"):
        layers.Discretization(num_bins=2).adapt(iter([]))
    with pytest.raises(TypeError, match="numeric"):
        layers.Discretization(num_bins=2).adapt(np.array(["a"]))
    with pytest.raises(ValueError, match="adapt"):
        layers.Discretization(num_bins=2)(X)


def test_discretization_roundtrip(tmp_path):
    layer = layers.Discretization(num_bins=3)
    layer.adapt(np.arange(30.0))
    new, store, assets = roundtrip(layer, tmp_path)
    assert store == {}
    assert assets == []
    assert new.bin_boundaries == layer.bin_boundaries
    assert set(layer.get_config()) == {
        "bin_boundaries",
        "num_bins",
        "epsilon",
        "output_mode",
        "sparse",
        "name",
        "dtype",
    }
    restored = kerata.saving.deserialize_keras_object(
        kerata.saving.serialize_keras_object(layer)
    )
    np.testing.assert_array_equal(_np(restored(X)), _np(layer(X)))


def test_discretization_in_model():
    inputs = kerata.Input(shape=(4,))
    outputs = layers.Discretization(
        bin_boundaries=[0.0, 1.0, 2.0], output_mode="count"
    )(inputs)
    assert tuple(outputs.shape) == (None, 4)
    model = kerata.Model(inputs, outputs)
    out = model.predict(X, verbose=0)
    np.testing.assert_allclose(out, [[1, 1, 1, 1], [0, 2, 1, 1]])


@pytest.mark.parity
@pytest.mark.slow
def test_discretization_adapt_matches_keras_sketch():
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = kerata.src.backend.backend()
    keras_discretization = pytest.importorskip(
        "keras.src.layers.preprocessing.discretization"
    )
    rng = np.random.default_rng(4)
    batches = [
        rng.gamma(2.0, size=(n, 3)).astype("float32") for n in (40, 7, 90)
    ]
    summary = np.zeros((2, 0), "float32")
    for batch in batches:
        summary = keras_discretization.merge_summaries(
            keras_discretization.summarize(batch, 0.05), summary, 0.05
        )
    expected = keras_discretization.get_bin_boundaries(summary, 6)
    layer = layers.Discretization(num_bins=6, epsilon=0.05)
    layer.adapt(iter(batches))
    np.testing.assert_allclose(layer.bin_boundaries, expected, rtol=1e-6)
