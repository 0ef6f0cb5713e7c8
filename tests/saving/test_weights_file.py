"""`.weights.h5` files: round trips, Keras 3's layout, errors, parity."""

import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if

h5py = pytest.importorskip("h5py")


def _randomize(model, seed=0):
    rng = np.random.default_rng(seed)
    model.set_weights(
        [
            rng.uniform(0.5, 1.5, w.shape).astype(w.dtype)
            for w in model.get_weights()
        ]
    )


def _functional(lib):
    inner = lib.Sequential([lib.Input((3,)), lib.layers.Dense(2)], name="inner")
    inputs = lib.Input((4,))
    x = lib.layers.Dense(3)(inputs)
    x = lib.layers.BatchNormalization()(x)
    x = lib.layers.Dropout(0.1)(x)
    return lib.Model(inputs, inner(x))


def _sequential(lib):
    return lib.Sequential(
        [
            lib.Input((4,)),
            lib.layers.Dense(3, activation="relu"),
            lib.layers.Flatten(),
            lib.layers.Dense(2),
        ]
    )


class _Block(kerata.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.head = kerata.layers.Dense(2)
        self.hidden = [kerata.layers.Dense(3), kerata.layers.Dense(3)]

    def call(self, x):
        for layer in self.hidden:
            x = layer(x)
        return self.head(x)


def _subclassed(lib=kerata):
    model = _Block()
    model(np.zeros((1, 4), "float32"))
    return model


def _keys(path):
    out = []
    with h5py.File(path, "r") as f:
        f.visit(out.append)
    return sorted(out)


_X = np.linspace(-1.0, 1.0, 8, dtype="float32").reshape(2, 4)


@pytest.mark.parametrize("build", [_sequential, _functional, _subclassed])
def test_round_trip_restores_weights_and_predictions(tmp_path, build):
    path = str(tmp_path / "m.weights.h5")
    model = build(kerata)
    _randomize(model)
    model.save_weights(path)
    copy = build(kerata)
    copy.load_weights(path)
    for got, want in zip(copy.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(got, want)
    assert_allclose(copy.predict(_X, verbose=0), model.predict(_X, verbose=0))


def test_layout_matches_keras(tmp_path):
    # Listed from a file written by Keras 3.15 for the same architecture.
    path = str(tmp_path / "m.weights.h5")
    _functional(kerata).save_weights(path)
    layers = [
        "batch_normalization",
        "dense",
        "dropout",
        "input_layer",
        "sequential",
    ]
    expected = ["layers", "vars", "layers/sequential/layers"]
    expected += ["layers/sequential/layers/dense"]
    expected += [f"layers/sequential/layers/dense/vars/{i}" for i in "01"]
    expected += ["layers/sequential/layers/dense/vars"]
    for name in layers:
        expected += [f"layers/{name}", f"layers/{name}/vars"]
    expected += [f"layers/dense/vars/{i}" for i in "01"]
    expected += [f"layers/batch_normalization/vars/{i}" for i in "0123"]
    assert _keys(path) == sorted(expected)
    with h5py.File(path, "r") as f:
        assert f["layers/sequential/vars"].attrs["name"] == "inner"


def test_subclassed_layers_are_named_by_attribute(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    _subclassed().save_weights(path)
    groups = [k for k in _keys(path) if k.endswith("/vars")]
    assert groups == [
        "head/vars",
        "hidden/dense/vars",
        "hidden/dense_1/vars",
    ]


def test_batch_norm_moving_statistics_are_saved(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    model = _functional(kerata)
    _randomize(model, seed=1)
    norm = model.layers[2]
    model.save_weights(path)
    copy = _functional(kerata)
    copy.load_weights(path)
    assert len(norm.non_trainable_weights) == 2
    for got, want in zip(
        copy.layers[2].non_trainable_weights, norm.non_trainable_weights
    ):
        assert_allclose(got, want)


@run_if(trainable=True)
def test_optimizer_state_round_trip(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    model = _sequential(kerata)
    model.compile(optimizer="adam", loss="mse")
    model.fit(_X, np.ones((2, 2), "float32"), epochs=2, verbose=0)
    model.save_weights(path)
    assert "optimizer/vars/0" in _keys(path)
    copy = _sequential(kerata)
    copy.compile(optimizer="adam", loss="mse")
    copy.optimizer.build(copy.trainable_variables)
    copy.load_weights(path)
    for got, want in zip(copy.optimizer.variables, model.optimizer.variables):
        assert_allclose(got, want)


def test_wrong_extension_is_rejected(tmp_path):
    model = _sequential(kerata)
    with pytest.raises(ValueError, match=r"\.weights\.h5"):
        model.save_weights(str(tmp_path / "m.h5"))
    with pytest.raises(ValueError, match=r"\.weights\.h5"):
        model.load_weights(str(tmp_path / "m.weights"))


def test_missing_file_and_overwrite(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    model = _sequential(kerata)
    with pytest.raises(FileNotFoundError, match="m.weights.h5"):
        model.load_weights(path)
    model.save_weights(path)
    with pytest.raises(FileExistsError, match="overwrite"):
        model.save_weights(path, overwrite=False)
    assert os.listdir(tmp_path) == ["m.weights.h5"]


def _wider(lib=kerata):
    return lib.Sequential(
        [
            lib.Input((4,)),
            lib.layers.Dense(3, activation="relu"),
            lib.layers.Flatten(),
            lib.layers.Dense(5),
        ]
    )


def test_shape_mismatch_names_layer_and_leaves_model_unchanged(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    _sequential(kerata).save_weights(path)
    model = _wider()
    before = model.get_weights()
    with pytest.raises(ValueError, match=r"dense_1.*\(3, 5\).*\(3, 2\)"):
        model.load_weights(path)
    for got, want in zip(model.get_weights(), before):
        np.testing.assert_array_equal(got, want)


def test_skip_mismatch_warns_and_loads_the_rest(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    source = _sequential(kerata)
    _randomize(source)
    source.save_weights(path)
    model = _wider()
    last = model.get_weights()[2:]
    with pytest.warns(UserWarning, match="Skipping"):
        model.load_weights(path, skip_mismatch=True)
    got = model.get_weights()
    np.testing.assert_array_equal(got[0], source.get_weights()[0])
    for g, w in zip(got[2:], last):
        np.testing.assert_array_equal(g, w)


@pytest.mark.parametrize("keep", [0, 100, 2000])
def test_corrupted_file_is_a_clear_error(tmp_path, keep):
    path = str(tmp_path / "m.weights.h5")
    model = _functional(kerata)
    model.save_weights(path)
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[:keep])
    before = model.get_weights()
    _randomize(model)
    changed = model.get_weights()
    with pytest.raises(ValueError, match="m.weights.h5"):
        model.load_weights(path)
    for got, want in zip(model.get_weights(), changed):
        np.testing.assert_array_equal(got, want)
    assert len(before) == len(changed)


# --- Keras 3 as oracle ---------------------------------------------------


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        # Keras picks its backend once, at import; use kerata's.
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


@pytest.mark.parity
@pytest.mark.parametrize("build", [_sequential, _functional])
def test_kerata_loads_keras_file(tmp_path, keras, build):
    path = str(tmp_path / "k.weights.h5")
    reference = build(keras)
    _randomize(reference, seed=2)
    reference.save_weights(path)
    model = build(kerata)
    model.load_weights(path)
    assert_allclose(
        model.predict(_X, verbose=0), reference.predict(_X, verbose=0)
    )


@pytest.mark.parity
@pytest.mark.parametrize("build", [_sequential, _functional])
def test_keras_loads_kerata_file(tmp_path, keras, build):
    path = str(tmp_path / "m.weights.h5")
    model = build(kerata)
    _randomize(model, seed=3)
    model.save_weights(path)
    reference = build(keras)
    reference.load_weights(path)
    assert_allclose(
        reference.predict(_X, verbose=0), model.predict(_X, verbose=0)
    )


def test_saving_does_not_consume_auto_names(tmp_path):
    def index(name):  # "layer" -> 0, "layer_3" -> 3
        return int(name.rpartition("_")[2]) if "_" in name else 0

    model = _sequential(kerata)
    before = kerata.layers.Layer().name
    model.save_weights(str(tmp_path / "m.weights.h5"))
    assert index(kerata.layers.Layer().name) == index(before) + 1
