"""JAX adapter for `Trainer`: pure steps compiled with `jax.jit`.

A step is a function of the state (trainable, non-trainable, optimizer
and metric variable values) and a batch, returning logs and the new
state. Variables are read and written through a `StatelessScope`, so the
same layer, loss, metric and optimizer code runs inside the trace. During
an epoch the state lives in `self._jax_state`; it is written back to the
variables at the end of each epoch (and before validation), so a step
never copies values in and out of the variables.
"""

from __future__ import annotations

import inspect
from typing import Any

import jax

from kerata.src.backend.common.stateless_scope import StatelessScope
from kerata.src.trainers import trainer as trainer_module

_unpack = trainer_module.unpack_x_y_sample_weight


def _new_values(scope: Any, variables: list, values: list) -> list:
    out = []
    for variable, value in zip(variables, values):
        current = scope.get_current_value(variable)
        out.append(value if current is None else current)
    return out


class JAXTrainer(trainer_module.Trainer):
    _jax_state: Any = None
    _jax_state_vars: Any = None

    def _resolve_jit_compile(self, jit_compile: Any) -> bool:
        super()._resolve_jit_compile(jit_compile)
        if jit_compile == "auto":
            # Layers that work on the host (text lookups, hashing) cannot
            # run inside jax.jit: such models train step by step.
            return all(
                getattr(layer, "supports_jit", True)
                for layer in self._flatten_layers(include_self=True)
            )
        return jit_compile is True

    # --- state ------------------------------------------------------------
    def _state_variables(self, training: bool) -> tuple:
        trainable = self.trainable_variables
        non_trainable = self.non_trainable_variables
        metrics = self.metrics_variables
        optimizer = (
            self.optimizer.variables
            if training and self.optimizer is not None
            else []
        )
        return trainable, non_trainable, optimizer, metrics

    def _current_state(self, groups: tuple) -> tuple:
        if self._jax_state is not None and self._jax_state_vars is groups:
            return self._jax_state
        self._finish_epoch()
        return tuple([v.value for v in group] for group in groups)

    def _finish_epoch(self) -> None:
        state = self._jax_state
        if state is None:
            return
        for group, values in zip(self._jax_state_vars, state):
            for variable, value in zip(group, values):
                variable.assign(value)
        self._jax_state = None
        self._jax_state_vars = None

    def jax_state_sync(self) -> None:
        """Writes the in-flight training state back to the variables (the
        name Keras uses; callbacks call it before reading weights)."""
        self._finish_epoch()

    def _run(self, function: Any, groups: tuple, data: Any) -> Any:
        state = self._current_state(groups)
        logs, state = function(state, data)
        self._jax_state = state
        self._jax_state_vars = groups
        return logs

    # --- pure steps -----------------------------------------------------------
    def _pure_train_step(self, groups: tuple) -> Any:
        trainable, non_trainable, optimizer_vars, metric_vars = groups

        def step(state: tuple, data: Any) -> tuple:
            tv, ntv, ov, mv = state
            x, y, sample_weight = _unpack(data)

            def loss_fn(tv, ntv, mv):
                # The optimizer's variables too: a LossScaleOptimizer's
                # scale must be read from the state, not frozen at trace.
                mapping = (
                    list(zip(trainable, tv))
                    + list(zip(non_trainable, ntv))
                    + list(zip(optimizer_vars, ov))
                    + list(zip(metric_vars, mv))
                )
                with StatelessScope(mapping, collect_losses=True) as scope:
                    y_pred = self(x, training=True)
                    loss = self.compute_loss(
                        x=x,
                        y=y,
                        y_pred=y_pred,
                        sample_weight=sample_weight,
                        training=True,
                    )
                    self._update_loss_tracker(loss, x)
                    scaled = loss
                    if self.optimizer is not None:
                        scaled = self.optimizer.scale_loss(loss)
                new_ntv = _new_values(scope, non_trainable, ntv)
                new_mv = _new_values(scope, metric_vars, mv)
                return scaled, (y_pred, new_ntv, new_mv)

            grad_fn = jax.value_and_grad(loss_fn, has_aux=True)
            (_, (y_pred, ntv, mv)), grads = grad_fn(tv, ntv, mv)
            mapping = (
                list(zip(trainable, tv))
                + list(zip(non_trainable, ntv))
                + list(zip(optimizer_vars, ov))
                + list(zip(metric_vars, mv))
            )
            with StatelessScope(mapping) as scope:
                if self.optimizer is not None and trainable:
                    self.optimizer.apply(grads, trainable)
                self.compute_metrics(x, y, y_pred, sample_weight)
                logs = self.get_metrics_result()
            new_state = (
                _new_values(scope, trainable, tv),
                _new_values(scope, non_trainable, ntv),
                _new_values(scope, optimizer_vars, ov),
                _new_values(scope, metric_vars, mv),
            )
            return logs, new_state

        return step

    def _pure_test_step(self, groups: tuple) -> Any:
        trainable, non_trainable, _, metric_vars = groups

        def step(state: tuple, data: Any) -> tuple:
            tv, ntv, ov, mv = state
            mapping = (
                list(zip(trainable, tv))
                + list(zip(non_trainable, ntv))
                + list(zip(metric_vars, mv))
            )
            with StatelessScope(mapping, collect_losses=True) as scope:
                self.test_step(data)
                logs = self.get_metrics_result()
            new_state = (
                tv,
                _new_values(scope, non_trainable, ntv),
                ov,
                _new_values(scope, metric_vars, mv),
            )
            return logs, new_state

        return step

    def _pure_predict_step(self, trainable: list, non_trainable: list):
        def step(tv: list, ntv: list, data: Any) -> Any:
            mapping = list(zip(trainable, tv)) + list(zip(non_trainable, ntv))
            with StatelessScope(mapping):
                return self.predict_step(data)

        return step

    def train_step(self, data: Any) -> Any:
        groups = self._state_variables(training=True)
        step = self._pure_train_step(groups)
        return self._run(step, groups, data)

    def _compile(self, fn: Any, donate: bool = False) -> Any:
        if not self._jit_compile:
            return fn
        # Donating the state lets XLA update weights and slots in place
        # instead of allocating new buffers each step. The variables keep
        # the donated (deleted) buffers until `_finish_epoch` writes the
        # live state back, which fit does before anything else reads them
        # (callbacks reach the model through `jax_state_sync`).
        return jax.jit(fn, donate_argnums=0) if donate else jax.jit(fn)

    def make_train_function(self, force: bool = False) -> Any:
        if self.train_function is not None and not force:
            return self.train_function
        groups = self._state_variables(training=True)
        custom = _custom_step(self, "train_step")
        if custom == "stateful":
            # A `train_step(data)` written for an eager backend runs as
            # plain Python; it cannot take gradients through the state.
            self.train_function = self.train_step
            return self.train_function
        if custom == "stateless":
            # Keras's JAX form: `train_step(state, data) -> (logs, state)`.
            step = self._compile(self.train_step, donate=True)
        else:
            step = self._compile(self._pure_train_step(groups), donate=True)

        def train_function(data: Any) -> Any:
            return self._run(step, groups, data)

        self.train_function = train_function
        return train_function

    def make_test_function(self, force: bool = False) -> Any:
        if self.test_function is not None and not force:
            return self.test_function
        groups = self._state_variables(training=False)
        custom = _custom_step(self, "test_step")
        if custom == "stateless":
            step = self._compile(self.test_step)
        else:
            step = self._compile(self._pure_test_step(groups))

        def test_function(data: Any) -> Any:
            return self._run(step, groups, data)

        self.test_function = test_function
        return test_function

    def make_predict_function(self, force: bool = False) -> Any:
        if self.predict_function is not None and not force:
            return self.predict_function
        trainable = self.trainable_variables
        non_trainable = self.non_trainable_variables
        step = self._compile(self._pure_predict_step(trainable, non_trainable))

        def predict_function(data: Any) -> Any:
            self._finish_epoch()
            tv = [v.value for v in trainable]
            ntv = [v.value for v in non_trainable]
            return step(tv, ntv, data)

        self.predict_function = predict_function
        return predict_function


def _custom_step(model: Any, name: str) -> str | None:
    """None for the built-in step, else "stateless" for Keras's JAX form
    `step(state, data)` or "stateful" for `step(data)`."""
    method = getattr(type(model), name)
    if method is getattr(JAXTrainer, name) or method is getattr(
        trainer_module.Trainer, name
    ):
        return None
    params = [
        p
        for p in inspect.signature(getattr(model, name)).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    return "stateless" if len(params) >= 2 else "stateful"


ADAPTER = JAXTrainer
