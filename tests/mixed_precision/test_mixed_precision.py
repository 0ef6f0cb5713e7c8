"""The legacy `kerata.mixed_precision` names are the policy objects."""

import pytest

import kerata
from kerata import mixed_precision


@pytest.fixture(autouse=True)
def _reset_global_policy():
    yield
    kerata.config.set_dtype_policy(None)


def test_names_are_the_policy_objects():
    assert mixed_precision.Policy is kerata.DTypePolicy
    assert mixed_precision.DTypePolicy is kerata.DTypePolicy
    assert mixed_precision.set_global_policy is kerata.config.set_dtype_policy
    assert mixed_precision.global_policy is kerata.config.dtype_policy
    assert mixed_precision.dtype_policy is kerata.config.dtype_policy
    assert mixed_precision.set_dtype_policy is kerata.config.set_dtype_policy
    assert (
        mixed_precision.LossScaleOptimizer
        is kerata.optimizers.LossScaleOptimizer
    )


def test_set_global_policy_reaches_new_layers():
    mixed_precision.set_global_policy("mixed_float16")
    assert mixed_precision.global_policy().name == "mixed_float16"
    layer = kerata.layers.Dense(2)
    assert (layer.compute_dtype, layer.dtype) == ("float16", "float32")
    mixed_precision.set_global_policy(mixed_precision.Policy("float32"))
    assert kerata.layers.Dense(2).compute_dtype == "float32"
