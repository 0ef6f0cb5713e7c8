"""`BackupAndRestore`: resumes a `fit` that was interrupted."""

from __future__ import annotations

import json
import os
import shutil
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback import Callback
from kerata.src.callbacks.callback_utils import copy_atomically
from kerata.src.callbacks.monitor_callback import check_save_freq
from kerata.src.utils import atomic_io


def _build_optimizer(model: Any) -> None:
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and not optimizer.built:
        optimizer.build(model.trainable_variables)


@kerata_export("kerata.callbacks.BackupAndRestore")
class BackupAndRestore(Callback):
    """Backs up training so that an interrupted `fit` can resume.

    Every epoch (or every `save_freq` batches) it writes the model's
    weights, with the optimizer state, to `backup_dir/latest.weights.h5`
    and the position in training to `backup_dir/training_metadata.json`
    (`{"epoch": ..., "batch": ..., "step": ...}`, where `epoch` and
    `batch` are Keras's fields and `step` counts the batches of `epoch`
    already trained). When `fit` starts again with a callback on the same
    `backup_dir`, the weights are restored and `fit` goes on from that
    epoch, skipping the batches already trained, so an interrupted run
    ends like an uninterrupted one (for data without shuffling). A fit
    that ends normally deletes the backup (see `delete_checkpoint`); one
    that raises keeps it.

    The model must be built before `fit` (e.g. made with `Input`).

    Args:
        backup_dir: Folder for the backup files; use a different folder
            for each training run.
        save_freq: "epoch" to back up at the end of every epoch, or an int
            to back up every that many batches.
        double_checkpoint: Whether to keep the previous backup too
            (`*.bkp` files), used if the latest one cannot be read.
        delete_checkpoint: Whether to delete `backup_dir` when training
            ends normally.

    Raises:
        ValueError: If `backup_dir` is empty or `save_freq` is neither
            "epoch" nor a positive int.

    Example:

    >>> import os, tempfile
    >>> folder = os.path.join(tempfile.mkdtemp(), "backup")
    >>> model = kerata.Sequential([kerata.Input((2,)),
    ...                            kerata.layers.Dense(1)])
    >>> callback = kerata.callbacks.BackupAndRestore(folder)
    >>> callback.set_model(model)
    >>> callback.on_train_begin()
    >>> callback.on_epoch_end(0)
    >>> sorted(os.listdir(folder))
    ['latest.weights.h5', 'training_metadata.json']
    >>> callback.on_train_begin()  # a new fit resumes from epoch 1
    >>> model._initial_epoch, model._initial_step
    (1, 0)
    """

    def __init__(
        self,
        backup_dir: Any,
        save_freq: Any = "epoch",
        double_checkpoint: bool = False,
        delete_checkpoint: bool = True,
    ) -> None:
        super().__init__()
        if not backup_dir:
            raise ValueError(
                "BackupAndRestore needs a folder for its backups. Received: "
                f"backup_dir={backup_dir!r}"
            )
        self.save_freq = check_save_freq(save_freq, "BackupAndRestore")
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self.backup_dir = os.fspath(backup_dir)
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.h5")
        self._training_metadata_path = os.path.join(
            self.backup_dir, "training_metadata.json"
        )
        self._prev_weights_path = f"{self._weights_path}.bkp"
        self._prev_training_metadata_path = (
            f"{self._training_metadata_path}.bkp"
        )
        self._current_epoch = 0
        # Index of the last batch seen in the current epoch (-1: none),
        # and batches trained since the last backup.
        self._last_batch_seen = -1
        self._batches_seen_since_last_saving = 0

    # --- restoring ------------------------------------------------------
    def on_train_begin(self, logs: dict | None = None) -> None:
        self._current_epoch = 0
        self._last_batch_seen = -1
        self._batches_seen_since_last_saving = 0
        model = self.model
        if not getattr(model, "built", False):
            raise ValueError(
                "To use the BackupAndRestore callback, the model must be "
                f"built before you call `fit()`. Model {model.name!r} is "
                "not built. Build it by calling it on a batch of data, or "
                "create it with an `Input`."
            )
        try:
            self._load_model()
        except (OSError, ValueError):
            # A backup broken mid-write: fall back to the previous one.
            if not os.path.exists(self._prev_weights_path):
                raise
            copy_atomically(self._prev_weights_path, self._weights_path)
            if os.path.exists(self._prev_training_metadata_path):
                copy_atomically(
                    self._prev_training_metadata_path,
                    self._training_metadata_path,
                )
            elif os.path.exists(self._training_metadata_path):
                os.remove(self._training_metadata_path)
            self._load_model()

    def _load_model(self) -> None:
        model = self.model
        if os.path.exists(self._weights_path):
            _build_optimizer(model)
            model.load_weights(self._weights_path)
        if not os.path.exists(self._training_metadata_path):
            return
        with open(self._training_metadata_path, encoding="utf-8") as f:
            metadata = json.loads(f.read())
        epoch = int(metadata["epoch"])
        # Files written by Keras have no "step": resume at the epoch start.
        step = int(metadata.get("step", 0))
        model._initial_epoch = epoch
        model._initial_step = step
        self._current_epoch = epoch
        self._last_batch_seen = step - 1

    # --- backing up -----------------------------------------------------
    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        if epoch != self._current_epoch:
            self._last_batch_seen = -1
        self._current_epoch = epoch

    def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
        if self._should_save_on_batch(batch):
            self._save_model(step=batch + 1, batch=batch)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self._current_epoch = epoch + 1
        self._last_batch_seen = -1
        if self.save_freq == "epoch":
            self._save_model(step=0, batch=0)

    def _should_save_on_batch(self, batch: int) -> bool:
        if self.save_freq == "epoch":
            return False
        last = self._last_batch_seen
        # With steps_per_execution the hook sees every few batches only.
        seen = batch + 1 if batch <= last else batch - last
        self._batches_seen_since_last_saving += seen
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _save_model(self, step: int, batch: int) -> None:
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint:
            for path, previous in (
                (self._weights_path, self._prev_weights_path),
                (
                    self._training_metadata_path,
                    self._prev_training_metadata_path,
                ),
            ):
                if os.path.exists(path):
                    copy_atomically(path, previous)
        model = self.model
        # Saved with its slots even before the first step, so that the
        # file matches the built optimizer that restoring loads it into.
        _build_optimizer(model)
        model.save_weights(self._weights_path, overwrite=True)
        metadata = {"epoch": self._current_epoch, "batch": batch, "step": step}
        atomic_io.write_text(self._training_metadata_path, json.dumps(metadata))

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)
