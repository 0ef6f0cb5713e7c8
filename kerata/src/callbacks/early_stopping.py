"""`EarlyStopping`: stops training once a metric stops improving."""

from __future__ import annotations

import warnings
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback_utils import print_msg
from kerata.src.callbacks.monitor_callback import MonitorCallback


@kerata_export("kerata.callbacks.EarlyStopping")
class EarlyStopping(MonitorCallback):
    """Stops training when a monitored metric has stopped improving.

    At the end of each epoch the monitored value is compared with the
    best one so far. An epoch that does not improve on it by more than
    `min_delta` counts towards `patience`; when `patience` such epochs
    have passed in a row, `model.stop_training` is set and `fit` ends
    after the current epoch. Training is never stopped at the first
    epoch. `stopped_epoch` holds the epoch (from 0) where it stopped, and
    `best_epoch` the epoch of the best value.

    Args:
        monitor: Quantity to watch, e.g. "val_loss" or "accuracy".
        min_delta: Smallest change of the monitored quantity that counts
            as an improvement; smaller changes do not.
        patience: Number of epochs without improvement after which
            training stops.
        verbose: 0 (silent) or 1 (print a message when stopping and when
            restoring weights).
        mode: "min" (stop when the quantity stops decreasing), "max"
            (stops increasing) or "auto" (inferred from the metric).
        baseline: A value the monitored quantity must beat. While it does
            not, epochs count towards `patience` even when they improve
            on the best value so far.
        restore_best_weights: Whether to set the model's weights back to
            those of the best epoch when training ends (whether or not
            training stopped early, and even if no epoch beat
            `baseline`).
        start_from_epoch: Number of warm-up epochs during which the
            quantity is not watched.

    Example:

    >>> callback = kerata.callbacks.EarlyStopping(monitor="loss", patience=2)
    >>> class Model:
    ...     stop_training = False
    >>> callback.set_model(Model())
    >>> callback.on_train_begin()
    >>> for epoch, loss in enumerate([1.0, 0.5, 0.6, 0.7, 0.4]):
    ...     callback.on_epoch_end(epoch, {"loss": loss})
    ...     if callback.model.stop_training:
    ...         break
    >>> epoch, callback.best, callback.best_epoch
    (3, 0.5, 1)
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        baseline: float | None = None,
        restore_best_weights: bool = False,
        start_from_epoch: int = 0,
    ) -> None:
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best_epoch = 0
        self.best_weights: list | None = None

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self.monitor_op is None:
            self._set_monitor_op()
        current = self._monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # Something to restore even if no epoch beats the baseline.
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(
                current, self.baseline
            ):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.stopped_epoch > 0 and self.verbose > 0:
            print_msg(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print_msg(
                    "Restoring model weights from the end of the best "
                    f"epoch: {self.best_epoch + 1}."
                )
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs: dict | None) -> Any:
        """The monitored value in `logs`, or None (with a warning)."""
        return self._monitor_value(logs)

    def _monitor_value(self, logs: dict | None) -> Any:
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(
                f"Early stopping conditioned on metric `{self.monitor}` "
                "which is not available. Available metrics are: "
                f"{','.join(logs)}",
                stacklevel=3,
            )
        return value
