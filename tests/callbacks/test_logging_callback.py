import logging
from collections.abc import Mapping

import numpy as np
import pytest

import kerata
from kerata import callbacks

LOGGER = "kerata.tests.logging_callback"


class _LazyLogs(Mapping):
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


class _Optimizer:
    learning_rate = 0.5


class _Model:
    optimizer = _Optimizer()


def _messages(caplog):
    return [(r.levelno, r.getMessage()) for r in caplog.records]


def test_epoch_records_at_info(caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    callback = callbacks.LoggingCallback(LOGGER)
    callback.set_params({"epochs": 2, "steps": 3})
    callback.set_model(_Model())
    callback.on_train_begin()
    callback.on_epoch_begin(0)
    logs = _LazyLogs({"loss": 1.0})
    callback.on_train_batch_end(0, logs)
    callback.on_epoch_end(0, {"loss": 0.25, "val_loss": 0.125})
    callback.on_train_end({"loss": 0.25})
    messages = _messages(caplog)
    assert messages[0] == (
        logging.INFO,
        "Training started: 2 epochs of 3 steps",
    )
    level, text = messages[1]
    assert level == logging.INFO
    assert text.startswith(
        "Epoch 1/2 - loss: 0.25 - val_loss: 0.125 - learning_rate: 0.5 - "
    )
    assert text.endswith("s")
    assert messages[2] == (logging.INFO, "Training finished - loss: 0.25")
    assert caplog.records[1].epoch == 0
    assert caplog.records[1].metrics == {
        "loss": 0.25,
        "val_loss": 0.125,
        "learning_rate": 0.5,
    }
    # DEBUG is off: the step's logs were never read.
    assert logs.reads == 0
    assert len(messages) == 3


def test_step_records_at_debug(caplog):
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    callback = callbacks.LoggingCallback(LOGGER, steps_freq=2)
    callback.on_epoch_begin(1)
    for step in range(4):
        callback.on_train_batch_end(step, {"loss": float(step)})
    assert _messages(caplog) == [
        (logging.DEBUG, "Epoch 2 step 2 - loss: 1"),
        (logging.DEBUG, "Epoch 2 step 4 - loss: 3"),
    ]
    assert caplog.records[0].step == 1


def test_nothing_when_logger_disabled(caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    callback = callbacks.LoggingCallback(logging.getLogger(LOGGER))
    callback.on_train_begin()
    callback.on_epoch_end(0, {"loss": 1.0})
    callback.on_train_end()
    assert caplog.records == []


def test_evaluation_outside_fit(caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    callback = callbacks.LoggingCallback(LOGGER, level="WARNING")
    callback.on_test_end({"loss": 0.5})
    callback.on_train_begin()
    callback.on_test_end({"loss": 0.5})
    assert _messages(caplog) == [
        (logging.WARNING, "Evaluation - loss: 0.5"),
        (logging.WARNING, "Training started: ? epochs of ? steps"),
    ]


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="level"):
        callbacks.LoggingCallback(level="LOUD")
    with pytest.raises(TypeError, match="logger"):
        callbacks.LoggingCallback(logger=3)
    with pytest.raises(ValueError, match="steps_freq"):
        callbacks.LoggingCallback(steps_freq=-2)


@pytest.mark.requires_trainable_backend
def test_fit_logs_each_epoch(caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    model = kerata.Sequential([kerata.Input((2,)), kerata.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(
        np.ones((4, 2), "float32"),
        np.zeros((4, 1), "float32"),
        batch_size=2,
        epochs=2,
        validation_data=(np.ones((2, 2), "float32"), np.zeros((2, 1))),
        callbacks=[callbacks.LoggingCallback(LOGGER)],
        verbose=0,
    )
    messages = [text for _, text in _messages(caplog)]
    assert len(messages) == 4
    assert messages[1].startswith("Epoch 1/2 - loss: ")
    assert "val_loss: " in messages[2]
    assert messages[3].startswith("Training finished - loss: ")
