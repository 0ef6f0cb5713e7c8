"""Model.compile / fit / evaluate / predict on every backend."""

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src import backend
from kerata.src.testing import run_if

trainable = pytest.mark.requires_trainable_backend


def _linear_model(units=1, kernel=None, bias=None, name=None):
    model = kerata.Sequential(
        [kerata.Input((3,)), layers.Dense(units, name=name)]
    )
    if kernel is not None:
        model.layers[0].set_weights([kernel, bias])
    return model


def _data(n=8, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]]) + 0.3).astype("float32")
    return x, y


def _numpy_sgd_mse(x, y, kernel, bias, lr, batch_size, epochs, weights=None):
    """Reference: minibatch SGD on the mean squared error, in NumPy."""
    kernel, bias = kernel.astype("float64"), bias.astype("float64")
    losses = []
    for _ in range(epochs):
        total, count = 0.0, 0
        for start in range(0, len(x), batch_size):
            xb = x[start : start + batch_size].astype("float64")
            yb = y[start : start + batch_size].astype("float64")
            wb = (
                np.ones(len(xb))
                if weights is None
                else weights[start : start + batch_size]
            )
            err = xb @ kernel + bias - yb  # (batch, 1)
            per_sample = (err**2).mean(axis=1) * wb
            loss = per_sample.sum() / len(xb)
            grad_out = 2 * err * wb[:, None] / len(xb)
            kernel = kernel - lr * xb.T @ grad_out
            bias = bias - lr * grad_out.sum(axis=0)
            total += loss * len(xb)
            count += len(xb)
        losses.append(total / count)
    return kernel, bias, losses


@trainable
@pytest.mark.parametrize("batch_size", [3, 8])
def test_fit_matches_numpy_sgd(batch_size):
    x, y = _data()
    kernel = np.full((3, 1), 0.1, "float32")
    bias = np.zeros((1,), "float32")
    model = _linear_model(kernel=kernel, bias=bias)
    model.compile(optimizer=kerata.optimizers.SGD(0.05), loss="mse")
    history = model.fit(
        x, y, batch_size=batch_size, epochs=3, shuffle=False, verbose=0
    )
    ref_kernel, ref_bias, ref_losses = _numpy_sgd_mse(
        x, y, kernel, bias, 0.05, batch_size, 3
    )
    got_kernel, got_bias = model.layers[0].get_weights()
    np.testing.assert_allclose(got_kernel, ref_kernel, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_bias, ref_bias, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(history.history["loss"], ref_losses, rtol=1e-5)
    assert history.epoch == [0, 1, 2]


@trainable
def test_sample_weight_matches_numpy():
    x, y = _data()
    weights = np.linspace(0.0, 2.0, len(x)).astype("float32")
    kernel = np.full((3, 1), 0.1, "float32")
    bias = np.zeros((1,), "float32")
    model = _linear_model(kernel=kernel, bias=bias)
    model.compile(optimizer=kerata.optimizers.SGD(0.05), loss="mse")
    model.fit(
        x, y, sample_weight=weights, batch_size=4, shuffle=False, verbose=0
    )
    ref_kernel, ref_bias, _ = _numpy_sgd_mse(
        x, y, kernel, bias, 0.05, 4, 1, weights=weights
    )
    np.testing.assert_allclose(
        model.layers[0].get_weights()[0], ref_kernel, rtol=1e-5, atol=1e-6
    )


@trainable
def test_class_weight_equals_sample_weight():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(12, 3)).astype("float32")
    y = rng.integers(0, 2, (12, 1)).astype("float32")
    results = []
    for kwargs in (
        {"class_weight": {0: 0.5, 1: 2.0}},
        {"sample_weight": np.where(y[:, 0] == 1, 2.0, 0.5)},
    ):
        kerata.utils.set_random_seed(3)
        model = _linear_model()
        model.compile(optimizer="sgd", loss="binary_crossentropy")
        model.fit(x, y, batch_size=4, shuffle=False, verbose=0, **kwargs)
        results.append(model.layers[0].get_weights()[0])
    np.testing.assert_allclose(results[0], results[1], rtol=1e-6)


