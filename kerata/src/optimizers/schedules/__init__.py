"""Learning-rate schedules for `kerata.optimizers`."""

from kerata.src.optimizers.schedules.learning_rate_schedule import (
    LearningRateSchedule,
)

__all__ = ["LearningRateSchedule"]
