"""`kerata.ops.ctc_loss` and `kerata.ops.ctc_decode` on the active backend,
against the plain-Python references in kerata/src/testing/reference/ctc.py,
torch.nn.functional.ctc_loss and Keras 3."""

import os
import sys
import warnings

import numpy as np
import pytest

from kerata import ops
from kerata.src import backend
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import ctc as ref

RNG = np.random.default_rng(11)


def _np(x):
    return ops.convert_to_numpy(x)


def _case(batch=4, time=7, classes=5, max_labels=3, blank=0, seed=0):
    """Logits, labels (repeats included), label and frame lengths."""
    rng = np.random.default_rng(seed)
    logits = (2 * rng.normal(size=(batch, time, classes))).astype("float32")
    choices = [c for c in range(classes) if c != blank]
    target = rng.choice(choices, size=(batch, max_labels)).astype("int32")
    target[0, 1] = target[0, 0]  # a repeated label needs a blank between
    target_length = np.array([3, 2, 0, 1][:batch], "int32")
    output_length = np.minimum([7, 5, 4, 2], time)[:batch].astype("int32")
    return target, logits, target_length, output_length


# --- ctc_loss ---------------------------------------------------------------
@pytest.mark.parametrize("blank", [0, 4])
def test_ctc_loss_matches_reference(blank):
    target, logits, target_length, output_length = _case(blank=blank)
    loss = ops.ctc_loss(
        target, logits, target_length, output_length, mask_index=blank
    )
    assert tuple(loss.shape) == (4,)
    assert backend.standardize_dtype(loss.dtype) == "float32"
    expected = ref.ctc_loss(
        target, logits, target_length, output_length, mask_index=blank
    )
    assert_allclose(loss, expected, rtol=1e-5, atol=1e-5)


@run_if(module="torch")
def test_ctc_loss_matches_torch():
    import torch
    import torch.nn.functional as F

    target, logits, target_length, output_length = _case(seed=3)
    log_probs = F.log_softmax(torch.tensor(logits, dtype=torch.float64), -1)
    expected = F.ctc_loss(
        log_probs.transpose(0, 1),
        torch.tensor(target, dtype=torch.int64),
        torch.tensor(output_length, dtype=torch.int64),
        torch.tensor(target_length, dtype=torch.int64),
        reduction="none",
    )
    loss = ops.ctc_loss(target, logits, target_length, output_length)
    assert_allclose(loss, expected.numpy(), rtol=1e-5, atol=1e-5)


def test_ctc_loss_is_infinite_when_no_alignment_fits():
    # Two equal labels need three frames (a blank between them).
    logits = np.zeros((2, 2, 3), "float32")
    loss = _np(ops.ctc_loss([[1, 1], [1, 2]], logits, [2, 2], [2, 2]))
    assert loss[0] == np.inf
    assert_allclose(loss[1], 2 * np.log(3.0), rtol=1e-5)


def test_ctc_loss_accepts_float_labels_and_upcasts_half():
    target, logits, target_length, output_length = _case()
    loss = ops.ctc_loss(
        target.astype("float32"),
        logits.astype("float16"),
        target_length,
        output_length,
    )
    assert backend.standardize_dtype(loss.dtype) == "float32"
    expected = ref.ctc_loss(
        target, logits.astype("float16"), target_length, output_length
    )
    assert_allclose(loss, expected, rtol=1e-4, atol=1e-4)


def _gradient(fn, x):
    """d(sum(fn(x)))/dx with the active (trainable) framework."""
    if backend.backend() == "torch":
        import torch

        t = torch.tensor(x, requires_grad=True)
        fn(t).sum().backward()
        return t.grad.numpy()
    import jax

    return np.asarray(jax.grad(lambda v: fn(v).sum())(x))


@pytest.mark.requires_trainable_backend
def test_ctc_loss_gradient_matches_finite_differences():
    target, logits, target_length, output_length = _case(
        batch=3, time=5, classes=4, seed=5
    )

    def loss_fn(x):
        return ops.ctc_loss(target, x, target_length, output_length)

    grad = _gradient(loss_fn, logits)
    # Frames past a sample's length do not count.
    assert np.all(grad[1, output_length[1] :] == 0)
    # Central differences of the float64 reference.
    x = logits.astype("float64")
    numeric = np.zeros_like(x)
    step = 1e-5
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += step
        minus[index] -= step
        numeric[index] = (
            ref.ctc_loss(target, plus, target_length, output_length).sum()
            - ref.ctc_loss(target, minus, target_length, output_length).sum()
        ) / (2 * step)
    assert_allclose(grad, numeric, rtol=1e-3, atol=1e-4)


