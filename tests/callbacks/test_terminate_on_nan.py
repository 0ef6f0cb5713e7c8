import numpy as np
import pytest

import kerata
from kerata import callbacks
from kerata import layers

trainable = pytest.mark.requires_trainable_backend


class _Model:
    stop_training = False


@pytest.mark.parametrize("loss", [float("nan"), float("inf"), -np.inf])
def test_terminate_on_nan_stops_training(capsys, loss):
    callback = callbacks.TerminateOnNaN()
    callback.set_model(_Model())
    callback.on_train_batch_end(0, {"loss": 1.0})
    assert not callback.model.stop_training
    callback.on_train_batch_end(3, {"loss": np.float32(loss)})
    assert callback.model.stop_training
    assert capsys.readouterr().out == (
        "Batch 3: Invalid loss, terminating training\n"
    )


def test_terminate_on_nan_reads_tensor_logs():
    callback = callbacks.TerminateOnNaN()
    callback.set_model(_Model())
    callback.on_batch_end(0, {"loss": kerata.ops.convert_to_tensor(np.nan)})
    assert callback.model.stop_training


def test_terminate_on_nan_ignores_logs_without_loss():
    callback = callbacks.TerminateOnNaN()
    callback.set_model(_Model())
    callback.on_train_batch_end(0, {"accuracy": float("nan")})
    callback.on_train_batch_end(1, None)
    assert not callback.model.stop_training


def test_terminate_on_nan_can_raise():
    callback = callbacks.TerminateOnNaN(raise_error=True)
    callback.set_model(_Model())
    with pytest.raises(RuntimeError, match="at batch 2. Loss value: nan"):
        callback.on_train_batch_end(2, {"loss": float("nan")})


@trainable
def test_terminate_on_nan_in_fit(capsys):
    model = kerata.Sequential([kerata.Input((3,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.ones((8, 3), "float32")
    y = np.ones((8, 1), "float32")
    y[4:] = np.nan  # the third batch of 2 has a NaN loss
    options = {"epochs": 3, "batch_size": 2, "shuffle": False, "verbose": 0}
    history = model.fit(x, y, callbacks=[callbacks.TerminateOnNaN()], **options)
    assert history.epoch == [0]
    assert capsys.readouterr().out == (
        "Batch 2: Invalid loss, terminating training\n"
    )
    with pytest.raises(RuntimeError, match="NaN or Inf loss"):
        model.fit(
            x,
            y,
            callbacks=[callbacks.TerminateOnNaN(raise_error=True)],
            **options,
        )
