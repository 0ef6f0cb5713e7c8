"""`LossScaleOptimizer`: dynamic loss scaling for float16 training.

float16 gradients of small losses underflow to zero. Multiplying the loss
by a large factor before differentiating (and dividing the gradients by it
afterwards) keeps them representable. The factor adapts: it is halved, and
the step skipped, when a gradient overflows, and doubled after a run of
good steps.

The trainers already call `optimizer.scale_loss(loss)` before computing
gradients and `optimizer.apply(grads, variables)` after, so a wrapped
optimizer needs nothing else from them.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.activations import _serialization
from kerata.src.api_export import kerata_export
from kerata.src.optimizers.base_optimizer import Optimizer

# Base-optimizer arguments Keras used to write into this class's config;
# they are accepted when they hold their default, for old configs.
_BASE_DEFAULTS = {
    "weight_decay": None,
    "clipnorm": None,
    "global_clipnorm": None,
    "clipvalue": None,
    "use_ema": False,
    "ema_momentum": 0.99,
    "ema_overwrite_frequency": None,
    "loss_scale_factor": None,
    "gradient_accumulation_steps": None,
}


def _check_kwargs(kwargs: dict) -> None:
    if not kwargs.pop("dynamic", True):
        raise ValueError(
            "LossScaleOptimizer only scales dynamically; `dynamic=False` is "
            "not supported. For a fixed scale, set `loss_scale_factor` on "
            "the inner optimizer instead."
        )
    for key, default in _BASE_DEFAULTS.items():
        if key in kwargs and kwargs.pop(key) != default:
            raise ValueError(
                f"LossScaleOptimizer does not take `{key}`: set it on the "
                "inner optimizer instead."
            )
    if kwargs:
        raise ValueError(
            "LossScaleOptimizer got unexpected arguments: "
            f"{sorted(kwargs)}. Expected `inner_optimizer`, "
            "`initial_scale`, `dynamic_growth_steps` and `name`."
        )


@kerata_export(
    "kerata.optimizers.LossScaleOptimizer",
    "kerata.mixed_precision.LossScaleOptimizer",
)
class LossScaleOptimizer(Optimizer):
    """Wraps an optimizer with dynamic loss scaling, for float16 training.

    `scale_loss(loss)` multiplies the loss by the current scale; `apply`
    divides the gradients by it and passes them to the inner optimizer.
    If any gradient holds an inf or a NaN, the step is skipped (no weight
    or optimizer state changes) and the scale is halved. After
    `dynamic_growth_steps` finite steps in a row, the scale is doubled.
    `Model.compile` wraps the optimizer this way when the model's dtype
    policy is "mixed_float16".

    Args:
        inner_optimizer: The `Optimizer` that applies the updates. Its own
            `loss_scale_factor` is turned off, so the loss is not scaled
            twice.
        initial_scale: The starting scale. Prefer a large value: a scale
            that is too large falls fast (one halving per skipped step)
            while one too small rises slowly.
        dynamic_growth_steps: Number of finite steps after which the scale
            is doubled.
        name: Name of the optimizer.

    Example:

    >>> w = kerata.Variable([1.0, 2.0])
    >>> opt = kerata.optimizers.LossScaleOptimizer(
    ...     kerata.optimizers.SGD(learning_rate=0.5), initial_scale=4.0)
    >>> float(kerata.ops.convert_to_numpy(opt.scale_loss(1.5)))
    6.0
    >>> _ = opt.apply([[4.0, 8.0]], [w])  # gradients of the scaled loss
    >>> w.numpy().tolist()
    [0.5, 1.0]
    >>> _ = opt.apply([[float("inf"), 0.0]], [w])  # skipped, scale halved
    >>> w.numpy().tolist(), float(opt.dynamic_scale.numpy())
    ([0.5, 1.0], 2.0)
    """

    def __init__(
        self,
        inner_optimizer: Any,
        initial_scale: float = 2.0**15,
        dynamic_growth_steps: int = 2000,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        _check_kwargs(kwargs)
        if not isinstance(inner_optimizer, Optimizer):
            raise TypeError(
                "`inner_optimizer` must be a kerata Optimizer instance. "
                f"Received: {inner_optimizer!r} of type "
                f"{type(inner_optimizer).__name__}"
            )
        if isinstance(initial_scale, bool) or not initial_scale > 0:
            raise ValueError(
                "`initial_scale` must be a positive number. Received: "
                f"initial_scale={initial_scale!r}"
            )
        if (
            isinstance(dynamic_growth_steps, bool)
            or not isinstance(dynamic_growth_steps, int)
            or dynamic_growth_steps < 1
        ):
            raise ValueError(
                "`dynamic_growth_steps` must be a positive int. Received: "
                f"dynamic_growth_steps={dynamic_growth_steps!r}"
            )
        super().__init__(learning_rate=0.0, name=name)
        self.inner_optimizer = inner_optimizer
        self.initial_scale = initial_scale
        self.dynamic_growth_steps = dynamic_growth_steps
        inner_optimizer.loss_scale_factor = None

    def build(self, variables: list) -> None:
        if self.built:
            return
        self.step_counter = self.add_variable(
            (), initializer="zeros", dtype="int32", name="step_counter"
        )
        self.dynamic_scale = self.add_variable(
            (),
            initializer=float(self.initial_scale),
            dtype="float32",
            name="dynamic_scale",
        )
        self.inner_optimizer.build(variables)
        super().build(variables)

    @property
    def variables(self) -> list:
        """This optimizer's state, then the inner optimizer's."""
        return self._variables + self.inner_optimizer.variables

    @property
    def iterations(self) -> Any:
        """The inner optimizer's update count (skipped steps excluded)."""
        return self.inner_optimizer.iterations

    @property
    def learning_rate(self) -> Any:
        """The inner optimizer's learning rate."""
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate: Any) -> None:
        self.inner_optimizer.learning_rate = learning_rate

    def scale_loss(self, loss: Any) -> Any:
        """Multiplies `loss` by the current scale."""
        scale = self.dynamic_scale.value if self.built else self.initial_scale
        return ops.multiply(loss, scale)

    def check_finite(self, grads: list) -> Any:
        """A boolean scalar: whether every gradient is finite."""
        flags = [ops.all(ops.isfinite(g)) for g in grads if g is not None]
        return (
            ops.all(ops.stack(flags)) if flags else ops.convert_to_tensor(True)
        )

    # `apply` (from the base class, wrapped by the backend adapter) calls
    # this with the non-None gradients; the skip is a select, not a branch,
    # so the step stays traceable (jax.jit, torch.compile) without a host
    # sync, at the cost of a copy of the inner optimizer's state.
    def _apply_update(self, grads: list, variables: list) -> None:
        finite = self.check_finite(grads)
        scale = self.dynamic_scale.value
        # Zeros instead of inf/NaN on a skipped step: the inner update then
        # computes only finite values, which are thrown away below.
        unscaled = [ops.where(finite, ops.divide(g, scale), 0) for g in grads]
        state = list(variables) + self.inner_optimizer.variables
        # Copies: on torch `value` aliases the storage `assign` writes to.
        before = [ops.copy(v.value) for v in state]
        self.inner_optimizer.apply(unscaled, variables)
        for variable, old in zip(state, before):
            variable.assign(ops.where(finite, variable.value, old))
        self._update_scale(finite)

    def _update_scale(self, finite: Any) -> None:
        counter = self.step_counter.value
        scale = self.dynamic_scale.value
        grow = ops.logical_and(
            finite, ops.equal(counter, self.dynamic_growth_steps - 1)
        )
        new_scale = ops.where(
            finite, ops.where(grow, scale * 2.0, scale), scale * 0.5
        )
        new_counter = ops.where(
            ops.logical_and(finite, ops.logical_not(grow)), counter + 1, 0
        )
        self.dynamic_scale.assign(new_scale)
        self.step_counter.assign(ops.cast(new_counter, "int32"))

    def _increment_iterations(self) -> None:
        # As in Keras, the count lives in the inner optimizer alone.
        return None

    def finalize_variable_values(self, var_list: Any) -> None:
        self.inner_optimizer.finalize_variable_values(var_list)

    def stateless_apply(
        self, optimizer_variables: Any, grads: Any, trainable_variables: Any
    ) -> tuple:
        if not self.built:
            raise ValueError(
                "stateless_apply() needs a built optimizer: call "
                "optimizer.build(trainable_variables) first."
            )
        own = self.variables
        if len(optimizer_variables) != len(own):
            raise ValueError(
                f"Expected {len(own)} optimizer variable values (this "
                "optimizer's and its inner optimizer's), received "
                f"{len(optimizer_variables)}."
            )
        mapping = list(zip(self._trainable_variables, trainable_variables))
        mapping += list(zip(own, optimizer_variables))
        with backend.StatelessScope(state_mapping=mapping) as scope:
            self.apply(grads)
        return (
            [scope.get_current_value(v) for v in self._trainable_variables],
            [scope.get_current_value(v) for v in own],
        )

    def save_own_variables(self, store: dict) -> None:
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store: dict) -> None:
        variables = self.variables
        if len(store) != len(variables):
            raise ValueError(
                f"Optimizer {self.name!r} has {len(variables)} variables "
                f"(with its inner optimizer's) but the store holds "
                f"{len(store)} values. Build the optimizer for the same "
                "variables before loading."
            )
        for i, variable in enumerate(variables):
            variable.assign(store[str(i)])

    def get_config(self) -> dict:
        return {
            "name": self.name,
            "inner_optimizer": _serialization.serialize_object(
                self.inner_optimizer
            ),
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps,
        }

    @classmethod
    def from_config(
        cls, config: dict, custom_objects: Any = None
    ) -> LossScaleOptimizer:
        # The package imports this module: look it up at call time.
        from kerata.src import optimizers

        config = dict(config)
        inner = config.pop("inner_optimizer")
        if isinstance(inner, (str, dict)):
            inner = optimizers.deserialize(inner, custom_objects)
        return cls(inner, **config)


def maybe_wrap_for_mixed_precision(
    optimizer: Any, dtype_policy: Any, auto_scale_loss: bool = True
) -> Any:
    """`optimizer` wrapped in a `LossScaleOptimizer` when Keras would.

    `Model.compile` wraps when `auto_scale_loss` is set and the model's
    dtype policy is "mixed_float16" (bfloat16 has float32's range and
    needs no scaling); an optimizer that already scales is returned as
    it is, as is None.
    """
    name = getattr(dtype_policy, "name", dtype_policy)
    if (
        not auto_scale_loss
        or name != "mixed_float16"
        or optimizer is None
        or isinstance(optimizer, LossScaleOptimizer)
    ):
        return optimizer
    return LossScaleOptimizer(optimizer, name="loss_scale_optimizer")
