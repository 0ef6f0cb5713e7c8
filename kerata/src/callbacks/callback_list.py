"""`CallbackList`: calls every hook of a list of callbacks at once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback import Callback
from kerata.src.callbacks.history import History
from kerata.src.callbacks.logs_utils import pythonify_logs
from kerata.src.callbacks.progbar_logger import ProgbarLogger

# Batch hook -> the hooks whose override means a callback must be called
# for it (a train batch hook also runs the legacy `on_batch_*` alias).
_BATCH_HOOKS = {
    "on_train_batch_begin": ("on_train_batch_begin", "on_batch_begin"),
    "on_train_batch_end": ("on_train_batch_end", "on_batch_end"),
    "on_test_batch_begin": ("on_test_batch_begin",),
    "on_test_batch_end": ("on_test_batch_end",),
    "on_predict_batch_begin": ("on_predict_batch_begin",),
    "on_predict_batch_end": ("on_predict_batch_end",),
}


def _overrides(callback: Any, names: tuple) -> bool:
    for name in names:
        method = getattr(callback, name)
        # A function set on the instance (LambdaCallback) has no __func__.
        if getattr(method, "__func__", None) is not getattr(Callback, name):
            return True
    return False


@kerata_export("kerata.callbacks.CallbackList")
class CallbackList(Callback):
    """Calls each hook on every callback of a list, in order.

    `fit`, `evaluate` and `predict` wrap their callbacks in one of these.
    Batch hooks call only the callbacks that override them, chosen when a
    callback is added, so callbacks that only watch epochs cost nothing per
    step. A callback whose batch methods are replaced after it was added is
    not noticed: add callbacks with `append` once they are set up.

    Args:
        callbacks: List of `Callback` instances (or a single one).
        add_history: Whether to add a `History` callback if the list has
            none.
        add_progbar: Whether to add a `ProgbarLogger` callback if the list
            has none.
        model: The model the callbacks are used with.
        **params: Training parameters passed to each callback's
            `set_params` (e.g. `verbose`, `epochs`, `steps`).

    Example:

    >>> history = kerata.callbacks.History()
    >>> callbacks = kerata.callbacks.CallbackList([history], epochs=1)
    >>> callbacks.on_train_begin()
    >>> callbacks.on_epoch_end(0, {"loss": 0.5})
    >>> history.history, history.params
    ({'loss': [0.5]}, {'epochs': 1})
    """

    def __init__(
        self,
        callbacks: Any = None,
        add_history: bool = False,
        add_progbar: bool = False,
        model: Any = None,
        **params: Any,
    ):
        super().__init__()
        self.callbacks: list = []
        # Hook name -> callbacks overriding it; see `_BATCH_HOOKS`.
        self._batch_callbacks: dict[str, list] = {h: [] for h in _BATCH_HOOKS}
        self._train_batch_begin = self._batch_callbacks["on_train_batch_begin"]
        self._train_batch_end = self._batch_callbacks["on_train_batch_end"]
        self._test_batch_begin = self._batch_callbacks["on_test_batch_begin"]
        self._test_batch_end = self._batch_callbacks["on_test_batch_end"]
        self._predict_batch_begin = self._batch_callbacks[
            "on_predict_batch_begin"
        ]
        self._predict_batch_end = self._batch_callbacks["on_predict_batch_end"]
        if isinstance(callbacks, Callback):
            callbacks = [callbacks]
        for callback in callbacks or ():
            self._add(callback)
        self._history = self._find(History)
        self._progbar = self._find(ProgbarLogger)
        if self._history is None and add_history:
            self._history = History()
            self._add(self._history)
        if self._progbar is None and add_progbar:
            self._progbar = ProgbarLogger()
            self._add(self._progbar)
        self.set_model(model)
        self.set_params(params)

    def _find(self, cls: type) -> Any:
        for callback in self.callbacks:
            if isinstance(callback, cls):
                return callback
        return None

    def _add(self, callback: Any) -> None:
        if not isinstance(callback, Callback):
            raise TypeError(
                "Callbacks must be instances of `kerata.callbacks.Callback`. "
                f"Received: {callback!r} of type {type(callback).__name__}"
            )
        self.callbacks.append(callback)
        for hook, names in _BATCH_HOOKS.items():
            if _overrides(callback, names):
                self._batch_callbacks[hook].append(callback)

    def append(self, callback: Callback) -> None:
        """Adds a callback at the end of the list.

        Example:

        >>> callbacks = kerata.callbacks.CallbackList()
        >>> callbacks.append(kerata.callbacks.History())
        >>> len(list(callbacks))
        1
        """
        self._add(callback)
        if self._model is not None:
            callback.set_model(self._model)
        if self.params:
            callback.set_params(self.params)

    def __iter__(self) -> Iterator[Callback]:
        return iter(self.callbacks)

    def set_params(self, params: dict) -> None:
        """Stores `params` and passes them to every callback."""
        self.params = params
        if params:
            for callback in self.callbacks:
                callback.set_params(params)

    def set_model(self, model: Any) -> None:
        """Attaches `model` to every callback."""
        if model is None:
            return
        super().set_model(model)
        if self._history is not None:
            model.history = self._history
        for callback in self.callbacks:
            callback.set_model(model)

    # Batch hooks: the per-step path. Logs go through untouched (they may
    # be lazy), and an empty list costs one attribute read.

    def on_batch_begin(self, batch: int, logs: Any = None) -> None:
        for callback in self.callbacks:
            callback.on_batch_begin(batch, logs)

    def on_batch_end(self, batch: int, logs: Any = None) -> None:
        for callback in self.callbacks:
            callback.on_batch_end(batch, logs)

    def on_train_batch_begin(self, batch: int, logs: Any = None) -> None:
        if self._train_batch_begin:
            for callback in self._train_batch_begin:
                callback.on_train_batch_begin(batch, logs)

    def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
        if self._train_batch_end:
            for callback in self._train_batch_end:
                callback.on_train_batch_end(batch, logs)

    def on_test_batch_begin(self, batch: int, logs: Any = None) -> None:
        if self._test_batch_begin:
            for callback in self._test_batch_begin:
                callback.on_test_batch_begin(batch, logs)

    def on_test_batch_end(self, batch: int, logs: Any = None) -> None:
        if self._test_batch_end:
            for callback in self._test_batch_end:
                callback.on_test_batch_end(batch, logs)

    def on_predict_batch_begin(self, batch: int, logs: Any = None) -> None:
        if self._predict_batch_begin:
            for callback in self._predict_batch_begin:
                callback.on_predict_batch_begin(batch, logs)

    def on_predict_batch_end(self, batch: int, logs: Any = None) -> None:
        if self._predict_batch_end:
            for callback in self._predict_batch_end:
                callback.on_predict_batch_end(batch, logs)

    # Epoch and run hooks: rare, so their logs are made plain floats here.

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        logs = pythonify_logs(logs)
        for callback in self.callbacks:
            callback.on_epoch_begin(epoch, logs)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = pythonify_logs(logs)
        for callback in self.callbacks:
            callback.on_epoch_end(epoch, logs)

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._call_all("on_train_begin", logs)

    def on_train_end(self, logs: dict | None = None) -> None:
        self._call_all("on_train_end", logs)

    def on_test_begin(self, logs: dict | None = None) -> None:
        self._call_all("on_test_begin", logs)

    def on_test_end(self, logs: dict | None = None) -> None:
        self._call_all("on_test_end", logs)

    def on_predict_begin(self, logs: dict | None = None) -> None:
        self._call_all("on_predict_begin", logs)

    def on_predict_end(self, logs: dict | None = None) -> None:
        self._call_all("on_predict_end", logs)

    def _call_all(self, hook: str, logs: Any) -> None:
        logs = pythonify_logs(logs)
        for callback in self.callbacks:
            getattr(callback, hook)(logs)
