import io
import json
import math
from collections.abc import Mapping

import numpy as np
import pytest

import kerata
from kerata import callbacks


class _Optimizer:
    learning_rate = 0.5


class _Model:
    optimizer = _Optimizer()


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


def _run(callback, epochs=2, steps=3, model=None):
    callback.set_model(model)
    callback.on_train_begin()
    for epoch in range(epochs):
        callback.on_epoch_begin(epoch)
        for step in range(steps):
            callback.on_train_batch_begin(step)
            callback.on_train_batch_end(step, {"loss": float(step)})
        callback.on_epoch_end(
            epoch, {"loss": 1.0 / (epoch + 1), "val_loss": 2.0}
        )
    callback.on_train_end()


def _records(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_one_record_per_epoch(tmp_path):
    path = tmp_path / "logs" / "train.jsonl"
    _run(callbacks.JSONLinesLogger(path), model=_Model())
    records = _records(path)
    assert [r["event"] for r in records] == ["epoch", "epoch"]
    assert [r["epoch"] for r in records] == [0, 1]
    assert [r["loss"] for r in records] == [1.0, 0.5]
    assert all(r["val_loss"] == 2.0 for r in records)
    assert all(r["learning_rate"] == 0.5 for r in records)
    assert all(r["epoch_seconds"] >= 0 for r in records)
    assert all(abs(r["time"] - records[0]["time"]) < 60 for r in records)


def test_step_records_every_steps_freq(tmp_path):
    path = tmp_path / "train.jsonl"
    _run(callbacks.JSONLinesLogger(str(path), steps_freq=2))
    records = _records(path)
    batches = [r for r in records if r["event"] == "batch"]
    assert [(r["epoch"], r["step"], r["global_step"]) for r in batches] == [
        (0, 1, 2),
        (1, 0, 4),
        (1, 2, 6),
    ]
    assert [r["loss"] for r in batches] == [1.0, 0.0, 2.0]
    assert "learning_rate" not in records[-1]


def test_batch_logs_not_read_without_steps_freq(tmp_path):
    callback = callbacks.JSONLinesLogger(tmp_path / "a.jsonl")
    logs = _LazyLogs({"loss": 1.0})
    callback.on_train_begin()
    callback.on_train_batch_end(0, logs)
    callback.on_train_end()
    assert logs.reads == 0


def test_append_or_truncate(tmp_path):
    path = tmp_path / "train.jsonl"
    _run(callbacks.JSONLinesLogger(path), epochs=1)
    _run(callbacks.JSONLinesLogger(path), epochs=1)
    assert len(_records(path)) == 1
    _run(callbacks.JSONLinesLogger(path, append=True), epochs=2)
    assert [r["epoch"] for r in _records(path)] == [0, 0, 1]


def test_non_finite_values_are_null(tmp_path):
    stream = io.StringIO()
    callback = callbacks.JSONLinesLogger(stream)
    callback.on_epoch_end(
        0, {"loss": math.nan, "acc": np.float32(0.25), "out": np.ones(3)}
    )
    record = json.loads(stream.getvalue())
    assert record["loss"] is None
    assert record["acc"] == 0.25
    assert "out" not in record


def test_binary_file_object_is_flushed_not_closed():
    stream = io.BytesIO()
    callback = callbacks.JSONLinesLogger(stream)
    _run(callback, epochs=1)
    assert not stream.closed
    lines = stream.getvalue().decode("utf-8").splitlines()
    assert json.loads(lines[0])["epoch"] == 0


def test_arguments_are_checked():
    with pytest.raises(TypeError, match="file"):
        callbacks.JSONLinesLogger(3)
    with pytest.raises(ValueError, match="steps_freq"):
        callbacks.JSONLinesLogger(io.StringIO(), steps_freq=-1)


@pytest.mark.requires_trainable_backend
def test_fit_writes_jsonl(tmp_path):
    model = kerata.Sequential([kerata.Input((2,)), kerata.layers.Dense(1)])
    model.compile(optimizer=kerata.optimizers.SGD(0.25), loss="mse")
    path = tmp_path / "fit.jsonl"
    history = model.fit(
        np.ones((4, 2), "float32"),
        np.zeros((4, 1), "float32"),
        batch_size=2,
        epochs=2,
        callbacks=[callbacks.JSONLinesLogger(path, steps_freq=1)],
        verbose=0,
    )
    records = _records(path)
    assert [r["event"] for r in records] == ["batch", "batch", "epoch"] * 2
    epochs = [r for r in records if r["event"] == "epoch"]
    assert [r["loss"] for r in epochs] == pytest.approx(history.history["loss"])
    assert all(r["learning_rate"] == 0.25 for r in epochs)
