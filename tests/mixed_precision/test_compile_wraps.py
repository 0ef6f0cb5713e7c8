"""`compile` wraps the optimizer in a LossScaleOptimizer under
"mixed_float16", as Keras does, and only then."""

import numpy as np

import kerata
from kerata.src.testing import run_if


def _model(policy=None):
    # The model's policy is the global one when it is built, as in Keras.
    previous = kerata.mixed_precision.global_policy()
    if policy is not None:
        kerata.mixed_precision.set_global_policy(policy)
    try:
        return kerata.Sequential([kerata.Input((3,)), kerata.layers.Dense(2)])
    finally:
        kerata.mixed_precision.set_global_policy(previous)


def test_mixed_float16_wraps_and_others_do_not():
    model = _model("mixed_float16")
    model.compile(optimizer="sgd", loss="mse")
    assert isinstance(model.optimizer, kerata.optimizers.LossScaleOptimizer)
    assert isinstance(model.optimizer.inner_optimizer, kerata.optimizers.SGD)
    off = _model("mixed_float16")
    off.compile(optimizer="sgd", loss="mse", auto_scale_loss=False)
    assert isinstance(off.optimizer, kerata.optimizers.SGD)
    plain = _model()
    plain.compile(optimizer="sgd", loss="mse")
    assert isinstance(plain.optimizer, kerata.optimizers.SGD)
    bf16 = _model("mixed_bfloat16")
    bf16.compile(optimizer="sgd", loss="mse")
    assert isinstance(bf16.optimizer, kerata.optimizers.SGD)


@run_if(trainable=True)
def test_wrapped_model_trains_and_reloads(tmp_path):
    model = _model("mixed_float16")
    model.compile(optimizer="sgd", loss="mse")
    x = np.ones((4, 3), "float32")
    model.fit(x, np.zeros((4, 2), "float32"), epochs=1, verbose=0)
    path = str(tmp_path / "m.keras")
    model.save(path)
    restored = kerata.saving.load_model(path)
    assert isinstance(restored.optimizer, kerata.optimizers.LossScaleOptimizer)
    # Not wrapped twice.
    assert not isinstance(
        restored.optimizer.inner_optimizer,
        kerata.optimizers.LossScaleOptimizer,
    )
    np.testing.assert_allclose(
        kerata.ops.convert_to_numpy(restored.predict(x, verbose=0)),
        kerata.ops.convert_to_numpy(model.predict(x, verbose=0)),
    )
