"""`Callback`: the base class of objects that hook into training loops."""

from __future__ import annotations

from typing import Any

from kerata.src.api_export import kerata_export


@kerata_export("kerata.callbacks.Callback")
class Callback:
    """Base class for objects called at points of `fit`, `evaluate`, `predict`.

    Subclass it and override the hooks you need; the others do nothing.
    Every hook receives a `logs` dict (or `None`). Epoch-level logs
    (`on_epoch_end`, `on_train_end`, `on_test_end`) are dicts of Python
    floats, e.g. `{"loss": 0.2, "val_loss": 0.3}`. Batch-level logs hold the
    current metric values as scalar tensors that may be computed only when
    read: read them only when you need them (reading forces a device-to-host
    copy), and convert with `float(kerata.ops.convert_to_numpy(value))`.

    Callbacks that override no batch hook cost nothing per step.

    Attributes:
        params: Dict of training parameters (`verbose`, `epochs`, `steps`).
        model: The model being trained, evaluated or used for prediction.

    Example:

    >>> class CountEpochs(kerata.callbacks.Callback):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.count = 0
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         self.count += 1
    >>> callback = CountEpochs()
    >>> callback.on_epoch_end(0, {"loss": 0.5})
    >>> callback.count
    1
    """

    def __init__(self) -> None:
        self.params: dict | None = None
        self._model: Any = None

    def set_params(self, params: dict) -> None:
        """Stores the training parameters as `self.params`."""
        self.params = params

    def set_model(self, model: Any) -> None:
        """Stores the model that `self.model` returns."""
        self._model = model

    @property
    def model(self) -> Any:
        """The model these callbacks are attached to."""
        # A trainer that keeps weights outside the model's variables while
        # it runs (Keras's JAX trainer) writes them back before a callback
        # sees the model.
        sync = getattr(self._model, "jax_state_sync", None)
        if sync is not None:
            sync()
        return self._model

    def on_batch_begin(self, batch: int, logs: Any = None) -> None:
        """Alias of `on_train_batch_begin`, kept for Keras compatibility."""

    def on_batch_end(self, batch: int, logs: Any = None) -> None:
        """Alias of `on_train_batch_end`, kept for Keras compatibility."""

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        """Called at the start of an epoch of `fit`.

        Args:
            epoch: Index of the epoch, from 0.
            logs: Currently empty; reserved.
        """

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Called at the end of an epoch of `fit`.

        Args:
            epoch: Index of the epoch, from 0.
            logs: Metric results of the epoch (floats), with validation
                results prefixed by `val_` when there was validation.
        """

    def on_train_batch_begin(self, batch: int, logs: Any = None) -> None:
        """Called before a training batch; calls `on_batch_begin`.

        Args:
            batch: Index of the batch within the epoch.
            logs: Currently empty; reserved.
        """
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
        """Called after a training batch; calls `on_batch_end`.

        Args:
            batch: Index of the batch within the epoch.
            logs: Mapping of metric name to current value (may be lazy
                scalar tensors; see the class docstring).
        """
        self.on_batch_end(batch, logs=logs)

    def on_test_batch_begin(self, batch: int, logs: Any = None) -> None:
        """Called before a batch of `evaluate` (or of validation in `fit`).

        Args:
            batch: Index of the batch.
            logs: Currently empty; reserved.
        """

    def on_test_batch_end(self, batch: int, logs: Any = None) -> None:
        """Called after a batch of `evaluate` (or of validation in `fit`).

        Args:
            batch: Index of the batch.
            logs: Mapping of metric name to current value (may be lazy).
        """

    def on_predict_batch_begin(self, batch: int, logs: Any = None) -> None:
        """Called before a batch of `predict`.

        Args:
            batch: Index of the batch.
            logs: Currently empty; reserved.
        """

    def on_predict_batch_end(self, batch: int, logs: Any = None) -> None:
        """Called after a batch of `predict`.

        Args:
            batch: Index of the batch.
            logs: Dict with the batch's `outputs`.
        """

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Called at the start of `fit`."""

    def on_train_end(self, logs: dict | None = None) -> None:
        """Called at the end of `fit`, with the last epoch's logs."""

    def on_test_begin(self, logs: dict | None = None) -> None:
        """Called at the start of `evaluate` or of a validation run."""

    def on_test_end(self, logs: dict | None = None) -> None:
        """Called at the end of `evaluate` or of a validation run, with its
        metric results (floats)."""

    def on_predict_begin(self, logs: dict | None = None) -> None:
        """Called at the start of `predict`."""

    def on_predict_end(self, logs: dict | None = None) -> None:
        """Called at the end of `predict`."""
