import os

import numpy as np
import pytest

import kerata
from kerata import callbacks
from kerata import layers

trainable = pytest.mark.requires_trainable_backend
needs_keras_format = pytest.mark.skipif(
    not hasattr(kerata.models, "load_model"),
    reason="model.save / load_model (.keras files) not available yet",
)


def _model():
    model = kerata.Sequential([kerata.Input((3,)), layers.Dense(1)])
    model.layers[0].set_weights(
        [np.zeros((3, 1), "float32"), np.zeros((1,), "float32")]
    )
    return model


def _set_epoch(model, epoch):
    # Weights that say which epoch they come from.
    model.layers[0].set_weights(
        [np.full((3, 1), epoch, "float32"), np.zeros((1,), "float32")]
    )


def _run(checkpoint, values, monitor="val_loss", model=None):
    model = model or _model()
    checkpoint.set_model(model)
    checkpoint.on_train_begin()
    for epoch, value in enumerate(values):
        checkpoint.on_epoch_begin(epoch)
        _set_epoch(model, epoch)
        checkpoint.on_epoch_end(epoch, {monitor: value, "loss": 1.0})
    return model


def _epoch_in(path):
    model = _model()
    model.load_weights(str(path))
    return int(model.layers[0].get_weights()[0][0, 0])


def test_model_checkpoint_saves_every_epoch_with_template(tmp_path):
    path = tmp_path / "ckpt" / "{epoch:02d}-{val_loss:.2f}.weights.h5"
    checkpoint = callbacks.ModelCheckpoint(path, save_weights_only=True)
    _run(checkpoint, [0.5, 0.25, 0.75])
    names = sorted(os.listdir(tmp_path / "ckpt"))
    assert names == [
        "01-0.50.weights.h5",
        "02-0.25.weights.h5",
        "03-0.75.weights.h5",
    ]
    assert _epoch_in(tmp_path / "ckpt" / names[1]) == 1


@pytest.mark.parametrize(
    ("mode", "values", "best_epoch", "best"),
    [
        ("min", [0.5, 0.25, 0.75, 0.3], 1, 0.25),
        ("max", [0.5, 0.25, 0.75, 0.3], 2, 0.75),
        ("auto", [0.5, 0.25, 0.75, 0.3], 1, 0.25),  # val_loss goes down
    ],
)
def test_model_checkpoint_save_best_only(
    tmp_path, mode, values, best_epoch, best
):
    path = tmp_path / "best.weights.h5"
    checkpoint = callbacks.ModelCheckpoint(
        path, save_best_only=True, save_weights_only=True, mode=mode
    )
    _run(checkpoint, values)
    assert _epoch_in(path) == best_epoch
    assert checkpoint.best == best


def test_model_checkpoint_verbose_messages(tmp_path, capsys):
    path = str(tmp_path / "best.weights.h5")
    checkpoint = callbacks.ModelCheckpoint(
        path, save_best_only=True, save_weights_only=True, verbose=1
    )
    _run(checkpoint, [0.5, 0.75, 0.25])
    assert capsys.readouterr().out == (
        f"\nEpoch 1: val_loss improved from None to 0.50000, saving model "
        f"to {path}\n"
        f"\nEpoch 1: finished saving model to {path}\n"
        "\nEpoch 2: val_loss did not improve from 0.50000\n"
        f"\nEpoch 3: val_loss improved from 0.50000 to 0.25000, saving "
        f"model to {path}\n"
        f"\nEpoch 3: finished saving model to {path}\n"
    )


def test_model_checkpoint_verbose_without_best_only(tmp_path, capsys):
    path = str(tmp_path / "m.weights.h5")
    checkpoint = callbacks.ModelCheckpoint(
        path, save_weights_only=True, verbose=1
    )
    _run(checkpoint, [0.5])
    assert capsys.readouterr().out == (
        f"\nEpoch 1: saving model to {path}\n"
        f"\nEpoch 1: finished saving model to {path}\n"
    )


def test_model_checkpoint_initial_value_threshold(tmp_path):
    path = tmp_path / "best.weights.h5"
    checkpoint = callbacks.ModelCheckpoint(
        path,
        save_best_only=True,
        save_weights_only=True,
        initial_value_threshold=0.3,
    )
    _run(checkpoint, [0.5, 0.4])
    assert not path.exists()
    _run(checkpoint, [0.5, 0.2])
    assert _epoch_in(path) == 1


