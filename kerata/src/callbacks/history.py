"""`History`: records the epoch logs of `fit`; `fit` returns it."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback import Callback


@kerata_export("kerata.callbacks.History")
class History(Callback):
    """Records each epoch's logs; `fit` adds one and returns it.

    After training, `history.history` maps each metric name (including
    `val_` ones) to its list of per-epoch values, and `history.epoch` lists
    the epoch indices. It is also available as `model.history`.

    Example:

    >>> history = kerata.callbacks.History()
    >>> history.on_train_begin()
    >>> history.on_epoch_end(0, {"loss": 0.5, "val_loss": 0.6})
    >>> history.on_epoch_end(1, {"loss": 0.25, "val_loss": 0.5})
    >>> history.history
    {'loss': [0.5, 0.25], 'val_loss': [0.6, 0.5]}
    >>> history.epoch
    [0, 1]
    """

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list] = {}
        self.epoch: list[int] = []

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.epoch = []
        self._attach()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        self._attach()

    def _attach(self) -> None:
        # Read `_model`, not `model`: no state sync needed to set a field.
        model: Any = self._model
        if model is not None:
            model.history = self
