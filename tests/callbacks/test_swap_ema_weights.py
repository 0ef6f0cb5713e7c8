import numpy as np
import pytest

import kerata
from kerata import callbacks
from kerata import layers

trainable = pytest.mark.requires_trainable_backend

KERNEL = np.array([[1.0], [2.0], [3.0]], "float32")
AVERAGE = np.array([[0.5], [-1.0], [0.25]], "float32")


def _model(use_ema=True):
    model = kerata.Sequential([kerata.Input((3,)), layers.Dense(1)])
    model.layers[0].set_weights([KERNEL, np.zeros((1,), "float32")])
    model.compile(
        optimizer=kerata.optimizers.SGD(0.1, use_ema=use_ema), loss="mse"
    )
    return model


def _with_averages(model):
    """Builds the optimizer and gives it known moving averages."""
    optimizer = model.optimizer
    optimizer.build(model.trainable_variables)
    kernel_average, bias_average = optimizer._averages
    kernel_average.assign(AVERAGE)
    bias_average.assign(np.array([1.0], "float32"))
    return model


def _kernel(model):
    return model.layers[0].get_weights()[0]


def test_swap_ema_weights_swaps_for_evaluation_and_back():
    model = _with_averages(_model())
    callback = callbacks.SwapEMAWeights()
    callback.set_model(model)
    callback.on_test_begin()
    np.testing.assert_array_equal(_kernel(model), AVERAGE)
    callback.on_test_end()
    np.testing.assert_array_equal(_kernel(model), KERNEL)
    averages = model.optimizer._averages
    np.testing.assert_array_equal(
        kerata.ops.convert_to_numpy(averages[0]), AVERAGE
    )


def test_swap_ema_weights_evaluate_uses_averages():
    model = _with_averages(_model())
    x = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]], "float32")
    y = np.zeros((2, 1), "float32")
    loss = model.evaluate(
        x, y, verbose=0, callbacks=[callbacks.SwapEMAWeights()]
    )
    expected = np.mean((x @ AVERAGE + 1.0) ** 2)
    np.testing.assert_allclose(loss, expected, rtol=1e-6)
    np.testing.assert_array_equal(_kernel(model), KERNEL)


def test_swap_ema_weights_predict_uses_averages():
    model = _with_averages(_model())
    x = np.eye(3, dtype="float32")
    out = model.predict(x, verbose=0, callbacks=[callbacks.SwapEMAWeights()])
    np.testing.assert_allclose(out, AVERAGE + 1.0, rtol=1e-6)
    np.testing.assert_array_equal(_kernel(model), KERNEL)


def test_swap_ema_weights_on_epoch():
    model = _with_averages(_model())
    callback = callbacks.SwapEMAWeights(swap_on_epoch=True)
    callback.set_model(model)
    callback.set_params({"epochs": 2})
    callback.on_epoch_begin(0)
    np.testing.assert_array_equal(_kernel(model), KERNEL)
    callback.on_epoch_end(0)
    np.testing.assert_array_equal(_kernel(model), AVERAGE)
    callback.on_epoch_begin(1)
    np.testing.assert_array_equal(_kernel(model), KERNEL)
    callback.on_epoch_end(1)
    # After the last epoch the averages are kept in both places, so that
    # fit's final copy of the averages into the model changes nothing.
    np.testing.assert_array_equal(_kernel(model), AVERAGE)
    np.testing.assert_array_equal(
        kerata.ops.convert_to_numpy(model.optimizer._averages[0]), AVERAGE
    )


def test_swap_ema_weights_without_ema_raises():
    model = _model(use_ema=False)
    callback = callbacks.SwapEMAWeights()
    callback.set_model(model)
    with pytest.raises(ValueError, match="use_ema=True"):
        callback.on_test_begin()


def test_swap_ema_weights_unbuilt_optimizer_raises():
    callback = callbacks.SwapEMAWeights()
    callback.set_model(_model())
    with pytest.raises(ValueError, match="not built"):
        callback.on_test_begin()


@trainable
def test_swap_ema_weights_in_fit(tmp_path):
    model = _model()
    model.optimizer.build(model.trainable_variables)
    start = str(tmp_path / "start.weights.h5")
    model.save_weights(start)
    x = np.linspace(-1, 1, 12, dtype="float32").reshape(4, 3)
    y = x[:, :1] * 2
    options = {"epochs": 2, "batch_size": 2, "verbose": 0, "shuffle": False}
    # Without the callback, fit ends by copying the averages in.
    model.fit(x, y, **options)
    ema = model.get_weights()
    model.load_weights(start)
    seen = []
    record = callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: seen.append(model.get_weights())
    )
    swap = callbacks.SwapEMAWeights(swap_on_epoch=True)
    history = model.fit(
        x, y, validation_data=(x, y), callbacks=[swap, record], **options
    )
    # Training itself is unchanged, and callbacks after the swap see
    # the averages.
    for got, want in zip(seen[-1], ema):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    for got, want in zip(model.get_weights(), ema):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    # Validation ran with the averages.
    loss = float(np.mean((x @ ema[0] + ema[1] - y) ** 2))
    np.testing.assert_allclose(history.history["val_loss"][-1], loss, rtol=1e-5)
