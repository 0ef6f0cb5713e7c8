import numpy as np
import pytest

import kerata
from kerata import callbacks
from kerata import layers

trainable = pytest.mark.requires_trainable_backend


class _Model:
    """Stands in for a model: its "weights" are the epoch they come from."""

    def __init__(self):
        self.stop_training = False
        self.epoch = None

    def get_weights(self):
        return [self.epoch]

    def set_weights(self, weights):
        self.epoch = weights[0]


def _run(callback, values, monitor="loss"):
    """Drives `callback` like `fit` over scripted epoch values; returns the
    epoch training stopped at (None if it ran to the end) and the model."""
    model = _Model()
    callback.set_model(model)
    callback.on_train_begin()
    stopped = None
    for epoch, value in enumerate(values):
        callback.on_epoch_begin(epoch)
        model.epoch = epoch
        callback.on_epoch_end(epoch, {monitor: value})
        if model.stop_training:
            stopped = epoch
            break
    callback.on_train_end()
    return stopped, model


# Expected results checked against Keras 3's EarlyStopping.
@pytest.mark.parametrize(
    ("kwargs", "values", "stopped", "best", "best_epoch"),
    [
        ({"patience": 0}, [1.0, 0.9, 0.95, 0.5], 2, 0.9, 1),
        ({"patience": 2}, [1.0, 0.9, 0.95, 0.96, 0.5], 3, 0.9, 1),
        # Drops of at most min_delta are not improvements; the last
        # epochs each improve on the best by more than 0.1 in turn.
        (
            {"patience": 2, "min_delta": 0.1},
            [1.0, 0.95, 0.85, 0.8, 0.5], None, 0.5, 4,
        ),
        ({"mode": "max", "patience": 1}, [0.5, 0.6, 0.6, 0.7], 2, 0.6, 1),
        # Improvements that do not beat the baseline still count as waits.
        (
            {"patience": 3, "baseline": 0.5},
            [1.0, 0.6, 0.4, 0.45, 0.45, 0.45, 0.3], 5, 0.4, 2,
        ),
        ({"patience": 1, "baseline": 0.5}, [1.0, 0.9, 0.8, 0.4], None, 0.4, 3),
        (
            {"patience": 1, "start_from_epoch": 2},
            [1.0, 2.0, 3.0, 4.0, 5.0], 3, 3.0, 2,
        ),
        # Never stops at the first epoch.
        ({"patience": 0}, [1.0], None, 1.0, 0),
    ],
)  # fmt: skip
def test_early_stopping_stops_at_the_right_epoch(
    kwargs, values, stopped, best, best_epoch
):
    callback = callbacks.EarlyStopping(monitor="loss", **kwargs)
    got, _ = _run(callback, values)
    assert got == stopped
    assert callback.best == best
    assert callback.best_epoch == best_epoch
    assert callback.stopped_epoch == (stopped or 0)


def test_early_stopping_compares_at_float32_precision():
    # 0.3 - 0.1 and 0.2 differ in float64 but not in float32 (as Keras).
    callback = callbacks.EarlyStopping(monitor="loss", patience=0)
    stopped, _ = _run(callback, [0.2, 0.30000000000000004 - 0.1])
    assert stopped == 1


def test_early_stopping_restores_best_weights(capsys):
    callback = callbacks.EarlyStopping(
        monitor="loss", patience=2, restore_best_weights=True, verbose=1
    )
    stopped, model = _run(callback, [1.0, 0.5, 0.7, 0.8])
    assert (stopped, model.epoch) == (3, 1)
    assert capsys.readouterr().out == (
        "Epoch 4: early stopping\n"
        "Restoring model weights from the end of the best epoch: 2.\n"
    )


