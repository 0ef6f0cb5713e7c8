"""Attention layers against Keras 3: same weights give the same outputs
and scores (masks, causal masks, different query/key/value lengths), and
configs load in both directions.

Keras runs on kerata's backend (KERAS_BACKEND is set before keras is
first imported); the tests are skipped when keras is not installed or
was already imported with another backend.
"""

import os
import sys

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.backend.common import masking
from tests.layers.core.helpers import seeded

pytestmark = pytest.mark.parity

_SKIP_KEYS = ("name", "dtype")
TOL = {"rtol": 1e-4, "atol": 1e-5}
QUERY_MASK = np.array([[True, True, True, False], [True, True, True, True]])
VALUE_MASK = np.array(
    [[True, True, False, False, True], [True, True, True, True, False]]
)
ATTENTION_MASK = seeded((2, 4, 5), seed=9) > -1.0


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = backend.backend()
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != backend.backend():
        pytest.skip(
            f"keras was imported with the {keras.backend.backend()!r} "
            f"backend, kerata runs {backend.backend()!r}"
        )
    return keras


def _np(x):
    return np.asarray(kerata.ops.convert_to_numpy(x))


def _keras_np(keras, x):
    return np.asarray(keras.ops.convert_to_numpy(x))


def _pair(keras, name, kwargs, *shapes):
    """The kerata and Keras layers, built on `shapes`, with the same
    seeded weights."""
    if name not in ("Attention", "AdditiveAttention"):
        # Random initializers compile once per shape on JAX (seconds);
        # the weights are set below anyway.
        kwargs = {**kwargs, "kernel_initializer": "zeros"}
    ours = getattr(kerata.layers, name)(**kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    inputs = [seeded(s, seed=i + 1) for i, s in enumerate(shapes)]
    if name in ("Attention", "AdditiveAttention"):
        ours(inputs)
        theirs(inputs)
    else:
        # Scores: Keras's JAX kernel fails on unequal head sizes.
        ours(*inputs, return_attention_scores=True)
        theirs(*inputs, return_attention_scores=True)
    assert [w.shape for w in ours.weights] == [
        tuple(w.shape) for w in theirs.weights
    ]
    weights = [
        seeded(tuple(w.shape), low=-0.5, high=0.5, seed=20 + i)
        for i, w in enumerate(ours.weights)
    ]
    ours.set_weights(weights)
    theirs.set_weights(weights)
    return ours, theirs, inputs


def _compare(keras, ours, theirs, rows=None):
    ours = ours if isinstance(ours, tuple) else (ours,)
    theirs = theirs if isinstance(theirs, tuple) else (theirs,)
    assert len(ours) == len(theirs)
    for mine, expected in zip(ours, theirs):
        mine, expected = _np(mine), _keras_np(keras, expected)
        if rows is not None and mine.shape[:2] == rows.shape:
            mine, expected = mine[rows], expected[rows]
        np.testing.assert_allclose(mine, expected, **TOL)


SIMPLE_CASES = [
    ("Attention", {}),
    ("Attention", {"use_scale": True}),
    ("Attention", {"use_scale": True, "score_mode": "concat"}),
    ("AdditiveAttention", {}),
    ("AdditiveAttention", {"use_scale": False}),
]


@pytest.mark.parametrize(("name", "kwargs"), SIMPLE_CASES)
@pytest.mark.parametrize(("masked", "causal"), [(False, False), (True, True)])
def test_attention_and_additive_match_keras(
    keras, name, kwargs, masked, causal
):
    ours, theirs, inputs = _pair(
        keras, name, kwargs, (2, 4, 3), (2, 5, 3), (2, 5, 3)
    )
    call_kwargs = {
        "return_attention_scores": True,
        "use_causal_mask": causal,
    }
    if masked:
        call_kwargs["mask"] = [QUERY_MASK, VALUE_MASK]
    _compare(keras, ours(inputs, **call_kwargs), theirs(inputs, **call_kwargs))
    _compare(keras, ours(inputs[:2]), theirs(inputs[:2]))


MULTI_HEAD_CASES = [
    # (kwargs, query shape, value shape, key shape)
    ({"num_heads": 2, "key_dim": 3}, (2, 4, 6), (2, 5, 6), None),
    ({"num_heads": 2, "key_dim": 3}, (2, 4, 6), (2, 5, 4), (2, 5, 7)),
    (
        {"num_heads": 2, "key_dim": 3, "value_dim": 2, "output_shape": (2, 3)},
        (2, 4, 6),
        (2, 5, 6),
        None,
    ),
    (
        {"num_heads": 2, "key_dim": 3, "use_bias": False, "use_gate": True},
        (2, 4, 6),
        (2, 5, 6),
        None,
    ),
    (
        {"num_heads": 2, "key_dim": 3, "sliding_window": 2},
        (2, 4, 6),
        (2, 5, 6),
        None,
    ),
]


@pytest.mark.parametrize(
    ("kwargs", "q_shape", "v_shape", "k_shape"), MULTI_HEAD_CASES
)
@pytest.mark.parametrize(
    ("masked", "causal"), [(False, False), (False, True), (True, True)]
)
def test_multi_head_attention_matches_keras(
    keras, kwargs, q_shape, v_shape, k_shape, masked, causal
):
    shapes = (q_shape, v_shape) + ((k_shape,) if k_shape else ())
    ours, theirs, inputs = _pair(keras, "MultiHeadAttention", kwargs, *shapes)
    _compare_multi_head(keras, ours, theirs, inputs, masked, causal)


def _compare_multi_head(keras, ours, theirs, inputs, masked, causal):
    # Keras's MultiHeadAttention reads the query's padding mask only from
    # the tensor; its GroupQueryAttention only from `query_mask`.
    on_tensor = isinstance(ours, kerata.layers.MultiHeadAttention)
    call_kwargs = {"use_causal_mask": causal}
    rows = None
    our_inputs = [kerata.ops.convert_to_tensor(x) for x in inputs]
    keras_inputs = [keras.ops.convert_to_tensor(x) for x in inputs]
    if masked:
        if on_tensor:
            masking.set_keras_mask(our_inputs[0], QUERY_MASK)
            keras.src.backend.set_keras_mask(keras_inputs[0], QUERY_MASK)
        else:
            call_kwargs["query_mask"] = QUERY_MASK
        call_kwargs["value_mask"] = VALUE_MASK
        call_kwargs["attention_mask"] = ATTENTION_MASK
        mask = QUERY_MASK[:, :, None] & VALUE_MASK[:, None, :] & ATTENTION_MASK
        if causal:
            mask = mask & np.tril(np.ones((4, 5), bool))
        rows = mask.any(-1)
    expected = theirs(
        *keras_inputs, return_attention_scores=True, **call_kwargs
    )
    if masked and on_tensor:
        # Keras's layer removed the mask from its input.
        keras.src.backend.set_keras_mask(keras_inputs[0], QUERY_MASK)
    out = ours(*our_inputs, return_attention_scores=True, **call_kwargs)
    _compare(keras, out, expected)
    if on_tensor and ours.value_dim != ours.key_dim:
        return  # Keras's JAX kernel fails on unequal head sizes
    # The fused path; rows with nothing to attend to are unspecified.
    expected = theirs(*keras_inputs, **call_kwargs)
    _compare(keras, ours(*our_inputs, **call_kwargs), expected, rows)


@pytest.mark.parametrize("num_kv_heads", [1, 2])
@pytest.mark.parametrize(("masked", "causal"), [(False, True), (True, True)])
def test_group_query_attention_matches_keras(
    keras, num_kv_heads, masked, causal
):
    kwargs = {
        "head_dim": 3,
        "num_query_heads": 4,
        "num_key_value_heads": num_kv_heads,
    }
    ours, theirs, inputs = _pair(
        keras, "GroupQueryAttention", kwargs, (2, 4, 6), (2, 5, 6)
    )
    _compare_multi_head(keras, ours, theirs, inputs, masked, causal)


def test_attention_axes_match_keras(keras):
    kwargs = {"num_heads": 2, "key_dim": 3, "attention_axes": (1, 2)}
    ours, theirs, inputs = _pair(
        keras, "MultiHeadAttention", kwargs, (2, 2, 3, 4), (2, 2, 3, 4)
    )
    _compare(
        keras,
        ours(*inputs, return_attention_scores=True),
        theirs(*inputs, return_attention_scores=True),
    )
    _compare(keras, ours(*inputs), theirs(*inputs))


CONFIG_CASES = [
    ("Attention", {"use_scale": True, "dropout": 0.1, "seed": 2}),
    ("AdditiveAttention", {"use_scale": False, "dropout": 0.2}),
    (
        "MultiHeadAttention",
        {
            "num_heads": 2,
            "key_dim": 3,
            "value_dim": 4,
            "output_shape": (5,),
            "attention_axes": (1,),
            "kernel_regularizer": "l2",
            "use_gate": True,
            "sliding_window": 3,
            "seed": 1,
        },
    ),
    (
        "GroupQueryAttention",
        {
            "head_dim": 3,
            "num_query_heads": 4,
            "num_key_value_heads": 2,
            "dropout": 0.1,
            "use_bias": False,
        },
    ),
]


@pytest.mark.parametrize(("name", "kwargs"), CONFIG_CASES)
def test_configs_match_and_load_both_ways(keras, name, kwargs):
    ours = getattr(kerata.layers, name)(**kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    mine = ours.get_config()
    keras_config = theirs.get_config()
    assert set(mine) == set(keras_config)
    for key, value in keras_config.items():
        if key not in _SKIP_KEYS:
            assert mine[key] == value, key
    from_keras = getattr(kerata.layers, name).from_config(keras_config)
    assert from_keras.get_config() == {**mine, "name": keras_config["name"]}
    to_keras = getattr(keras.layers, name).from_config(mine)
    assert to_keras.get_config()["name"] == mine["name"]
