"""`kerata.saving.inspect` and `KerasFileEditor`: reading saved files
without building the model, editing weights, and refusing bad files."""

import json
import os
import sys
import zipfile

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.saving import legacy_h5

h5py = pytest.importorskip("h5py")


def _model():
    model = kerata.Sequential(
        [
            kerata.Input((3,)),
            kerata.layers.Dense(4, name="hidden"),
            kerata.layers.BatchNormalization(),
            kerata.layers.Dense(2, name="out"),
        ],
        name="tiny",
    )
    rng = np.random.default_rng(0)
    model.set_weights(
        [rng.uniform(0.5, 1.5, w.shape).astype(w.dtype) for w in model.weights]
    )
    return model


_LAYOUT = [
    ("layers/batch_normalization/0", (4,)),
    ("layers/batch_normalization/1", (4,)),
    ("layers/batch_normalization/2", (4,)),
    ("layers/batch_normalization/3", (4,)),
    ("layers/dense/0", (3, 4)),
    ("layers/dense/1", (4,)),
    ("layers/dense_1/0", (4, 2)),
    ("layers/dense_1/1", (2,)),
]


def _weights_file(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    _model().save_weights(path)
    return path


def test_inspect_weights_file(tmp_path, capsys):
    info = kerata.saving.inspect(_weights_file(tmp_path))
    assert capsys.readouterr().out == ""
    assert info["format"] == "weights_h5"
    assert info["config"] is None
    assert info["layers"] == []
    assert sorted((w["path"], w["shape"]) for w in info["weights"]) == _LAYOUT
    assert {w["dtype"] for w in info["weights"]} == {"float32"}


def test_inspect_keras_archive(tmp_path, capsys):
    path = str(tmp_path / "m.keras")
    _model().save(path)
    info = kerata.saving.inspect(path)
    assert capsys.readouterr().out == ""
    assert info["format"] == "keras"
    assert info["class_name"] == "Sequential"
    assert info["name"] == "tiny"
    assert {"keras_version", "date_saved"} <= set(info["metadata"])
    names = [(layer["name"], layer["class_name"]) for layer in info["layers"]]
    assert ("hidden", "Dense") in names
    assert ("out", "Dense") in names
    assert sorted((w["path"], w["shape"]) for w in info["weights"]) == _LAYOUT


def test_inspect_legacy_h5(tmp_path):
    path = str(tmp_path / "m.h5")
    legacy_h5.save_model_to_hdf5(_model(), path)
    info = kerata.saving.inspect(path)
    assert info["format"] == "legacy_h5"
    assert info["metadata"]["backend"] == backend.backend()
    assert info["class_name"] == "Sequential"
    assert [layer["name"] for layer in info["layers"]][-1] == "out"
    paths = {w["path"]: w["shape"] for w in info["weights"]}
    assert paths["model_weights/out/out/kernel"] == (4, 2)


def test_editor_summary_prints_a_table(tmp_path, capsys):
    editor = kerata.saving.KerasFileEditor(_weights_file(tmp_path))
    assert capsys.readouterr().out == ""
    editor.summary()
    out = capsys.readouterr().out
    assert "layers/dense_1/0" in out
    assert "(4, 2)" in out
    assert "8 weights, 42 values" in out


def test_editor_edits_and_saves(tmp_path):
    editor = kerata.saving.KerasFileEditor(_weights_file(tmp_path))
    model = _model()
    assert editor.compare(model)["status"] == "success"
    kernel = np.full((4, 2), 0.25, "float32")
    editor.delete_object("layers/dense_1")
    editor.add_object("layers/dense_1", {"0": kernel, "1": np.ones(2)})
    editor.add_weights("dense_1", {"1": np.full(2, -1.0, "float32")})
    path = str(tmp_path / "edited.weights.h5")
    editor.save(path)
    model.load_weights(path)
    np.testing.assert_array_equal(model.layers[-1].get_weights()[0], kernel)
    np.testing.assert_array_equal(model.layers[-1].get_weights()[1], [-1, -1])


def test_editor_compare_counts_mismatches(tmp_path, capsys):
    editor = kerata.saving.KerasFileEditor(_weights_file(tmp_path))
    editor.rename_object("batch_normalization", "norm")
    editor.delete_weight("layers/dense", "1")
    result = editor.compare(_model())
    # norm is extra, batch_normalization missing, dense's bias missing.
    assert result == {"status": "error", "error_count": 3, "match_count": 3}
    assert "'layers/dense/1' is in the model" in capsys.readouterr().out


def test_editor_errors(tmp_path):
    editor = kerata.saving.KerasFileEditor(_weights_file(tmp_path))
    with pytest.raises(ValueError, match="No object named 'nope'"):
        editor.delete_object("nope")
    with pytest.raises(ValueError, match="not found"):
        editor.rename_object("layers/nope", "x")
    with pytest.raises(ValueError, match="without '/'"):
        editor.rename_object("dense", "a/b")
    with pytest.raises(ValueError, match="must be a dict"):
        editor.add_weights("dense", [np.ones(2)])
    with pytest.raises(ValueError, match="Weight '7' not found"):
        editor.delete_weight("dense", "7")
    with pytest.raises(ValueError, match="weights.h5"):
        editor.save(str(tmp_path / "x.h5"))


def test_editor_legacy_file_is_read_only(tmp_path):
    path = str(tmp_path / "m.h5")
    legacy_h5.save_model_to_hdf5(_model(), path)
    editor = kerata.saving.KerasFileEditor(path)
    assert editor.metadata["backend"] == backend.backend()
    with pytest.raises(ValueError, match="legacy"):
        editor.save(str(tmp_path / "x.weights.h5"))


# --- bad files ----------------------------------------------------------------


def test_missing_file_and_wrong_extension(tmp_path):
    with pytest.raises(FileNotFoundError, match="gone.keras"):
        kerata.saving.inspect(str(tmp_path / "gone.keras"))
    path = tmp_path / "m.txt"
    path.write_text("hello")
    with pytest.raises(ValueError, match=r"Expected a `\.keras`"):
        kerata.saving.inspect(str(path))


def test_not_a_zip_is_a_clear_error(tmp_path):
    path = tmp_path / "junk.keras"
    path.write_bytes(b"certainly not a zip archive" * 20)
    with pytest.raises(ValueError, match="junk.keras.*zip"):
        kerata.saving.inspect(str(path))


def test_truncated_archive_is_a_clear_error(tmp_path):
    path = tmp_path / "m.keras"
    _model().save(str(path))
    data = path.read_bytes()
    cut = tmp_path / "cut.keras"
    cut.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(ValueError, match="cut.keras"):
        kerata.saving.inspect(str(cut))


def _archive(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_escaping_member_is_refused(tmp_path):
    path = str(tmp_path / "evil.keras")
    _archive(path, {"config.json": "{}", "../outside.txt": "x"})
    with pytest.raises(ValueError, match="outside the archive"):
        kerata.saving.inspect(path)
    assert not (tmp_path.parent / "outside.txt").exists()


def test_archive_without_config_or_with_bad_json(tmp_path):
    path = str(tmp_path / "empty.keras")
    _archive(path, {"metadata.json": "{}"})
    with pytest.raises(ValueError, match="no 'config.json'"):
        kerata.saving.inspect(path)
    path = str(tmp_path / "bad.keras")
    _archive(path, {"config.json": "{not json"})
    with pytest.raises(ValueError, match="'config.json'.*not valid JSON"):
        kerata.saving.inspect(path)


def test_truncated_weights_file_is_a_clear_error(tmp_path):
    path = tmp_path / "m.weights.h5"
    _model().save_weights(str(path))
    data = path.read_bytes()
    cut = tmp_path / "cut.weights.h5"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="cut.weights.h5"):
        kerata.saving.KerasFileEditor(str(cut))


def test_links_are_refused(tmp_path):
    path = str(tmp_path / "link.weights.h5")
    with h5py.File(path, "w") as f:
        f.create_dataset("layers/dense/vars/0", data=np.ones(2))
        f["layers/other"] = h5py.SoftLink("/layers/dense")
    with pytest.raises(ValueError, match="SoftLink"):
        kerata.saving.inspect(path)


# --- Keras 3 as oracle --------------------------------------------------------


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        # Keras picks its backend once, at import; use kerata's.
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


@pytest.mark.parity
def test_reads_keras_archive_like_keras(tmp_path, keras, capsys):
    model = keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(4), keras.layers.Dense(2)]
    )
    path = str(tmp_path / "keras.keras")
    model.save(path)
    ours = kerata.saving.KerasFileEditor(path)
    theirs = keras.saving.KerasFileEditor(path)
    capsys.readouterr()
    assert ours.metadata["keras_version"] == keras.__version__
    flat = dict(_flatten(ours.weights_dict))
    expected = dict(_flatten(theirs.weights_dict))
    assert sorted(flat) == sorted(expected)
    for key, value in expected.items():
        np.testing.assert_array_equal(flat[key], value)
    config = json.loads(zipfile.ZipFile(path).read("config.json"))
    assert ours.config == config
    info = kerata.saving.inspect(path)
    assert [layer["class_name"] for layer in info["layers"]] == [
        "InputLayer",
        "Dense",
        "Dense",
    ]


@pytest.mark.parity
def test_keras_loads_edited_file(tmp_path, keras):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    path = str(tmp_path / "k.weights.h5")
    model.save_weights(path)
    editor = kerata.saving.KerasFileEditor(path)
    kernel = np.arange(6, dtype="float32").reshape(3, 2)
    editor.add_weights("dense", {"0": kernel})
    edited = str(tmp_path / "edited.weights.h5")
    editor.save(edited)
    model.load_weights(edited)
    np.testing.assert_array_equal(model.get_weights()[0], kernel)


def _flatten(tree, prefix=""):
    for key, value in tree.items():
        path = f"{prefix}/{key}" if prefix else key
        if isinstance(value, dict):
            yield from _flatten(value, path)
        else:
            yield path, np.asarray(value)
