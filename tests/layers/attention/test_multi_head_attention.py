import numpy as np
import pytest

import kerata
from kerata.src.backend.common import masking
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import attention as reference
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import to_np

TOL = {"rtol": 1e-4, "atol": 1e-5}


def _set_seeded_weights(layer, seed=10):
    weights = [
        seeded(w.shape, low=-0.5, high=0.5, seed=seed + i)
        for i, w in enumerate(layer.weights)
    ]
    layer.set_weights(weights)
    return weights


def _reference_weights(layer, weights):
    """`[qk, qb, kk, kb, vk, vb, ok, ob]` for the reference, with None
    biases when the layer has none."""
    if layer.use_bias:
        return weights
    return [weights[0], None, weights[1], None, weights[2], None] + [
        weights[3],
        None,
    ]


def _layer(query, value, key=None, **kwargs):
    # Zeros: random initializers compile once per shape on JAX (seconds),
    # and the weights are set right after.
    kwargs.setdefault("kernel_initializer", "zeros")
    layer = kerata.layers.MultiHeadAttention(**kwargs)
    layer(query, value, key)
    return layer, _set_seeded_weights(layer)


CASES = [
    # (kwargs, query shape, value shape, key shape)
    ({"num_heads": 2, "key_dim": 3}, (2, 4, 6), (2, 5, 6), None),
    ({"num_heads": 2, "key_dim": 3}, (2, 4, 6), (2, 5, 4), (2, 5, 7)),
    (
        {
            "num_heads": 3,
            "key_dim": 2,
            "value_dim": 4,
            "use_bias": False,
            "output_shape": 7,
        },
        (2, 4, 6),
        (2, 5, 6),
        None,
    ),
]


@pytest.mark.parametrize(("kwargs", "q_shape", "v_shape", "k_shape"), CASES)
@pytest.mark.parametrize("return_scores", [False, True])
def test_matches_reference(kwargs, q_shape, v_shape, k_shape, return_scores):
    query = seeded(q_shape, seed=1)
    value = seeded(v_shape, seed=2)
    key = None if k_shape is None else seeded(k_shape, seed=3)
    layer, weights = _layer(query, value, key, **kwargs)
    expected, expected_scores = reference.multi_head_attention(
        query, value, key, _reference_weights(layer, weights)
    )
    out = layer(query, value, key, return_attention_scores=return_scores)
    if return_scores:
        out, scores = out
        assert_allclose(scores, expected_scores, **TOL)
    assert_allclose(out, expected, **TOL)


def test_weights_named_and_shaped_as_keras():
    layer = kerata.layers.MultiHeadAttention(
        num_heads=2, key_dim=3, value_dim=4, output_shape=5
    )
    layer(np.ones((1, 2, 6), "float32"), np.ones((1, 3, 8), "float32"))
    assert [(w.path.split("/", 1)[1], w.shape) for w in layer.weights] == [
        ("query/kernel", (6, 2, 3)),
        ("query/bias", (2, 3)),
        ("key/kernel", (8, 2, 3)),
        ("key/bias", (2, 3)),
        ("value/kernel", (8, 2, 4)),
        ("value/bias", (2, 4)),
        ("attention_output/kernel", (2, 4, 5)),
        ("attention_output/bias", (5,)),
    ]
    assert layer.query_dense.name == "query"
    assert layer.output_dense.name == "attention_output"


QUERY_MASK = np.array([[True, True, True, False], [True, True, True, True]])
VALUE_MASK = np.array(
    [[True, True, False, False, True], [True, True, True, True, False]]
)
ATTENTION_MASK = seeded((2, 4, 5), seed=9) > -1.0