@trainable
def test_history_has_validation_entries():
    x, y = _data(20)
    model = _linear_model()
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    history = model.fit(x, y, epochs=2, validation_split=0.25, verbose=0)
    assert sorted(history.history) == ["loss", "mae", "val_loss", "val_mae"]
    assert all(len(v) == 2 for v in history.history.values())
    assert all(isinstance(v, float) for v in history.history["val_loss"])
    # The held-out part is the last quarter: evaluating on it agrees.
    val = model.evaluate(x[15:], y[15:], verbose=0, return_dict=True)
    assert val["loss"] == pytest.approx(history.history["val_loss"][-1])


@trainable
def test_validation_data_and_freq():
    x, y = _data(16)
    model = _linear_model()
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(
        x,
        y,
        epochs=4,
        validation_data=(x[:4], y[:4]),
        validation_freq=2,
        verbose=0,
    )
    assert len(history.history["loss"]) == 4
    assert len(history.history["val_loss"]) == 2


def test_evaluate_return_forms():
    x, y = _data()
    kernel = np.zeros((3, 1), "float32")
    model = _linear_model(kernel=kernel, bias=np.zeros((1,), "float32"))
    model.compile(loss="mae", metrics=["mse"])
    values = model.evaluate(x, y, batch_size=3, verbose=0)
    expected_mae = float(np.abs(y).mean())
    expected_mse = float((y**2).mean())
    assert values == pytest.approx([expected_mae, expected_mse], rel=1e-5)
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    assert logs == pytest.approx({"loss": expected_mae, "mse": expected_mse})
    model.compile(loss="mae")
    assert model.evaluate(x, y, verbose=0) == pytest.approx(expected_mae)


def test_predict_concatenates_batches():
    x, _ = _data(10)
    model = _linear_model(units=2)
    out = model.predict(x, batch_size=3, verbose=0)
    assert isinstance(out, np.ndarray)
    assert out.shape == (10, 2)
    np.testing.assert_allclose(
        out, kerata.ops.convert_to_numpy(model(x)), rtol=1e-5, atol=1e-6
    )
    np.testing.assert_allclose(
        model.predict_on_batch(x[:4]), out[:4], rtol=1e-5, atol=1e-6
    )


def test_predict_dict_outputs():
    inputs = kerata.Input((3,))
    outputs = {
        "a": layers.Dense(2, name="a")(inputs),
        "b": layers.Dense(1, name="b")(inputs),
    }
    model = kerata.Model(inputs, outputs)
    out = model.predict(np.ones((5, 3), "float32"), verbose=0)
    assert sorted(out) == ["a", "b"]
    assert out["a"].shape == (5, 2)
    assert out["b"].shape == (5, 1)


@trainable
def test_multi_output_dict_names_and_weights():
    inputs = kerata.Input((4,))
    hidden = layers.Dense(8)(inputs)
    model = kerata.Model(
        inputs,
        {
            "a": layers.Dense(3, activation="softmax", name="a")(hidden),
            "b": layers.Dense(1, name="b")(hidden),
        },
    )
    model.compile(
        "adam",
        loss={"a": "sparse_categorical_crossentropy", "b": "mse"},
        metrics={"a": ["accuracy"], "b": ["mae"]},
        loss_weights={"a": 1.0, "b": 0.5},
    )
    rng = np.random.default_rng(0)
    x = rng.random((10, 4)).astype("float32")
    ya = rng.integers(0, 3, (10,))
    yb = rng.random((10, 1)).astype("float32")
    history = model.fit(x, {"a": ya, "b": yb}, batch_size=4, verbose=0)
    # The same keys as Keras 3 gives for this model.
    assert sorted(history.history) == [
        "a_accuracy",
        "a_loss",
        "b_loss",
        "b_mae",
        "loss",
    ]
    logs = model.evaluate(x, {"a": ya, "b": yb}, verbose=0, return_dict=True)
    assert logs["loss"] == pytest.approx(
        logs["a_loss"] + 0.5 * logs["b_loss"], rel=1e-5
    )
    values = model.evaluate(x, {"a": ya, "b": yb}, verbose=0)
    assert values == pytest.approx(
        [
            logs["loss"],
            logs["a_loss"],
            logs["b_loss"],
            logs["a_accuracy"],
            logs["b_mae"],
        ]
    )
    assert model.metrics_names[:2] == ["loss", "compile_metrics"]


