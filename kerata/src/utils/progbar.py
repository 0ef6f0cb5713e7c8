"""`Progbar`: the progress bar that `fit`, `evaluate` and `predict` print.

The output follows Keras 3's format. Where it goes decides how it is drawn:

- In a terminal (`sys.stdout.isatty()`), a Jupyter notebook (`ipykernel`
  is loaded) or PyCharm's console, the bar is redrawn in place with a
  carriage return at most every `interval` seconds, with Keras's colours.
- Anywhere else (a pipe, a log file, a batch job), nothing is ever redrawn:
  the bar prints a plain line without escape codes at most once every
  `LOG_INTERVAL` seconds (never more often than `interval`), and always the
  final line. A log file therefore gets one line per bar plus at most one
  line per `LOG_INTERVAL` seconds of running time, however fast the steps.
"""

from __future__ import annotations

import math
import operator
import os
import sys
import time
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.utils import io_utils

# Seconds between two intermediate lines when the output is not a terminal.
LOG_INTERVAL = 10.0

# The clock every bar reads; tests replace it to get deterministic times.
_clock = time.monotonic

_BOLD = "\x1b[1m"
_GREEN = "\x1b[32m"
_WHITE = "\x1b[37m"
_RESET = "\x1b[0m"


def is_dynamic_display() -> bool:
    """Whether stdout can redraw a line in place (terminal or notebook)."""
    if not io_utils.is_interactive_logging_enabled():
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        tty = bool(isatty is not None and isatty())
    except ValueError:  # A closed stream.
        tty = False
    return tty or "ipykernel" in sys.modules or "PYCHARM_HOSTED" in os.environ


def resolve_verbose(verbose: Any) -> int:
    """Turns a `verbose` argument of `fit`/`evaluate`/`predict` into 0, 1, 2.

    `"auto"` means a redrawn bar (1) in a terminal or notebook, and one line
    per epoch (2) elsewhere, so that log files stay short.

    Args:
        verbose: `"auto"`, 0 (silent), 1 (progress bar) or 2 (one line per
            epoch).

    Returns:
        The verbosity as an int: 0, 1 or 2.

    Raises:
        ValueError: If `verbose` is another string or int.
        TypeError: If `verbose` is neither a string nor an int.
    """
    if isinstance(verbose, str):
        if verbose == "auto":
            return 1 if is_dynamic_display() else 2
        raise ValueError(
            '`verbose` must be "auto", 0, 1 or 2. '
            f"Received: verbose={verbose!r}"
        )
    try:
        value = operator.index(verbose)
    except TypeError:
        raise TypeError(
            '`verbose` must be "auto" or an int (0, 1 or 2). '
            f"Received: verbose={verbose!r} of type {type(verbose).__name__}"
        ) from None
    if value not in (0, 1, 2):
        raise ValueError(
            '`verbose` must be "auto", 0 (silent), 1 (progress bar) or 2 '
            f"(one line per epoch). Received: verbose={verbose!r}"
        )
    return value


def _to_float(value: Any) -> float:
    if isinstance(value, (float, int)):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError, RuntimeError):
        # Arrays of several values are shown by their mean, as in Keras.
        import numpy as np

        return float(np.mean(np.asarray(value)))


def _format_value(value: float) -> str:
    return f"{value:.4f}" if abs(value) > 1e-3 else f"{value:.4e}"


def _format_eta(seconds: float) -> str:
    if seconds > 3600:
        hours, rest = divmod(int(seconds), 3600)
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    if seconds > 60:
        return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"
    return f"{int(seconds)}s"


def _format_time(time_per_unit: float, unit_name: str) -> str:
    if time_per_unit >= 1 or time_per_unit == 0:
        return f" {time_per_unit:.0f}s/{unit_name}"
    if time_per_unit >= 1e-3:
        return f" {time_per_unit * 1e3:.0f}ms/{unit_name}"
    return f" {time_per_unit * 1e6:.0f}us/{unit_name}"


