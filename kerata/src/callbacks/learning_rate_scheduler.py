"""`LearningRateScheduler`: sets the learning rate from a function."""

from __future__ import annotations

import inspect
from collections.abc import Callable

from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback import Callback
from kerata.src.callbacks.callback_utils import print_msg
from kerata.src.callbacks.logs_utils import to_float
from kerata.src.callbacks.reduce_lr_on_plateau import optimizer_learning_rate


def _takes_learning_rate(schedule: Callable) -> bool | None:
    """Whether `schedule` accepts `(epoch, lr)`; None if unknown."""
    try:
        signature = inspect.signature(schedule)
    except (TypeError, ValueError):
        return None
    try:
        signature.bind(0, 0.0)
    except TypeError:
        return False
    return True


@kerata_export("kerata.callbacks.LearningRateScheduler")
class LearningRateScheduler(Callback):
    """Sets the optimizer's learning rate at the start of every epoch.

    `schedule(epoch, lr)` receives the epoch index (from 0) and the current
    learning rate (a float) and returns the new rate; a function of the
    epoch alone, `schedule(epoch)`, also works. Every epoch's logs get the
    rate it trained with, under "learning_rate".

    Args:
        schedule: Function `(epoch, lr) -> float` or `(epoch) -> float`.
        verbose: 0 (silent) or 1 (print the new rate every epoch).

    Example:

    >>> model = kerata.Sequential([kerata.Input((2,)),
    ...                            kerata.layers.Dense(1)])
    >>> model.compile(optimizer=kerata.optimizers.SGD(0.1), loss="mse")
    >>> callback = kerata.callbacks.LearningRateScheduler(
    ...     lambda epoch, lr: lr / 2 if epoch > 0 else lr)
    >>> callback.set_model(model)
    >>> for epoch in range(3):
    ...     callback.on_epoch_begin(epoch)
    >>> logs = {}
    >>> callback.on_epoch_end(2, logs)
    >>> round(logs["learning_rate"], 6)
    0.025
    """

    def __init__(self, schedule: Callable, verbose: int = 0) -> None:
        super().__init__()
        if not callable(schedule):
            raise TypeError(
                "`schedule` must be a function (epoch, lr) -> new_lr. "
                f"Received: schedule={schedule!r}"
            )
        self.schedule = schedule
        self.verbose = verbose

    def _new_rate(self, epoch: int, learning_rate: float) -> float:
        takes_rate = _takes_learning_rate(self.schedule)
        if takes_rate is None:
            # Signature unknown (a builtin): try both forms, as Keras does.
            try:
                value = self.schedule(epoch, learning_rate)
            except TypeError:
                value = self.schedule(epoch)
        elif takes_rate:
            value = self.schedule(epoch, learning_rate)
        else:
            value = self.schedule(epoch)
        shape = getattr(value, "shape", ())
        if isinstance(value, (bool, str, bytes)) or len(shape) != 0:
            raise ValueError(
                "The output of the `schedule` function should be a float. "
                f"Received: {value!r}"
            )
        try:
            return to_float(value)
        except (TypeError, ValueError) as error:
            raise ValueError(
                "The output of the `schedule` function should be a float. "
                f"Received: {value!r}"
            ) from error

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        optimizer = self.model.optimizer
        learning_rate = self._new_rate(
            epoch, optimizer_learning_rate(optimizer)
        )
        optimizer.learning_rate = learning_rate
        if self.verbose > 0:
            print_msg(
                f"\nEpoch {epoch + 1}: LearningRateScheduler setting "
                f"learning rate to {learning_rate}."
            )

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if logs is None:
            return
        logs["learning_rate"] = optimizer_learning_rate(self.model.optimizer)
