import io
import sys
from collections.abc import Mapping

import pytest

from kerata import callbacks
from kerata.src.utils import progbar

BOLD, RESET = "\x1b[1m", "\x1b[0m"


class _Stream(io.StringIO):
    def __init__(self, tty):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


class _Clock:
    def __init__(self):
        self.now = 50.0

    def __call__(self):
        return self.now


class LazyLogs(Mapping):
    """Batch logs like the trainer's: counts how often values are read."""

    def __init__(self, values):
        self._values = values
        self.reads = 0

    def __getitem__(self, key):
        self.reads += 1
        return self._values[key]

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)


@pytest.fixture
def console(monkeypatch):
    """Installs a fake stdout (a terminal or not) and a manual clock."""
    clock = _Clock()
    monkeypatch.setattr(progbar, "_clock", clock)
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    monkeypatch.delenv("PYCHARM_HOSTED", raising=False)

    def install(tty):
        stream = _Stream(tty)
        monkeypatch.setattr(sys, "stdout", stream)
        return stream, clock

    return install


def _fit(clock, verbose, epochs=2, steps=3, val_steps=2, logs=None):
    logger = callbacks.ProgbarLogger()
    callback_list = callbacks.CallbackList(
        [logger], verbose=verbose, epochs=epochs, steps=steps
    )
    logs = logs if logs is not None else {"loss": 9.0}
    callback_list.on_train_begin()
    for epoch in range(epochs):
        callback_list.on_epoch_begin(epoch)
        for step in range(3 if steps is None else steps):
            clock.now += 0.5
            callback_list.on_train_batch_end(step, logs)
        callback_list.on_test_begin()
        for step in range(val_steps):
            callback_list.on_test_batch_end(step, logs)
        callback_list.on_test_end({"loss": 0.6})
        epoch_logs = {"loss": 0.5, "val_loss": 0.6}
        callback_list.on_epoch_end(epoch, epoch_logs)
    callback_list.on_train_end(epoch_logs)
    return logger


def test_fit_verbose_2_prints_one_line_per_epoch(console):
    stream, clock = console(tty=True)
    _fit(clock, verbose=2)
    line = "3/3 - 2s - 500ms/step - loss: 0.5000 - val_loss: 0.6000\n"
    assert stream.getvalue() == f"Epoch 1/2\n{line}Epoch 2/2\n{line}"


def test_fit_verbose_1_in_a_log_file(console):
    stream, clock = console(tty=False)
    _fit(clock, verbose=1)
    line = (
        "3/3 ━━━━━━━━━━━━━━━━━━━━ 2s 500ms/step"
        " - loss: 0.5000 - val_loss: 0.6000\n"
    )
    assert stream.getvalue() == f"Epoch 1/2\n{line}Epoch 2/2\n{line}"


def test_fit_verbose_1_in_a_terminal(console):
    stream, clock = console(tty=True)
    _fit(clock, verbose=1, epochs=1)
    text = stream.getvalue()
    assert "Epoch" not in text  # Keras prints it only for several epochs.
    assert text.count("\r") == 4  # Three steps, then the final line.
    assert " - loss: 9.0000" in text
    assert text.endswith(
        f" {BOLD}2s{RESET} 500ms/step - loss: 0.5000 - val_loss: 0.6000\n"
    )


def test_auto_verbose_is_resolved(console):
    stream, clock = console(tty=False)
    logger = _fit(clock, verbose="auto", epochs=1)
    assert logger.verbose == 2
    assert stream.getvalue().startswith("3/3 - 2s - 500ms/step")


def test_lazy_logs_are_not_read_when_the_bar_does_not_render(console):
    stream, clock = console(tty=False)
    logs = LazyLogs({"loss": 1.0})
    _fit(clock, verbose=1, steps=10, logs=logs)
    assert logs.reads == 0


def test_lazy_logs_are_read_once_per_redraw(console):
    stream, clock = console(tty=True)
    logs = LazyLogs({"loss": 1.0})
    logger = callbacks.ProgbarLogger()
    logger.set_params({"verbose": 1, "epochs": 1, "steps": 100})
    logger.on_epoch_begin(0)
    for step in range(100):
        clock.now += 1 / 32  # Two steps per 0.05 s redraw interval.
        logger.on_train_batch_end(step, logs)
    redraws = stream.getvalue().count("\r")
    assert logs.reads == redraws
    assert redraws == 50  # Steps 1, 3, ..., 99.


def test_validation_in_fit_prints_and_reads_nothing(console):
    stream, clock = console(tty=True)
    logs = LazyLogs({"loss": 1.0})
    logger = callbacks.ProgbarLogger()
    logger.set_params({"verbose": 1, "epochs": 1, "steps": 1})
    logger.on_train_begin()
    logger.on_epoch_begin(0)
    before = stream.getvalue()
    logger.on_test_begin()
    logger.on_test_batch_end(0, logs)
    logger.on_test_end({"loss": 1.0})
    assert stream.getvalue() == before
    assert logs.reads == 0


def test_evaluate_prints_a_bar(console):
    stream, clock = console(tty=True)
    logger = callbacks.ProgbarLogger()
    logger.set_params({"verbose": 2, "epochs": 1, "steps": 4})
    logger.on_test_begin()
    for step in range(4):
        clock.now += 0.25
        logger.on_test_batch_end(step, {"loss": 3.0})
    logger.on_test_end({"loss": 0.125, "mae": 0.25})
    assert (
        stream.getvalue()
        == "4/4 - 1s - 250ms/step - loss: 0.1250 - mae: 0.2500\n"
    )


def test_predict_prints_no_metrics(console):
    stream, clock = console(tty=False)
    logger = callbacks.ProgbarLogger()
    logger.set_params({"verbose": 1, "epochs": 1, "steps": 2})
    logger.on_predict_begin()
    for step in range(2):
        clock.now += 0.002
        logger.on_predict_batch_end(step, {"outputs": object()})
    logger.on_predict_end()
    assert stream.getvalue() == "2/2 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step\n"


def test_unknown_steps_are_counted(console):
    stream, clock = console(tty=False)
    logger = _fit(clock, verbose=2, steps=None)
    line = "3/3 - 2s - 500ms/step - loss: 0.5000 - val_loss: 0.6000\n"
    assert stream.getvalue() == f"Epoch 1/2\n{line}Epoch 2/2\n{line}"
    assert logger.target == 3


def test_unknown_steps_in_a_terminal(console):
    stream, clock = console(tty=True)
    _fit(clock, verbose=1, epochs=1, steps=None)
    assert "\r      1/Unknown" in stream.getvalue()


def test_verbose_0_is_silent(console):
    stream, clock = console(tty=True)
    _fit(clock, verbose=0)
    assert stream.getvalue() == ""
