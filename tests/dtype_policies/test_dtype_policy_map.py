"""DTypePolicyMap: lookups by exact path and pattern, config round trip."""

import json

import pytest

import kerata
from kerata import dtype_policies


@pytest.fixture(autouse=True)
def _reset_global_policy():
    yield
    kerata.config.set_dtype_policy(None)


def _map():
    policies = dtype_policies.DTypePolicyMap(default_policy="float32")
    policies["encoder/dense"] = "bfloat16"
    policies["encoder/.*"] = kerata.DTypePolicy("float16")
    policies["decoder"] = "mixed_float16"
    return policies


def test_exact_then_pattern_then_default():
    policies = _map()
    assert policies["encoder/dense"].name == "bfloat16"
    assert policies["encoder/attention/query"].name == "float16"
    # A key matches the whole path only: no prefix matching.
    assert policies["decoder/attention"].name == "float32"
    assert policies["decoder"].name == "mixed_float16"


def test_path_matching_two_patterns_raises():
    policies = _map()
    policies["encoder/attention/.*"] = "bfloat16"
    with pytest.raises(ValueError, match="several keys"):
        policies["encoder/attention/query"]


def test_mapping_protocol():
    policies = _map()
    assert len(policies) == 3
    assert list(policies) == ["encoder/dense", "encoder/.*", "decoder"]
    assert "decoder" in policies
    del policies["decoder"]
    assert "decoder" not in policies
    with pytest.raises(ValueError, match="already"):
        policies["encoder/dense"] = "float16"


def test_acts_as_its_default_policy():
    policies = dtype_policies.DTypePolicyMap("mixed_float16")
    assert policies.name == "map_mixed_float16"
    assert policies.compute_dtype == "float16"
    assert policies.variable_dtype == "float32"
    assert policies != kerata.DTypePolicy("mixed_float16")
    layer = kerata.layers.Dense(2, dtype=policies)
    out = layer(kerata.ops.ones((1, 3)))
    assert kerata.backend.standardize_dtype(out.dtype) == "float16"


def test_default_none_follows_global_policy():
    policies = dtype_policies.DTypePolicyMap()
    kerata.config.set_dtype_policy("bfloat16")
    assert policies.default_policy.name == "bfloat16"
    assert policies["anything"].name == "bfloat16"


def test_invalid_arguments():
    with pytest.raises(ValueError, match="default_policy"):
        dtype_policies.DTypePolicyMap(dtype_policies.DTypePolicyMap())
    with pytest.raises(TypeError, match="policy_map"):
        dtype_policies.DTypePolicyMap(policy_map=[("a", "float16")])


def test_config_round_trip():
    policies = _map()
    config = json.loads(json.dumps(dtype_policies.serialize(policies)))
    assert config["module"] == "keras.dtype_policies"
    assert config["config"]["default_policy"] == "float32"
    restored = dtype_policies.get(config)
    assert isinstance(restored, dtype_policies.DTypePolicyMap)
    assert restored == policies
    assert restored["encoder/x"].name == "float16"


def test_config_without_default_defers_to_global_policy():
    policies = dtype_policies.DTypePolicyMap()
    policies["a"] = "float16"
    config = dtype_policies.serialize(policies)
    assert config["config"]["policy_map"]["a"]["config"] == {"name": None}
    kerata.config.set_dtype_policy("bfloat16")
    restored = dtype_policies.deserialize(config)
    assert restored["a"].name == "bfloat16"


def test_a_layer_keeps_its_policy_map_through_its_config():
    # The map is written as a DTypePolicyMap (as Keras writes it), not as
    # a plain DTypePolicy that could not be read back.
    import kerata

    policy_map = kerata.dtype_policies.DTypePolicyMap(default_policy="float32")
    policy_map["dense"] = "bfloat16"
    layer = kerata.layers.Dense(2, dtype=policy_map, name="dense")
    config = layer.get_config()
    assert config["dtype"]["class_name"] == "DTypePolicyMap"
    restored = kerata.layers.Dense.from_config(config)
    assert isinstance(
        restored.dtype_policy, kerata.dtype_policies.DTypePolicyMap
    )
    assert restored.dtype_policy.get_config() == policy_map.get_config()
