import inspect
import json
import os

import numpy as np
import pytest

import kerata
from kerata import callbacks
from kerata import layers
from kerata.src.trainers import trainer as trainer_module

trainable = pytest.mark.requires_trainable_backend
# `fit` resumes from `model._initial_epoch` / `_initial_step` only once
# the trainer supports it.
needs_resume = pytest.mark.skipif(
    "_initial_step" not in inspect.getsource(trainer_module.Trainer),
    reason="fit does not resume from model._initial_step yet",
)


def _model(compiled=True):
    model = kerata.Sequential([kerata.Input((3,)), layers.Dense(1)])
    model.layers[0].set_weights(
        [np.full((3, 1), 0.1, "float32"), np.zeros((1,), "float32")]
    )
    if compiled:
        model.compile(optimizer=kerata.optimizers.Adam(0.01), loss="mse")
    return model


def _data(n=8):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]])).astype("float32")
    return x, y


def _metadata(folder):
    with open(os.path.join(folder, "training_metadata.json")) as f:
        return json.load(f)


class _Interrupt(callbacks.Callback):
    """Raises in the middle of training, like a crash or preemption."""

    def __init__(self, epoch, batch):
        super().__init__()
        self.at = (epoch, batch)
        self.epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if (self.epoch, batch) == self.at:
            raise RuntimeError("interrupted")


def test_backup_and_restore_writes_keras_files_each_epoch(tmp_path):
    folder = str(tmp_path / "backup")
    model = _model()
    callback = callbacks.BackupAndRestore(folder, delete_checkpoint=False)
    callback.set_model(model)
    callback.on_train_begin()
    assert not os.path.exists(folder)
    callback.on_epoch_begin(0)
    callback.on_train_batch_end(0)
    callback.on_epoch_end(0)
    assert sorted(os.listdir(folder)) == [
        "latest.weights.h5",
        "training_metadata.json",
    ]
    assert _metadata(folder) == {"epoch": 1, "batch": 0, "step": 0}
    callback.on_train_end()
    assert os.path.exists(folder)


def test_backup_and_restore_batch_frequency_records_epoch_and_step(tmp_path):
    folder = str(tmp_path / "backup")
    model = _model()
    callback = callbacks.BackupAndRestore(folder, save_freq=3)
    callback.set_model(model)
    callback.on_train_begin()
    written = []
    path = os.path.join(folder, "training_metadata.json")
    for epoch in range(2):
        callback.on_epoch_begin(epoch)
        for batch in range(4):
            callback.on_train_batch_end(batch)
            if os.path.exists(path):
                written.append(_metadata(folder))
                os.remove(path)
        callback.on_epoch_end(epoch)
    # Every third batch over the epoch boundary: batches 2, 5 (= 1 of
    # epoch 1); "batch" is Keras's field (the last batch index).
    assert written == [
        {"epoch": 0, "batch": 2, "step": 3},
        {"epoch": 1, "batch": 1, "step": 2},
    ]
    callback.on_train_end()
    assert not os.path.exists(folder)


def test_backup_and_restore_counts_batches_with_steps_per_execution(tmp_path):
    folder = str(tmp_path / "backup")
    callback = callbacks.BackupAndRestore(folder, save_freq=4)
    callback.set_model(_model())
    callback.on_train_begin()
    callback.on_epoch_begin(0)
    callback.on_train_batch_end(1)  # batches 0-1
    assert not os.path.exists(folder)
    callback.on_train_batch_end(3)  # batches 2-3
    assert _metadata(folder) == {"epoch": 0, "batch": 3, "step": 4}


def test_backup_and_restore_restores_weights_and_position(tmp_path):
    folder = str(tmp_path / "backup")
    model = _model()
    callback = callbacks.BackupAndRestore(folder, save_freq=2)
    callback.set_model(model)
    callback.on_train_begin()
    callback.on_epoch_begin(3)
    callback.on_train_batch_end(0)
    callback.on_train_batch_end(1)
    saved = model.get_weights()
    model.layers[0].set_weights([w + 1.0 for w in saved])
    other = callbacks.BackupAndRestore(folder, save_freq=2)
    other.set_model(model)
    other.on_train_begin()
    assert (model._initial_epoch, model._initial_step) == (3, 2)
    for got, want in zip(model.get_weights(), saved):
        np.testing.assert_array_equal(got, want)
    # Counting goes on from the restored batch: saves after batch 3.
    os.remove(os.path.join(folder, "training_metadata.json"))
    other.on_epoch_begin(3)
    other.on_train_batch_end(2)
    assert not os.path.exists(os.path.join(folder, "training_metadata.json"))
    other.on_train_batch_end(3)
    assert _metadata(folder)["step"] == 4


