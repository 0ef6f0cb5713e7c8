"""Learning-rate schedules against closed-form formulas in plain Python."""

import math

import pytest

import kerata
from kerata.src.testing import assert_allclose

S = kerata.optimizers.schedules
STEPS = (0, 1, 3, 7, 10, 15, 30)


def _exponential(step, lr, decay_steps, rate, staircase):
    p = step / decay_steps
    return lr * rate ** (math.floor(p) if staircase else p)


def _piecewise(step, boundaries, values):
    for boundary, value in zip(boundaries, values):
        if step <= boundary:
            return value
    return values[-1]


def _polynomial(step, lr, decay_steps, end, power, cycle):
    if cycle:
        decay_steps *= max(1, math.ceil(step / decay_steps))
    else:
        step = min(step, decay_steps)
    return (lr - end) * (1 - step / decay_steps) ** power + end


def _inverse_time(step, lr, decay_steps, rate, staircase):
    p = step / decay_steps
    return lr / (1 + rate * (math.floor(p) if staircase else p))


def _cosine(step, lr, decay_steps, alpha, target=None, warmup=0):
    if target is None:
        step = min(step, decay_steps)
        return lr * (
            (1 - alpha) * 0.5 * (1 + math.cos(math.pi * step / decay_steps))
            + alpha
        )
    step = min(step, decay_steps + warmup)
    if step < warmup:
        return lr + (target - lr) * step / warmup
    fraction = (step - warmup) / decay_steps
    return target * (
        (1 - alpha) * 0.5 * (1 + math.cos(math.pi * fraction)) + alpha
    )


def _restarts(step, lr, first, t_mul, m_mul, alpha):
    period, start, restart = first, 0.0, 0
    while step >= start + period:
        start += period
        period *= t_mul
        restart += 1
    fraction = (step - start) / period
    decayed = 0.5 * m_mul**restart * (1 + math.cos(math.pi * fraction))
    return lr * ((1 - alpha) * decayed + alpha)


CASES = [
    (
        S.ExponentialDecay(0.5, 4, 0.3),
        lambda s: _exponential(s, 0.5, 4, 0.3, False),
    ),
    (
        S.ExponentialDecay(0.5, 4, 0.3, staircase=True),
        lambda s: _exponential(s, 0.5, 4, 0.3, True),
    ),
    (
        S.PiecewiseConstantDecay([3, 10], [1.0, 0.5, 0.1]),
        lambda s: _piecewise(s, [3, 10], [1.0, 0.5, 0.1]),
    ),
    (
        S.PolynomialDecay(1.0, 10, 0.1, power=2.0),
        lambda s: _polynomial(s, 1.0, 10, 0.1, 2.0, False),
    ),
    (
        S.PolynomialDecay(1.0, 4, 0.1, power=0.5, cycle=True),
        lambda s: _polynomial(s, 1.0, 4, 0.1, 0.5, True),
    ),
    (
        S.InverseTimeDecay(1.0, 2, 0.5),
        lambda s: _inverse_time(s, 1.0, 2, 0.5, False),
    ),
    (
        S.InverseTimeDecay(1.0, 2, 0.5, staircase=True),
        lambda s: _inverse_time(s, 1.0, 2, 0.5, True),
    ),
    (S.CosineDecay(1.0, 10, alpha=0.1), lambda s: _cosine(s, 1.0, 10, 0.1)),
    (
        S.CosineDecay(0.0, 10, warmup_target=1.0, warmup_steps=5),
        lambda s: _cosine(s, 0.0, 10, 0.0, 1.0, 5),
    ),
    (
        S.CosineDecayRestarts(1.0, 4, t_mul=2.0, m_mul=0.5, alpha=0.1),
        lambda s: _restarts(s, 1.0, 4, 2.0, 0.5, 0.1),
    ),
    (
        S.CosineDecayRestarts(1.0, 4, t_mul=1.0, m_mul=0.9),
        lambda s: _restarts(s, 1.0, 4, 1.0, 0.9, 0.0),
    ),
]


@pytest.mark.parametrize(
    ("schedule", "formula"), CASES, ids=lambda c: getattr(c, "name", "")
)
def test_schedule_matches_formula(schedule, formula):
    actual = [float(schedule(step)) for step in STEPS]
    desired = [formula(step) for step in STEPS]
    assert_allclose(actual, desired, rtol=1e-5, atol=1e-6)


def test_schedule_accepts_a_step_tensor():
    schedule = S.ExponentialDecay(1.0, 1, 0.5)
    step = kerata.ops.convert_to_tensor(2, dtype="int32")
    assert_allclose(schedule(step), 0.25)


@pytest.mark.parametrize(("schedule", "formula"), CASES)
def test_config_round_trip(schedule, formula):
    config = kerata.optimizers.schedules.serialize(schedule)
    clone = kerata.optimizers.schedules.deserialize(config)
    assert type(clone) is type(schedule)
    assert clone.get_config() == schedule.get_config()
    assert_allclose(float(clone(3)), formula(3), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: S.ExponentialDecay(1.0, 0, 0.5), ValueError, "decay_steps"),
        (lambda: S.PolynomialDecay(1.0, -1), ValueError, "decay_steps"),
        (lambda: S.CosineDecay(1.0, "ten"), TypeError, "decay_steps"),
        (
            lambda: S.PiecewiseConstantDecay([1, 2], [1.0]),
            ValueError,
            "one more element",
        ),
        (lambda: S.CosineDecay(1.0, 5, warmup_steps=-1), ValueError, "warmup"),
    ],
)
def test_bad_arguments_raise_clear_errors(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_base_schedule_needs_call():
    with pytest.raises(NotImplementedError, match="__call__"):
        S.LearningRateSchedule()(0)