@kerata_export("kerata.utils.Progbar")
class Progbar:
    """Displays a progress bar with running metric values.

    Metrics are averaged over the steps seen so far (weighted by the number
    of steps in each update), except those named in `stateful_metrics`,
    which are shown as given; as in Keras, the values of the final update
    (e.g. an epoch's results) replace the averages. Pass
    `stateless_metrics` instead to average only the metrics named there.

    In a terminal or notebook the bar is redrawn in place; elsewhere it
    prints a plain line at most every `LOG_INTERVAL` (10) seconds and
    always the final line, so log files are never flooded.

    Args:
        target: Total number of steps expected, or `None` if unknown.
        width: Width of the bar, in characters.
        verbose: 0 (silent), 1 (progress bar) or 2 (only the final line).
        interval: Minimum number of seconds between two redraws.
        stateful_metrics: Names of metrics shown as given, not averaged.
            Give at most one of `stateful_metrics` and `stateless_metrics`.
        stateless_metrics: Names of the only metrics that are averaged.
        unit_name: Name of one step in the time per step, e.g. `"sample"`.

    Example:

    >>> bar = kerata.utils.Progbar(3, verbose=2)
    >>> for step in range(1, 4):
    ...     bar.update(step, [("loss", float(step))])  # doctest: +ELLIPSIS
    3/3 - 0s - ...s/step - loss: 3.0000
    """

    def __init__(
        self,
        target: int | None,
        width: int = 20,
        verbose: int = 1,
        interval: float = 0.05,
        stateful_metrics: Iterable[str] | None = None,
        stateless_metrics: Iterable[str] | None = None,
        unit_name: str = "step",
    ):
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError(
                "Give at most one of `stateful_metrics` (names not averaged) "
                "and `stateless_metrics` (the only names averaged). Received: "
                f"stateful_metrics={stateful_metrics!r}, "
                f"stateless_metrics={stateless_metrics!r}"
            )
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        # Exactly one of the two is a set: the exceptions to the default.
        self.stateful_metrics: set | None = None
        self.stateless_metrics: set | None = None
        if stateless_metrics is not None:
            self.stateless_metrics = set(stateless_metrics)
        else:
            self.stateful_metrics = set(stateful_metrics or ())
        self._dynamic_display = is_dynamic_display()
        self._start = _clock()
        # A terminal shows the first step at once; a log file waits a while.
        self._last_update = -math.inf if self._dynamic_display else self._start
        self._seen_so_far = 0
        self._values: dict[str, list] = {}  # name -> [weighted sum, count]
        self._values_order: list[str] = []
        self._time_after_first_step: float | None = None
        self._prev_total_width = 0

    def should_render(self, current: int, finalize: bool | None = None) -> bool:
        """Whether `update(current, ..., finalize)` would print now.

        Callers whose values are costly to compute (e.g. metrics that need a
        device-to-host copy) ask first and only then build the values.

        Args:
            current: Index of the current step.
            finalize: As in `update`.

        Returns:
            `True` if `update` would print a line or redraw the bar.

        Example:

        >>> bar = kerata.utils.Progbar(10, verbose=2)
        >>> bar.should_render(5), bar.should_render(10)
        (False, True)
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        if self.verbose == 1:
            return finalize or self._interval_passed(_clock())
        if self.verbose == 2:
            return bool(finalize and self.target)
        return False

    def update(
        self,
        current: int,
        values: Iterable[tuple[str, Any]] | Mapping[str, Any] | None = None,
        finalize: bool | None = None,
    ) -> None:
        """Updates the progress bar, and prints it when it is time to.

        Args:
            current: Index of the current step (the number of steps done).
            values: `(name, value_for_last_step)` pairs (or a dict). Values
                are floats, NumPy values or scalar tensors.
            finalize: Whether this is the last update. Defaults to
                `current >= target`.

        Example:

        >>> bar = kerata.utils.Progbar(2, verbose=2)
        >>> bar.update(1, [("acc", 0.5)])
        >>> bar.update(2, [("acc", 1.0)])  # doctest: +ELLIPSIS
        2/2 - 0s - ...s/step - acc: 1.0000
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        now = _clock()
        if current == 1:
            # The first step (tracing, warm-up) is left out of the estimate.
            self._time_after_first_step = now
        if values:
            self._accumulate(current, values, finalize)
        self._seen_so_far = current
        if self.verbose == 1:
            if not (finalize or self._interval_passed(now)):
                return
            self._write(self._bar_message(current, now, finalize))
        elif self.verbose == 2 and finalize and self.target:
            self._write(self._summary_line(current, now))
        self._last_update = now

    def add(
        self,
        n: int,
        values: Iterable[tuple[str, Any]] | Mapping[str, Any] | None = None,
    ) -> None:
        """Advances the bar by `n` steps; see `update`.

        Example:

        >>> bar = kerata.utils.Progbar(4, verbose=0)
        >>> bar.add(3)
        >>> bar.add(1)
        >>> bar._seen_so_far
        4
        """
        self.update(self._seen_so_far + n, values)

    def _interval_passed(self, now: float) -> bool:
        interval = self.interval
        if not self._dynamic_display:
            interval = max(interval, LOG_INTERVAL)
        return now - self._last_update >= interval

    def _accumulate(self, current: int, values: Any, finalize: bool) -> None:
        if isinstance(values, Mapping):
            values = values.items()
        for name, value in values:
            if name not in self._values:
                self._values_order.append(name)
            if self.stateful_metrics is not None:
                averaged = name not in self.stateful_metrics
            else:
                averaged = name in (self.stateless_metrics or ())
            if averaged and not finalize:
                weight = max(current - self._seen_so_far, 1)
                entry = self._values.get(name)
                if entry is None:
                    self._values[name] = [value * weight, weight]
                else:
                    entry[0] += value * weight
                    entry[1] += weight
            else:
                self._values[name] = [value, 1]

    def _metrics_text(self) -> str:
        parts = []
        for name in self._values_order:
            total, count = self._values[name]
            value = _to_float(total) / max(1, count)
            parts.append(f" - {name}: {_format_value(value)}")
        return "".join(parts)

    def _time_per_unit(self, current: int, now: float) -> float:
        if not current:
            return 0.0
        if self._time_after_first_step is not None and current > 1:
            return (now - self._time_after_first_step) / (current - 1)
        return (now - self._start) / current

    def _bar_message(self, current: int, now: float, finalize: bool) -> str:
        dynamic = self._dynamic_display
        # Pieces of text and their ANSI style; styles only on a terminal.
        pieces = []
        if self.target:
            digits = len(str(self.target))
            pieces.append((f"{current:>{digits}}/{self.target}", _BOLD))
            pieces.append((" ", None))
            done = min(self.width, int(self.width * current / self.target))
            if done > 0:
                pieces.append(("━" * done, _GREEN))
            rest = "━" if dynamic else "─"
            pieces.append((rest * (self.width - done), _WHITE))
        else:
            pieces.append((f"{current:7d}/Unknown", None))
        per_unit = self._time_per_unit(current, now)
        if self.target and not finalize:
            clock = _format_eta(per_unit * (self.target - current))
        else:
            clock = f"{now - self._start:.0f}s"
        pieces.append((" ", None))
        pieces.append((clock, _BOLD))
        pieces.append((_format_time(per_unit, self.unit_name), None))
        pieces.append((self._metrics_text(), None))
        width = sum(len(text) for text, _ in pieces)
        if not dynamic:
            return "".join(text for text, _ in pieces) + "\n"
        line = "".join(
            f"{style}{text}{_RESET}" if style else text
            for text, style in pieces
        )
        # Blank out the end of a longer previous line.
        padding = " " * max(0, self._prev_total_width - width)
        self._prev_total_width = width
        return "\r" + line + padding + ("\n" if finalize else "")

    def _summary_line(self, current: int, now: float) -> str:
        digits = len(str(self.target))
        per_unit = _format_time(
            self._time_per_unit(current, now), self.unit_name
        )
        return (
            f"{current:>{digits}}/{self.target} - {now - self._start:.0f}s -"
            f"{per_unit}{self._metrics_text()}\n"
        )

    @staticmethod
    def _write(message: str) -> None:
        # To stdout, or to the "kerata" logger when interactive logging is
        # off (kerata.utils.disable_interactive_logging).
        io_utils.print_msg(message, line_break=False)
