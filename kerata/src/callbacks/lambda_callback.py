"""`LambdaCallback`: a callback built from plain functions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback import Callback


@kerata_export("kerata.callbacks.LambdaCallback")
class LambdaCallback(Callback):
    """A callback whose hooks are the functions you pass.

    Epoch hooks take `(epoch, logs)`, batch hooks `(batch, logs)`, and the
    train begin/end hooks `(logs)`. Any other hook of `Callback` can be
    given by name as a keyword argument, e.g. `on_test_end=fn`; as in
    Keras, every keyword argument becomes an attribute.

    Args:
        on_epoch_begin: Called at the start of every epoch.
        on_epoch_end: Called at the end of every epoch.
        on_train_begin: Called at the start of training.
        on_train_end: Called at the end of training.
        on_train_batch_begin: Called before every training batch.
        on_train_batch_end: Called after every training batch.
        **kwargs: Other `Callback` hooks (or attributes), by name.

    Example:

    >>> seen = []
    >>> callback = kerata.callbacks.LambdaCallback(
    ...     on_epoch_end=lambda epoch, logs: seen.append((epoch, logs["loss"]))
    ... )
    >>> callback.on_epoch_end(0, {"loss": 0.5})
    >>> seen
    [(0, 0.5)]
    """

    def __init__(
        self,
        on_epoch_begin: Callable | None = None,
        on_epoch_end: Callable | None = None,
        on_train_begin: Callable | None = None,
        on_train_end: Callable | None = None,
        on_train_batch_begin: Callable | None = None,
        on_train_batch_end: Callable | None = None,
        **kwargs: Any,
    ):
        super().__init__()
        hooks = dict(
            kwargs,
            on_epoch_begin=on_epoch_begin,
            on_epoch_end=on_epoch_end,
            on_train_begin=on_train_begin,
            on_train_end=on_train_end,
            on_train_batch_begin=on_train_batch_begin,
            on_train_batch_end=on_train_batch_end,
        )
        for name, function in hooks.items():
            if function is not None:
                setattr(self, name, function)
