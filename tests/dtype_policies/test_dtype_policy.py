"""DTypePolicy, FloatDTypePolicy, get/serialize/deserialize."""

import json

import pytest

import kerata
from kerata import dtype_policies


@pytest.fixture(autouse=True)
def _reset_global_policy():
    yield
    kerata.config.set_dtype_policy(None)


@pytest.mark.parametrize(
    ("name", "compute", "variable"),
    [
        ("float32", "float32", "float32"),
        ("float16", "float16", "float16"),
        ("mixed_float16", "float16", "float32"),
        ("mixed_bfloat16", "bfloat16", "float32"),
    ],
)
def test_policy_dtypes(name, compute, variable):
    policy = dtype_policies.get(name)
    assert (policy.name, policy.compute_dtype, policy.variable_dtype) == (
        name,
        compute,
        variable,
    )
    assert policy.quantization_mode is None


def test_float_policy_is_an_alias():
    alias = dtype_policies.FloatDTypePolicy("mixed_float16")
    assert isinstance(alias, kerata.DTypePolicy)
    assert alias == kerata.DTypePolicy("mixed_float16")
    assert repr(alias) == '<DTypePolicy "mixed_float16">'
    assert kerata.FloatDTypePolicy is dtype_policies.FloatDTypePolicy


def test_unknown_name_raises():
    with pytest.raises(ValueError, match="mixed_float16"):
        kerata.DTypePolicy("float17")


def test_none_name_follows_global_policy():
    kerata.config.set_dtype_policy("mixed_bfloat16")
    assert kerata.DTypePolicy().name == "mixed_bfloat16"
    assert dtype_policies.get(None).name == "mixed_bfloat16"


def test_set_dtype_policy_rejects_other_types():
    with pytest.raises(ValueError, match="Received: policy=3"):
        kerata.config.set_dtype_policy(3)


@pytest.mark.parametrize(
    "policy",
    [
        dtype_policies.DTypePolicy("mixed_float16"),
        dtype_policies.FloatDTypePolicy("bfloat16"),
    ],
)
def test_serialize_round_trip(policy):
    config = json.loads(json.dumps(dtype_policies.serialize(policy)))
    assert config["module"] == "keras"
    assert config["class_name"] == type(policy).__name__
    restored = dtype_policies.deserialize(config)
    assert type(restored) is type(policy)
    assert restored == policy
    assert dtype_policies.get(config) == policy


def test_get_accepts_plain_config_and_dtype():
    assert dtype_policies.get({"name": "float16"}).name == "float16"
    assert dtype_policies.get("float64").compute_dtype == "float64"


def test_deserialize_rejects_unknown_class():
    config = {"class_name": "Int8DTypePolicy", "config": {}}
    with pytest.raises(ValueError, match="Int8DTypePolicy"):
        dtype_policies.deserialize(config)
    with pytest.raises(ValueError, match="class_name"):
        dtype_policies.deserialize("float32")


def test_serialize_rejects_non_policy():
    with pytest.raises(TypeError, match="DTypePolicy"):
        dtype_policies.serialize("float32")


def test_layer_config_round_trip_with_policy():
    layer = kerata.layers.Dense(2, dtype="mixed_bfloat16")
    restored = kerata.layers.Dense.from_config(layer.get_config())
    assert restored.dtype_policy == layer.dtype_policy