@trainable
def test_multi_output_list_losses():
    inputs = kerata.Input((4,))
    model = kerata.Model(
        inputs,
        [layers.Dense(1, name="p")(inputs), layers.Dense(1, name="q")(inputs)],
    )
    model.compile("sgd", loss=["mse", "mae"], metrics=[["mae"], ["mse"]])
    x = np.ones((6, 4), "float32")
    history = model.fit(x, [np.zeros((6, 1)), np.ones((6, 1))], verbose=0)
    assert sorted(history.history) == [
        "loss",
        "p_loss",
        "p_mae",
        "q_loss",
        "q_mse",
    ]
    with pytest.raises(ValueError, match="2 outputs"):
        model.fit(x, [np.zeros((6, 1))] * 3, verbose=0)


@pytest.mark.parametrize(
    ("loss", "y", "expected"),
    [
        ("binary_crossentropy", np.zeros((4, 1)), "BinaryAccuracy"),
        ("sparse_categorical_crossentropy", np.zeros((4,)), "SparseCat"),
        ("categorical_crossentropy", np.eye(3)[[0, 1, 2, 0]], "Categorical"),
    ],
)
def test_accuracy_resolves_from_loss(loss, y, expected):
    units = 1 if expected == "BinaryAccuracy" else 3
    model = kerata.Sequential(
        [kerata.Input((2,)), layers.Dense(units, activation="sigmoid")]
    )
    model.compile(loss=loss, metrics=["accuracy"])
    model.evaluate(np.ones((4, 2), "float32"), y, verbose=0)
    (metric,) = model.metrics[1].metrics
    assert type(metric).__name__.startswith(expected)
    assert metric.name == "accuracy"


@trainable
def test_add_loss_and_regularizers_are_included():
    class Penalized(kerata.layers.Layer):
        def call(self, x):
            self.add_loss(kerata.ops.sum(x) * 0.0 + 1.5)
            return x

    model = kerata.Sequential(
        [
            kerata.Input((3,)),
            layers.Dense(
                1,
                kernel_initializer="ones",
                kernel_regularizer=kerata.regularizers.L2(0.1),
            ),
            Penalized(),
        ]
    )
    model.compile(optimizer="sgd", loss="mse")
    x = np.zeros((4, 3), "float32")
    y = np.zeros((4, 1), "float32")
    loss = model.evaluate(x, y, verbose=0)
    # mse 0 + L2 0.1 * 3 + the added 1.5.
    assert loss == pytest.approx(1.8, rel=1e-6)
    logs = model.train_on_batch(x, y, return_dict=True)
    assert logs["loss"] == pytest.approx(1.8, rel=1e-6)