@pytest.mark.parametrize(
    ("causal", "explicit_mask"), [(False, False), (True, True)]
)
def test_masks_match_reference(causal, explicit_mask):
    query = seeded((2, 4, 6), seed=1)
    value = seeded((2, 5, 6), seed=2)
    layer, weights = _layer(query, value, num_heads=2, key_dim=3)
    attention_mask = ATTENTION_MASK if explicit_mask else None
    mask = QUERY_MASK[:, :, None] & VALUE_MASK[:, None, :]
    if explicit_mask:
        mask = mask & ATTENTION_MASK
    if causal:
        mask = mask & reference.causal_mask(4, 5)
    expected, expected_scores = reference.multi_head_attention(
        query, value, None, weights, mask=mask
    )
    kwargs = {
        "query_mask": QUERY_MASK,
        "value_mask": VALUE_MASK,
        "attention_mask": attention_mask,
        "use_causal_mask": causal,
    }
    out, scores = layer(query, value, return_attention_scores=True, **kwargs)
    assert_allclose(scores, expected_scores, **TOL)
    assert_allclose(out, expected, **TOL)
    # The fused path (no scores returned) agrees on every query position
    # that can attend somewhere; a fully masked row is unspecified there.
    fused = to_np(layer(query, value, **kwargs))
    rows = mask.any(-1)
    assert_allclose(fused[rows], expected[rows], **TOL)


@pytest.mark.parametrize("causal", [False, True])
def test_fused_and_explicit_paths_agree(causal):
    query = seeded((2, 4, 6), seed=1)
    layer, _ = _layer(query, query, num_heads=3, key_dim=2)
    fused = layer(query, query, use_causal_mask=causal)
    explicit, _ = layer(
        query, query, use_causal_mask=causal, return_attention_scores=True
    )
    assert_allclose(fused, explicit, **TOL)


def test_sliding_window_and_gate_match_reference():
    query = seeded((2, 6, 4), seed=1)
    layer, weights = _layer(
        query, query, num_heads=2, key_dim=3, sliding_window=2, use_gate=True
    )
    # Weights in tracking order: query, key, gate, value, output.
    gate = weights[4:6]
    plain = weights[:4] + weights[6:]
    band = np.abs(np.arange(6)[:, None] - np.arange(6)[None, :]) < 2
    mask = band & reference.causal_mask(6, 6)
    expected, expected_scores = reference.multi_head_attention(
        query, query, None, plain, mask=mask[None], gate=gate
    )
    out, scores = layer(
        query, query, use_causal_mask=True, return_attention_scores=True
    )
    assert_allclose(scores, expected_scores, **TOL)
    assert_allclose(out, expected, **TOL)
    assert_allclose(layer(query, query, use_causal_mask=True), expected, **TOL)


@pytest.mark.parametrize(
    ("axes", "shape"),
    [((1, 2), (2, 2, 3, 4)), ((-2,), (2, 2, 3, 4))],
)
def test_attention_axes_match_flattened_reference(axes, shape):
    query = seeded(shape, seed=1)
    layer, weights = _layer(
        query, query, num_heads=2, key_dim=3, attention_axes=axes
    )
    out, scores = layer(query, query, return_attention_scores=True)
    b, x, y, d = shape
    if axes == (1, 2):
        # Attending over both axes = attending over the flattened axes.
        flat = query.reshape(b, x * y, d)
        expected, expected_scores = reference.multi_head_attention(
            flat, flat, None, weights
        )
        expected = expected.reshape(shape)
        expected_scores = expected_scores.reshape(b, 2, x, y, x, y)
    else:
        # Attending over the last axis only: axis 1 acts as a batch axis.
        flat = query.reshape(b * x, y, d)
        expected, expected_scores = reference.multi_head_attention(
            flat, flat, None, weights
        )
        expected = expected.reshape(shape)
        expected_scores = expected_scores.reshape(b, x, 2, y, y)
    assert_allclose(out, expected, **TOL)
    assert_allclose(scores, expected_scores, **TOL)
    symbolic = layer(
        kerata.KerasTensor((None,) + shape[1:]),
        kerata.KerasTensor((None,) + shape[1:]),
        return_attention_scores=True,
    )
    assert symbolic[0].shape == (None,) + shape[1:]
    assert symbolic[1].shape == (None,) + expected_scores.shape[1:]


