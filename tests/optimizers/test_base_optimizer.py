"""The common machinery of `Optimizer`: clipping, weight decay, EMA,
gradient accumulation, loss scaling, constraints, schedules, configs."""

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.testing import assert_allclose
from tests.optimizers import _helpers

GRADS = [
    np.array([[3.0, 4.0]], "float32"),
    np.array([0.5, -2.0, 1.0], "float32"),
]


def _one_sgd_step(**kwargs):
    values = [np.zeros((1, 2), "float32"), np.zeros(3, "float32")]
    optimizer = kerata.optimizers.SGD(learning_rate=1.0, **kwargs)
    return _helpers.run_kerata(optimizer, values, [GRADS])


def test_clipnorm_clips_each_gradient():
    out = _one_sgd_step(clipnorm=1.0)
    for w, g in zip(out, GRADS):
        norm = np.sqrt((g**2).sum())
        assert_allclose(w, -g / max(norm, 1.0))


def test_clipvalue_clips_elements():
    out = _one_sgd_step(clipvalue=0.5)
    for w, g in zip(out, GRADS):
        assert_allclose(w, -np.clip(g, -0.5, 0.5))


def test_global_clipnorm_scales_all_gradients_together():
    out = _one_sgd_step(global_clipnorm=2.0)
    total = np.sqrt(sum((g**2).sum() for g in GRADS))
    for w, g in zip(out, GRADS):
        assert_allclose(w, -g * 2.0 / total)


def test_weight_decay_is_decoupled_and_excludable():
    w = kerata.Variable(np.ones(2, "float32"), name="kernel")
    b = kerata.Variable(np.ones(2, "float32"), name="bias")
    optimizer = kerata.optimizers.SGD(learning_rate=0.5, weight_decay=0.1)
    optimizer.exclude_from_weight_decay(var_names=["bias"])
    zeros = np.zeros(2, "float32")
    optimizer.apply([zeros, zeros], [w, b])
    assert_allclose(w, [0.95, 0.95])
    assert_allclose(b, [1.0, 1.0])
    with pytest.raises(ValueError, match="before the optimizer is built"):
        optimizer.exclude_from_weight_decay(var_names=["x"])


def test_loss_scale_factor_unscales_gradients():
    optimizer = kerata.optimizers.SGD(learning_rate=1.0, loss_scale_factor=4.0)
    assert float(optimizer.scale_loss(2.0)) == 8.0
    out = _helpers.run_kerata(
        optimizer, [np.zeros(2, "float32")], [[np.full(2, 4.0, "float32")]]
    )
    assert_allclose(out[0], [-1.0, -1.0])


def test_gradient_accumulation_updates_every_n_steps():
    w = kerata.Variable(np.zeros(2, "float32"))
    optimizer = kerata.optimizers.SGD(
        learning_rate=1.0, gradient_accumulation_steps=2
    )
    optimizer.apply([np.array([1.0, 2.0], "float32")], [w])
    assert_allclose(w, [0.0, 0.0])
    assert int(kerata.ops.convert_to_numpy(optimizer.iterations)) == 0
    optimizer.apply([np.array([3.0, 4.0], "float32")], [w])
    assert_allclose(w, [-2.0, -3.0])
    assert int(kerata.ops.convert_to_numpy(optimizer.iterations)) == 1
    optimizer.apply([np.array([1.0, 1.0], "float32")], [w])
    assert_allclose(w, [-2.0, -3.0])


def test_ema_tracks_average_and_finalizes():
    w = kerata.Variable(np.zeros(1, "float32"))
    optimizer = kerata.optimizers.SGD(
        learning_rate=1.0, use_ema=True, ema_momentum=0.5
    )
    grad = [np.array([-1.0], "float32")]
    optimizer.apply(grad, [w])  # w = 1, average = 1 (first step copies)
    optimizer.apply(grad, [w])  # w = 2, average = 0.5 * 1 + 0.5 * 2
    assert_allclose(w, [2.0])
    optimizer.finalize_variable_values([w])
    assert_allclose(w, [1.5])


