"""`LoggingCallback`: training progress as Python `logging` records."""

from __future__ import annotations

import logging
import time
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback import Callback
from kerata.src.callbacks.json_lines_logger import learning_rate_of
from kerata.src.callbacks.logs_utils import to_float


def _format_metrics(metrics: dict) -> str:
    return " - ".join(f"{name}: {value:.4g}" for name, value in metrics.items())


def _metrics(logs: Any) -> dict:
    result = {}
    for name, value in (logs or {}).items():
        try:
            result[name] = to_float(value)
        except (TypeError, ValueError, RuntimeError):
            continue
    return result


def _level(name: str, value: Any) -> int:
    if isinstance(value, str):
        number = logging.getLevelName(value.upper())
        if isinstance(number, int):
            return number
    elif isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(
        f"`{name}` must be a logging level (an int such as logging.INFO, or "
        f'a level name such as "INFO"). Received: {name}={value!r}'
    )


@kerata_export("kerata.callbacks.LoggingCallback")
class LoggingCallback(Callback):
    """Reports training through Python's `logging` module.

    Use it where a progress bar does not fit: in services, batch jobs and
    notebooks whose output goes to log files, or wherever records should
    go through the application's handlers. It logs, to the `"kerata"`
    logger by default:

    - at `level` (INFO): the start and end of training, one line per epoch
      (`"Epoch 3/10 - loss: 0.1234 - val_loss: 0.2345 - learning_rate:
      0.001 - 1.52s"`) and the results of `evaluate` outside `fit`;
    - at `step_level` (DEBUG): one line every `steps_freq` training steps.

    Each record also carries the values as attributes for structured
    handlers: `record.epoch`, `record.step` (step records) and
    `record.metrics` (a dict of floats). When the logger is not enabled
    for a level, nothing is read or formatted for it, so batch logs stay
    lazy and the step hook costs one level check.

    Args:
        logger: A `logging.Logger`, or the name of one.
        level: Level of the epoch and run records (int or name).
        step_level: Level of the per-step records (int or name).
        steps_freq: Log every this many training steps (when `step_level`
            is enabled); `None` or 0 for no step records.

    Example:

    >>> import logging
    >>> records = []
    >>> class Keep(logging.Handler):
    ...     def emit(self, record):
    ...         records.append(record)
    >>> logger = logging.getLogger("kerata.example")
    >>> logger.setLevel(logging.INFO)
    >>> logger.addHandler(Keep())
    >>> callback = kerata.callbacks.LoggingCallback(logger)
    >>> callback.set_params({"epochs": 2})
    >>> callback.on_epoch_end(0, {"loss": 0.5})
    >>> records[0].getMessage()
    'Epoch 1/2 - loss: 0.5'
    >>> records[0].metrics
    {'loss': 0.5}
    """

    def __init__(
        self,
        logger: logging.Logger | str = "kerata",
        level: int | str = logging.INFO,
        step_level: int | str = logging.DEBUG,
        steps_freq: int | None = 1,
    ) -> None:
        super().__init__()
        if isinstance(logger, str):
            logger = logging.getLogger(logger)
        if not isinstance(logger, logging.Logger):
            raise TypeError(
                "`logger` must be a logging.Logger or a logger name. "
                f"Received: {logger!r} of type {type(logger).__name__}"
            )
        if steps_freq is not None and (
            isinstance(steps_freq, bool)
            or not isinstance(steps_freq, int)
            or steps_freq < 0
        ):
            raise ValueError(
                "`steps_freq` must be None or a non-negative int (a number "
                f"of steps). Received: steps_freq={steps_freq!r}"
            )
        self.logger = logger
        self.level = _level("level", level)
        self.step_level = _level("step_level", step_level)
        self.steps_freq = steps_freq or 0
        self._in_fit = False
        self._epoch = 0
        self._epoch_start = 0.0
        self._global_step = 0

    def _epochs(self) -> Any:
        return (self.params or {}).get("epochs", "?")

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._in_fit = True
        self._global_step = 0
        if self.logger.isEnabledFor(self.level):
            steps = (self.params or {}).get("steps")
            self.logger.log(
                self.level,
                "Training started: %s epochs of %s steps",
                self._epochs(),
                "?" if steps is None else steps,
            )

    def on_train_end(self, logs: dict | None = None) -> None:
        self._in_fit = False
        if self.logger.isEnabledFor(self.level):
            metrics = _metrics(logs)
            text = _format_metrics(metrics)
            self.logger.log(
                self.level,
                "Training finished" + (f" - {text}" if text else ""),
                extra={"metrics": metrics},
            )

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._epoch = epoch
        self._epoch_start = time.time()

    def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
        self._global_step += 1
        if (
            not self.steps_freq
            or self._global_step % self.steps_freq
            or not self.logger.isEnabledFor(self.step_level)
        ):
            return
        metrics = _metrics(logs)
        text = _format_metrics(metrics)
        self.logger.log(
            self.step_level,
            f"Epoch {self._epoch + 1} step {batch + 1}"
            + (f" - {text}" if text else ""),
            extra={"epoch": self._epoch, "step": batch, "metrics": metrics},
        )

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if not self.logger.isEnabledFor(self.level):
            return
        metrics = _metrics(logs)
        if "learning_rate" not in metrics:
            rate = learning_rate_of(self.model)
            if rate is not None:
                metrics["learning_rate"] = rate
        parts = [f"Epoch {epoch + 1}/{self._epochs()}"]
        if metrics:
            parts.append(_format_metrics(metrics))
        if self._epoch_start:
            parts.append(f"{time.time() - self._epoch_start:.2f}s")
        self.logger.log(
            self.level,
            " - ".join(parts),
            extra={"epoch": epoch, "metrics": metrics},
        )

    def on_test_end(self, logs: dict | None = None) -> None:
        # Validation inside `fit` is part of the epoch line.
        if self._in_fit or not self.logger.isEnabledFor(self.level):
            return
        metrics = _metrics(logs)
        text = _format_metrics(metrics)
        self.logger.log(
            self.level,
            "Evaluation" + (f" - {text}" if text else ""),
            extra={"metrics": metrics},
        )
