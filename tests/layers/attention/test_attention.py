import numpy as np
import pytest

import kerata
from kerata.src.backend.common import masking
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import attention as reference
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import to_np

QUERY = seeded((2, 3, 4), seed=1)
VALUE = seeded((2, 5, 4), seed=2)
KEY = seeded((2, 5, 4), seed=3)
QUERY_MASK = np.array([[True, True, False], [True, True, True]])
VALUE_MASK = np.array(
    [[True, True, True, False, False], [True, False, True, True, True]]
)


@pytest.mark.parametrize("score_mode", ["dot", "concat"])
@pytest.mark.parametrize("use_scale", [False, True])
@pytest.mark.parametrize("with_key", [False, True])
def test_attention_matches_reference(score_mode, use_scale, with_key):
    layer = kerata.layers.Attention(use_scale=use_scale, score_mode=score_mode)
    inputs = [QUERY, VALUE, KEY] if with_key else [QUERY, VALUE]
    layer.build([x.shape for x in inputs])
    weights = [np.float32(0.7), np.float32(1.3)][: len(layer.weights)]
    layer.set_weights(weights)
    out, scores = layer(inputs, return_attention_scores=True)
    scale = 0.7 if use_scale else None
    concat_weight = weights[-1] if score_mode == "concat" else 1.0
    expected, expected_scores = reference.attention(
        QUERY,
        VALUE,
        KEY if with_key else None,
        scale=scale,
        score_mode=score_mode,
        concat_score_weight=concat_weight,
    )
    assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    assert_allclose(scores, expected_scores, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("causal", [False, True])
def test_attention_masks_match_reference(causal):
    layer = kerata.layers.Attention()
    out, scores = layer(
        [QUERY, VALUE],
        mask=[QUERY_MASK, VALUE_MASK],
        return_attention_scores=True,
        use_causal_mask=causal,
    )
    expected, expected_scores = reference.attention(
        QUERY,
        VALUE,
        query_mask=QUERY_MASK,
        value_mask=VALUE_MASK,
        causal=causal,
    )
    assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    assert_allclose(scores, expected_scores, rtol=1e-5, atol=1e-5)
    assert np.all(to_np(out)[0, 2] == 0.0)
    assert np.all(to_np(scores)[0, :, 3:] < 1e-6)


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("use_scale", [False, True])
def test_additive_attention_matches_reference(causal, use_scale):
    layer = kerata.layers.AdditiveAttention(use_scale=use_scale)
    layer.build([QUERY.shape, VALUE.shape, KEY.shape])
    scale = seeded((4,), seed=4) if use_scale else None
    if use_scale:
        layer.set_weights([scale])
    out, scores = layer(
        [QUERY, VALUE, KEY],
        mask=[QUERY_MASK, VALUE_MASK],
        return_attention_scores=True,
        use_causal_mask=causal,
    )
    expected, expected_scores = reference.additive_attention(
        QUERY,
        VALUE,
        KEY,
        scale=scale,
        query_mask=QUERY_MASK,
        value_mask=VALUE_MASK,
        causal=causal,
    )
    assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    assert_allclose(scores, expected_scores, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    ("cls", "kwargs"),
    [
        (kerata.layers.Attention, {"use_scale": True, "score_mode": "concat"}),
        (kerata.layers.Attention, {"dropout": 0.5, "seed": 3}),
        (kerata.layers.AdditiveAttention, {"use_scale": False}),
        (kerata.layers.AdditiveAttention, {"dropout": 0.2}),
    ],
)
def test_config_round_trip(cls, kwargs):
    layer = cls(**kwargs)
    expected = layer([QUERY, VALUE])
    config = layer.get_config()
    for name, value in kwargs.items():
        assert config[name] == value
    if cls is kerata.layers.AdditiveAttention:
        assert "score_mode" not in config
    clone = cls.from_config(config)
    clone([QUERY, VALUE])
    clone.set_weights(layer.get_weights())
    assert_allclose(clone([QUERY, VALUE]), expected)
    config.pop("name")
    clone_config = clone.get_config()
    clone_config.pop("name")
    assert clone_config == config


@pytest.mark.parametrize(
    "cls", [kerata.layers.Attention, kerata.layers.AdditiveAttention]
)
def test_symbolic_shapes(cls):
    query = kerata.Input((3, 4))
    value = kerata.Input((5, 4))
    key = kerata.Input((5, 4))
    layer = cls()
    assert layer([query, value]).shape == (None, 3, 4)
    out, scores = layer([query, value, key], return_attention_scores=True)
    assert out.shape == (None, 3, 4)
    assert scores.shape == (None, 3, 5)
    assert layer.compute_output_shape([(2, 3, 4), (2, 5, 6)]) == (2, 3, 6)


def test_output_carries_query_mask():
    layer = kerata.layers.Attention()
    # Copies: on the numpy backend a tensor may be the array itself.
    query = kerata.ops.convert_to_tensor(QUERY.copy())
    value = kerata.ops.convert_to_tensor(VALUE.copy())
    masking.set_keras_mask(query, kerata.ops.convert_to_tensor(QUERY_MASK))
    masking.set_keras_mask(value, kerata.ops.convert_to_tensor(VALUE_MASK))
    out = layer([query, value])
    expected, _ = reference.attention(
        QUERY, VALUE, query_mask=QUERY_MASK, value_mask=VALUE_MASK
    )
    assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    assert to_np(masking.get_keras_mask(out)).tolist() == QUERY_MASK.tolist()


def test_dropout_only_in_training():
    layer = kerata.layers.Attention(dropout=0.5, seed=1)
    inference = to_np(layer([QUERY, VALUE]))
    expected, _ = reference.attention(QUERY, VALUE)
    assert_allclose(inference, expected, rtol=1e-5, atol=1e-5)
    trained = to_np(layer([QUERY, VALUE], training=True))
    assert not np.allclose(trained, inference)


@pytest.mark.parametrize(
    ("kwargs", "inputs", "mask", "match"),
    [
        ({"score_mode": "bad"}, None, None, "score_mode"),
        ({}, "tensor", None, "list of inputs"),
        ({}, [QUERY], None, "2 or 3 inputs"),
        ({}, [QUERY, VALUE], QUERY_MASK, "`mask` must be a list"),
    ],
)
def test_invalid_arguments(kwargs, inputs, mask, match):
    def build_and_call():
        layer = kerata.layers.Attention(**kwargs)
        layer(QUERY if inputs == "tensor" else inputs, mask=mask)

    with pytest.raises(ValueError, match=match):
        build_and_call()


@run_if(trainable=True)
@pytest.mark.parametrize(
    "cls", [kerata.layers.Attention, kerata.layers.AdditiveAttention]
)
def test_fit_trains_scale(cls):
    query = kerata.Input((3, 4))
    value = kerata.Input((5, 4))
    out = cls(use_scale=True)([query, value])
    model = kerata.Model([query, value], out)
    model.compile(optimizer="adam", loss="mse")
    before = [np.array(w, copy=True) for w in model.get_weights()]
    target = seeded((2, 3, 4), seed=7)
    history = model.fit([QUERY, VALUE], target, epochs=3, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    after = model.get_weights()
    assert any(not np.allclose(a, b) for a, b in zip(before, after))