def test_constraint_applied_after_update():
    w = kerata.Variable(np.zeros(2, "float32"))
    w.constraint = kerata.constraints.NonNeg()
    optimizer = kerata.optimizers.SGD(learning_rate=1.0)
    optimizer.apply([np.array([1.0, -1.0], "float32")], [w])
    assert_allclose(w, [0.0, 1.0])


def test_schedule_learning_rate_follows_iterations():
    schedule = kerata.optimizers.schedules.ExponentialDecay(1.0, 1, 0.5)
    optimizer = kerata.optimizers.SGD(learning_rate=schedule)
    out = _helpers.run_kerata(
        optimizer,
        [np.zeros(1, "float32")],
        [[np.ones(1, "float32")]] * 3,
    )
    assert_allclose(out[0], [-1.75])
    assert_allclose(optimizer.learning_rate, 0.125)


def test_learning_rate_setter_assigns_variable():
    optimizer = kerata.optimizers.Adam(learning_rate=0.1)
    optimizer.learning_rate = 0.5
    assert_allclose(optimizer.learning_rate, 0.5)
    assert len(optimizer.variables) == 2


def test_variables_are_named_after_references():
    optimizer = kerata.optimizers.Adam(name="opt")
    optimizer.build([kerata.Variable(np.zeros(2, "float32"), name="w")])
    paths = [v.path for v in optimizer.variables]
    prefix = optimizer.name
    assert prefix.startswith("opt")
    assert paths == [
        f"{prefix}/iteration",
        f"{prefix}/learning_rate",
        f"{prefix}/w_momentum",
        f"{prefix}/w_velocity",
    ]


@pytest.mark.parametrize(
    "cls",
    [
        "SGD",
        "Adam",
        "AdamW",
        "RMSprop",
        "Adagrad",
        "Adamax",
        "Nadam",
        "Adadelta",
        "Lion",
        "Lamb",
        "Ftrl",
        "Adafactor",
    ],
)
def test_get_config_round_trip(cls):
    optimizer = getattr(kerata.optimizers, cls)(
        learning_rate=0.25, clipnorm=1.0
    )
    config = optimizer.get_config()
    assert config["learning_rate"] == 0.25
    config.pop("name")
    clone = type(optimizer).from_config(config)
    assert _unnamed(clone.get_config()) == config
    restored = kerata.optimizers.deserialize(
        kerata.optimizers.serialize(optimizer)
    )
    assert type(restored) is type(optimizer)
    assert _unnamed(restored.get_config()) == config


def _unnamed(config):
    return {k: v for k, v in config.items() if k != "name"}


def test_config_with_schedule_round_trip():
    schedule = kerata.optimizers.schedules.CosineDecay(0.1, 10)
    optimizer = kerata.optimizers.SGD(learning_rate=schedule)
    config = optimizer.get_config()
    assert config["learning_rate"]["class_name"] == "CosineDecay"
    clone = kerata.optimizers.SGD.from_config(config)
    assert isinstance(
        clone._learning_rate, kerata.optimizers.schedules.CosineDecay
    )


