from kerata import callbacks


def test_lambda_callback_calls_given_functions():
    calls = []
    callback = callbacks.LambdaCallback(
        on_train_begin=lambda logs: calls.append("train_begin"),
        on_epoch_begin=lambda epoch, logs: calls.append(("epoch", epoch)),
        on_epoch_end=lambda epoch, logs: calls.append(("end", logs["loss"])),
        on_train_batch_begin=lambda batch, logs: calls.append(("b", batch)),
        on_train_batch_end=lambda batch, logs: calls.append(("e", batch)),
        on_train_end=lambda logs: calls.append("train_end"),
        on_test_end=lambda logs: calls.append("test_end"),
    )
    callback_list = callbacks.CallbackList([callback])
    # Functions set on the instance count as overrides of batch hooks.
    assert callback_list._train_batch_begin == [callback]
    assert callback_list._train_batch_end == [callback]
    assert callback_list._test_batch_end == []
    callback_list.on_train_begin()
    callback_list.on_epoch_begin(0)
    callback_list.on_train_batch_begin(0)
    callback_list.on_train_batch_end(0, {"loss": 1.0})
    callback_list.on_test_begin()
    callback_list.on_test_end({"loss": 1.0})
    callback_list.on_epoch_end(0, {"loss": 0.5})
    callback_list.on_train_end()
    assert calls == [
        "train_begin",
        ("epoch", 0),
        ("b", 0),
        ("e", 0),
        "test_end",
        ("end", 0.5),
        "train_end",
    ]


def test_lambda_callback_leaves_other_hooks_as_no_ops():
    callback = callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: None)
    callback.on_train_begin()
    callback.on_train_batch_end(0, {"loss": 1.0})
    callback_list = callbacks.CallbackList([callback])
    assert callback_list._train_batch_end == []