def test_early_stopping_restores_best_epoch_below_baseline():
    callback = callbacks.EarlyStopping(
        monitor="loss",
        patience=2,
        baseline=0.1,
        restore_best_weights=True,
        start_from_epoch=1,
    )
    stopped, model = _run(callback, [0.3, 0.9, 0.8, 0.85, 0.85])
    # No epoch beats the baseline; the best watched one (2) comes back.
    assert (stopped, model.epoch) == (3, 2)


def test_early_stopping_restores_even_without_stopping():
    callback = callbacks.EarlyStopping(
        monitor="loss", patience=5, restore_best_weights=True
    )
    stopped, model = _run(callback, [1.0, 0.2, 0.7])
    assert (stopped, model.epoch) == (None, 1)


def test_early_stopping_is_silent_by_default(capsys):
    _run(callbacks.EarlyStopping(monitor="loss"), [1.0, 2.0])
    assert capsys.readouterr().out == ""


def test_early_stopping_resets_at_train_begin():
    callback = callbacks.EarlyStopping(monitor="loss", patience=1)
    assert _run(callback, [1.0, 2.0, 3.0])[0] == 1
    assert _run(callback, [5.0, 4.0, 3.0])[0] is None
    assert callback.best == 3.0


def test_early_stopping_warns_when_monitor_is_missing():
    callback = callbacks.EarlyStopping(monitor="val_loss")
    with pytest.warns(UserWarning, match="`val_loss` which is not available"):
        stopped, _ = _run(callback, [1.0, 2.0], monitor="loss")
    assert stopped is None


def test_early_stopping_rejects_unknown_mode():
    with pytest.raises(ValueError, match="mode='maximum'"):
        callbacks.EarlyStopping(mode="maximum")


def _compiled(metrics):
    model = kerata.Sequential([kerata.Input((2,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", metrics=metrics)
    x = np.ones((2, 2), "float32")
    # Builds the compiled metrics (eagerly: no step to compile).
    model.compute_metrics(x, x[:, :1], model(x))
    return model


@pytest.mark.parametrize(
    ("monitor", "values", "stopped"),
    [
        ("val_accuracy", [0.5, 0.6, 0.4], 2),  # goes up
        ("mae", [0.5, 0.6, 0.4], 1),  # goes down
        ("val_loss", [0.5, 0.6, 0.4], 1),
    ],
)
def test_early_stopping_auto_mode_follows_the_metric(monitor, values, stopped):
    callback = callbacks.EarlyStopping(monitor=monitor)
    model = _compiled(["accuracy", "mae"])
    callback.set_model(model)
    callback.on_train_begin()
    for epoch, value in enumerate(values):
        callback.on_epoch_end(epoch, {monitor: value})
        if model.stop_training:
            break
    assert epoch == stopped


def test_early_stopping_auto_mode_unknown_direction_raises():
    callback = callbacks.EarlyStopping(monitor="val_score")
    callback.set_model(_compiled(["mae"]))
    with pytest.raises(ValueError, match="mode='max'"):
        callback.on_epoch_end(0, {"val_score": 1.0})


@trainable
def test_early_stopping_in_fit_restores_the_best_epoch():
    kerata.utils.set_random_seed(0)
    model = kerata.Sequential([kerata.Input((3,)), layers.Dense(1)])
    model.compile(optimizer=kerata.optimizers.SGD(0.01), loss="mse")
    x = np.linspace(-1, 1, 12, dtype="float32").reshape(4, 3)
    y = x.sum(axis=1, keepdims=True)
    seen = []
    record = callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: seen.append(model.get_weights())
    )
    # No epoch improves by 100: training stops after `patience` epochs
    # and the weights of the first epoch come back.
    stop = callbacks.EarlyStopping(
        monitor="loss", min_delta=100, patience=2, restore_best_weights=True
    )
    history = model.fit(
        x, y, epochs=10, batch_size=2, verbose=0, callbacks=[record, stop]
    )
    assert history.epoch == [0, 1, 2]
    assert stop.stopped_epoch == 2
    for got, want in zip(model.get_weights(), seen[0]):
        np.testing.assert_array_equal(got, want)