def test_get_accepts_names_classes_and_instances():
    assert type(kerata.optimizers.get("adam")).__name__ == "Adam"
    assert type(kerata.optimizers.get("RMSprop")).__name__ == "RMSprop"
    sgd = kerata.optimizers.SGD()
    assert kerata.optimizers.get(sgd) is sgd
    assert isinstance(
        kerata.optimizers.get(kerata.optimizers.Adagrad),
        kerata.optimizers.Adagrad,
    )
    with pytest.raises(ValueError, match="optimizer identifier"):
        kerata.optimizers.get(3)
    with pytest.raises(ValueError, match="optimizer identifier"):
        kerata.optimizers.get("nope")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"clipnorm": 1.0, "clipvalue": 1.0}, ValueError, "Only one of"),
        ({"clipnorm": -1.0}, ValueError, "clipnorm"),
        ({"momentum": 2.0}, ValueError, "momentum"),
        ({"gradient_accumulation_steps": 1}, ValueError, "accumulation"),
        ({"ema_momentum": 1.5}, ValueError, "ema_momentum"),
        ({"lr": 0.1}, TypeError, "learning_rate"),
        ({"learning_rate": "fast"}, TypeError, "learning_rate"),
    ],
)
def test_bad_arguments_raise_clear_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        kerata.optimizers.SGD(**kwargs)


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: kerata.optimizers.AdamW(weight_decay=None), "weight_decay"),
        (lambda: kerata.optimizers.Lion(beta_1=0.0), "beta_1"),
        (lambda: kerata.optimizers.Ftrl(learning_rate_power=0.5), "power"),
        (
            lambda: kerata.optimizers.Ftrl(
                beta=0.0, l1_regularization_strength=-1.0
            ),
            "l1",
        ),
        (
            lambda: kerata.optimizers.Adagrad(initial_accumulator_value=-1.0),
            "initial",
        ),
        (lambda: kerata.optimizers.RMSprop(momentum=-0.5), "momentum"),
    ],
)
def test_optimizer_specific_arguments_are_checked(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_apply_checks_lengths_and_known_variables():
    optimizer = kerata.optimizers.SGD()
    w = kerata.Variable(np.zeros(2, "float32"))
    with pytest.raises(ValueError, match="gradients"):
        optimizer.apply([np.zeros(2), np.zeros(2)], [w])
    optimizer.apply([np.zeros(2, "float32")], [w])
    other = kerata.Variable(np.zeros(2, "float32"))
    with pytest.raises(ValueError, match="Unknown variable"):
        optimizer.apply([np.zeros(2, "float32")], [other])


def test_apply_gradients_takes_pairs():
    w = kerata.Variable(np.ones(2, "float32"))
    optimizer = kerata.optimizers.SGD(learning_rate=0.5)
    optimizer.apply_gradients([(np.ones(2, "float32"), w)])
    assert_allclose(w, [0.5, 0.5])


def test_stateless_apply_changes_no_variable():
    w = kerata.Variable(np.ones(2, "float32"))
    optimizer = kerata.optimizers.Adam(learning_rate=0.1)
    optimizer.build([w])
    opt_values = [v.value for v in optimizer.variables]
    new_w, new_opt = optimizer.stateless_apply(
        opt_values, [np.ones(2, "float32")], [w.value]
    )
    assert_allclose(w, [1.0, 1.0])
    assert int(kerata.ops.convert_to_numpy(optimizer.iterations)) == 0
    assert_allclose(new_w[0], [0.9, 0.9])
    assert int(backend.convert_to_numpy(new_opt[0])) == 1


def test_save_and_load_own_variables():
    w = kerata.Variable(np.ones(2, "float32"))
    optimizer = kerata.optimizers.Adam()
    optimizer.apply([np.ones(2, "float32")], [w])
    store = {}
    optimizer.save_own_variables(store)
    clone = kerata.optimizers.Adam()
    clone.build([w])
    clone.load_own_variables(store)
    for a, b in zip(clone.variables, optimizer.variables):
        assert_allclose(a, b)


def test_callable_learning_rate_and_setter_to_schedule():
    optimizer = kerata.optimizers.SGD(learning_rate=lambda: 0.5)
    out = _helpers.run_kerata(
        optimizer, [np.zeros(1, "float32")], [[np.ones(1, "float32")]]
    )
    assert_allclose(out[0], [-0.5])
    assert optimizer.get_config()["learning_rate"] is not None
    optimizer = kerata.optimizers.SGD(learning_rate=0.1)
    optimizer.learning_rate = kerata.optimizers.schedules.InverseTimeDecay(
        1.0, 1, 1.0
    )
    assert len(optimizer.variables) == 1
    assert_allclose(optimizer.learning_rate, 1.0)