def test_ctc_loss_symbolic():
    out = ops.ctc_loss(
        KerasTensor((None, 3), "int32"),
        KerasTensor((None, 7, 5), "float32"),
        KerasTensor((None,), "int32"),
        KerasTensor((None,), "int32"),
    )
    assert out.shape == (None,)
    assert out.dtype == "float32"
    out = ops.ctc_loss(
        KerasTensor((2, 3), "int32"),
        KerasTensor((None, 7, 5), "float16"),
        KerasTensor((2,), "int32"),
        KerasTensor((None,), "int32"),
    )
    assert out.shape == (2,)
    assert out.dtype == "float32"


@pytest.mark.parametrize(
    ("shapes", "match"),
    [
        (((2,), (2, 7, 5), (2,), (2,)), "`target` must have rank 2"),
        (((2, 3), (2, 7), (2,), (2,)), "`output` must have rank 3"),
        (((2, 3), (2, 7, 5), (2, 1), (2,)), "`target_length` must have rank"),
        (((2, 3), (3, 7, 5), (2,), (2,)), "same batch size"),
        (((2, 3), (2, 7, 5), (2,), (3,)), "output_length: 3"),
    ],
)
def test_ctc_loss_rejects_bad_shapes(shapes, match):
    target, output, target_length, output_length = (
        np.ones(shape, "int32") for shape in shapes
    )
    with pytest.raises(ValueError, match=match):
        ops.ctc_loss(target, output, target_length, output_length)
    symbolic = [KerasTensor(shape, "int32") for shape in shapes]
    with pytest.raises(ValueError, match=match):
        ops.ctc_loss(*symbolic)


# --- ctc_decode -------------------------------------------------------------
@pytest.mark.parametrize("merge_repeated", [True, False])
@pytest.mark.parametrize("blank", [0, 2])
def test_ctc_greedy_decode_matches_reference(merge_repeated, blank):
    logits = RNG.normal(size=(3, 8, 4)).astype("float32")
    logits[0, 1:3, 1] = 10.0  # a repeated label
    lengths = np.array([8, 5, 0], "int32")
    decoded, scores = ops.ctc_decode(
        logits, lengths, merge_repeated=merge_repeated, mask_index=blank
    )
    expected, expected_scores = ref.ctc_greedy_decode(
        logits, lengths, merge_repeated=merge_repeated, blank=blank
    )
    assert backend.standardize_dtype(decoded.dtype) == "int32"
    assert _np(decoded).tolist() == expected.tolist()
    assert_allclose(scores, expected_scores, rtol=1e-5, atol=1e-5)


def test_ctc_greedy_decode_blank_none_is_last_class():
    logits = np.eye(3, dtype="float32")[[[0, 2, 1, 1]]]
    decoded, _ = ops.ctc_decode(logits, [4], mask_index=None)
    assert _np(decoded).tolist() == [[[0, 1, -1, -1]]]


@pytest.mark.parametrize(
    ("beam_width", "top_paths", "blank"), [(1, 1, 0), (3, 2, 3), (16, 3, 0)]
)
def test_ctc_beam_search_decode_matches_reference(beam_width, top_paths, blank):
    logits = (1.5 * RNG.normal(size=(3, 6, 4))).astype("float32")
    lengths = np.array([6, 3, 0], "int32")
    decoded, scores = ops.ctc_decode(
        logits,
        lengths,
        strategy="beam_search",
        beam_width=beam_width,
        top_paths=top_paths,
        mask_index=blank,
    )
    expected, expected_scores = ref.ctc_beam_search_decode(
        logits, lengths, beam_width, top_paths, blank=blank
    )
    assert tuple(decoded.shape) == (top_paths, 3, 6)
    assert _np(decoded).tolist() == expected.tolist()
    assert_allclose(scores, expected_scores, rtol=1e-5, atol=1e-5)