@run_if(module="torch")
@pytest.mark.parametrize("masked", [False, True])
def test_matches_torch_multihead_attention(masked):
    import torch

    num_heads, key_dim = 2, 3
    dim = num_heads * key_dim
    torch.manual_seed(0)
    module = torch.nn.MultiheadAttention(dim, num_heads, batch_first=True)
    query = seeded((2, 4, dim), seed=1)
    value = seeded((2, 5, dim), seed=2)
    key = seeded((2, 5, dim), seed=3)
    layer = kerata.layers.MultiHeadAttention(num_heads, key_dim)
    layer(query, value, key)
    in_w = module.in_proj_weight.detach().numpy()
    in_b = module.in_proj_bias.detach().numpy()
    weights = []
    for i in range(3):  # query, key, value: x @ W.T + b
        w = in_w[i * dim : (i + 1) * dim]
        weights += [
            w.T.reshape(dim, num_heads, key_dim),
            in_b[i * dim : (i + 1) * dim].reshape(num_heads, key_dim),
        ]
    out_w = module.out_proj.weight.detach().numpy()
    weights += [
        out_w.T.reshape(num_heads, key_dim, dim),
        module.out_proj.bias.detach().numpy(),
    ]
    layer.set_weights(weights)
    kwargs, torch_kwargs = {}, {}
    if masked:
        kwargs = {"value_mask": VALUE_MASK, "use_causal_mask": True}
        torch_kwargs = {
            "key_padding_mask": torch.from_numpy(~VALUE_MASK),
            "attn_mask": torch.from_numpy(~reference.causal_mask(4, 5)),
        }
    with torch.no_grad():
        expected, expected_scores = module(
            torch.from_numpy(query),
            torch.from_numpy(key),
            torch.from_numpy(value),
            average_attn_weights=False,
            **torch_kwargs,
        )
    out, scores = layer(
        query, value, key, return_attention_scores=True, **kwargs
    )
    assert_allclose(out, expected.numpy(), **TOL)
    assert_allclose(scores, expected_scores.numpy(), **TOL)
    assert_allclose(layer(query, value, key, **kwargs), expected.numpy(), **TOL)


def test_embedding_masks_propagate():
    tokens = np.array([[3, 1, 2, 0, 0], [4, 2, 0, 0, 0]], "int32")
    inputs = kerata.Input((5,), dtype="int32")
    embedded = kerata.layers.Embedding(10, 6, mask_zero=True)(inputs)
    attention = kerata.layers.MultiHeadAttention(2, 3)
    model = kerata.Model(inputs, attention(embedded, embedded))
    out = model.predict(tokens, verbose=0)
    embedding = model.layers[1].get_weights()[0]
    x = embedding[tokens]
    keep = tokens != 0
    mask = keep[:, :, None] & keep[:, None, :]
    expected, _ = reference.multi_head_attention(
        x, x, None, attention.get_weights(), mask=mask
    )
    assert_allclose(out[keep], expected[keep], **TOL)
    # Eagerly, the output carries the query's mask.
    embedded = model.layers[1](tokens)
    result = attention(embedded, embedded)
    assert to_np(masking.get_keras_mask(result)).tolist() == keep.tolist()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"num_heads": 2, "key_dim": 3},
        {
            "num_heads": 2,
            "key_dim": 3,
            "value_dim": 4,
            "dropout": 0.1,
            "use_bias": False,
            "output_shape": (5,),
            "attention_axes": (1,),
            "kernel_initializer": "he_normal",
            "kernel_regularizer": "l2",
            "use_gate": True,
            "sliding_window": 3,
            "seed": 4,
        },
    ],
)
def test_config_round_trip(kwargs):
    query = seeded((2, 3, 6), seed=1)
    layer = kerata.layers.MultiHeadAttention(**kwargs)
    expected = layer(query, query)
    config = layer.get_config()
    assert config["num_heads"] == 2
    assert config["attention_axes"] == (1,)
    clone = kerata.layers.MultiHeadAttention.from_config(config)
    clone(query, query)
    clone.set_weights(layer.get_weights())
    assert_allclose(clone(query, query), expected)
    config.pop("name")
    clone_config = clone.get_config()
    clone_config.pop("name")
    assert clone_config == config