@trainable
def test_custom_train_step_and_compute_loss():
    class Custom(kerata.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(1)
            self.calls = 0

        def call(self, x):
            return self.dense(x)

        def compute_loss(self, x=None, y=None, y_pred=None, **kwargs):
            self.calls += 1
            return kerata.ops.mean(kerata.ops.abs(y - y_pred)) * 2.0

    model = Custom()
    model.compile(optimizer="sgd")
    x, y = _data()
    history = model.fit(x, y, batch_size=4, verbose=0)
    # Traced once under jax.jit, called per batch when eager.
    assert model.calls >= 1
    assert history.history["loss"][0] > 0

    class OwnStep(kerata.Sequential):
        def train_step(self, data):
            return {"custom": 7.0}

    own = OwnStep([kerata.Input((3,)), layers.Dense(1)])
    own.compile(optimizer="sgd", loss="mse")
    history = own.fit(x, y, verbose=0)
    assert history.history == {"custom": [7.0]}


@trainable
def test_stop_training_from_callback():
    class StopAfterTwo(kerata.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                self.model.stop_training = True

    x, y = _data()
    model = _linear_model()
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, y, epochs=10, callbacks=[StopAfterTwo()], verbose=0)
    assert history.epoch == [0, 1]


@trainable
def test_batch_hooks_and_steps_per_execution():
    seen = []

    class Record(kerata.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append(
                (batch, float(kerata.ops.convert_to_numpy(logs["loss"])))
            )

    x, y = _data(12)
    model = _linear_model()
    model.compile(optimizer="sgd", loss="mse", steps_per_execution=2)
    model.fit(x, y, batch_size=2, callbacks=[Record()], verbose=0)
    assert [b for b, _ in seen] == [1, 3, 5]


@trainable
def test_reproducible_with_seed():
    rng = np.random.default_rng(0)
    x = rng.random((64, 5)).astype("float32")
    y = rng.integers(0, 3, (64,))

    def train():
        kerata.utils.set_random_seed(1234)
        model = kerata.Sequential(
            [
                kerata.Input((5,)),
                layers.Dense(16, activation="relu"),
                layers.Dropout(0.3),
                layers.Dense(3),
            ]
        )
        model.compile(
            "adam",
            kerata.losses.SparseCategoricalCrossentropy(from_logits=True),
        )
        model.fit(x, y, batch_size=8, epochs=2, shuffle=True, verbose=0)
        return model.get_weights()

    first, second = train(), train()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


@trainable
def test_generator_and_pydataset_inputs():
    x, y = _data(12)

    def gen():
        for i in range(0, 12, 4):
            yield x[i : i + 4], y[i : i + 4]

    class Batches(kerata.utils.PyDataset):
        def __len__(self):
            return 3

        def __getitem__(self, i):
            return x[4 * i : 4 * i + 4], y[4 * i : 4 * i + 4]

    model = _linear_model()
    model.compile(optimizer="sgd", loss="mse")
    h1 = model.fit(gen(), shuffle=False, verbose=0)
    h2 = model.fit(Batches(), epochs=2, shuffle=False, verbose=0)
    assert len(h1.history["loss"]) == 1
    assert len(h2.history["loss"]) == 2
    assert model.evaluate(Batches(), verbose=0) > 0


@run_if(trainable=True, module="torch")
def test_torch_dataloader_input():
    import torch

    x, y = _data(12)
    dataset = torch.utils.data.TensorDataset(
        torch.from_numpy(x), torch.from_numpy(y)
    )
    loader = torch.utils.data.DataLoader(dataset, batch_size=4)
    model = _linear_model()
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(loader, epochs=2, shuffle=False, verbose=0)
    assert len(history.history["loss"]) == 2


@trainable
def test_train_and_test_on_batch():
    x, y = _data()
    model = _linear_model()
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    loss, mae = model.train_on_batch(x, y)
    assert isinstance(loss, float)
    assert isinstance(mae, float)
    logs = model.test_on_batch(x, y, return_dict=True)
    assert sorted(logs) == ["loss", "mae"]
    assert logs["loss"] < loss


@trainable
def test_ema_finalizes_weights():
    x, y = _data()
    model = _linear_model()
    model.compile(
        optimizer=kerata.optimizers.SGD(0.1, use_ema=True), loss="mse"
    )
    model.fit(x, y, epochs=2, verbose=0)
    average = model.optimizer._averages[0].numpy()
    np.testing.assert_allclose(model.layers[0].kernel.numpy(), average)


@pytest.mark.skipif(backend.backend() != "jax", reason="jax jit vs eager")
def test_jax_jit_and_eager_agree():
    x, y = _data(16)
    weights = []
    for eager in (False, True):
        kerata.utils.set_random_seed(5)
        model = _linear_model()
        model.compile("adam", "mse", run_eagerly=eager)
        model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
        weights.append(model.get_weights())
    for a, b in zip(*weights):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@pytest.mark.skipif(
    getattr(backend.core, "SUPPORTS_TRAINING", False),
    reason="only inference-only backends refuse to train",
)
def test_inference_only_backend_refuses_fit():
    x, y = _data()
    model = _linear_model()
    model.compile(optimizer="sgd", loss="mse")
    assert model.evaluate(x, y, verbose=0) > 0
    with pytest.raises(NotImplementedError, match="cannot train"):
        model.fit(x, y, verbose=0)


def test_errors_are_clear():
    x, y = _data()
    model = _linear_model()
    with pytest.raises(ValueError, match="compile"):
        model.fit(x, y, verbose=0)
    with pytest.raises(ValueError, match="compile"):
        model.evaluate(x, y, verbose=0)
    with pytest.raises(TypeError, match="list or a dict"):
        model.compile(loss="mse", metrics="mae")
    with pytest.raises(ValueError, match="steps_per_execution"):
        model.compile(loss="mse", steps_per_execution=0)
    with pytest.raises(ValueError, match="jit_compile"):
        model.compile(loss="mse", jit_compile="yes")
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(TypeError, match="epochs"):
        model.fit(x, y, epochs=1.5, verbose=0)
    with pytest.raises(ValueError, match="verbose"):
        model.fit(x, y, verbose=5)


@trainable
def test_fit_convnet_with_every_pooling():
    # Gradients must flow through each pooling layer on every backend
    # (JAX needs its differentiable max-pool primitive).
    kerata.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.random((16, 8, 8, 1)).astype("float32")
    y = rng.integers(0, 2, (16,))
    inputs = kerata.Input((8, 8, 1))
    h = layers.Conv2D(4, 3, padding="same", activation="relu")(inputs)
    a = layers.GlobalMaxPooling2D()(layers.MaxPooling2D(2)(h))
    b = layers.GlobalAveragePooling2D()(layers.AveragePooling2D(2)(h))
    outputs = layers.Dense(2)(layers.Concatenate()([a, b]))
    model = kerata.Model(inputs, outputs)
    model.compile(
        "adam", kerata.losses.SparseCategoricalCrossentropy(from_logits=True)
    )
    before = [w.copy() for w in model.get_weights()]
    model.fit(x, y, batch_size=8, epochs=2, verbose=0)
    after = model.get_weights()
    assert all(not np.array_equal(p, q) for p, q in zip(before, after))


@pytest.mark.skipif(backend.backend() != "torch", reason="torch.compile")
@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::DeprecationWarning")
def test_torch_compile_matches_eager():
    x, y = _data(16)
    weights = []
    for jit in (False, True):
        kerata.utils.set_random_seed(5)
        model = _linear_model()
        model.compile("adam", "mse", metrics=["mae"], jit_compile=jit)
        assert model.jit_compile is jit
        model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
        weights.append(model.get_weights())
    for a, b in zip(*weights):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@trainable
def test_no_metric_reads_per_step():
    # Batch logs are lazy: with no callback reading them, the metrics'
    # values are computed once per epoch, not once per step.
    x, y = _data(32)
    model = _linear_model()
    model.compile("sgd", "mse", metrics=["mae"])
    calls = []
    original = model.get_metrics_result

    def counting():
        calls.append(1)
        return original()

    model.get_metrics_result = counting
    model.fit(x, y, batch_size=4, epochs=2, verbose=0)
    if backend.backend() == "jax":
        # The jitted step computes the logs inside the trace, once.
        assert len(calls) <= 4
    else:
        assert len(calls) == 2


@trainable
def test_multi_input_dict_data():
    a = kerata.Input((2,), name="a")
    b = kerata.Input((3,), name="b")
    merged = layers.Concatenate()([a, b])
    model = kerata.Model({"a": a, "b": b}, layers.Dense(1)(merged))
    model.compile("sgd", "mse")
    x = {"a": np.ones((6, 2), "float32"), "b": np.zeros((6, 3), "float32")}
    history = model.fit(x, np.ones((6, 1)), batch_size=4, verbose=0)
    assert len(history.history["loss"]) == 1
    assert model.predict(x, verbose=0).shape == (6, 1)


@trainable
def test_auto_verbose_in_a_log_file_prints_one_line_per_epoch(capsys):
    x, y = _data(64)
    model = _linear_model()
    model.compile("sgd", "mse")
    model.fit(x, y, batch_size=4, epochs=3)  # verbose="auto", not a tty
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Epoch 1/3"
    assert len(lines) == 6
    assert lines[1].startswith("16/16 - ")
    assert "\r" not in "".join(lines)


@trainable
def test_get_weights_is_a_snapshot():
    x, y = _data()
    model = _linear_model()
    model.compile("sgd", "mse")
    before = model.get_weights()
    model.fit(x, y, verbose=0)
    after = model.get_weights()
    assert not np.array_equal(before[0], after[0])


@trainable
def test_weights_keep_their_order_after_fit():
    # The trainers cache variable lists on the model; those caches must
    # not be tracked as the model's own weights.
    model = kerata.Sequential(
        [
            kerata.Input((3,)),
            layers.Dense(4),
            layers.BatchNormalization(),
            layers.Dense(1),
        ]
    )
    before = [v.path for v in model.weights]
    model.compile("sgd", "mse")
    x, y = _data()
    model.fit(x, y, verbose=0)
    assert [v.path for v in model.weights] == before
    assert len(model.weights) == 8