def test_model_checkpoint_min_delta_is_zero(tmp_path):
    path = tmp_path / "best.weights.h5"
    checkpoint = callbacks.ModelCheckpoint(
        path, save_best_only=True, save_weights_only=True, mode="min"
    )
    _run(checkpoint, [0.5, 0.5, 0.49])
    assert _epoch_in(path) == 2


def test_model_checkpoint_missing_monitor_saves_with_warning(tmp_path):
    path = tmp_path / "m.weights.h5"
    checkpoint = callbacks.ModelCheckpoint(
        path,
        monitor="val_acc",
        save_best_only=True,
        save_weights_only=True,
        mode="max",
    )
    with pytest.warns(UserWarning, match="only with val_acc available"):
        _run(checkpoint, [0.5], monitor="val_loss")
    assert path.exists()


def test_model_checkpoint_every_few_batches(tmp_path):
    path = tmp_path / "e{epoch}-b{batch}-{loss:.1f}.weights.h5"
    checkpoint = callbacks.ModelCheckpoint(
        path, save_weights_only=True, save_freq=3
    )
    model = _model()
    checkpoint.set_model(model)
    checkpoint.on_train_begin()
    for epoch in range(2):
        checkpoint.on_epoch_begin(epoch)
        for batch in range(4):
            loss = kerata.ops.convert_to_tensor(float(batch))
            checkpoint.on_train_batch_end(batch, {"loss": loss})
        checkpoint.on_epoch_end(epoch, {"loss": 9.0})
    # Every third batch, counted across epochs; batches from 1.
    assert sorted(os.listdir(tmp_path)) == [
        "e1-b3-2.0.weights.h5",
        "e2-b2-1.0.weights.h5",
    ]


def test_model_checkpoint_missing_template_field_raises(tmp_path):
    path = tmp_path / "{epoch}-{val_acc}.weights.h5"
    checkpoint = callbacks.ModelCheckpoint(path, save_weights_only=True)
    with pytest.raises(KeyError, match="val_acc"):
        _run(checkpoint, [0.5])


def test_model_checkpoint_directory_filepath_raises(tmp_path):
    folder = tmp_path / "taken.weights.h5"
    folder.mkdir()
    checkpoint = callbacks.ModelCheckpoint(folder, save_weights_only=True)
    with pytest.raises(OSError, match="non-directory filepath"):
        _run(checkpoint, [0.5])


@pytest.mark.parametrize(
    ("filepath", "weights_only"),
    [
        ("model.keras", True),
        ("model.h5", True),
        ("model.safetensors", True),
        ("model.ckpt", False),
    ],
)
def test_model_checkpoint_rejects_wrong_extension(filepath, weights_only):
    with pytest.raises(ValueError, match="filepath"):
        callbacks.ModelCheckpoint(filepath, save_weights_only=weights_only)


@pytest.mark.parametrize("save_freq", ["batch", 0, 2.5, None])
def test_model_checkpoint_rejects_bad_save_freq(save_freq):
    with pytest.raises(ValueError, match="save_freq"):
        callbacks.ModelCheckpoint("m.keras", save_freq=save_freq)


def test_model_checkpoint_rejects_unknown_mode():
    with pytest.raises(ValueError, match="mode='best'"):
        callbacks.ModelCheckpoint("m.keras", mode="best")


@needs_keras_format
def test_model_checkpoint_saves_keras_files(tmp_path):
    path = tmp_path / "model-{epoch}.keras"
    checkpoint = callbacks.ModelCheckpoint(path)
    _run(checkpoint, [0.5, 0.25])
    assert sorted(os.listdir(tmp_path)) == ["model-1.keras", "model-2.keras"]
    loaded = kerata.models.load_model(str(tmp_path / "model-1.keras"))
    assert int(loaded.layers[0].get_weights()[0][0, 0]) == 0


@trainable
def test_model_checkpoint_in_fit(tmp_path):
    model = _model()
    model.compile(optimizer="sgd", loss="mse")
    x = np.linspace(-1, 1, 12, dtype="float32").reshape(4, 3)
    path = tmp_path / "{epoch}.weights.h5"
    model.fit(
        x,
        x[:, :1] * 3,
        epochs=2,
        batch_size=2,
        verbose=0,
        callbacks=[callbacks.ModelCheckpoint(path, save_weights_only=True)],
    )
    assert sorted(os.listdir(tmp_path)) == ["1.weights.h5", "2.weights.h5"]
    loaded = _model()
    loaded.compile(optimizer="sgd", loss="mse")
    loaded.load_weights(str(tmp_path / "2.weights.h5"))
    for got, want in zip(loaded.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(got, want)
