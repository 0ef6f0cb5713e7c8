import numpy as np
import pytest

import kerata
from kerata import callbacks
from kerata import layers

trainable = pytest.mark.requires_trainable_backend


def _model(learning_rate=1.0):
    model = kerata.Sequential([kerata.Input((3,)), layers.Dense(1)])
    model.compile(optimizer=kerata.optimizers.SGD(learning_rate), loss="mse")
    return model


def _rate(model):
    return float(kerata.ops.convert_to_numpy(model.optimizer.learning_rate))


def _run(callback, values, monitor="loss", model=None):
    """Drives `callback` over scripted values; returns, per epoch, the rate
    logged for it and the rate after it."""
    model = model or _model()
    callback.set_model(model)
    callback.on_train_begin()
    out = []
    for epoch, value in enumerate(values):
        logs = {monitor: value}
        callback.on_epoch_end(epoch, logs)
        out.append((logs["learning_rate"], _rate(model)))
    return out


# Expected rates checked against Keras 3's ReduceLROnPlateau.
@pytest.mark.parametrize(
    ("kwargs", "values", "rates"),
    [
        (
            {"patience": 1, "factor": 0.5},
            [1.0, 1.0, 1.0, 0.5, 0.6, 0.7],
            [1.0, 0.5, 0.25, 0.25, 0.125, 0.0625],
        ),
        (
            {"patience": 1, "factor": 0.5, "cooldown": 2},
            [1.0] * 6,
            [1.0, 0.5, 0.5, 0.25, 0.25, 0.125],
        ),
        (
            {"patience": 0, "factor": 0.1, "min_lr": 0.05},
            [1.0] * 4,
            [1.0, 0.1, 0.05, 0.05],
        ),
        (
            {"patience": 2, "factor": 0.5, "min_delta": 0.01, "mode": "max"},
            [0.5, 0.505, 0.51, 0.6, 0.6, 0.6],
            [1.0, 1.0, 0.5, 0.5, 0.5, 0.25],
        ),
    ],
)
def test_reduce_lr_on_plateau_schedule(kwargs, values, rates):
    callback = callbacks.ReduceLROnPlateau(monitor="loss", **kwargs)
    got = _run(callback, values)
    np.testing.assert_allclose([after for _, after in got], rates, rtol=1e-6)
    # Each epoch logs the rate it trained with.
    logged = [logged for logged, _ in got]
    np.testing.assert_allclose(logged, [1.0, *rates[:-1]], rtol=1e-6)


def test_reduce_lr_on_plateau_verbose_message(capsys):
    callback = callbacks.ReduceLROnPlateau(
        monitor="loss", patience=1, factor=0.5, verbose=1
    )
    _run(callback, [1.0, 1.0])
    assert capsys.readouterr().out == (
        "\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.5.\n"
    )


def test_reduce_lr_on_plateau_defaults():
    callback = callbacks.ReduceLROnPlateau()
    assert (callback.monitor, callback.factor, callback.patience) == (
        "val_loss",
        0.1,
        10,
    )
    assert (callback.min_delta, callback.cooldown, callback.min_lr) == (
        1e-4,
        0,
        0.0,
    )
    rates = _run(callback, [1.0] * 12, monitor="val_loss")
    assert [round(after, 6) for _, after in rates][9:] == [1.0, 0.1, 0.1]


def test_reduce_lr_on_plateau_resets_at_train_begin():
    callback = callbacks.ReduceLROnPlateau(monitor="loss", patience=1)
    model = _model()
    _run(callback, [1.0, 1.0], model=model)
    assert callback.best == 1.0
    callback.on_train_begin()
    assert (callback.best, callback.wait, callback.cooldown_counter) == (
        None,
        0,
        0,
    )


@pytest.mark.parametrize("factor", [1.0, 2.0])
def test_reduce_lr_on_plateau_rejects_factor_of_one_or_more(factor):
    with pytest.raises(ValueError, match=f"factor={factor}"):
        callbacks.ReduceLROnPlateau(factor=factor)


def test_reduce_lr_on_plateau_rejects_unknown_mode():
    with pytest.raises(ValueError, match="mode='up'"):
        callbacks.ReduceLROnPlateau(mode="up")


def test_reduce_lr_on_plateau_warns_on_unknown_keyword():
    with pytest.warns(UserWarning, match="epsilon"):
        callbacks.ReduceLROnPlateau(epsilon=0.1)


def test_reduce_lr_on_plateau_warns_when_monitor_is_missing():
    callback = callbacks.ReduceLROnPlateau(monitor="val_loss", patience=0)
    with pytest.warns(UserWarning, match="`val_loss` which is not available"):
        rates = _run(callback, [1.0, 1.0], monitor="loss")
    assert [after for _, after in rates] == [1.0, 1.0]


@trainable
def test_reduce_lr_on_plateau_in_fit_logs_the_rate():
    model = _model(learning_rate=0.01)
    x = np.linspace(-1, 1, 12, dtype="float32").reshape(4, 3)
    callback = callbacks.ReduceLROnPlateau(
        monitor="loss", min_delta=100, patience=1, factor=0.5
    )
    history = model.fit(
        x, x[:, :1], epochs=3, batch_size=4, verbose=0, callbacks=[callback]
    )
    np.testing.assert_allclose(
        history.history["learning_rate"], [0.01, 0.01, 0.005], rtol=1e-6
    )
    np.testing.assert_allclose(_rate(model), 0.0025, rtol=1e-6)
