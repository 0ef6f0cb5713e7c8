"""`ModelCheckpoint`: saves the model (or its weights) during training."""

from __future__ import annotations

import os
import warnings
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback_utils import print_msg
from kerata.src.callbacks.logs_utils import pythonify_logs
from kerata.src.callbacks.monitor_callback import MonitorCallback
from kerata.src.callbacks.monitor_callback import check_save_freq


def _check_filepath(filepath: str, save_weights_only: bool) -> None:
    if save_weights_only:
        if not filepath.endswith(".weights.h5"):
            raise ValueError(
                "With `save_weights_only=True`, ModelCheckpoint's filepath "
                "must end in `.weights.h5` (Keras weights format). "
                f"Received: filepath={filepath}"
            )
    elif not filepath.endswith((".keras", ".h5")):
        raise ValueError(
            "ModelCheckpoint's filepath must end in `.keras` (Keras model "
            "format), or in `.weights.h5` with `save_weights_only=True`. "
            f"Received: filepath={filepath}"
        )


@kerata_export("kerata.callbacks.ModelCheckpoint")
class ModelCheckpoint(MonitorCallback):
    """Saves the model or its weights every epoch or every few batches.

    `filepath` may hold `str.format` fields filled from `epoch` (counted
    from 1), the logs (e.g. `{val_loss:.2f}`) and, when saving every few
    batches, `batch` (counted from 1 within the epoch): e.g.
    "ckpt/{epoch:02d}-{val_loss:.2f}.keras" writes one file per epoch.
    With `save_best_only`, a file is written only when the monitored
    quantity improves on the best value so far (with a fixed `filepath`,
    the file then always holds the best model). Files are written through
    `model.save` (`.keras`) or `model.save_weights` (`.weights.h5`),
    which write them atomically; missing folders are created.

    Args:
        filepath: Path to save to, ending in `.keras`, or in `.weights.h5`
            with `save_weights_only=True`; may contain format fields.
        monitor: Quantity compared by `save_best_only`, e.g. "val_loss".
        verbose: 0 (silent) or 1 (print a message at each save).
        save_best_only: Whether to save only when `monitor` improves. If
            the monitored quantity is missing, the model is saved anyway
            (with a warning).
        save_weights_only: Whether to save only the weights
            (`model.save_weights`) instead of the whole model.
        mode: "min", "max" or "auto" (inferred from the metric).
        save_freq: "epoch" to save at the end of every epoch, or an int
            to save every that many batches (the logs are then those of
            the batch: running averages over the epoch so far).
        initial_value_threshold: With `save_best_only`, the value the
            monitored quantity must beat before the first save.

    Raises:
        ValueError: If `filepath` has the wrong extension, or `save_freq`
            is neither "epoch" nor a positive int, or `mode` is unknown.

    Example:

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> model = kerata.Sequential([kerata.Input((2,)),
    ...                            kerata.layers.Dense(1)])
    >>> checkpoint = kerata.callbacks.ModelCheckpoint(
    ...     os.path.join(folder, "{epoch:02d}-{loss:.2f}.weights.h5"),
    ...     monitor="loss", save_best_only=True, save_weights_only=True)
    >>> checkpoint.set_model(model)
    >>> for epoch, loss in enumerate([0.5, 0.75, 0.25]):
    ...     checkpoint.on_epoch_end(epoch, {"loss": loss})
    >>> sorted(os.listdir(folder))
    ['01-0.50.weights.h5', '03-0.25.weights.h5']
    """

    def __init__(
        self,
        filepath: Any,
        monitor: str = "val_loss",
        verbose: int = 0,
        save_best_only: bool = False,
        save_weights_only: bool = False,
        mode: str = "auto",
        save_freq: Any = "epoch",
        initial_value_threshold: float | None = None,
    ) -> None:
        super().__init__(monitor, mode, initial_value_threshold)
        self.filepath = os.fspath(filepath)
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = check_save_freq(save_freq, "ModelCheckpoint")
        _check_filepath(self.filepath, save_weights_only)
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen: int | None = None
        self._current_epoch = 0

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._current_epoch = epoch

    def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
        if self._should_save_on_batch(batch):
            # Batch logs may be lazy tensors: read them only to save.
            logs = pythonify_logs(logs)
            self._save_model(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self.monitor_op is None:
            self._set_monitor_op()
        if self.save_freq == "epoch":
            self._save_model(epoch, None, logs or {})

    def _should_save_on_batch(self, batch: int) -> bool:
        if self.save_freq == "epoch":
            return False
        last = self._last_batch_seen
        # Batch indices restart every epoch, and with steps_per_execution
        # the hook sees only every few of them.
        if last is None or batch <= last:
            seen = batch + 1
        else:
            seen = batch - last
        self._batches_seen_since_last_saving += seen
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _get_file_path(self, epoch: int, batch: int | None, logs: dict):
        fields = dict(logs)
        fields["epoch"] = epoch + 1
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format(**fields)
        except KeyError as error:
            raise KeyError(
                f'Failed to format this callback filepath: "{self.filepath}". '
                f"Reason: {error}. The fields available are "
                f"{sorted(fields)}."
            ) from error

    def _should_save_model(self, epoch: int, logs: dict, filepath: str):
        if not self.save_best_only:
            if self.verbose > 0:
                print_msg(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"Can save best model only with {self.monitor} available.",
                stacklevel=3,
            )
            return True
        if self.monitor_op is None:
            self._set_monitor_op()
        if (
            isinstance(current, np.ndarray) or backend.is_tensor(current)
        ) and len(current.shape) > 0:
            warnings.warn(
                "Can save best model only when `monitor` is a scalar value. "
                f"Received: {current}. Falling back to "
                "`save_best_only=False`.",
                stacklevel=3,
            )
            return True
        best = "None" if self.best is None else f"{self.best:.5f}"
        if self._is_improvement(current, self.best):
            if self.verbose > 0:
                print_msg(
                    f"\nEpoch {epoch + 1}: {self.monitor} improved from "
                    f"{best} to {current:.5f}, saving model to {filepath}"
                )
            self.best = current
            return True
        if self.verbose > 0:
            print_msg(
                f"\nEpoch {epoch + 1}: {self.monitor} did not improve "
                f"from {best}"
            )
        return False

    def _save_model(self, epoch: int, batch: int | None, logs: dict) -> None:
        filepath = self._get_file_path(epoch, batch, logs)
        if not self._should_save_model(epoch, logs, filepath):
            return
        if os.path.isdir(filepath):
            raise IsADirectoryError(
                "Please specify a non-directory filepath for "
                "ModelCheckpoint. Filepath used is an existing directory: "
                f"{filepath}"
            )
        folder = os.path.dirname(filepath)
        if folder:
            os.makedirs(folder, exist_ok=True)
        model = self.model
        if self.save_weights_only:
            model.save_weights(filepath, overwrite=True)
        else:
            model.save(filepath, overwrite=True)
        if self.verbose > 0:
            print_msg(
                f"\nEpoch {epoch + 1}: finished saving model to {filepath}"
            )
