"""The `Optimizer` base class: everything but the update rule.

A subclass creates its slot variables in `build(variables)` and writes
`update_step(gradient, variable, learning_rate)` with kerata ops and
`Variable.assign*`, so one rule runs on every backend. The base class
handles learning-rate schedules, gradient clipping, decoupled weight decay,
gradient accumulation, loss scaling, EMA of the weights, constraints and
the `iterations` counter, and `stateless_apply` for pure (JAX) steps.
"""

from __future__ import annotations

import re
from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.backend.common import global_state
from kerata.src.optimizers.schedules import learning_rate_schedule

_RENAMED_KWARGS = {"lr": "learning_rate", "decay": "a schedule"}


def _positive_or_none(name: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(
            f"`{name}` must be a number or None. Received: {name}={value!r}"
        )
    if value < 0:
        raise ValueError(f"`{name}` must be >= 0. Received: {name}={value!r}")
    return value


def _update_rule_of(cls: type) -> str | None:
    # The rule named by the class whose `update_step` is in effect, so a
    # subclass that overrides `update_step` (a rule nobody can know) gets
    # None, and one that only inherits it (AdamW from Adam) gets the rule.
    for klass in cls.__mro__:
        if "update_step" in vars(klass):
            return vars(klass).get("_update_rule")
    return None


class BaseOptimizer:
    """Backend-neutral optimizer logic; see `Optimizer`."""

    # The built-in optimizers name the rule their `update_step` implements
    # ("sgd", "adam", ...), so a backend adapter can run a fused version of
    # it over all variables at once (`backend/<name>/optimizer.py`).
    _update_rule: str | None = None

    def __init__(
        self,
        learning_rate: Any,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int | None = None,
        loss_scale_factor: float | None = None,
        gradient_accumulation_steps: int | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        for key in kwargs:
            hint = _RENAMED_KWARGS.get(key)
            hint = f" Use `{hint}` instead." if hint else ""
            raise TypeError(
                f"{type(self).__name__} got an unexpected keyword argument "
                f"{key!r}.{hint}"
            )
        clips = {
            "clipnorm": clipnorm,
            "clipvalue": clipvalue,
            "global_clipnorm": global_clipnorm,
        }
        if sum(v is not None for v in clips.values()) > 1:
            raise ValueError(
                "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` "
                f"can be set. Received: {clips}"
            )
        for key, value in clips.items():
            _positive_or_none(key, value)
        _positive_or_none("weight_decay", weight_decay)
        if not 0.0 <= ema_momentum <= 1.0:
            raise ValueError(
                "`ema_momentum` must be in [0, 1]. Received: "
                f"ema_momentum={ema_momentum!r}"
            )
        if gradient_accumulation_steps is not None and (
            not isinstance(gradient_accumulation_steps, int)
            or gradient_accumulation_steps < 2
        ):
            raise ValueError(
                "`gradient_accumulation_steps` must be an int >= 2 or None. "
                f"Received: {gradient_accumulation_steps!r}"
            )
        # As in Keras, default names are the class name in snake case,
        # made unique: "sgd", then "sgd_1".
        self.name = name or global_state.auto_name(type(self).__name__)
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.built = False
        self._variables: list = []
        self._trainable_variables: list = []
        self._index: dict[int, int] = {}
        self.exclude_from_weight_decay()
        with backend.name_scope(self.name):
            self._iterations = backend.Variable(
                0,
                name="iteration",
                dtype="int32",
                trainable=False,
                aggregation="only_first_replica",
            )
        self._variables.append(self._iterations)
        self._learning_rate = self._build_learning_rate(learning_rate)

    # --- learning rate and counters ---------------------------------------
    def _build_learning_rate(self, learning_rate: Any) -> Any:
        if isinstance(
            learning_rate, learning_rate_schedule.LearningRateSchedule
        ) or (callable(learning_rate) and not hasattr(learning_rate, "shape")):
            return learning_rate
        if isinstance(learning_rate, bool) or not (
            isinstance(learning_rate, (int, float))
            or hasattr(learning_rate, "shape")
        ):
            raise TypeError(
                "`learning_rate` must be a float, a LearningRateSchedule or "
                f"a callable. Received: learning_rate={learning_rate!r}"
            )
        with backend.name_scope(self.name):
            variable = backend.Variable(
                learning_rate,
                name="learning_rate",
                dtype=backend.floatx(),
                trainable=False,
                aggregation="only_first_replica",
            )
        self._variables.insert(1, variable)
        return variable

    @property
    def iterations(self) -> Any:
        """Number of updates applied so far (an int Variable or tensor)."""
        if self.gradient_accumulation_steps:
            return ops.floor_divide(
                self._iterations, self.gradient_accumulation_steps
            )
        return self._iterations

    @property
    def learning_rate(self) -> Any:
        """The current learning rate (a Variable or a scalar tensor)."""
        lr = self._learning_rate
        if isinstance(lr, learning_rate_schedule.LearningRateSchedule):
            return lr(self.iterations)
        if isinstance(lr, backend.Variable):
            return lr
        return lr()

    @learning_rate.setter
    def learning_rate(self, learning_rate: Any) -> None:
        current = self._learning_rate
        if isinstance(current, backend.Variable) and not callable(
            learning_rate
        ):
            current.assign(learning_rate)
            return
        if isinstance(current, backend.Variable):
            self._variables.remove(current)
        self._learning_rate = self._build_learning_rate(learning_rate)

    @property
    def variables(self) -> list:
        """All optimizer state: iterations, learning rate, slots."""
        return self._variables[:]

    # --- building -----------------------------------------------------------
    def add_variable(
        self,
        shape: Any,
        initializer: Any = "zeros",
        dtype: Any = None,
        aggregation: str = "none",
        name: str | None = None,
    ) -> Any:
        """Creates an optimizer variable and tracks it in `variables`."""
        with backend.name_scope(self.name):
            variable = backend.Variable(
                initializer,
                shape=shape,
                dtype=dtype or backend.floatx(),
                trainable=False,
                aggregation=aggregation,
                name=name,
            )
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(
        self,
        reference_variable: Any,
        name: str | None = None,
        initializer: Any = "zeros",
    ) -> Any:
        """Creates a slot variable with the shape and dtype of
        `reference_variable`, named after its path."""
        prefix = reference_variable.path.replace("/", "_")
        return self.add_variable(
            shape=reference_variable.shape,
            initializer=initializer,
            dtype=reference_variable._dtype,
            name=f"{prefix}_{name}" if name else prefix,
        )

    def add_optimizer_variables(
        self, variables: list, names: Any, initializer: Any = "zeros"
    ) -> Any:
        """One slot per variable for each name; a list per name."""
        single = isinstance(names, str)
        names = [names] if single else list(names)
        slots: list = [[] for _ in names]
        for variable in variables:
            for i, name in enumerate(names):
                slots[i].append(
                    self.add_variable_from_reference(
                        variable, name, initializer
                    )
                )
        return slots[0] if single else tuple(slots)

    def build(self, variables: list) -> None:
        """Creates the optimizer's state for `variables`."""
        variables = list(variables)
        if self.use_ema:
            self._averages = self.add_optimizer_variables(variables, "average")
        if self.gradient_accumulation_steps:
            self._accumulators = self.add_optimizer_variables(
                variables, "gradient_accumulator"
            )
        self._trainable_variables = variables
        self._index = {id(v): i for i, v in enumerate(variables)}
        self.built = True

    def _get_variable_index(self, variable: Any) -> int:
        return self._index[id(variable)]

    def exclude_from_weight_decay(
        self, var_list: Any = None, var_names: Any = None
    ) -> None:
        """Excludes variables (or names matching any regex in
        `var_names`) from weight decay. Call before the first update."""
        if self.__dict__.get("built"):
            raise ValueError(
                "`exclude_from_weight_decay()` must be called before the "
                "optimizer is built (before its first update)."
            )
        self._excluded = {id(v) for v in var_list or ()}
        self._excluded_pattern = (
            re.compile("|".join(sorted(set(var_names)))) if var_names else None
        )

    def _use_weight_decay(self, variable: Any) -> bool:
        if id(variable) in self._excluded:
            return False
        pattern = self._excluded_pattern
        return pattern is None or pattern.search(variable.name) is None

    # --- applying -----------------------------------------------------------
    def apply_gradients(self, grads_and_vars: Any) -> Any:
        """Applies `(gradient, variable)` pairs; returns `iterations`."""
        grads, variables = zip(*grads_and_vars)
        return self.apply(list(grads), list(variables))

    def apply(self, grads: Any, trainable_variables: Any = None) -> Any:
        """Applies `grads` to `trainable_variables` (the built ones when
        omitted) and returns `iterations`."""
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "apply() needs `trainable_variables` on its first call, "
                    "when the optimizer is not built yet."
                )
            trainable_variables = self._trainable_variables
        trainable_variables = list(trainable_variables)
        grads = list(grads)
        if len(grads) != len(trainable_variables):
            raise ValueError(
                f"Got {len(grads)} gradients for "
                f"{len(trainable_variables)} variables; expected one "
                "gradient per variable."
            )
        if not self.built:
            self.build(trainable_variables)
        index = self._index
        variables = []
        for grad, variable in zip(grads, trainable_variables):
            if grad is None:
                continue
            if id(variable) not in index:
                raise ValueError(
                    f"Unknown variable {variable.path!r}: the optimizer "
                    "was built for other variables. Use a new optimizer "
                    "for a new set of variables."
                )
            variables.append(variable)
        if variables:
            grads = [ops.convert_to_tensor(g) for g in grads if g is not None]
            scale = self.loss_scale_factor
            if scale is not None:
                grads = [g / scale for g in grads]
            if self.gradient_accumulation_steps:
                self._accumulate_and_apply(grads, variables)
            else:
                self._apply_update(grads, variables)
            if self.use_ema:
                self._update_moving_averages()
            for variable in variables:
                constraint = getattr(variable, "constraint", None)
                if constraint is not None:
                    variable.assign(constraint(variable))
        self._increment_iterations()
        return self._iterations

    def _increment_iterations(self) -> None:
        self._iterations.assign_add(1)

    def _apply_update(self, grads: list, variables: list) -> None:
        grads = self._clip_gradients(grads)
        self._apply_weight_decay(variables)
        self._backend_update_step(grads, variables, self.learning_rate)

    def _builtin_update_rule(self) -> str | None:
        """The name of the built-in rule `update_step` implements, or None
        when a subclass overrides `update_step`."""
        # Asked on every step; the answer depends only on the class.
        cls = type(self)
        cached = self.__dict__.get("_update_rule_cache")
        if cached is None or cached[0] is not cls:
            cached = self._update_rule_cache = (cls, _update_rule_of(cls))
        return cached[1]

    def _backend_update_step(
        self, grads: list, variables: list, learning_rate: Any
    ) -> None:
        for grad, variable in zip(grads, variables):
            self.update_step(grad, variable, learning_rate)

    def update_step(
        self, gradient: Any, variable: Any, learning_rate: Any
    ) -> None:
        """Updates one variable from its gradient; subclasses implement."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement update_step()."
        )

    def _accumulate_and_apply(self, grads: list, variables: list) -> None:
        # Runs the update every call and keeps its result only on update
        # steps (a select, not a branch), so the step stays traceable and
        # needs no host sync.
        steps = self.gradient_accumulation_steps
        is_update = ops.equal((self._iterations + 1) % steps, 0)
        accumulators = [
            self._accumulators[self._get_variable_index(v)] for v in variables
        ]
        skip = {id(self._iterations)} | {id(a) for a in self._accumulators}
        state = self._trainable_variables + self._variables
        state = [v for v in state if id(v) not in skip]
        # Copies: on torch `value` aliases the storage `assign` writes to.
        before = [ops.copy(v.value) for v in state]
        averaged = [(g + a) / steps for g, a in zip(grads, accumulators)]
        self._apply_update(averaged, variables)
        for variable, old in zip(state, before):
            variable.assign(ops.where(is_update, variable.value, old))
        for grad, accumulator in zip(grads, accumulators):
            summed = accumulator.value + ops.cast(grad, accumulator.dtype)
            accumulator.assign(
                ops.where(is_update, ops.zeros_like(summed), summed)
            )

    def _clip_gradients(self, grads: list) -> list:
        if self.clipnorm:
            return [self._clip_by_norm(g) for g in grads]
        if self.global_clipnorm:
            return clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue:
            v = self.clipvalue
            return [ops.clip(g, -v, v) for g in grads]
        return grads

    def _clip_by_norm(self, grad: Any) -> Any:
        norm = ops.sqrt(ops.sum(ops.square(grad)))
        return grad * self.clipnorm / ops.maximum(norm, self.clipnorm)

    def _apply_weight_decay(self, variables: list) -> None:
        if self.weight_decay is None:
            return
        lr = self.learning_rate
        for variable in variables:
            if self._use_weight_decay(variable):
                factor = ops.cast(lr, variable.dtype) * self.weight_decay
                variable.assign(variable.value - variable.value * factor)

    def _update_moving_averages(self) -> None:
        # The first update copies the weights; later ones blend them in.
        started = ops.not_equal(self._iterations, 0)
        for variable, average in zip(self._trainable_variables, self._averages):
            momentum = ops.cast(started, variable.dtype) * self.ema_momentum
            average.assign(
                momentum * average.value + (1 - momentum) * variable.value
            )
        frequency = self.ema_overwrite_frequency
        if frequency:
            overwrite = ops.equal((self._iterations + 1) % frequency, 0)
            for variable, average in zip(
                self._trainable_variables, self._averages
            ):
                variable.assign(
                    ops.where(overwrite, average.value, variable.value)
                )

    def finalize_variable_values(self, var_list: Any) -> None:
        """With `use_ema`, sets the variables to their moving averages."""
        if self.use_ema:
            for variable in var_list:
                average = self._averages[self._get_variable_index(variable)]
                variable.assign(average.value)

    def scale_loss(self, loss: Any) -> Any:
        """Multiplies `loss` by `loss_scale_factor` when it is set."""
        if self.loss_scale_factor is None:
            return loss
        return loss * self.loss_scale_factor

    def stateless_apply(
        self, optimizer_variables: Any, grads: Any, trainable_variables: Any
    ) -> tuple:
        """Pure version of `apply`: takes and returns values, changes no
        variable. Returns `(trainable_values, optimizer_values)`."""
        if not self.built:
            raise ValueError(
                "stateless_apply() needs a built optimizer: call "
                "optimizer.build(trainable_variables) first."
            )
        if len(optimizer_variables) != len(self._variables):
            raise ValueError(
                f"Expected {len(self._variables)} optimizer variable values, "
                f"received {len(optimizer_variables)}."
            )
        if len(trainable_variables) != len(self._trainable_variables):
            raise ValueError(
                f"Expected {len(self._trainable_variables)} trainable "
                f"variable values, received {len(trainable_variables)}."
            )
        mapping = list(zip(self._trainable_variables, trainable_variables))
        mapping += list(zip(self._variables, optimizer_variables))
        with backend.StatelessScope(state_mapping=mapping) as scope:
            self.apply(grads)
        return (
            [scope.get_current_value(v) for v in self._trainable_variables],
            [scope.get_current_value(v) for v in self._variables],
        )

    # --- saving -------------------------------------------------------------
    def save_own_variables(self, store: dict) -> None:
        """Writes the variables' values into `store` under "0", "1", ..."""
        for i, variable in enumerate(self._variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store: dict) -> None:
        """Restores values written by `save_own_variables`."""
        if len(store) != len(self._variables):
            raise ValueError(
                f"Optimizer {self.name!r} has {len(self._variables)} "
                f"variables but the store holds {len(store)} values. Build "
                "the optimizer for the same variables before loading."
            )
        for i, variable in enumerate(self._variables):
            variable.assign(store[str(i)])

    def get_config(self) -> dict:
        """Returns the constructor arguments as a JSON-serializable dict."""
        lr = self._learning_rate
        if isinstance(lr, learning_rate_schedule.LearningRateSchedule):
            lr = learning_rate_schedule.serialize(lr)
        elif isinstance(lr, backend.Variable):
            lr = float(lr.numpy())
        return {
            "name": self.name,
            "learning_rate": lr,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    @classmethod
    def from_config(cls, config: dict, custom_objects: Any = None) -> Any:
        """Builds an optimizer from the output of `get_config()`."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = learning_rate_schedule.deserialize(
                config["learning_rate"], custom_objects
            )
        return cls(**config)


# A backend may wrap `apply` (e.g. to turn off autograd recording) with a
# mixin from `backend/<name>/optimizer.py`; it goes first in the MRO.
_ADAPTER = backend.load_adapter("optimizer")
_BASES = (BaseOptimizer,) if _ADAPTER is object else (_ADAPTER, BaseOptimizer)


@kerata_export("kerata.optimizers.Optimizer")
class Optimizer(*_BASES):  # type: ignore[misc]
    """Base class of optimizers: applies gradients to variables.

    Subclasses implement `build(variables)` (creating slot variables with
    `add_variable_from_reference`) and `update_step(gradient, variable,
    learning_rate)`.

    Args:
        learning_rate: A float, a `LearningRateSchedule` (called with the
            iteration count) or a callable taking no argument.
        weight_decay: If set, decoupled weight decay: before each update,
            `variable -= learning_rate * weight_decay * variable`.
        clipnorm: If set, each gradient is rescaled so its L2 norm is at
            most this value.
        clipvalue: If set, each gradient is clipped to
            `[-clipvalue, clipvalue]`.
        global_clipnorm: If set, all gradients are rescaled together so
            their global L2 norm is at most this value. Only one of
            `clipnorm`, `clipvalue` and `global_clipnorm` may be set.
        use_ema: Whether to keep an exponential moving average of the
            weights (see `finalize_variable_values`).
        ema_momentum: Momentum of that average, in `[0, 1]`.
        ema_overwrite_frequency: If set with `use_ema`, the weights are
            overwritten by their average every this many iterations.
        loss_scale_factor: If set, `scale_loss` multiplies the loss by it
            and gradients are divided by it before the update.
        gradient_accumulation_steps: If an int `n >= 2`, gradients are
            averaged over `n` calls and the weights updated every `n`-th.
        name: Name of the optimizer (prefix of its variables' paths).

    Example:

    >>> class PlainSGD(kerata.optimizers.Optimizer):
    ...     def update_step(self, gradient, variable, learning_rate):
    ...         variable.assign_sub(gradient * learning_rate)
    >>> w = kerata.Variable([1.0, 2.0])
    >>> _ = PlainSGD(learning_rate=0.5).apply([[1.0, 1.0]], [w])
    >>> w.numpy().tolist()
    [0.5, 1.5]
    """


def clip_by_global_norm(grads: list, clip_norm: float) -> list:
    """Rescales `grads` so their joint L2 norm is at most `clip_norm`."""
    total = ops.sqrt(sum(ops.sum(ops.square(g)) for g in grads))
    scale = clip_norm / ops.maximum(total, clip_norm)
    return [g * ops.cast(scale, g.dtype) for g in grads]
