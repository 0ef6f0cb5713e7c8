"""`kerata.losses.ctc` and `kerata.losses.CTC`: label lengths derived from
the padding, reductions, serialization, and Keras 3 parity."""

import os
import sys

import numpy as np
import pytest

from kerata import losses
from kerata import ops
from kerata.src import backend
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import ctc as ref

# Labels padded with 0 (the blank): lengths 2, 1, 3 and 0.
Y_TRUE = np.array([[1, 2, 0], [3, 0, 0], [2, 2, 1], [0, 0, 0]], "int32")
Y_PRED = 2 * np.random.default_rng(4).normal(size=(4, 6, 4)).astype("float32")


def _expected():
    lengths = (Y_TRUE != 0).sum(axis=1)
    return ref.ctc_loss(Y_TRUE, Y_PRED, lengths, np.full(4, 6))


def test_ctc_derives_lengths_from_padding():
    loss = losses.ctc(Y_TRUE, Y_PRED)
    assert tuple(loss.shape) == (4,)
    assert_allclose(loss, _expected(), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    ("reduction", "reduce"),
    [
        ("sum_over_batch_size", np.mean),
        ("sum", np.sum),
        (None, lambda x: x),
        ("none", lambda x: x),
    ],
)
def test_ctc_class_reductions(reduction, reduce):
    loss = losses.CTC(reduction=reduction)
    assert_allclose(
        loss(Y_TRUE, Y_PRED), reduce(_expected()), rtol=1e-5, atol=1e-5
    )


def test_ctc_class_sample_weight():
    weights = np.array([1.0, 0.0, 2.0, 0.5], "float32")
    value = losses.CTC()(Y_TRUE, Y_PRED, sample_weight=weights)
    assert_allclose(value, np.mean(_expected() * weights), rtol=1e-5)


def test_ctc_accepts_float_labels_as_losses_pass_them():
    loss = losses.ctc(Y_TRUE.astype("float32"), Y_PRED)
    assert_allclose(loss, _expected(), rtol=1e-5, atol=1e-5)


def test_ctc_symbolic():
    loss = losses.ctc(
        KerasTensor((None, 3), "int32"), KerasTensor((None, 6, 4), "float32")
    )
    assert loss.shape == (None,)
    assert loss.dtype == "float32"


@pytest.mark.parametrize(
    ("y_true", "y_pred", "match"),
    [
        (np.ones((2,), "int32"), np.ones((2, 3, 4)), "`y_true` must be"),
        (np.ones((2, 3), "int32"), np.ones((2, 3)), "`y_pred` must be"),
        (np.ones((3, 3), "int32"), np.ones((2, 3, 4)), "same batch size"),
    ],
)
def test_ctc_rejects_bad_shapes(y_true, y_pred, match):
    with pytest.raises(ValueError, match=match):
        losses.ctc(y_true, y_pred)


def test_ctc_serialization():
    assert losses.get("ctc") is losses.ctc
    loss = losses.get("CTC")
    assert isinstance(loss, losses.CTC)
    assert loss.get_config() == {
        "name": "ctc",
        "reduction": "sum_over_batch_size",
    }
    config = losses.serialize(losses.CTC(reduction="sum", name="my_ctc"))
    restored = losses.deserialize(config)
    assert isinstance(restored, losses.CTC)
    assert (restored.name, restored.reduction) == ("my_ctc", "sum")
    assert_allclose(
        restored(Y_TRUE, Y_PRED), np.sum(_expected()), rtol=1e-5, atol=1e-5
    )


@pytest.mark.requires_trainable_backend
def test_ctc_loss_is_differentiable():
    if backend.backend() == "torch":
        import torch

        logits = torch.tensor(Y_PRED, requires_grad=True)
        losses.CTC()(Y_TRUE, logits).backward()
        grad = logits.grad.numpy()
    else:
        import jax

        grad = np.asarray(
            jax.grad(lambda x: losses.CTC()(Y_TRUE, x))(ops.array(Y_PRED))
        )
    assert grad.shape == Y_PRED.shape
    assert np.all(np.isfinite(grad))
    # Each frame's gradient is softmax minus the posterior: it sums to 0.
    assert_allclose(grad.sum(axis=-1), np.zeros((4, 6)), atol=1e-5)


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        # Keras picks its backend once, at import; use kerata's.
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


@pytest.mark.parity
def test_ctc_matches_keras(keras):
    for reduction in ("sum_over_batch_size", None):
        ours = losses.CTC(reduction=reduction)(Y_TRUE, Y_PRED)
        theirs = keras.losses.CTC(reduction=reduction)(Y_TRUE, Y_PRED)
        assert_allclose(
            ours, keras.ops.convert_to_numpy(theirs), rtol=1e-5, atol=1e-5
        )
    assert losses.CTC().get_config() == keras.losses.CTC().get_config()