def test_ctc_beam_search_pads_missing_paths():
    # One frame of two classes: only the empty path and "1" exist.
    logits = np.array([[[0.0, 1.0]]], "float32")
    decoded, scores = ops.ctc_decode(
        logits, [1], strategy="beam_search", beam_width=4, top_paths=3
    )
    assert _np(decoded).tolist() == [[[1]], [[-1]], [[-1]]]
    scores = _np(scores)
    assert_allclose(scores[0, :2], np.log([np.e / (1 + np.e), 1 / (1 + np.e)]))
    assert scores[0, 2] == -np.inf


@pytest.mark.parametrize(
    ("strategy", "top_paths", "shape"),
    [("greedy", 3, (1, None, 7)), ("beam_search", 3, (3, None, 7))],
)
def test_ctc_decode_symbolic(strategy, top_paths, shape):
    decoded, scores = ops.ctc_decode(
        KerasTensor((None, 7, 5), "float32"),
        KerasTensor((None,), "int32"),
        strategy=strategy,
        top_paths=top_paths,
    )
    assert decoded.shape == shape
    assert decoded.dtype == "int32"
    assert scores.shape == (None, shape[0])
    assert scores.dtype == "float32"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"strategy": "best"}, "`strategy` must be one of"),
        ({"beam_width": 0}, "`beam_width` must be a positive int"),
        ({"top_paths": 1.5}, "`top_paths` must be a positive int"),
        (
            {"strategy": "beam_search", "beam_width": 2, "top_paths": 3},
            "`top_paths` must be at most `beam_width`",
        ),
    ],
)
def test_ctc_decode_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ops.ctc_decode(np.zeros((2, 3, 4), "float32"), [3, 3], **kwargs)


@pytest.mark.parametrize(
    ("shapes", "match"),
    [
        (((2, 3), (2,)), "`inputs` must have rank 3"),
        (((2, 3, 4), (2, 1)), "`sequence_lengths` must have rank 1"),
        (((2, 3, 4), (3,)), "same batch size"),
    ],
)
def test_ctc_decode_rejects_bad_shapes(shapes, match):
    inputs, lengths = (np.ones(shape, "int32") for shape in shapes)
    with pytest.raises(ValueError, match=match):
        ops.ctc_decode(inputs, lengths)


# --- Keras 3 parity ---------------------------------------------------------
@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        # Keras picks its backend once, at import; use kerata's.
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


def _keras_decode(keras, logits, lengths, **kwargs):
    # Keras's beam search logs zeros of unused beams (numpy) and mixes int
    # dtypes in a scatter (jax); neither is kerata's concern.
    with np.errstate(divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outputs = keras.ops.ctc_decode(logits, lengths, **kwargs)
    return [keras.ops.convert_to_numpy(x) for x in outputs]


@pytest.mark.parity
def test_ctc_loss_and_greedy_decode_match_keras(keras):
    target, logits, target_length, output_length = _case(seed=9)
    assert_allclose(
        ops.ctc_loss(target, logits, target_length, output_length),
        keras.ops.convert_to_numpy(
            keras.ops.ctc_loss(target, logits, target_length, output_length)
        ),
        rtol=1e-5,
        atol=1e-5,
    )
    decoded, scores = ops.ctc_decode(logits, output_length)
    expected, expected_scores = _keras_decode(keras, logits, output_length)
    assert _np(decoded).tolist() == expected.tolist()
    assert_allclose(scores, expected_scores, rtol=1e-5, atol=1e-5)


# Keras's jax beam search runs op by op: over ten seconds on a busy CPU.
@pytest.mark.parity
@pytest.mark.slow
def test_ctc_beam_search_decode_matches_keras(keras):
    _, logits, _, output_length = _case(seed=9)
    kwargs = {"strategy": "beam_search", "beam_width": 8, "top_paths": 2}
    decoded, scores = ops.ctc_decode(logits, output_length, **kwargs)
    expected, expected_scores = _keras_decode(
        keras, logits, output_length, **kwargs
    )
    assert _np(decoded).tolist() == expected.tolist()
    assert_allclose(scores, expected_scores, rtol=1e-5, atol=1e-5)