def test_symbolic_shapes():
    query = kerata.Input((3, 6))
    value = kerata.Input((5, 4))
    layer = kerata.layers.MultiHeadAttention(2, 3, output_shape=(2, 4))
    out, scores = layer(query, value, return_attention_scores=True)
    assert out.shape == (None, 3, 2, 4)
    assert scores.shape == (None, 2, 3, 5)
    assert layer.compute_output_shape((2, 3, 6), (2, 5, 4)) == (2, 3, 2, 4)
    model = kerata.Model([query, value], out)
    q = seeded((2, 3, 6), seed=1)
    v = seeded((2, 5, 4), seed=2)
    assert model.predict([q, v], verbose=0).shape == (2, 3, 2, 4)


def test_dropout_only_in_training():
    query = seeded((2, 4, 6), seed=1)
    layer, weights = _layer(query, query, num_heads=2, key_dim=3, dropout=0.5)
    inference = to_np(layer(query, query))
    fused, _ = _layer(query, query, num_heads=2, key_dim=3)
    fused.set_weights(weights)
    assert_allclose(fused(query, query), inference, **TOL)
    trained = to_np(layer(query, query, training=True))
    assert not np.allclose(trained, inference)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"num_heads": 0, "key_dim": 2}, "num_heads"),
        ({"num_heads": 2, "key_dim": 2.5}, "key_dim"),
        ({"num_heads": 2, "key_dim": 2, "value_dim": -1}, "value_dim"),
        ({"num_heads": 2, "key_dim": 2, "attention_axes": "1"}, "axes"),
        ({"num_heads": 2, "key_dim": 2, "sliding_window": 0}, "sliding"),
        ({"num_heads": 2, "key_dim": 2, "output_shape": "x"}, "output_shape"),
        (
            {
                "num_heads": 2,
                "key_dim": 2,
                "dropout": 0.1,
                "flash_attention": True,
            },
            "flash",
        ),
    ],
)
def test_invalid_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        kerata.layers.MultiHeadAttention(**kwargs)


def test_invalid_calls():
    layer = kerata.layers.MultiHeadAttention(2, 2)
    query = np.ones((1, 3, 4), "float32")
    with pytest.raises(ValueError, match="same shape except"):
        layer(query, np.ones((1, 5, 4), "float32"), np.ones((1, 4, 4), "f4"))
    flash = kerata.layers.MultiHeadAttention(2, 2, flash_attention=True)
    with pytest.raises(ValueError, match="flash attention"):
        flash(query, query, return_attention_scores=True)


@run_if(trainable=True)
def test_fit_transformer_block():
    inputs = kerata.Input((4, 6))
    attended = kerata.layers.MultiHeadAttention(2, 3)(
        inputs, inputs, use_causal_mask=True
    )
    outputs = kerata.layers.Dense(1)(kerata.layers.Add()([inputs, attended]))
    model = kerata.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    x = seeded((8, 4, 6), seed=1)
    y = seeded((8, 4, 1), seed=2)
    before = [np.array(w, copy=True) for w in model.get_weights()]
    history = model.fit(x, y, epochs=3, batch_size=4, verbose=0)
    losses = history.history["loss"]
    assert np.isfinite(losses).all()
    assert losses[-1] < losses[0]
    after = model.get_weights()
    # Every projection of the attention layer got a gradient.
    assert all(not np.allclose(a, b) for a, b in zip(before, after))
