"""`TerminateOnNaN`: stops training when the loss becomes NaN or infinite."""

from __future__ import annotations

import math
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback import Callback
from kerata.src.callbacks.callback_utils import print_msg
from kerata.src.callbacks.logs_utils import to_float


@kerata_export("kerata.callbacks.TerminateOnNaN")
class TerminateOnNaN(Callback):
    """Stops training as soon as a batch's loss is NaN or infinite.

    By default it sets `model.stop_training`, so `fit` ends after the
    batch and every callback's `on_train_end` still runs. With
    `raise_error=True` it raises instead, skipping `on_train_end` (useful
    to keep a `BackupAndRestore` backup, which `on_train_end` deletes).
    The loss is read after every batch, which makes the device finish
    each step before the next one starts.

    Args:
        raise_error: Whether to raise a `RuntimeError` instead of
            stopping gracefully.

    Example:

    >>> class Model:
    ...     stop_training = False
    >>> callback = kerata.callbacks.TerminateOnNaN()
    >>> callback.set_model(Model())
    >>> callback.on_train_batch_end(0, {"loss": 0.5})
    >>> callback.model.stop_training
    False
    >>> callback.on_train_batch_end(1, {"loss": float("nan")})
    Batch 1: Invalid loss, terminating training
    >>> callback.model.stop_training
    True
    """

    def __init__(self, raise_error: bool = False) -> None:
        super().__init__()
        self.raise_error = raise_error

    def on_batch_end(self, batch: int, logs: Any = None) -> None:
        """Checks the batch's loss; stops or raises if it is not finite.

        Raises:
            RuntimeError: If the loss is NaN or infinite and
                `raise_error=True`.
        """
        if not logs or "loss" not in logs:
            return
        loss = to_float(logs["loss"])
        if math.isfinite(loss):
            return
        if self.raise_error:
            raise RuntimeError(
                f"NaN or Inf loss encountered at batch {batch}. "
                f"Loss value: {loss}. Terminating training immediately."
            )
        print_msg(f"Batch {batch}: Invalid loss, terminating training")
        self.model.stop_training = True