def test_backup_and_restore_reads_keras_metadata_without_step(tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "training_metadata.json").write_text('{"epoch": 2, "batch": 5}')
    model = _model()
    callback = callbacks.BackupAndRestore(str(folder))
    callback.set_model(model)
    callback.on_train_begin()
    assert (model._initial_epoch, model._initial_step) == (2, 0)


def test_backup_and_restore_without_backup_changes_nothing(tmp_path):
    model = _model()
    before = model.get_weights()
    callback = callbacks.BackupAndRestore(str(tmp_path / "none"))
    callback.set_model(model)
    callback.on_train_begin()
    assert getattr(model, "_initial_epoch", None) is None
    for got, want in zip(model.get_weights(), before):
        np.testing.assert_array_equal(got, want)


def test_backup_and_restore_double_checkpoint_falls_back(tmp_path):
    folder = str(tmp_path / "backup")
    model = _model()
    callback = callbacks.BackupAndRestore(folder, double_checkpoint=True)
    callback.set_model(model)
    callback.on_train_begin()
    callback.on_epoch_end(0)
    first = model.get_weights()
    model.layers[0].set_weights([w + 1.0 for w in first])
    callback.on_epoch_end(1)
    assert sorted(os.listdir(folder)) == [
        "latest.weights.h5",
        "latest.weights.h5.bkp",
        "training_metadata.json",
        "training_metadata.json.bkp",
    ]
    # The latest backup is broken (e.g. the disk filled up mid-write).
    with open(os.path.join(folder, "latest.weights.h5"), "wb") as f:
        f.write(b"not hdf5")
    callback.on_train_begin()
    assert model._initial_epoch == 1
    for got, want in zip(model.get_weights(), first):
        np.testing.assert_array_equal(got, want)


def test_backup_and_restore_broken_backup_without_previous_raises(tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "latest.weights.h5").write_bytes(b"not hdf5")
    callback = callbacks.BackupAndRestore(str(folder))
    callback.set_model(_model())
    with pytest.raises((OSError, ValueError)):
        callback.on_train_begin()


def test_backup_and_restore_needs_a_built_model(tmp_path):
    model = kerata.Sequential([layers.Dense(1)])
    callback = callbacks.BackupAndRestore(str(tmp_path))
    callback.set_model(model)
    with pytest.raises(ValueError, match="must be built"):
        callback.on_train_begin()


@pytest.mark.parametrize("save_freq", ["batch", 0, -1, 1.5, True])
def test_backup_and_restore_rejects_bad_save_freq(tmp_path, save_freq):
    with pytest.raises(ValueError, match="save_freq"):
        callbacks.BackupAndRestore(str(tmp_path), save_freq=save_freq)


@pytest.mark.parametrize("backup_dir", ["", None])
def test_backup_and_restore_rejects_empty_backup_dir(backup_dir):
    with pytest.raises(ValueError, match="backup_dir"):
        callbacks.BackupAndRestore(backup_dir)


def _fit(model, backup, interrupt=None):
    x, y = _data()
    extra = [interrupt] if interrupt is not None else []
    return model.fit(
        x,
        y,
        batch_size=2,
        epochs=3,
        shuffle=False,
        verbose=0,
        callbacks=[backup, *extra],
    )


@pytest.fixture(scope="module")
def resume_reference(tmp_path_factory):
    """One model for every resume test (a compiled backend compiles its
    step once), the file of its starting state (weights and optimizer
    slots), and the weights an uninterrupted fit ends with."""
    folder = tmp_path_factory.mktemp("reference")
    model = _model()
    model.optimizer.build(model.trainable_variables)
    start = str(folder / "start.weights.h5")
    model.save_weights(start)
    _fit(model, callbacks.BackupAndRestore(str(folder / "backup")))
    return model, start, model.get_weights()


@trainable
@needs_resume
@pytest.mark.parametrize("save_freq", ["epoch", 3])
def test_interrupted_fit_resumes_to_the_same_weights(
    tmp_path, resume_reference, save_freq
):
    model, start, reference = resume_reference
    model.load_weights(start)
    folder = str(tmp_path / "backup")
    with pytest.raises(RuntimeError, match="interrupted"):
        # 4 batches per epoch: stops in the middle of epoch 1, after the
        # backup of batch 5 (save_freq=3) or of epoch 0.
        _fit(
            model,
            callbacks.BackupAndRestore(folder, save_freq=save_freq),
            _Interrupt(epoch=1, batch=2),
        )
    assert os.path.exists(folder)
    model.load_weights(start)
    history = _fit(
        model, callbacks.BackupAndRestore(folder, save_freq=save_freq)
    )
    assert history.epoch == [1, 2]
    for got, want in zip(model.get_weights(), reference):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
    assert not os.path.exists(folder)
