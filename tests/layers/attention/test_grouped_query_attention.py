import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import attention as reference
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import to_np

TOL = {"rtol": 1e-4, "atol": 1e-5}
QUERY = seeded((2, 4, 6), seed=1)
VALUE = seeded((2, 5, 6), seed=2)
KEY = seeded((2, 5, 6), seed=3)
QUERY_MASK = np.array([[True, True, True, False], [True, True, True, True]])
VALUE_MASK = np.array(
    [[True, True, False, False, True], [True, True, True, True, False]]
)


def _layer(num_kv_heads=2, **kwargs):
    layer = kerata.layers.GroupQueryAttention(
        head_dim=3,
        num_query_heads=4,
        num_key_value_heads=num_kv_heads,
        kernel_initializer="zeros",
        **kwargs,
    )
    layer(QUERY, VALUE, KEY)
    weights = [
        seeded(w.shape, low=-0.5, high=0.5, seed=10 + i)
        for i, w in enumerate(layer.weights)
    ]
    layer.set_weights(weights)
    return layer, weights


@pytest.mark.parametrize("num_kv_heads", [1, 2])
@pytest.mark.parametrize("causal", [False, True])
def test_matches_reference(num_kv_heads, causal):
    layer, weights = _layer(num_kv_heads)
    mask = QUERY_MASK[:, :, None] & VALUE_MASK[:, None, :]
    if causal:
        mask = mask & reference.causal_mask(4, 5)
    expected, expected_scores = reference.multi_head_attention(
        QUERY, VALUE, KEY, weights, mask=mask
    )
    kwargs = {
        "query_mask": QUERY_MASK,
        "value_mask": VALUE_MASK,
        "use_causal_mask": causal,
    }
    out, scores = layer(
        QUERY, VALUE, KEY, return_attention_scores=True, **kwargs
    )
    assert scores.shape == (2, 4, 4, 5)
    assert_allclose(scores, expected_scores, **TOL)
    assert_allclose(out, expected, **TOL)
    # The fused kernel shares key/value heads without repeating them.
    fused = to_np(layer(QUERY, VALUE, KEY, **kwargs))
    rows = mask.any(-1)
    assert_allclose(fused[rows], expected[rows], **TOL)


def test_unmasked_and_gated_match_reference():
    layer, weights = _layer(use_gate=True, use_bias=False)
    # Tracking order: query, key, gate, value, attention_output kernels.
    q, k, gate, v, o = weights
    expected, _ = reference.multi_head_attention(
        QUERY,
        VALUE,
        KEY,
        [q, None, k, None, v, None, o, None],
        gate=(gate, np.zeros(gate.shape[1:], "float32")),
    )
    assert_allclose(layer(QUERY, VALUE, KEY), expected, **TOL)


def test_equals_multi_head_attention_with_as_many_heads():
    gqa, weights = _layer(num_kv_heads=4)
    mha = kerata.layers.MultiHeadAttention(num_heads=4, key_dim=3)
    mha(QUERY, VALUE, KEY)
    mha.set_weights(weights)
    assert_allclose(
        gqa(QUERY, VALUE, KEY, use_causal_mask=True),
        mha(QUERY, VALUE, KEY, use_causal_mask=True),
        **TOL,
    )


def test_weights_named_and_shaped_as_keras():
    layer, _ = _layer()
    assert [(w.path.split("/", 1)[1], w.shape) for w in layer.weights] == [
        ("query/kernel", (6, 4, 3)),
        ("query/bias", (4, 3)),
        ("key/kernel", (6, 2, 3)),
        ("key/bias", (2, 3)),
        ("value/kernel", (6, 2, 3)),
        ("value/bias", (2, 3)),
        ("attention_output/kernel", (4, 3, 6)),
        ("attention_output/bias", (6,)),
    ]


def test_config_round_trip():
    layer, _ = _layer(
        dropout=0.1, sliding_window=2, use_gate=True, kernel_regularizer="l2"
    )
    expected = layer(QUERY, VALUE)
    config = layer.get_config()
    assert config["num_key_value_heads"] == 2
    clone = kerata.layers.GroupQueryAttention.from_config(config)
    clone(QUERY, VALUE, KEY)
    clone.set_weights(layer.get_weights())
    assert_allclose(clone(QUERY, VALUE), expected)
    config.pop("name")
    clone_config = clone.get_config()
    clone_config.pop("name")
    assert clone_config == config


def test_symbolic_shapes():
    query = kerata.Input((4, 6))
    value = kerata.Input((5, 6))
    layer = kerata.layers.GroupQueryAttention(3, 4, 2)
    out, scores = layer(query, value, return_attention_scores=True)
    assert out.shape == (None, 4, 6)
    assert scores.shape == (None, 4, 4, 5)
    model = kerata.Model([query, value], out)
    assert model.predict([QUERY, VALUE], verbose=0).shape == (2, 4, 6)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"head_dim": 0}, "head_dim"),
        ({"num_key_value_heads": 3}, "multiple"),
        ({"sliding_window": -1}, "sliding_window"),
        ({"dropout": 0.5, "flash_attention": True}, "flash"),
    ],
)
def test_invalid_arguments(kwargs, match):
    arguments = {"head_dim": 3, "num_query_heads": 4, "num_key_value_heads": 2}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=match):
        kerata.layers.GroupQueryAttention(**arguments)


def test_dropout_only_in_training():
    layer, _ = _layer(dropout=0.5, seed=2)
    inference = to_np(layer(QUERY, VALUE))
    trained = to_np(layer(QUERY, VALUE, training=True))
    assert not np.allclose(trained, inference)
    fused = kerata.layers.GroupQueryAttention(3, 4, 2)
    fused(QUERY, VALUE)
    fused.set_weights(layer.get_weights())
    assert_allclose(fused(QUERY, VALUE), inference, **TOL)


@run_if(trainable=True)
def test_fit_decoder_block():
    inputs = kerata.Input((4, 6))
    attended = kerata.layers.GroupQueryAttention(3, 4, 2)(
        inputs, inputs, use_causal_mask=True
    )
    model = kerata.Model(inputs, kerata.layers.Dense(1)(attended))
    model.compile(optimizer="adam", loss="mse")
    before = [np.array(w, copy=True) for w in model.get_weights()]
    history = model.fit(QUERY, seeded((2, 4, 1), seed=5), epochs=3, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    after = model.get_weights()
    assert all(not np.allclose(a, b) for a, b in zip(before, after))
