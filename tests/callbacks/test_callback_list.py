import pytest

import kerata
from kerata import callbacks
from kerata.src.callbacks.callback import Callback

_HOOKS = [
    "on_train_begin",
    "on_train_end",
    "on_epoch_begin",
    "on_epoch_end",
    "on_train_batch_begin",
    "on_train_batch_end",
    "on_test_begin",
    "on_test_end",
    "on_test_batch_begin",
    "on_test_batch_end",
    "on_predict_begin",
    "on_predict_end",
    "on_predict_batch_begin",
    "on_predict_batch_end",
]


class Recorder(Callback):
    """Records every hook call as (name, hook, index)."""

    def __init__(self, name, calls):
        super().__init__()
        self.name = name
        self.calls = calls

    def __getattribute__(self, attr):
        if attr in _HOOKS:
            calls, name = self.calls, self.name

            def record(*args, logs=None):
                index = tuple(a for a in args[:1] if isinstance(a, int))
                calls.append((name, attr) + index)

            record.__name__ = attr
            return record
        return super().__getattribute__(attr)


def _fake_fit(callback_list, epochs=2, steps=3, validation_steps=2):
    callback_list.on_train_begin()
    for epoch in range(epochs):
        callback_list.on_epoch_begin(epoch)
        for step in range(steps):
            callback_list.on_train_batch_begin(step)
            callback_list.on_train_batch_end(step, {"loss": 1.0})
        callback_list.on_test_begin()
        for step in range(validation_steps):
            callback_list.on_test_batch_begin(step)
            callback_list.on_test_batch_end(step, {"loss": 1.0})
        callback_list.on_test_end({"loss": 1.0})
        callback_list.on_epoch_end(epoch, {"loss": 1.0, "val_loss": 1.0})
    callback_list.on_train_end({"loss": 1.0})


def test_hooks_run_in_loop_order():
    calls = []
    _fake_fit(callbacks.CallbackList([Recorder("a", calls)]), epochs=1)
    hooks = [call[1:] for call in calls]
    assert hooks == [
        ("on_train_begin",),
        ("on_epoch_begin", 0),
        ("on_train_batch_begin", 0),
        ("on_train_batch_end", 0),
        ("on_train_batch_begin", 1),
        ("on_train_batch_end", 1),
        ("on_train_batch_begin", 2),
        ("on_train_batch_end", 2),
        ("on_test_begin",),
        ("on_test_batch_begin", 0),
        ("on_test_batch_end", 0),
        ("on_test_batch_begin", 1),
        ("on_test_batch_end", 1),
        ("on_test_end",),
        ("on_epoch_end", 0),
        ("on_train_end",),
    ]


def test_every_callback_is_called_in_list_order():
    calls = []
    first, second = Recorder("a", calls), Recorder("b", calls)
    _fake_fit(callbacks.CallbackList([first, second]), epochs=3, steps=4)
    names = [call[0] for call in calls]
    assert names == ["a", "b"] * (len(calls) // 2)
    counts = {}
    for call in calls:
        if call[0] == "a":
            counts[call[1]] = counts.get(call[1], 0) + 1
    assert counts["on_train_batch_end"] == 12
    assert counts["on_test_batch_end"] == 6
    assert counts["on_epoch_end"] == 3
    assert counts["on_train_begin"] == counts["on_train_end"] == 1


def test_predict_hooks():
    calls = []
    callback_list = callbacks.CallbackList([Recorder("a", calls)])
    callback_list.on_predict_begin()
    callback_list.on_predict_batch_begin(0)
    callback_list.on_predict_batch_end(0, {"outputs": None})
    callback_list.on_predict_end()
    assert [call[1] for call in calls] == [
        "on_predict_begin",
        "on_predict_batch_begin",
        "on_predict_batch_end",
        "on_predict_end",
    ]


class EpochOnly(Callback):
    def __init__(self):
        super().__init__()
        self.epochs = 0

    def on_epoch_end(self, epoch, logs=None):
        self.epochs += 1


class LegacyBatchEnd(Callback):
    def __init__(self):
        super().__init__()
        self.batches = []

    def on_batch_end(self, batch, logs=None):
        self.batches.append(batch)


def test_batch_hooks_skip_callbacks_that_do_not_override_them():
    epoch_only = EpochOnly()
    callback_list = callbacks.CallbackList([epoch_only, callbacks.History()])
    for hook in _HOOKS:
        if "batch" in hook:
            assert getattr(callback_list, "_" + hook[3:]) == []
    _fake_fit(callback_list)
    assert epoch_only.epochs == 2


def test_on_batch_end_override_runs_for_train_batches():
    legacy = LegacyBatchEnd()
    callback_list = callbacks.CallbackList([legacy])
    assert callback_list._train_batch_end == [legacy]
    assert callback_list._test_batch_end == []
    _fake_fit(callback_list, epochs=1, steps=3)
    assert legacy.batches == [0, 1, 2]


def test_default_train_batch_hooks_call_the_aliases():
    legacy = LegacyBatchEnd()
    legacy.on_train_batch_end(7)
    assert legacy.batches == [7]


def test_batch_logs_are_passed_through_unread():
    seen = []

    class Keep(Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append(logs)

    logs = object()  # Not even a mapping: the list must not touch it.
    callbacks.CallbackList([Keep()]).on_train_batch_end(0, logs)
    assert seen == [logs]


def test_epoch_logs_become_python_floats():
    history = callbacks.History()
    callback_list = callbacks.CallbackList([history])
    callback_list.on_train_begin()
    loss = kerata.ops.convert_to_tensor(0.5)
    callback_list.on_epoch_end(0, {"loss": loss, "name": "x"})
    assert history.history == {"loss": [0.5], "name": ["x"]}
    assert type(history.history["loss"][0]) is float


def test_append_registers_batch_hooks_model_and_params():
    model = _Model()
    callback_list = callbacks.CallbackList(model=model, epochs=2)
    legacy = LegacyBatchEnd()
    callback_list.append(legacy)
    assert list(callback_list) == [legacy]
    assert legacy.model is model
    assert legacy.params == {"epochs": 2}
    callback_list.on_train_batch_end(0)
    assert legacy.batches == [0]


class _Model:
    pass


def test_defaults_are_added_once():
    history = callbacks.History()
    callback_list = callbacks.CallbackList(
        [history], add_history=True, add_progbar=True
    )
    kinds = [type(c).__name__ for c in callback_list]
    assert kinds == ["History", "ProgbarLogger"]
    assert callback_list.callbacks[0] is history


def test_model_and_params_reach_every_callback():
    model = _Model()
    epoch_only = EpochOnly()
    callback_list = callbacks.CallbackList(
        epoch_only,
        add_history=True,
        model=model,
        verbose=2,
        epochs=3,
        steps=10,
    )
    params = {"verbose": 2, "epochs": 3, "steps": 10}
    assert all(c.model is model for c in callback_list)
    assert all(c.params == params for c in callback_list)
    assert model.history is callback_list.callbacks[1]


def test_model_property_syncs_trainer_state():
    class Model:
        syncs = 0

        def jax_state_sync(self):
            self.syncs += 1

    model = Model()
    callback = Callback()
    callback.set_model(model)
    assert callback.model is model
    assert model.syncs == 1


def test_rejects_objects_that_are_not_callbacks():
    with pytest.raises(TypeError, match="Callback"):
        callbacks.CallbackList([lambda: None])
