"""`ReduceLROnPlateau`: lowers the learning rate when a metric stalls."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback_utils import print_msg
from kerata.src.callbacks.logs_utils import to_float
from kerata.src.callbacks.monitor_callback import MonitorCallback


def optimizer_learning_rate(optimizer: Any) -> float:
    """The optimizer's current learning rate as a Python float."""
    if optimizer is None or not hasattr(optimizer, "learning_rate"):
        raise ValueError(
            "This callback needs a compiled model whose optimizer has a "
            f"`learning_rate`. Received: optimizer={optimizer!r}"
        )
    return to_float(optimizer.learning_rate)


@kerata_export("kerata.callbacks.ReduceLROnPlateau")
class ReduceLROnPlateau(MonitorCallback):
    """Multiplies the learning rate by `factor` when a metric stalls.

    After `patience` epochs in a row without an improvement of more than
    `min_delta`, the optimizer's learning rate becomes
    `max(learning_rate * factor, min_lr)`; then no epoch is counted for
    `cooldown` epochs. Every epoch's logs also get the learning rate the
    epoch trained with, under "learning_rate".

    Args:
        monitor: Quantity to watch, e.g. "val_loss".
        factor: Factor by which the learning rate is multiplied, below 1.
        patience: Number of epochs without improvement before the rate is
            lowered.
        verbose: 0 (silent) or 1 (print a message at each change).
        mode: "min", "max" or "auto" (inferred from the metric).
        min_delta: Smallest change that counts as an improvement.
        cooldown: Number of epochs to wait after a change before counting
            epochs without improvement again.
        min_lr: Lower bound of the learning rate.
        **kwargs: Ignored (accepted, with a warning, as Keras does).

    Example:

    >>> model = kerata.Sequential([kerata.Input((2,)),
    ...                            kerata.layers.Dense(1)])
    >>> model.compile(optimizer=kerata.optimizers.SGD(0.1), loss="mse")
    >>> callback = kerata.callbacks.ReduceLROnPlateau(
    ...     monitor="loss", factor=0.5, patience=1)
    >>> callback.set_model(model)
    >>> callback.on_train_begin()
    >>> for epoch, loss in enumerate([1.0, 1.0, 1.0]):
    ...     callback.on_epoch_end(epoch, {"loss": loss})
    >>> round(float(kerata.ops.convert_to_numpy(
    ...     model.optimizer.learning_rate)), 6)
    0.025
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        factor: float = 0.1,
        patience: int = 10,
        verbose: int = 0,
        mode: str = "auto",
        min_delta: float = 1e-4,
        cooldown: int = 0,
        min_lr: float = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(monitor, mode, min_delta=min_delta)
        if factor >= 1.0:
            raise ValueError(
                "ReduceLROnPlateau needs a `factor` below 1.0 (the rate is "
                f"multiplied by it). Received: factor={factor}"
            )
        if kwargs:
            warnings.warn(
                "ReduceLROnPlateau ignores the keyword arguments "
                f"{sorted(kwargs)}.",
                stacklevel=2,
            )
        self.factor = factor
        self.min_lr = min_lr
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0

    def _reset(self) -> None:
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._reset()

    def in_cooldown(self) -> bool:
        """Whether the callback is waiting after a change of the rate."""
        return self.cooldown_counter > 0

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self.monitor_op is None:
            self._set_monitor_op()
        if logs is None:
            logs = {}
        optimizer = self.model.optimizer
        logs["learning_rate"] = optimizer_learning_rate(optimizer)
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                "Learning rate reduction is conditioned on metric "
                f"`{self.monitor}` which is not available. Available "
                f"metrics are: {','.join(logs)}.",
                stacklevel=2,
            )
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience and self._reduce(optimizer, epoch):
                self.cooldown_counter = self.cooldown
                self.wait = 0

    def _reduce(self, optimizer: Any, epoch: int) -> bool:
        old_lr = optimizer_learning_rate(optimizer)
        # The rate is stored in float32: compare at that precision, so a
        # rate already at `min_lr` is not "reduced" again.
        if old_lr <= np.float32(self.min_lr):
            return False
        new_lr = max(old_lr * self.factor, self.min_lr)
        optimizer.learning_rate = new_lr
        if self.verbose > 0:
            print_msg(
                f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing "
                f"learning rate to {new_lr}."
            )
        return True
