"""Learning-rate schedules: `lr = schedule(step)`, as in Keras 3.

Each schedule is written with kerata ops so it works on a step tensor
inside a traced training step, and uses `where` rather than branches so
the torch backend never syncs with the host.
"""

from __future__ import annotations

import math
from typing import Any

from kerata.src import ops
from kerata.src.activations import _serialization
from kerata.src.api_export import kerata_export


def _positive(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(
            f"`{name}` must be a number. Received: {name}={value!r}"
        )
    if value <= 0:
        raise ValueError(f"`{name}` must be > 0. Received: {name}={value!r}")


def _step(step: Any, like: Any) -> tuple:
    lr = ops.convert_to_tensor(like)
    return ops.cast(step, lr.dtype), lr


@kerata_export("kerata.optimizers.schedules.LearningRateSchedule")
class LearningRateSchedule:
    """Base class of learning-rate schedules.

    Pass a schedule as an optimizer's `learning_rate`; the optimizer calls
    it with its iteration count before each update. Subclasses implement
    `__call__(step)` and `get_config()`.

    Example:

    >>> class Halving(kerata.optimizers.schedules.LearningRateSchedule):
    ...     def __call__(self, step):
    ...         return 1.0 / 2.0 ** kerata.ops.cast(step, "float32")
    ...     def get_config(self):
    ...         return {}
    >>> float(Halving()(3))
    0.125
    """

    def __call__(self, step: Any) -> Any:
        raise NotImplementedError(
            f"{type(self).__name__} must implement __call__(step)."
        )

    def get_config(self) -> dict:
        """Returns the constructor arguments as a JSON-serializable dict."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement get_config()."
        )

    @classmethod
    def from_config(cls, config: dict) -> LearningRateSchedule:
        """Builds a schedule from the output of `get_config()`."""
        return cls(**config)


@kerata_export("kerata.optimizers.schedules.ExponentialDecay")
class ExponentialDecay(LearningRateSchedule):
    """`initial_learning_rate * decay_rate ** (step / decay_steps)`.

    Args:
        initial_learning_rate: Learning rate at step 0.
        decay_steps: Positive number of steps per factor of `decay_rate`.
        decay_rate: Multiplicative decay per `decay_steps`.
        staircase: If True, `step / decay_steps` is floored, so the rate
            drops in steps.
        name: Name of the schedule.

    Example:

    >>> schedule = kerata.optimizers.schedules.ExponentialDecay(1.0, 10, 0.5)
    >>> float(schedule(20))
    0.25
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        decay_rate: float,
        staircase: bool = False,
        name: str = "ExponentialDecay",
    ) -> None:
        _positive("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step: Any) -> Any:
        step, lr = _step(step, self.initial_learning_rate)
        p = step / self.decay_steps
        if self.staircase:
            p = ops.floor(p)
        return lr * ops.power(ops.cast(self.decay_rate, lr.dtype), p)

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


@kerata_export("kerata.optimizers.schedules.PiecewiseConstantDecay")
class PiecewiseConstantDecay(LearningRateSchedule):
    """A constant rate per interval of steps.

    The rate is `values[0]` for `step <= boundaries[0]`, `values[i]` for
    `boundaries[i-1] < step <= boundaries[i]`, and `values[-1]` after the
    last boundary.

    Args:
        boundaries: Increasing list of step numbers.
        values: List of rates, one more than `boundaries`.
        name: Name of the schedule.

    Example:

    >>> schedule = kerata.optimizers.schedules.PiecewiseConstantDecay(
    ...     [10, 20], [1.0, 0.5, 0.1])
    >>> [round(float(schedule(s)), 3) for s in (5, 10, 11, 25)]
    [1.0, 1.0, 0.5, 0.1]
    """

    def __init__(
        self,
        boundaries: list,
        values: list,
        name: str = "PiecewiseConstant",
    ) -> None:
        if len(values) != len(boundaries) + 1:
            raise ValueError(
                "`values` must have one more element than `boundaries`. "
                f"Received: len(boundaries)={len(boundaries)}, "
                f"len(values)={len(values)}"
            )
        self.boundaries = list(boundaries)
        self.values = list(values)
        self.name = name

    def __call__(self, step: Any) -> Any:
        result = ops.convert_to_tensor(self.values[-1])
        step = ops.cast(step, result.dtype)
        # Walk from the last interval back so the earliest match wins.
        for boundary, value in zip(
            reversed(self.boundaries), reversed(self.values[:-1])
        ):
            value = ops.cast(value, result.dtype)
            result = ops.where(step <= boundary, value, result)
        return result

    def get_config(self) -> dict:
        return {
            "boundaries": self.boundaries,
            "values": self.values,
            "name": self.name,
        }


@kerata_export("kerata.optimizers.schedules.PolynomialDecay")
class PolynomialDecay(LearningRateSchedule):
    """Decays from `initial_learning_rate` to `end_learning_rate` along
    `(1 - step / decay_steps) ** power`.

    Args:
        initial_learning_rate: Learning rate at step 0.
        decay_steps: Positive number of steps to reach the end rate.
        end_learning_rate: Final learning rate.
        power: Exponent of the polynomial; 1 is linear.
        cycle: If True, restart the decay after `decay_steps`, stretching
            each cycle to the next multiple of `decay_steps`.
        name: Name of the schedule.

    Example:

    >>> schedule = kerata.optimizers.schedules.PolynomialDecay(
    ...     1.0, 10, end_learning_rate=0.0)
    >>> [round(float(schedule(s)), 3) for s in (0, 5, 20)]
    [1.0, 0.5, 0.0]
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        end_learning_rate: float = 0.0001,
        power: float = 1.0,
        cycle: bool = False,
        name: str = "PolynomialDecay",
    ) -> None:
        _positive("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step: Any) -> Any:
        step, lr = _step(step, self.initial_learning_rate)
        decay_steps = ops.cast(self.decay_steps, lr.dtype)
        if self.cycle:
            cycles = ops.where(
                step == 0, 1.0, ops.ceil(step / self.decay_steps)
            )
            decay_steps = decay_steps * ops.cast(cycles, lr.dtype)
        else:
            step = ops.minimum(step, decay_steps)
        fraction = 1 - step / decay_steps
        end = ops.cast(self.end_learning_rate, lr.dtype)
        return (lr - end) * ops.power(fraction, self.power) + end

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }


@kerata_export("kerata.optimizers.schedules.InverseTimeDecay")
class InverseTimeDecay(LearningRateSchedule):
    """`initial_learning_rate / (1 + decay_rate * step / decay_steps)`.

    Args:
        initial_learning_rate: Learning rate at step 0.
        decay_steps: Positive number of steps per unit of decay.
        decay_rate: Decay factor.
        staircase: If True, `step / decay_steps` is floored.
        name: Name of the schedule.

    Example:

    >>> schedule = kerata.optimizers.schedules.InverseTimeDecay(1.0, 1, 0.5)
    >>> float(schedule(2))
    0.5
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        decay_rate: float,
        staircase: bool = False,
        name: str = "InverseTimeDecay",
    ) -> None:
        _positive("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step: Any) -> Any:
        step, lr = _step(step, self.initial_learning_rate)
        p = step / self.decay_steps
        if self.staircase:
            p = ops.floor(p)
        return lr / (1 + ops.cast(self.decay_rate, lr.dtype) * p)

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


def _cosine(fraction: Any, alpha: float) -> Any:
    decayed = 0.5 * (1.0 + ops.cos(math.pi * fraction))
    return (1 - alpha) * decayed + alpha


@kerata_export("kerata.optimizers.schedules.CosineDecay")
class CosineDecay(LearningRateSchedule):
    """Cosine decay, with an optional linear warmup before it.

    Without warmup the rate is `initial_learning_rate * ((1 - alpha) *
    0.5 * (1 + cos(pi * step / decay_steps)) + alpha)`, constant after
    `decay_steps`. With `warmup_target`, the rate first rises linearly
    from `initial_learning_rate` to `warmup_target` over `warmup_steps`,
    then decays from `warmup_target`.

    Args:
        initial_learning_rate: Learning rate at step 0.
        decay_steps: Positive number of decay steps.
        alpha: Final rate as a fraction of the decayed-from rate.
        name: Name of the schedule.
        warmup_target: Rate reached at the end of warmup; None for no
            warmup.
        warmup_steps: Number of warmup steps.

    Example:

    >>> schedule = kerata.optimizers.schedules.CosineDecay(1.0, 10)
    >>> [round(float(schedule(s)), 3) for s in (0, 5, 10)]
    [1.0, 0.5, 0.0]
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        alpha: float = 0.0,
        name: str = "CosineDecay",
        warmup_target: float | None = None,
        warmup_steps: int = 0,
    ) -> None:
        _positive("decay_steps", decay_steps)
        if warmup_steps < 0:
            raise ValueError(
                "`warmup_steps` must be >= 0. Received: "
                f"warmup_steps={warmup_steps!r}"
            )
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_target = warmup_target
        self.warmup_steps = warmup_steps

    def __call__(self, step: Any) -> Any:
        step, lr = _step(step, self.initial_learning_rate)
        if self.warmup_target is None:
            step = ops.minimum(step, self.decay_steps)
            return lr * _cosine(step / self.decay_steps, self.alpha)
        target = ops.cast(self.warmup_target, lr.dtype)
        warmup = self.warmup_steps
        step = ops.minimum(step, self.decay_steps + warmup)
        rising = lr + (target - lr) * step / max(warmup, 1)
        decayed = target * _cosine(
            (step - warmup) / self.decay_steps, self.alpha
        )
        return ops.where(step < warmup, rising, decayed)

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


@kerata_export("kerata.optimizers.schedules.CosineDecayRestarts")
class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR).

    The first period lasts `first_decay_steps`; each following one is
    `t_mul` times longer and starts from `m_mul` times the previous
    starting rate.

    Args:
        initial_learning_rate: Learning rate at step 0.
        first_decay_steps: Positive length of the first period.
        t_mul: Factor on the period length at each restart.
        m_mul: Factor on the starting rate at each restart.
        alpha: Final rate of a period as a fraction of its starting rate.
        name: Name of the schedule.

    Example:

    >>> schedule = kerata.optimizers.schedules.CosineDecayRestarts(
    ...     1.0, 10, t_mul=1.0, m_mul=0.5)
    >>> [round(float(schedule(s)), 3) for s in (0, 5, 10)]
    [1.0, 0.5, 0.5]
    """

    def __init__(
        self,
        initial_learning_rate: float,
        first_decay_steps: int,
        t_mul: float = 2.0,
        m_mul: float = 1.0,
        alpha: float = 0.0,
        name: str = "SGDRDecay",
    ) -> None:
        _positive("first_decay_steps", first_decay_steps)
        _positive("t_mul", t_mul)
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self.t_mul = t_mul
        self.m_mul = m_mul
        self.alpha = alpha
        self.name = name

    def __call__(self, step: Any) -> Any:
        step, lr = _step(step, self.initial_learning_rate)
        fraction = step / self.first_decay_steps
        t_mul = float(self.t_mul)
        if t_mul == 1.0:
            restart = ops.floor(fraction)
            fraction = fraction - restart
        else:
            # Periods grow geometrically: invert their cumulative length.
            restart = ops.floor(
                ops.log(1.0 - fraction * (1.0 - t_mul)) / math.log(t_mul)
            )
            elapsed = (1.0 - ops.power(t_mul, restart)) / (1.0 - t_mul)
            fraction = (fraction - elapsed) / ops.power(t_mul, restart)
        start = ops.power(ops.cast(self.m_mul, lr.dtype), restart)
        decayed = 0.5 * start * (1.0 + ops.cos(math.pi * fraction))
        return lr * ((1 - self.alpha) * decayed + self.alpha)

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self.t_mul,
            "m_mul": self.m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }


ALL_OBJECTS = (
    LearningRateSchedule,
    ExponentialDecay,
    PiecewiseConstantDecay,
    PolynomialDecay,
    InverseTimeDecay,
    CosineDecay,
    CosineDecayRestarts,
)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}


@kerata_export("kerata.optimizers.schedules.serialize")
def serialize(learning_rate_schedule: Any) -> dict:
    """Returns a schedule's config in Keras's dict format.

    Example:

    >>> schedule = kerata.optimizers.schedules.InverseTimeDecay(1.0, 1, 0.5)
    >>> kerata.optimizers.schedules.serialize(schedule)["class_name"]
    'InverseTimeDecay'
    """
    return _serialization.serialize_object(learning_rate_schedule)


@kerata_export("kerata.optimizers.schedules.deserialize")
def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    """Builds a schedule from a dict written by `serialize`.

    Example:

    >>> schedule = kerata.optimizers.schedules.deserialize(
    ...     {"class_name": "ExponentialDecay", "config": {
    ...         "initial_learning_rate": 1.0, "decay_steps": 2,
    ...         "decay_rate": 0.5}})
    >>> float(schedule(2))
    0.5
    """
    return _serialization.deserialize_object(
        config, ALL_OBJECTS_DICT, custom_objects, "learning rate schedule"
    )
