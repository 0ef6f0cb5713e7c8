"""torch adapter for `Trainer`: eager steps, or torch.compile'd ones.

The default training step is what a hand-written PyTorch loop does:
forward, loss, `torch.autograd.grad` over the trainable parameters (the
variables' values are `torch.nn.Parameter`s), then the optimizer update
under `no_grad`. Nothing reads a value back to the host, so on a GPU the
Python loop runs ahead of the device.
"""

from __future__ import annotations

from typing import Any

import torch

from kerata.src.backend.common import global_state
from kerata.src.backend.common import stateless_scope
from kerata.src.backend.common import variables as common_variables
from kerata.src.trainers import trainer as trainer_module

_unpack = trainer_module.unpack_x_y_sample_weight
_batch_size = trainer_module._batch_size


class TorchTrainer(trainer_module.Trainer):
    def _resolve_jit_compile(self, jit_compile: Any) -> bool:
        # As in Keras, torch steps run eagerly unless asked: compiling
        # takes seconds to minutes and pays off only on long runs.
        super()._resolve_jit_compile(jit_compile)
        return jit_compile is True

    def _trainable_state(self) -> tuple:
        """The trainable variables and their parameters, collected once
        per model structure instead of on every step."""
        key = global_state.structure_version()
        cached = self._cached_state
        if cached is not None and cached[0] == key:
            return cached[1], cached[2]
        variables = self.trainable_variables
        params = [v.value for v in variables]
        self._cached_state = (key, variables, params)
        return variables, params

    def _update_loss_tracker(self, loss: Any, x: Any) -> None:
        tracker = self._loss_tracker
        if (
            type(tracker) is trainer_module._LossTracker
            and isinstance(loss, torch.Tensor)
            and loss.dtype == tracker.total._value.dtype
            and loss.dim() == 0
            and not stateless_scope._CURRENT
            and not common_variables.AUTOCAST
        ):
            # Fast path: the running sum and count updated in place, two
            # kernels and no new tensor, where `Mean.update_state` goes
            # through casts and `assign_add`. `detach`: the tracker must
            # not join the loss's graph.
            n = _batch_size(x)
            tracker.total._value.add_(loss.detach(), alpha=n)
            tracker.count._value.add_(n)
            return
        super()._update_loss_tracker(loss, x)

    def train_step(self, data: Any) -> Any:
        x, y, sample_weight = _unpack(data)
        y_pred = self(x, training=True)
        loss = self.compute_loss(
            x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=True
        )
        self._update_loss_tracker(loss, x)
        variables, params = self._trainable_state()
        optimizer = self.optimizer
        if params and optimizer is not None:
            scaled = optimizer.scale_loss(loss)
            grads = torch.autograd.grad(scaled, params, allow_unused=True)
            optimizer.apply(grads, variables)
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, data: Any) -> Any:
        with torch.no_grad():
            return super().test_step(data)

    def predict_step(self, data: Any) -> Any:
        with torch.no_grad():
            return super().predict_step(data)

    def make_train_function(self, force: bool = False) -> Any:
        if self.train_function is not None and not force:
            return self.train_function
        step = self.train_step
        if self._jit_compile:
            step = torch.compile(step)
        self.train_function = step
        return step

    def make_test_function(self, force: bool = False) -> Any:
        if self.test_function is not None and not force:
            return self.test_function
        step = self.test_step
        if self._jit_compile:
            step = torch.compile(step)
        self.test_function = step
        return step

    def make_predict_function(self, force: bool = False) -> Any:
        if self.predict_function is not None and not force:
            return self.predict_function
        step = self.predict_step
        if self._jit_compile:
            step = torch.compile(step)
        self.predict_function = step
        return step


ADAPTER = TorchTrainer
