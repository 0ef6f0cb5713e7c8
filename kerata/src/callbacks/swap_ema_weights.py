"""`SwapEMAWeights`: evaluates (and optionally saves) with EMA weights."""

from __future__ import annotations

from typing import Any

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback import Callback


def _ema_optimizers(optimizer: Any) -> list:
    """The optimizers, inside `optimizer`, that keep moving averages."""
    optimizer = getattr(optimizer, "inner_optimizer", optimizer)
    inner = getattr(optimizer, "optimizers", None)
    candidates = list(inner) if inner is not None else [optimizer]
    found = [o for o in candidates if getattr(o, "use_ema", False)]
    if not found:
        use_ema = getattr(optimizer, "use_ema", None)
        raise ValueError(
            "SwapEMAWeights must be used with an optimizer created with "
            f"`use_ema=True`. Received: use_ema={use_ema}. Pass e.g. "
            "`kerata.optimizers.SGD(use_ema=True)` to compile()."
        )
    for opt in found:
        if getattr(opt, "_averages", None) is None:
            raise ValueError(
                "SwapEMAWeights found no moving averages on the optimizer: "
                "it is not built yet. Train the model (or build the "
                "optimizer) before evaluating or predicting."
            )
    return found


def _swap(optimizer: Any) -> None:
    for variable, average in zip(
        optimizer._trainable_variables, optimizer._averages
    ):
        # Host copies: on some backends `value` aliases the storage that
        # `assign` writes to.
        weights = ops.convert_to_numpy(variable.value).copy()
        variable.assign(ops.convert_to_numpy(average.value).copy())
        average.assign(weights)


def _keep_model_values(optimizer: Any) -> None:
    for variable, average in zip(
        optimizer._trainable_variables, optimizer._averages
    ):
        average.assign(ops.convert_to_numpy(variable.value).copy())


@kerata_export("kerata.callbacks.SwapEMAWeights")
class SwapEMAWeights(Callback):
    """Swaps in the optimizer's EMA weights for evaluation and prediction.

    With an optimizer created with `use_ema=True`, the optimizer keeps an
    exponential moving average of the weights. This callback puts the
    averages into the model before validation, `evaluate` and `predict`
    (and, with `swap_on_epoch`, at the end of each epoch, so callbacks
    listed after it such as `ModelCheckpoint` see them), and puts the
    training weights back afterwards. Values are swapped in place; other
    callbacks must not change either set in the meantime.

    Args:
        swap_on_epoch: Whether to also swap at the end of each epoch and
            back at the start of the next one.

    Example:

    >>> kerata.utils.set_random_seed(0)
    >>> model = kerata.Sequential([kerata.Input((2,)),
    ...                            kerata.layers.Dense(1)])
    >>> model.compile(optimizer=kerata.optimizers.SGD(use_ema=True),
    ...               loss="mse")
    >>> model.optimizer.build(model.trainable_variables)
    >>> callback = kerata.callbacks.SwapEMAWeights()
    >>> callback.set_model(model)
    >>> callback.on_test_begin()
    >>> callback.on_test_end()
    >>> callback._ema_weights_in_model
    False
    """

    def __init__(self, swap_on_epoch: bool = False) -> None:
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._ema_weights_in_model = False

    def _swap_variables(self) -> None:
        for optimizer in _ema_optimizers(self.model.optimizer):
            _swap(optimizer)

    def _finalize_ema_values(self) -> None:
        for optimizer in _ema_optimizers(self.model.optimizer):
            _keep_model_values(optimizer)

    def _to_ema(self) -> None:
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def _to_training(self) -> None:
        if self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        if self.swap_on_epoch:
            self._to_training()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self.swap_on_epoch and not self._ema_weights_in_model:
            self._to_ema()
            # `fit` ends by copying the averages into the model; after
            # the last epoch the averages hold the training weights now,
            # so make them the EMA values again.
            epochs = (self.params or {}).get("epochs")
            if epochs is not None and epoch == epochs - 1:
                self._finalize_ema_values()

    def on_test_begin(self, logs: dict | None = None) -> None:
        self._to_ema()

    def on_test_end(self, logs: dict | None = None) -> None:
        self._to_training()

    def on_predict_begin(self, logs: dict | None = None) -> None:
        self._to_ema()

    def on_predict_end(self, logs: dict | None = None) -> None:
        self._to_training()
