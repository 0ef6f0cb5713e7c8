"""`Trainer`: compile, fit, evaluate and predict, for every backend.

`Model` subclasses a `Trainer`. This class holds what does not depend on
the framework: argument checking, the epoch and batch loops, callbacks,
metrics and loss bookkeeping. Each trainable backend adds a mixin in
`backend/<name>/trainer.py` that supplies the step functions
(`make_train_function` and friends): an eager or torch.compile'd step on
torch, a jax.jit'ed pure step on JAX. Without one (the NumPy backend),
evaluate and predict run eagerly and fit raises.

Speed rules for the per-batch path: no structure matching (the compiled
loss and metrics resolve it once), no host sync (batch logs are computed
only when a callback reads them, see `LazyLogs`), and the model's
variable lists are collected once per fit, not once per step.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import ops
from kerata.src import optimizers as optimizers_module
from kerata.src import tree
from kerata.src.backend.common import config as config_module
from kerata.src.backend.common import global_state
from kerata.src.backend.common import stateless_scope
from kerata.src.layers import layer as layer_module
from kerata.src.metrics.metric import Metric
from kerata.src.metrics.reduction_metrics import Mean
from kerata.src.optimizers.loss_scale_optimizer import (
    maybe_wrap_for_mixed_precision,
)
from kerata.src.trainers import compile_utils


def _callback_list(*args: Any, **kwargs: Any) -> Any:
    from kerata.src.callbacks.callback_list import CallbackList

    return CallbackList(*args, **kwargs)


def _is_callback_list(value: Any) -> bool:
    from kerata.src.callbacks.callback_list import CallbackList

    return isinstance(value, CallbackList)


def _epoch_iterator(**kwargs: Any) -> Any:
    from kerata.src.trainers.epoch_iterator import EpochIterator

    return EpochIterator(**kwargs)


def _resolve_verbose(verbose: Any) -> Any:
    from kerata.src.utils import progbar

    return progbar.resolve_verbose(verbose)


class _AdapterUtils:
    """Imported on first use: the data adapters import the backend."""

    def __getattr__(self, name: str) -> Any:
        from kerata.src.trainers.data_adapters import data_adapter_utils

        return getattr(data_adapter_utils, name)


data_adapter_utils = _AdapterUtils()


def unpack_x_y_sample_weight(data: Any) -> tuple:
    """`(x, y, sample_weight)` from a batch tuple (fast path for the
    tuples the epoch iterator yields)."""
    if isinstance(data, tuple):
        n = len(data)
        if n == 2:
            return data[0], data[1], None
        if n == 3:
            return data
        if n == 1:
            return data[0], None, None
    return data_adapter_utils.unpack_x_y_sample_weight(data)


class LazyLogs(Mapping):
    """Batch logs computed on first read.

    Reading a metric's value forces the device to finish the step (a host
    sync); a training loop that builds logs for every batch would pay
    that every step. Callbacks receive this mapping instead and trigger
    the computation only if they look.
    """

    __slots__ = ("_compute", "_logs")

    def __init__(self, compute: Any) -> None:
        self._compute = compute
        self._logs: dict | None = None

    def _get(self) -> dict:
        if self._logs is None:
            # Sorted by name, as Keras orders logs (and the progress bar).
            self._logs = dict(sorted(self._compute().items()))
        return self._logs

    def __getitem__(self, key: str) -> Any:
        return self._get()[key]

    def __iter__(self):
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def copy(self) -> dict:
        return dict(self._get())

    def __repr__(self) -> str:
        return f"LazyLogs({self._get()!r})"


class _LossTracker(Mean):
    """`Mean` of per-batch losses weighted by batch size, with a short
    path for the one case the trainer uses: a scalar and an int."""

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        if isinstance(sample_weight, int) and len(values.shape) == 0:
            if backend.standardize_dtype(values.dtype) != self.dtype:
                values = backend.cast(values, self.dtype)
            self.total.assign_add(values * sample_weight)
            # One count tensor per batch size (`Mean._count_tensor`).
            self.count.assign_add(self._count_tensor(sample_weight))
            return
        super().update_state(values, sample_weight)


def _batch_size(x: Any) -> int:
    shape = getattr(x, "shape", None)
    if shape:
        return int(shape[0])
    for leaf in tree.flatten(x):
        if leaf is not None and getattr(leaf, "shape", None):
            return int(leaf.shape[0])
    return 1


def _check_int(name: str, value: Any, minimum: int, allow_none=False):
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(
            f"`{name}` must be an int. Received: {name}={value!r} "
            f"of type {type(value).__name__}"
        )
    if value < minimum:
        raise ValueError(
            f"`{name}` must be >= {minimum}. Received: {name}={value}"
        )


class Trainer:
    """Training and inference loops; `Model` inherits them."""

    def __init__(self) -> None:
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self._compile_loss = None
        self._compile_metrics = None
        self._loss_tracker = None
        self._run_eagerly = False
        self._jit_compile = False
        self.steps_per_execution = 1
        self.stop_training = False
        self.history = None
        self.train_function = None
        self.test_function = None
        self.predict_function = None
        self._cached_state = None
        self._compile_config = None
        # Set by `BackupAndRestore` in `on_train_begin` to resume a fit.
        self._initial_epoch = None
        self._initial_step = None

    # --- compile --------------------------------------------------------
    def compile(
        self,
        optimizer: Any = "rmsprop",
        loss: Any = None,
        loss_weights: Any = None,
        metrics: Any = None,
        weighted_metrics: Any = None,
        run_eagerly: bool = False,
        steps_per_execution: int = 1,
        jit_compile: Any = "auto",
        auto_scale_loss: bool = True,
    ) -> None:
        """Configures the model for training.

        Args:
            optimizer: Optimizer name (e.g. "adam") or instance.
            loss: Loss name, function or `Loss`; for several outputs, a
                list in output order or a dict keyed by output name. The
                model's own losses (`add_loss`, regularizers) are added.
            loss_weights: Float per output (list or dict) scaling its loss.
            metrics: Metrics evaluated without sample weights: a list
                (for every output), a list of lists, or a dict keyed by
                output name. "accuracy" picks binary, categorical or
                sparse categorical accuracy from the targets and loss.
            weighted_metrics: Metrics evaluated with sample weights.
            run_eagerly: Run steps as plain Python (for debugging).
            steps_per_execution: Batches between callback batch hooks.
            jit_compile: Compile the step (`torch.compile` on torch,
                `jax.jit` on JAX). "auto" compiles where the backend
                does so by default (JAX).
            auto_scale_loss: Scale the loss for mixed float16 training.

        Example:

        >>> model = kerata.Sequential([kerata.Input((3,)),
        ...                            kerata.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
        >>> model.compiled
        True
        """
        _check_int("steps_per_execution", steps_per_execution, 1)
        self.optimizer = optimizers_module.get(optimizer)
        if self.optimizer is not None and not hasattr(self.optimizer, "apply"):
            raise TypeError(
                "`optimizer` must be an optimizer name or a "
                "kerata.optimizers.Optimizer. Received: "
                f"{optimizer!r} of type {type(optimizer).__name__}"
            )
        # Under "mixed_float16", Keras scales the loss against underflow.
        self.optimizer = maybe_wrap_for_mixed_precision(
            self.optimizer, self.dtype_policy, auto_scale_loss
        )
        output_names = self._get_output_names()
        self.loss = loss
        self._compile_loss = (
            compile_utils.CompileLoss(loss, loss_weights, output_names)
            if loss is not None
            else None
        )
        if loss is None and loss_weights is not None:
            raise ValueError(
                "`loss_weights` was given without a `loss`. Pass `loss=` "
                "to compile() as well."
            )
        if metrics is not None or weighted_metrics is not None:
            self._compile_metrics = compile_utils.CompileMetrics(
                metrics, weighted_metrics, output_names
            )
        else:
            self._compile_metrics = None
        self._loss_tracker = _LossTracker(name="loss")
        self._run_eagerly = bool(run_eagerly)
        self._jit_compile = self._resolve_jit_compile(jit_compile)
        if self._run_eagerly and self._jit_compile:
            if jit_compile is True:
                raise ValueError(
                    "`jit_compile=True` cannot be combined with "
                    "`run_eagerly=True`."
                )
            self._jit_compile = False
        self.steps_per_execution = int(steps_per_execution)
        self.train_function = None
        self.test_function = None
        self.predict_function = None
        self._cached_state = None
        self._auto_scale_loss = auto_scale_loss
        self._compile_config = {
            "optimizer": self.optimizer,
            "loss": loss,
            "loss_weights": loss_weights,
            "metrics": metrics,
            "weighted_metrics": weighted_metrics,
            "run_eagerly": self._run_eagerly,
            "steps_per_execution": self.steps_per_execution,
            "jit_compile": self._jit_compile,
        }
        self.compiled = True

    def get_compile_config(self) -> dict:
        """The arguments of `compile()`, serialized (empty if uncompiled).

        Saved in `.keras` files so that `load_model` compiles the model
        the same way.

        Example:

        >>> model = kerata.Sequential([kerata.Input((3,)),
        ...                            kerata.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
        >>> config = model.get_compile_config()
        >>> config["optimizer"]["class_name"], config["loss"], config["metrics"]
        ('SGD', 'mse', ['mae'])
        """
        if not self.compiled or self._compile_config is None:
            return {}
        # Saving sits above trainers in the dependency order.
        from kerata.src.saving import serialization_lib

        return serialization_lib.serialize_keras_object(self._compile_config)

    def compile_from_config(self, config: dict) -> None:
        """Compiles the model from the output of `get_compile_config()`.

        A model whose `compile` is overridden is left uncompiled, with a
        warning, as in Keras: compile it yourself after loading.
        """
        if type(self).compile is not Trainer.compile:
            warnings.warn(
                f"Model {getattr(self, 'name', '')!r} overrides compile(), "
                "so it was not compiled while loading. Override "
                "get_compile_config() and compile_from_config() as well, "
                "or call compile() after loading.",
                stacklevel=2,
            )
            return
        from kerata.src.saving import serialization_lib

        kwargs = serialization_lib.deserialize_keras_object(config)
        self.compile(**kwargs)
        # The optimizer's slots are created when saved ones are loaded
        # (saving.saving_lib) or at the first training step.

    def _resolve_jit_compile(self, jit_compile: Any) -> bool:
        """Backends override this; "auto" means no compilation here."""
        if jit_compile not in (True, False, "auto"):
            raise ValueError(
                "`jit_compile` must be True, False or 'auto'. Received: "
                f"jit_compile={jit_compile!r}"
            )
        return jit_compile is True

    @property
    def jit_compile(self) -> bool:
        return self._jit_compile

    @property
    def run_eagerly(self) -> bool:
        return self._run_eagerly

    @run_eagerly.setter
    def run_eagerly(self, value: bool) -> None:
        self._run_eagerly = bool(value)
        self.train_function = self.test_function = None
        self.predict_function = None

    def _get_output_names(self) -> list | None:
        names = getattr(self, "output_names", None)
        if names:
            return list(names)
        return None

    def _assert_compiled(self, method: str) -> None:
        if not self.compiled:
            raise ValueError(
                f"You must call `compile()` before `{method}()`: the model "
                "needs a loss (and, to train, an optimizer)."
            )

    # --- metrics ----------------------------------------------------------
    @property
    def metrics(self) -> list:
        """The loss tracker, the compiled metrics and the per-output loss
        trackers, in the order Keras lists them."""
        out: list = []
        if self.compiled:
            if self._loss_tracker is not None:
                out.append(self._loss_tracker)
            if self._compile_metrics is not None:
                out.append(self._compile_metrics)
            if self._compile_loss is not None:
                out.extend(self._compile_loss.metrics)
        for layer in self._flatten_layers(include_self=False):
            for value in layer.__dict__.values():
                if isinstance(value, Metric) and value not in out:
                    out.append(value)
        return out

    @property
    def metrics_names(self) -> list:
        return [m.name for m in self.metrics]

    @property
    def metrics_variables(self) -> list:
        out: list = []
        for metric in self.metrics:
            out.extend(metric.variables)
        return out

    def reset_metrics(self) -> None:
        """Resets every metric's state."""
        for metric in self.metrics:
            metric.reset_state()

    def get_metrics_result(self) -> dict:
        """The current value of every metric, as a dict of tensors."""
        logs: dict = {}
        for metric in self.metrics:
            result = metric.result()
            if isinstance(result, dict):
                logs.update(result)
            else:
                logs[metric.name] = result
        return logs

    def _metrics_result_or_logs(self, logs: Any) -> dict:
        """Keras's rule: the metrics' values, unless the step returned
        other keys (a custom `train_step`)."""
        if logs is None:
            return self.get_metrics_result()
        if isinstance(logs, LazyLogs):
            return self.get_metrics_result()
        if not isinstance(logs, Mapping):
            raise TypeError(
                "train_step/test_step must return a dict of logs. "
                f"Received: {type(logs).__name__}"
            )
        metric_logs = self.get_metrics_result()
        if set(logs) <= set(metric_logs):
            return metric_logs
        return dict(logs)

    # --- the step's pieces, overridable -----------------------------------
    def compute_loss(
        self,
        x: Any = None,
        y: Any = None,
        y_pred: Any = None,
        sample_weight: Any = None,
        training: bool = True,
    ) -> Any:
        """Total loss: the compiled loss plus the model's own losses.

        Override it for a custom loss; `train_step` calls it.

        Example:

        >>> model = kerata.Sequential([kerata.Input((2,)),
        ...                            kerata.layers.Dense(1)])
        >>> model.compile(loss="mse")
        >>> y = kerata.ops.ones((4, 1))
        >>> float(model.compute_loss(y=y, y_pred=y * 3.0))
        4.0
        """
        total = None
        if self._compile_loss is not None:
            total = self._compile_loss(y, y_pred, sample_weight)
        extra = self._model_losses()
        if extra:
            dtype = backend.floatx()
            summed = ops.sum(
                ops.stack([ops.cast(ops.sum(v), dtype) for v in extra])
            )
            total = summed if total is None else total + summed
        if total is None:
            raise ValueError(
                "No loss to compute: compile() got no `loss` and the model "
                "added no losses. Pass `loss=` to compile()."
            )
        return total

    def _model_losses(self) -> list:
        """Losses from `add_loss` and weight regularizers.

        The regularized variables are found once per model structure;
        the layer tree is walked only if some layer ever called
        `add_loss`, so a plain model pays nothing per step.
        """
        key = global_state.structure_version()
        cached = self.__dict__.get("_regularized_cache")
        if cached is None or cached[0] != key:
            regularized = [
                v
                for v in self.trainable_weights
                if getattr(v, "regularizer", None) is not None
            ]
            cached = self._regularized_cache = (key, regularized)
        out = [v.regularizer(v) for v in cached[1]]
        scope = stateless_scope.current()
        if scope is not None and scope.collect_losses:
            return list(scope.losses) + out
        if layer_module.losses_were_added():
            for layer in self._flatten_layers(include_self=True):
                out.extend(layer._losses)
        return out

    def compute_metrics(
        self,
        x: Any,
        y: Any,
        y_pred: Any,
        sample_weight: Any = None,
    ) -> Any:
        """Updates the compiled metrics; returns the metrics' values (a
        mapping computed when read)."""
        if self._compile_metrics is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return LazyLogs(self.get_metrics_result)

    def _update_loss_tracker(self, loss: Any, x: Any) -> None:
        self._loss_tracker.update_state(loss, sample_weight=_batch_size(x))

    def test_step(self, data: Any) -> Any:
        """One evaluation step on a batch; returns the logs.

        Override it to change what `evaluate` does per batch.
        """
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(
            x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=False
        )
        self._update_loss_tracker(loss, x)
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data: Any) -> Any:
        """One prediction step on a batch; returns the outputs."""
        x, _, _ = data_adapter_utils.unpack_x_y_sample_weight(data)
        return self(x, training=False)

    def train_step(self, data: Any) -> Any:
        raise NotImplementedError(
            f"The {backend.backend()} backend cannot train models: it runs "
            "inference only. Set KERATA_BACKEND to a training backend "
            "(torch or jax) before importing kerata."
        )

    # --- step functions; backends override -------------------------------
    def make_train_function(self, force: bool = False) -> Any:
        if self.train_function is None or force:
            self.train_function = self.train_step
        return self.train_function

    def make_test_function(self, force: bool = False) -> Any:
        if self.test_function is None or force:
            self.test_function = self.test_step
        return self.test_function

    def make_predict_function(self, force: bool = False) -> Any:
        if self.predict_function is None or force:
            self.predict_function = self.predict_step
        return self.predict_function

    def _finish_epoch(self) -> None:
        """Writes back state a compiled backend keeps outside the
        variables (JAX); a no-op for eager backends."""

    # --- building -----------------------------------------------------------
    def _build_for(self, data: Any, training: bool) -> None:
        """Creates every variable (model, optimizer, metrics) before the
        first step, so step functions see a fixed set."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        if not self.built:
            self(x, training=False)
        if not training:
            return
        if self._compile_loss is not None and not self._compile_loss.built:
            self._build_compiled(x, y, sample_weight)
        if self.optimizer is not None and not self.optimizer.built:
            self.optimizer.build(self.trainable_variables)

    def _build_compiled(self, x: Any, y: Any, sample_weight: Any) -> None:
        y_pred = self(x, training=False)
        if self._compile_loss is not None and not self._compile_loss.built:
            self._compile_loss.build(y, y_pred)
        metrics = self._compile_metrics
        if metrics is not None and not metrics.built:
            metrics.build(y, y_pred, self._compile_loss)

    def _prepare_eval(self, data: Any) -> None:
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        if not self.built:
            self(x, training=False)
        needs = (
            self._compile_loss is not None and not self._compile_loss.built
        ) or (
            self._compile_metrics is not None
            and not self._compile_metrics.built
        )
        if needs and y is not None:
            self._build_compiled(x, y, sample_weight)

    # --- fit / evaluate / predict -------------------------------------
    def fit(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = None,
        epochs: int = 1,
        verbose: Any = "auto",
        callbacks: Any = None,
        validation_split: float = 0.0,
        validation_data: Any = None,
        shuffle: Any = True,
        class_weight: dict | None = None,
        sample_weight: Any = None,
        initial_epoch: int = 0,
        steps_per_epoch: int | None = None,
        validation_steps: int | None = None,
        validation_batch_size: int | None = None,
        validation_freq: int = 1,
    ) -> Any:
        """Trains the model for `epochs` passes over the data.

        Args:
            x: Inputs: a NumPy array or tensor (or a list or dict of
                them), a generator or `PyDataset` yielding `(x, y)` or
                `(x, y, sample_weight)`, a torch `DataLoader`, or a
                `tf.data.Dataset`.
            y: Targets, like `x`; only with array inputs.
            batch_size: Samples per step for array inputs (default 32).
            epochs: Index of the epoch to stop after.
            verbose: "auto", 0 (silent), 1 (progress bar) or 2 (one line
                per epoch). "auto" shows the bar in a terminal or notebook
                and one line per epoch elsewhere, such as a log file.
            callbacks: List of `kerata.callbacks.Callback`.
            validation_split: Fraction of array data (the last samples,
                before shuffling) held out for validation.
            validation_data: `(x_val, y_val)` or `(x_val, y_val,
                sample_weight_val)`, or a dataset, evaluated at the end of
                each epoch.
            shuffle: Shuffle array data each epoch; "batch" shuffles
                batch-sized chunks.
            class_weight: Dict `{class_index: weight}` weighting the loss.
            sample_weight: Per-sample weights for array inputs.
            initial_epoch: Epoch to start from (for resuming).
            steps_per_epoch: Batches per epoch; by default the whole data.
            validation_steps: Batches per validation.
            validation_batch_size: Batch size for validation.
            validation_freq: Validate every this many epochs, or at the
                epochs listed.

        Returns:
            A `History` whose `history` dict holds each epoch's logs.

        Example:

        >>> kerata.utils.set_random_seed(0)
        >>> model = kerata.Sequential([kerata.Input((2,)),
        ...                            kerata.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> x = np.ones((8, 2), "float32")
        >>> history = model.fit(x, x[:, :1], epochs=2, verbose=0)
        >>> sorted(history.history), len(history.history["loss"])
        (['loss'], 2)
        """
        self._assert_compiled("fit")
        _check_int("epochs", epochs, 0)
        _check_int("initial_epoch", initial_epoch, 0)
        _check_int("batch_size", batch_size, 1, allow_none=True)
        _check_int("steps_per_epoch", steps_per_epoch, 1, allow_none=True)
        _should_validate(0, validation_freq)  # checks its type up front
        # A global cap for quick debugging runs (kerata.config).
        max_epochs = config_module.max_epochs()
        if max_epochs and max_epochs < epochs:
            warnings.warn(f"Limiting epochs to {max_epochs}", stacklevel=2)
            epochs = max_epochs
        verbose = _resolve_verbose(verbose)
        if validation_split and validation_data is None:
            (x, y, sample_weight), validation_data = (
                data_adapter_utils.train_validation_split(
                    (x, y, sample_weight), validation_split=validation_split
                )
            )
        validation = None
        if validation_data is not None:
            validation = data_adapter_utils.unpack_x_y_sample_weight(
                validation_data
            )
        epoch_iterator = _epoch_iterator(
            x=x,
            y=y,
            sample_weight=sample_weight,
            batch_size=batch_size,
            steps_per_epoch=steps_per_epoch,
            shuffle=shuffle,
            class_weight=class_weight,
        )
        if not _is_callback_list(callbacks):
            callbacks = _callback_list(
                callbacks,
                add_history=True,
                add_progbar=verbose != 0,
                verbose=verbose,
                epochs=epochs,
                steps=epoch_iterator.num_batches,
                model=self,
            )
        self.stop_training = False
        try:
            return self._fit_loop(
                epoch_iterator,
                callbacks,
                initial_epoch,
                epochs,
                validation,
                {
                    "batch_size": validation_batch_size or batch_size,
                    "steps_per_epoch": validation_steps,
                    "freq": validation_freq,
                },
            )
        finally:
            # After an error or an interrupt too, the variables get the
            # latest state (a compiled backend may hold it elsewhere).
            self._finish_epoch()

    def _fit_loop(
        self,
        epoch_iterator: Any,
        callbacks: Any,
        initial_epoch: int,
        num_epochs: int,
        validation: tuple | None,
        val_options: dict,
    ) -> Any:
        spe = self.steps_per_execution
        callbacks.on_train_begin()
        # A callback (BackupAndRestore) may ask to resume mid-way.
        if self._initial_epoch is not None:
            initial_epoch = int(self._initial_epoch)
        skip_steps = int(self._initial_step or 0)
        resumed = skip_steps > 0
        self._initial_epoch = self._initial_step = None
        epochs = range(initial_epoch, num_epochs)
        training_logs = None
        val_iterator = None
        logs: Any = None
        built = False
        for epoch in epochs:
            self.reset_metrics()
            callbacks.on_epoch_begin(epoch)
            for step, data in epoch_iterator.enumerate_epoch():
                if skip_steps:
                    # Batches already trained before an interruption.
                    skip_steps -= 1
                    continue
                if not built:
                    self._build_for(data, training=True)
                    train_function = self.make_train_function()
                    built = True
                if spe == 1 or step % spe == 0:
                    callbacks.on_train_batch_begin(step)
                logs = train_function(data)
                if spe == 1 or (step + 1) % spe == 0:
                    callbacks.on_train_batch_end(step, logs)
                if self.stop_training:
                    break
            self._finish_epoch()
            if not built and resumed:
                # The interrupted run had trained every batch of this
                # epoch; go on with the next one.
                resumed = False
                continue
            if not built:
                raise ValueError(
                    "fit() got no data: the input produced no batch. "
                    "Check that x is not empty."
                )
            epoch_logs = _pythonify(self._metrics_result_or_logs(logs))
            if validation is not None and _should_validate(
                epoch, val_options["freq"]
            ):
                if val_iterator is None:
                    val_iterator = _epoch_iterator(
                        x=validation[0],
                        y=validation[1],
                        sample_weight=validation[2],
                        batch_size=val_options["batch_size"],
                        steps_per_epoch=val_options["steps_per_epoch"],
                        shuffle=False,
                    )
                val_logs = self._evaluate_loop(
                    val_iterator, callbacks, in_fit=True
                )
                epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
            callbacks.on_epoch_end(epoch, epoch_logs)
            training_logs = epoch_logs
            if self.stop_training:
                break
        if (
            self.optimizer is not None
            and getattr(self.optimizer, "use_ema", False)
            and len(epochs) > 0
        ):
            self.optimizer.finalize_variable_values(self.trainable_variables)
        callbacks.on_train_end(logs=training_logs)
        return self.history

    def evaluate(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = None,
        verbose: Any = "auto",
        sample_weight: Any = None,
        steps: int | None = None,
        callbacks: Any = None,
        return_dict: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Returns the loss and metrics of the model on the data.

        Args:
            x, y, batch_size, sample_weight: As in `fit`.
            verbose: "auto", 0, 1 or 2, as in `fit`.
            steps: Number of batches; by default the whole data.
            callbacks: List of callbacks called during evaluation.
            return_dict: Return `{name: value}` instead of a list.

        Returns:
            The loss (a float) if there are no metrics, else a list
            `[loss, *metrics]`, or a dict when `return_dict`.

        Example:

        >>> model = kerata.Sequential([kerata.Input((2,)),
        ...                            kerata.layers.Dense(1,
        ...                                kernel_initializer="zeros")])
        >>> model.compile(loss="mae")
        >>> model.evaluate(np.ones((4, 2)), np.ones((4, 1)), verbose=0)
        1.0
        """
        self._assert_compiled("evaluate")
        if kwargs:
            raise TypeError(
                f"evaluate() got unexpected keyword arguments {sorted(kwargs)}"
            )
        _check_int("batch_size", batch_size, 1, allow_none=True)
        _check_int("steps", steps, 1, allow_none=True)
        verbose = _resolve_verbose(verbose)
        iterator = _epoch_iterator(
            x=x,
            y=y,
            sample_weight=sample_weight,
            batch_size=batch_size,
            steps_per_epoch=steps,
            shuffle=False,
        )
        if not _is_callback_list(callbacks):
            callbacks = _callback_list(
                callbacks,
                add_progbar=verbose != 0,
                verbose=verbose,
                epochs=1,
                steps=iterator.num_batches,
                model=self,
            )
        logs = self._evaluate_loop(iterator, callbacks, in_fit=False)
        if return_dict:
            return logs
        return self._flatten_in_order(logs)

    def _evaluate_loop(
        self, iterator: Any, callbacks: Any, in_fit: bool
    ) -> dict:
        self.reset_metrics()
        callbacks.on_test_begin()
        test_function = None
        logs: Any = None
        for step, data in iterator.enumerate_epoch():
            if test_function is None:
                self._prepare_eval(data)
                test_function = self.make_test_function()
            callbacks.on_test_batch_begin(step)
            logs = test_function(data)
            callbacks.on_test_batch_end(step, logs)
        if test_function is None:
            raise ValueError(
                "evaluate() got no data: the input produced no batch."
            )
        self._finish_epoch()
        logs = _pythonify(self._metrics_result_or_logs(logs))
        callbacks.on_test_end(logs)
        return logs

    def _flatten_in_order(self, logs: dict) -> Any:
        ordered = []
        if "loss" in logs:
            ordered.append("loss")
        if self._compile_loss is not None:
            for tracker in self._compile_loss.metrics:
                if tracker.name in logs:
                    ordered.append(tracker.name)
        ordered += [k for k in logs if k not in ordered]
        values = [logs[k] for k in ordered]
        return values[0] if len(values) == 1 else values

    def predict(
        self,
        x: Any,
        batch_size: int | None = None,
        verbose: Any = "auto",
        steps: int | None = None,
        callbacks: Any = None,
    ) -> Any:
        """Returns the model's outputs on `x`, as NumPy arrays.

        Args:
            x: Inputs, as in `fit` (targets, if present, are ignored).
            batch_size: Samples per batch (default 32).
            verbose: "auto", 0, 1 or 2.
            steps: Number of batches; by default the whole data.
            callbacks: List of callbacks called during prediction.

        Example:

        >>> model = kerata.Sequential([kerata.Input((3,)),
        ...                            kerata.layers.Dense(2)])
        >>> model.predict(np.zeros((5, 3)), verbose=0).shape
        (5, 2)
        """
        _check_int("batch_size", batch_size, 1, allow_none=True)
        _check_int("steps", steps, 1, allow_none=True)
        verbose = _resolve_verbose(verbose)
        iterator = _epoch_iterator(
            x=x, batch_size=batch_size, steps_per_epoch=steps, shuffle=False
        )
        if not _is_callback_list(callbacks):
            callbacks = _callback_list(
                callbacks,
                add_progbar=verbose != 0,
                verbose=verbose,
                epochs=1,
                steps=iterator.num_batches,
                model=self,
            )
        self.stop_predicting = False
        callbacks.on_predict_begin()
        predict_function = None
        outputs: list = []
        for step, data in iterator.enumerate_epoch():
            if predict_function is None:
                x_batch, _, _ = data_adapter_utils.unpack_x_y_sample_weight(
                    data
                )
                if not self.built:
                    self(x_batch, training=False)
                predict_function = self.make_predict_function()
            callbacks.on_predict_batch_begin(step)
            batch_outputs = predict_function(data)
            outputs.append(batch_outputs)
            callbacks.on_predict_batch_end(step, {"outputs": batch_outputs})
            if self.stop_predicting:
                break
        if not outputs:
            raise ValueError(
                "predict() got no data: the input produced no batch."
            )
        result = tree.map_structure(_concatenate_batches, *outputs)
        callbacks.on_predict_end()
        return result

    # --- single batches -------------------------------------------------
    def train_on_batch(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        class_weight: dict | None = None,
        return_dict: bool = False,
    ) -> Any:
        """Runs one training step on one batch; returns the metrics.

        Example:

        >>> model = kerata.Sequential([kerata.Input((2,)),
        ...                            kerata.layers.Dense(1)])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> loss = model.train_on_batch(np.ones((4, 2)), np.ones((4, 1)))
        >>> isinstance(loss, float)
        True
        """
        self._assert_compiled("train_on_batch")
        if class_weight is not None:
            if sample_weight is not None:
                raise ValueError(
                    "Pass either `sample_weight` or `class_weight`, not both."
                )
            sample_weight = data_adapter_utils.class_weight_to_sample_weights(
                y, class_weight
            )
        data = _to_backend(
            data_adapter_utils.pack_x_y_sample_weight(x, y, sample_weight)
        )
        self._build_for(data, training=True)
        self.reset_metrics()
        logs = self.make_train_function()(data)
        self._finish_epoch()
        logs = _pythonify(self._metrics_result_or_logs(logs))
        return logs if return_dict else self._flatten_in_order(logs)

    def test_on_batch(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        return_dict: bool = False,
    ) -> Any:
        """Evaluates the model on one batch; returns the metrics."""
        self._assert_compiled("test_on_batch")
        data = _to_backend(
            data_adapter_utils.pack_x_y_sample_weight(x, y, sample_weight)
        )
        self._prepare_eval(data)
        self.reset_metrics()
        logs = self.make_test_function()(data)
        self._finish_epoch()
        logs = _pythonify(self._metrics_result_or_logs(logs))
        return logs if return_dict else self._flatten_in_order(logs)

    def predict_on_batch(self, x: Any) -> Any:
        """Returns the model's outputs on one batch, as NumPy arrays."""
        data = _to_backend((x,))
        if not self.built:
            self(data[0], training=False)
        outputs = self.make_predict_function()(data)
        return tree.map_structure(ops.convert_to_numpy, outputs)


def _to_backend(data: Any) -> Any:
    def convert(v: Any) -> Any:
        if v is None or backend.is_tensor(v):
            return v
        arr = np.asarray(v)
        if arr.dtype == np.float64:
            arr = arr.astype(backend.floatx())
        return ops.convert_to_tensor(arr)

    return tree.map_structure(convert, data)


def _should_validate(epoch: int, validation_freq: Any) -> bool:
    epoch = epoch + 1
    if isinstance(validation_freq, int) and not isinstance(
        validation_freq, bool
    ):
        if validation_freq < 1:
            raise ValueError(
                "`validation_freq` must be >= 1. Received: "
                f"validation_freq={validation_freq}"
            )
        return epoch % validation_freq == 0
    if isinstance(validation_freq, (list, tuple, set)):
        return epoch in validation_freq
    raise TypeError(
        "`validation_freq` must be an int or a list of epochs. Received: "
        f"validation_freq={validation_freq!r}"
    )


def _pythonify(logs: Any) -> dict:
    out = dict(logs)
    # Scalar tensors of one dtype come back in one transfer: on an
    # accelerator each read waits for the device.
    keys = [
        k
        for k, v in out.items()
        if backend.is_tensor(v) and len(getattr(v, "shape", (1,))) == 0
    ]
    if len(keys) > 1 and len({str(out[k].dtype) for k in keys}) == 1:
        host = ops.convert_to_numpy(ops.stack([out[k] for k in keys]))
        out.update(zip(keys, host.tolist()))
    for key, value in out.items():
        out[key] = compile_utils.as_float(value)
    return dict(sorted(out.items()))


def _warn(message: str) -> None:
    warnings.warn(message, stacklevel=3)


def _concatenate_batches(*batches: Any) -> np.ndarray:
    """One NumPy array of predicted batches. Tensors are joined where they
    are, so an accelerator sends the result back in one transfer, not one
    per batch."""
    if len(batches) > 1 and all(backend.is_tensor(b) for b in batches):
        first = batches[0]
        if all(
            b.dtype == first.dtype and b.shape[1:] == first.shape[1:]
            for b in batches
        ):
            return ops.convert_to_numpy(ops.concatenate(list(batches), axis=0))
    return np.concatenate([ops.convert_to_numpy(b) for b in batches], axis=0)
