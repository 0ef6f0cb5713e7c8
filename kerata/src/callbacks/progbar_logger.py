"""`ProgbarLogger`: the progress output of `fit`, `evaluate` and `predict`."""

from __future__ import annotations

import sys
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback import Callback
from kerata.src.callbacks.logs_utils import to_float
from kerata.src.utils.progbar import Progbar
from kerata.src.utils.progbar import resolve_verbose


def _values(logs: Any) -> list:
    # Reading a lazy log value may copy it from the device: done only when
    # the bar is about to print.
    if not logs:
        return []
    return [(name, to_float(value)) for name, value in logs.items()]


@kerata_export("kerata.callbacks.ProgbarLogger")
class ProgbarLogger(Callback):
    """Prints a progress bar (or one line) per epoch, with the metrics.

    `fit`, `evaluate` and `predict` add one unless `verbose=0`. It reads
    `params["verbose"]` (1: a bar, 2: one line per epoch), `params["epochs"]`
    and `params["steps"]` (steps per epoch; `None` if unknown, in which case
    the bar counts steps until the epoch ends). Metric values shown are the
    running values the trainer reports (not averaged again), and the final
    line of an epoch also shows the `val_` metrics. Batch logs are read only
    when the bar is redrawn, so the progress bar does not force a
    device-to-host copy at every step. Validation inside `fit` prints
    nothing of its own.

    Example:

    >>> logger = kerata.callbacks.ProgbarLogger()
    >>> logger.set_params({"verbose": 2, "epochs": 1, "steps": 2})
    >>> logger.on_train_begin()
    >>> logger.on_epoch_begin(0)
    >>> logger.on_train_batch_end(0, {"loss": 1.0})
    >>> logger.on_train_batch_end(1, {"loss": 0.5})
    >>> logger.on_epoch_end(0, {"loss": 0.5})  # doctest: +ELLIPSIS
    2/2 - 0s - ...s/step - loss: 0.5000
    """

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0
        self.progbar: Progbar | None = None
        self.target: int | None = None
        self.verbose = 1
        self.epochs = 1
        self._called_in_fit = False

    def set_params(self, params: dict) -> None:
        super().set_params(params)
        self.verbose = resolve_verbose(params.get("verbose", 1))
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def on_train_begin(self, logs: dict | None = None) -> None:
        # Validation inside `fit` is silent.
        self._called_in_fit = True

    def on_train_end(self, logs: dict | None = None) -> None:
        self._called_in_fit = False

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._new_progbar()
        if self.verbose and self.epochs > 1:
            sys.stdout.write(f"Epoch {epoch + 1}/{self.epochs}\n")
            sys.stdout.flush()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self._finalize(logs)

    def on_test_begin(self, logs: dict | None = None) -> None:
        if not self._called_in_fit:
            self._new_progbar()

    def on_test_end(self, logs: dict | None = None) -> None:
        if not self._called_in_fit:
            self._finalize(logs)

    def on_predict_begin(self, logs: dict | None = None) -> None:
        self._new_progbar()

    def on_predict_end(self, logs: dict | None = None) -> None:
        self._finalize(logs)

    def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
        self._step(batch, logs)

    def on_test_batch_end(self, batch: int, logs: Any = None) -> None:
        if not self._called_in_fit:
            self._step(batch, logs)

    def on_predict_batch_end(self, batch: int, logs: Any = None) -> None:
        # Predictions are not metrics: never shown.
        self._step(batch, None)

    def _new_progbar(self) -> None:
        self.seen = 0
        # Keras's metrics already report running averages: show as given.
        self.progbar = Progbar(
            target=self.target,
            verbose=self.verbose,
            unit_name="step",
            stateless_metrics=(),
        )

    def _step(self, batch: int, logs: Any) -> None:
        self.seen = seen = batch + 1
        bar = self.progbar
        if self.verbose != 1 or bar is None:
            return
        if bar.should_render(seen, finalize=False):
            bar.update(seen, _values(logs), finalize=False)
        elif seen == 1:
            # Keeps the first step's time (left out of the step estimate).
            bar.update(seen, finalize=False)

    def _finalize(self, logs: Any) -> None:
        if self.progbar is None:
            self._new_progbar()
        bar = self.progbar
        if bar.target is None:
            # The length is known now; later epochs get a full bar.
            self.target = bar.target = self.seen
        bar.update(bar.target, _values(logs), finalize=True)
