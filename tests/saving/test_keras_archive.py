"""`.keras` archives: round trips, compile state, safety, bad files."""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import zipfile

import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if

pytest.importorskip("h5py")

_X = np.linspace(-1.0, 1.0, 24, dtype="float32").reshape(6, 4)
_Y = np.linspace(0.0, 1.0, 12, dtype="float32").reshape(6, 2)


def _randomize(model, seed=0):
    rng = np.random.default_rng(seed)
    model.set_weights(
        [
            rng.uniform(0.5, 1.5, w.shape).astype(w.dtype)
            for w in model.get_weights()
        ]
    )


def _sequential():
    return kerata.Sequential(
        [
            kerata.Input((4,)),
            kerata.layers.Dense(3, activation="relu", name="hidden"),
            kerata.layers.BatchNormalization(),
            kerata.layers.Dense(2),
        ]
    )


def _functional():
    inputs = kerata.Input((4,), name="x")
    inner = kerata.Sequential(
        [kerata.Input((3,)), kerata.layers.Dense(2)], name="inner"
    )
    hidden = kerata.layers.Dense(3, name="hidden")(inputs)
    return kerata.Model(inputs, inner(hidden), name="outer")


@kerata.saving.register_keras_serializable(package="tests")
class _Residual(kerata.Model):
    def __init__(self, units=2, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.inner = kerata.layers.Dense(4)
        self.head = kerata.layers.Dense(units)

    def call(self, x):
        return self.head(self.inner(x) + x)

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def _subclassed():
    model = _Residual(units=2, name="residual")
    model(_X[:1])
    return model


BUILDERS = [_sequential, _functional, _subclassed]


@pytest.mark.parametrize("build", BUILDERS)
def test_round_trip_restores_architecture_and_predictions(tmp_path, build):
    path = str(tmp_path / "m.keras")
    model = build()
    _randomize(model)
    model.save(path)
    restored = kerata.saving.load_model(path)
    assert type(restored) is type(model)
    assert restored.name == model.name
    # A subclassed model makes its sublayers (and their names) anew.
    attr = "name" if build is not _subclassed else "__class__"
    assert [getattr(layer, attr) for layer in restored.layers] == [
        getattr(layer, attr) for layer in model.layers
    ]
    for got, want in zip(restored.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(got, want)
    assert_allclose(
        restored.predict(_X, verbose=0), model.predict(_X, verbose=0)
    )


def test_archive_layout_is_keras_3(tmp_path):
    path = str(tmp_path / "m.keras")
    model = _sequential()
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == [
            "metadata.json",
            "config.json",
            "model.weights.h5",
        ]
        config = json.loads(archive.read("config.json"))
        metadata = json.loads(archive.read("metadata.json"))
    assert config["class_name"] == "Sequential"
    assert config["module"] == "keras"
    assert config["compile_config"]["loss"] == "mse"
    assert config["compile_config"]["metrics"] == ["mae"]
    assert config["compile_config"]["optimizer"]["class_name"] == "Adam"
    assert metadata["keras_version"].startswith("3.")
    assert "date_saved" in metadata


@run_if(trainable=True)
def test_training_resumes_where_it_stopped(tmp_path):
    path = str(tmp_path / "m.keras")
    kerata.utils.set_random_seed(1)
    model = _sequential()
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    model.fit(_X, _Y, epochs=2, batch_size=3, shuffle=False, verbose=0)
    model.save(path)
    restored = kerata.models.load_model(path)
    assert restored.compiled
    assert int(restored.optimizer.iterations.numpy()) == 4
    for got, want in zip(
        restored.optimizer.variables, model.optimizer.variables
    ):
        assert_allclose(got, want)
    kwargs = dict(epochs=2, batch_size=3, shuffle=False, verbose=0)
    want = model.fit(_X, _Y, **kwargs).history
    got = restored.fit(_X, _Y, **kwargs).history
    assert sorted(got) == sorted(want) == ["loss", "mae"]
    assert_allclose(got["loss"], want["loss"], rtol=1e-5)
    for a, b in zip(restored.get_weights(), model.get_weights()):
        assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@run_if(trainable=True)
def test_include_optimizer_false_leaves_optimizer_state_out(tmp_path):
    path = str(tmp_path / "m.keras")
    model = _sequential()
    model.compile(optimizer="adam", loss="mse")
    model.fit(_X, _Y, epochs=1, verbose=0)
    model.save(path, include_optimizer=False)
    restored = kerata.models.load_model(path)
    assert restored.compiled
    assert int(restored.optimizer.iterations.numpy()) == 0
    assert_allclose(
        restored.predict(_X, verbose=0), model.predict(_X, verbose=0)
    )


def test_compile_false_loads_uncompiled(tmp_path):
    path = str(tmp_path / "m.keras")
    model = _sequential()
    model.compile(optimizer="sgd", loss="mse")
    model.save(path)
    assert not kerata.models.load_model(path, compile=False).compiled


def test_unzipped_folder_round_trip(tmp_path):
    path = str(tmp_path / "folder_model")
    model = _functional()
    _randomize(model, seed=4)
    model.save(path, zipped=False)
    assert sorted(os.listdir(path)) == [
        "config.json",
        "metadata.json",
        "model.weights.h5",
    ]
    restored = kerata.models.load_model(path)
    assert_allclose(
        restored.predict(_X, verbose=0), model.predict(_X, verbose=0)
    )


def test_load_weights_from_keras_archive(tmp_path):
    path = str(tmp_path / "m.keras")
    model = _sequential()
    _randomize(model, seed=5)
    model.save(path)
    copy = _sequential()
    copy.load_weights(path)
    for got, want in zip(copy.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(got, want)


def test_overwrite_false_refuses_existing_file(tmp_path):
    path = str(tmp_path / "m.keras")
    _sequential().save(path)
    with pytest.raises(FileExistsError, match="m.keras"):
        _sequential().save(path, overwrite=False)


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("m.txt", "expected `.keras`"),
        ("m.weights.h5", "save_weights"),
    ],
)
def test_save_rejects_wrong_extension(tmp_path, name, match):
    with pytest.raises(ValueError, match=match):
        _sequential().save(str(tmp_path / name))


def test_save_rejects_unknown_option(tmp_path):
    with pytest.raises(TypeError, match="save_format"):
        _sequential().save(str(tmp_path / "m.keras"), save_format="tf")


# --- safetensors ---------------------------------------------------------


@pytest.mark.parametrize("build", BUILDERS)
def test_safetensors_round_trip(tmp_path, build):
    path = str(tmp_path / "m.safetensors")
    model = build()
    _randomize(model, seed=6)
    model.save_weights(path)
    copy = build()
    copy.load_weights(path)
    for got, want in zip(copy.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(got, want)


def test_safetensors_file_reads_with_the_safetensors_library(tmp_path):
    st = pytest.importorskip("safetensors.numpy")
    path = str(tmp_path / "m.safetensors")
    model = _sequential()
    _randomize(model, seed=7)
    model.save_weights(path)
    tensors = st.load_file(path)
    assert sorted(tensors) == sorted(
        [f"layers/dense/vars/{i}" for i in "01"]
        + [f"layers/dense_1/vars/{i}" for i in "01"]
        + [f"layers/batch_normalization/vars/{i}" for i in "0123"]
    )
    np.testing.assert_array_equal(
        tensors["layers/dense/vars/0"], model.layers[0].kernel.numpy()
    )
    # And kerata reads what the library writes.
    other = str(tmp_path / "lib.safetensors")
    st.save_file({k: v * 2 for k, v in tensors.items()}, other)
    copy = _sequential()
    copy.load_weights(other)
    assert_allclose(copy.layers[0].kernel, model.layers[0].kernel * 2)


def test_truncated_safetensors_file_is_refused(tmp_path):
    path = str(tmp_path / "m.safetensors")
    model = _sequential()
    model.save_weights(path)
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[:-5])
    before = [w.copy() for w in model.get_weights()]
    with pytest.raises(ValueError, match="truncated"):
        model.load_weights(path)
    for got, want in zip(model.get_weights(), before):
        np.testing.assert_array_equal(got, want)


# --- safety --------------------------------------------------------------


def _lambda_model():
    inputs = kerata.Input((4,))
    outputs = kerata.layers.Lambda(lambda t: t * 2.0)(inputs)
    return kerata.Model(inputs, outputs)


def test_lambda_bytecode_is_refused_in_safe_mode(tmp_path):
    path = str(tmp_path / "m.keras")
    _lambda_model().save(path)
    with pytest.raises(ValueError, match="safe_mode=False"):
        kerata.saving.load_model(path)
    restored = kerata.saving.load_model(path, safe_mode=False)
    assert_allclose(restored.predict(_X, verbose=0), _X * 2.0)


def test_enable_unsafe_deserialization_allows_bytecode(tmp_path):
    path = str(tmp_path / "m.keras")
    _lambda_model().save(path)
    kerata.config.enable_unsafe_deserialization()
    try:
        restored = kerata.saving.load_model(path)
    finally:
        kerata.config.disable_unsafe_deserialization()
    assert_allclose(restored.predict(_X, verbose=0), _X * 2.0)
    with pytest.raises(ValueError, match="safe_mode"):
        kerata.saving.load_model(path)


def _rewrite_config(path, edit):
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    config = json.loads(members["config.json"])
    edit(config)
    members["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_config_naming_outside_module_is_refused(tmp_path):
    path = str(tmp_path / "m.keras")
    _sequential().save(path)

    def point_at_os(config):
        layer = config["config"]["layers"][1]
        layer["module"] = "os"
        layer["class_name"] = "system"
        layer["registered_name"] = None

    _rewrite_config(path, point_at_os)
    with pytest.raises(TypeError, match="'system'"):
        kerata.saving.load_model(path)


@pytest.mark.parametrize(
    "member",
    [
        "assets/../../evil.txt",
        "assets/../evil.txt",
        "assets/x/../../evil.txt",
        "/evil.txt",
        "assets\\..\\evil.txt",
    ],
)
def test_member_escaping_the_folder_is_refused(tmp_path, member):
    path = str(tmp_path / "m.keras")
    _sequential().save(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(member, b"x")
    before = set(os.listdir(tempfile.gettempdir()))
    with pytest.raises(ValueError, match="outside"):
        kerata.saving.load_model(path)
    assert "evil.txt" not in set(os.listdir(tempfile.gettempdir())) - before
    assert not (tmp_path / "evil.txt").exists()


def test_no_pickle_in_saving_code():
    folder = os.path.dirname(kerata.src.saving.saving_lib.__file__)
    for name in os.listdir(folder):
        if name.endswith(".py"):
            with open(os.path.join(folder, name)) as f:
                text = f.read()
            assert "import pickle" not in text, name
            assert "allow_pickle=True" not in text, name


# --- bad files -----------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.keras"):
        kerata.saving.load_model(str(tmp_path / "nothing.keras"))


def test_not_a_zip_file(tmp_path):
    path = tmp_path / "m.keras"
    path.write_bytes(b"this is not a model")
    with pytest.raises(ValueError, match="not a `.keras` zip archive"):
        kerata.saving.load_model(str(path))


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_truncated_archive(tmp_path, cut):
    path = tmp_path / "m.keras"
    _sequential().save(str(path))
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(ValueError, match="m.keras"):
        kerata.saving.load_model(str(path))


def test_corrupted_weights_member(tmp_path):
    path = str(tmp_path / "m.keras")
    _sequential().save(path)
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["model.weights.h5"] = b"\x89HDF" + b"\x00" * 64
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(ValueError, match="weights"):
        kerata.saving.load_model(path)


def test_missing_config_member(tmp_path):
    path = str(tmp_path / "m.keras")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("metadata.json", "{}")
    with pytest.raises(ValueError, match="config.json"):
        kerata.saving.load_model(path)


def test_bad_json_config(tmp_path):
    path = str(tmp_path / "m.keras")
    _sequential().save(path)
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["config.json"] = b"{not json"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(ValueError, match="config.json"):
        kerata.saving.load_model(path)


def test_weights_that_do_not_fit_the_config_are_refused(tmp_path):
    path = str(tmp_path / "m.keras")
    _sequential().save(path)

    def widen(config):
        config["config"]["layers"][1]["config"]["units"] = 5

    _rewrite_config(path, widen)
    with pytest.raises(ValueError, match="shape"):
        kerata.saving.load_model(path)


def test_failed_load_leaves_model_unchanged(tmp_path):
    # The second Dense differs in shape: nothing may be assigned, not
    # even the first layer's matching weights.
    path = str(tmp_path / "m.weights.h5")
    source = _sequential()
    _randomize(source, seed=8)
    source.save_weights(path)
    target = kerata.Sequential(
        [
            kerata.Input((4,)),
            kerata.layers.Dense(3, activation="relu"),
            kerata.layers.BatchNormalization(),
            kerata.layers.Dense(5),
        ]
    )
    before = [w.copy() for w in target.get_weights()]
    with pytest.raises(ValueError, match="skip_mismatch"):
        target.load_weights(path)
    for got, want in zip(target.get_weights(), before):
        np.testing.assert_array_equal(got, want)


def test_killed_writer_mid_file_keeps_previous_file(tmp_path):
    # The kill lands while the archive itself is being written.
    path = tmp_path / "m.keras"
    _sequential().save(str(path))
    script = textwrap.dedent(
        """
        import os, sys, zipfile
        import kerata
        real = zipfile.ZipFile.writestr

        def stop(self, name, data, *args, **kwargs):
            real(self, name, data, *args, **kwargs)
            if name == "config.json":
                os._exit(9)

        zipfile.ZipFile.writestr = stop
        model = kerata.Sequential([kerata.Input((4,)),
                                   kerata.layers.Dense(7)])
        model.save(sys.argv[1])
        """
    )
    # The numpy backend starts fastest; the archive format is the same.
    env = dict(os.environ, KERATA_BACKEND="numpy")
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 9, result.stderr
    restored = kerata.models.load_model(str(path))
    assert restored.layers[-1].units == 2
    # Only the temporary file of the killed save is left beside it.
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers[-1] == "m.keras"
    assert all(n.startswith(".m.keras.") for n in leftovers[:-1])


# --- loading by layer name -----------------------------------------------


def test_load_weights_by_name_matches_layers_by_name(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    source = kerata.Sequential(
        [
            kerata.Input((4,)),
            kerata.layers.Dense(3, name="a"),
            kerata.layers.Dense(2, name="b"),
        ]
    )
    _randomize(source, seed=9)
    source.save_weights(path)
    # A different architecture: "b" comes first, "a" is absent, "c" is new.
    inputs = kerata.Input((3,))
    x = kerata.layers.Dense(2, name="b")(inputs)
    target = kerata.Model(inputs, kerata.layers.Dense(5, name="c")(x))
    untouched = target.get_layer("c").get_weights()
    target.load_weights(path, by_name=True)
    for got, want in zip(
        target.get_layer("b").get_weights(), source.get_layer("b").get_weights()
    ):
        np.testing.assert_array_equal(got, want)
    for got, want in zip(target.get_layer("c").get_weights(), untouched):
        np.testing.assert_array_equal(got, want)


def test_load_weights_by_name_shape_mismatch(tmp_path):
    path = str(tmp_path / "m.weights.h5")
    kerata.Sequential(
        [kerata.Input((4,)), kerata.layers.Dense(3, name="a")]
    ).save_weights(path)
    target = kerata.Sequential(
        [kerata.Input((4,)), kerata.layers.Dense(6, name="a")]
    )
    with pytest.raises(ValueError, match="shape"):
        target.load_weights(path, by_name=True)
    with pytest.warns(UserWarning, match="Skipping"):
        target.load_weights(path, by_name=True, skip_mismatch=True)


def test_saved_files_get_normal_permissions(tmp_path):
    # Written through a private temporary file, but not left private.
    path = tmp_path / "m.keras"
    _sequential().save(str(path))
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


@kerata.saving.register_keras_serializable(package="tests")
def _triple(x):
    return x * 3.0


def test_lambda_with_registered_function_round_trip(tmp_path):
    path = str(tmp_path / "m.keras")
    inputs = kerata.Input((4,))
    model = kerata.Model(inputs, kerata.layers.Lambda(_triple)(inputs))
    model.save(path)
    restored = kerata.saving.load_model(path)  # safe mode: no bytecode
    assert_allclose(restored.predict(_X, verbose=0), _X * 3.0)


def test_lambda_with_scoped_function(tmp_path):
    def quadruple(x):
        return x * 4.0

    path = str(tmp_path / "m.keras")
    inputs = kerata.Input((4,))
    kerata.Model(inputs, kerata.layers.Lambda(quadruple)(inputs)).save(path)
    with pytest.raises(ValueError, match="quadruple"):
        kerata.saving.load_model(path)
    with kerata.saving.custom_object_scope({"quadruple": quadruple}):
        restored = kerata.saving.load_model(path)
    assert_allclose(restored.predict(_X, verbose=0), _X * 4.0)
