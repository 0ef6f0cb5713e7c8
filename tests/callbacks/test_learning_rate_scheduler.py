import numpy as np
import pytest

import kerata
from kerata import callbacks
from kerata import layers

trainable = pytest.mark.requires_trainable_backend


def _model(learning_rate=0.1):
    model = kerata.Sequential([kerata.Input((3,)), layers.Dense(1)])
    model.compile(optimizer=kerata.optimizers.SGD(learning_rate), loss="mse")
    return model


def _rate(model):
    return float(kerata.ops.convert_to_numpy(model.optimizer.learning_rate))


def _run(callback, epochs, model=None):
    model = model or _model()
    callback.set_model(model)
    out = []
    for epoch in range(epochs):
        callback.on_epoch_begin(epoch)
        logs = {"loss": 1.0}
        callback.on_epoch_end(epoch, logs)
        out.append(logs["learning_rate"])
    return out


def test_learning_rate_scheduler_with_epoch_and_rate():
    seen = []

    def schedule(epoch, lr):
        seen.append((epoch, round(lr, 6)))
        return lr * 0.5 if epoch > 0 else lr

    rates = _run(callbacks.LearningRateScheduler(schedule), 3)
    np.testing.assert_allclose(rates, [0.1, 0.05, 0.025], rtol=1e-6)
    assert seen == [(0, 0.1), (1, 0.1), (2, 0.05)]


def test_learning_rate_scheduler_with_epoch_only():
    rates = _run(
        callbacks.LearningRateScheduler(lambda epoch: 1.0 / (1 + epoch)), 3
    )
    np.testing.assert_allclose(rates, [1.0, 0.5, 1 / 3], rtol=1e-6)


def test_learning_rate_scheduler_accepts_numpy_and_tensor_rates():
    def schedule(epoch, lr):
        if epoch == 0:
            return np.float32(0.5)
        return kerata.ops.convert_to_tensor(0.25)

    rates = _run(callbacks.LearningRateScheduler(schedule), 2)
    np.testing.assert_allclose(rates, [0.5, 0.25], rtol=1e-6)


def test_learning_rate_scheduler_verbose_message(capsys):
    callback = callbacks.LearningRateScheduler(lambda epoch: 0.5, verbose=1)
    _run(callback, 1)
    assert capsys.readouterr().out == (
        "\nEpoch 1: LearningRateScheduler setting learning rate to 0.5.\n"
    )


@pytest.mark.parametrize("bad", [None, "0.1", [0.1, 0.2], np.ones(2)])
def test_learning_rate_scheduler_rejects_non_float_output(bad):
    callback = callbacks.LearningRateScheduler(lambda epoch, lr: bad)
    with pytest.raises(ValueError, match="should be a float"):
        _run(callback, 1)


def test_learning_rate_scheduler_keeps_errors_of_the_schedule():
    def schedule(epoch, lr):
        raise TypeError("bug in the schedule")

    with pytest.raises(TypeError, match="bug in the schedule"):
        _run(callbacks.LearningRateScheduler(schedule), 1)


def test_learning_rate_scheduler_rejects_non_callable():
    with pytest.raises(TypeError, match="schedule"):
        callbacks.LearningRateScheduler(0.1)


@trainable
def test_learning_rate_scheduler_changes_training():
    # A rate of 0 from the second epoch on freezes the weights: the rate
    # really reaches the (possibly compiled) training step.
    model = _model(learning_rate=0.05)
    x = np.linspace(-1, 1, 12, dtype="float32").reshape(4, 3)
    initial = model.get_weights()
    seen = []
    record = callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: seen.append(model.get_weights())
    )
    schedule = callbacks.LearningRateScheduler(
        lambda epoch, lr: 0.05 if epoch == 0 else 0.0
    )
    history = model.fit(
        x,
        x[:, :1] * 2,
        epochs=3,
        batch_size=2,
        verbose=0,
        callbacks=[schedule, record],
    )
    np.testing.assert_allclose(
        history.history["learning_rate"], [0.05, 0.0, 0.0], rtol=1e-6
    )
    assert not np.allclose(seen[0][0], initial[0])
    for got, want in zip(seen[2], seen[0]):
        np.testing.assert_array_equal(got, want)
