from kerata import callbacks


class _Model:
    pass


def _fit(callback_list, epochs):
    callback_list.on_train_begin()
    for epoch in range(epochs):
        callback_list.on_epoch_begin(epoch)
        logs = {"loss": 1.0 / (epoch + 1), "val_loss": 2.0 / (epoch + 1)}
        callback_list.on_epoch_end(epoch, logs)
    callback_list.on_train_end({"loss": 1.0 / epochs})


def test_history_records_each_epoch():
    model = _Model()
    callback_list = callbacks.CallbackList(add_history=True, model=model)
    _fit(callback_list, epochs=3)
    history = model.history
    assert isinstance(history, callbacks.History)
    assert history.epoch == [0, 1, 2]
    assert history.history == {
        "loss": [1.0, 0.5, 1.0 / 3],
        "val_loss": [2.0, 1.0, 2.0 / 3],
    }


def test_history_attaches_itself_at_train_begin():
    model = _Model()
    history = callbacks.History()
    history.set_model(model)
    history.on_train_begin()
    assert model.history is history


def test_history_restarts_epochs_at_train_begin():
    history = callbacks.History()
    callback_list = callbacks.CallbackList([history])
    _fit(callback_list, epochs=2)
    _fit(callback_list, epochs=1)
    assert history.epoch == [0]
    assert history.history["loss"] == [1.0, 0.5, 1.0]


def test_history_without_model():
    history = callbacks.History()
    history.on_train_begin()
    history.on_epoch_end(0)
    assert history.epoch == [0]
    assert history.history == {}
