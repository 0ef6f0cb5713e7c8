"""The fused mean of SparseCategoricalCrossentropy (one backend kernel
for unweighted, unmasked mean reductions) gives what the per-sample
losses reduced the general way give."""

import numpy as np
import pytest

from kerata.src import losses
from kerata.src import ops
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import losses as reference

_RNG = np.random.default_rng(0)
_LOGITS = _RNG.normal(size=(4, 3, 5)).astype("float32")
_LABELS = _RNG.integers(0, 5, (4, 3))


@pytest.mark.parametrize("from_logits", [True, False])
@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "mean"])
@pytest.mark.parametrize(
    ("shape", "axis"), [((4, 5), -1), ((4, 3, 5), -1), ((4, 5, 3), 1)]
)
def test_mean_matches_reference(from_logits, reduction, shape, axis):
    logits = _RNG.normal(size=shape).astype("float32")
    label_shape = shape[:axis] + shape[axis + 1 :] if axis == 1 else shape[:-1]
    labels = _RNG.integers(0, shape[axis], label_shape)
    y_pred = logits if from_logits else np.exp(logits)
    loss = losses.SparseCategoricalCrossentropy(
        from_logits=from_logits, reduction=reduction, axis=axis
    )
    expected, _ = reference.sparse_categorical_crossentropy(
        labels, y_pred, from_logits=from_logits, axis=axis
    )
    got = loss(ops.convert_to_tensor(labels), ops.convert_to_tensor(y_pred))
    assert tuple(got.shape) == ()
    assert_allclose(got, np.mean(expected))


@pytest.mark.parametrize("dtype", ["int32", "int64", "float32"])
def test_target_dtypes_and_trailing_axis(dtype):
    labels = np.array([[1], [0], [4]], dtype=dtype)
    logits = _LOGITS[0, :, :]
    loss = losses.SparseCategoricalCrossentropy(from_logits=True)
    expected, _ = reference.sparse_categorical_crossentropy(
        labels, logits, from_logits=True
    )
    got = loss(ops.convert_to_tensor(labels), ops.convert_to_tensor(logits))
    assert_allclose(got, np.mean(expected))


def test_subclass_call_is_used():
    class Doubled(losses.SparseCategoricalCrossentropy):
        def call(self, y_true, y_pred):
            return 2.0 * super().call(y_true, y_pred)

    logits = ops.convert_to_tensor(_LOGITS[0])
    labels = ops.convert_to_tensor(_LABELS[0])
    plain = losses.SparseCategoricalCrossentropy(from_logits=True)
    doubled = Doubled(from_logits=True)
    assert_allclose(
        doubled(labels, logits),
        2.0 * ops.convert_to_numpy(plain(labels, logits)),
    )


def test_empty_batch_keeps_empty_losses():
    loss = losses.SparseCategoricalCrossentropy(from_logits=True)
    logits = ops.zeros((0, 5))
    labels = ops.zeros((0,), dtype="int32")
    assert tuple(loss(labels, logits).shape) == (0,)


def test_shape_mismatch_error_is_unchanged():
    loss = losses.SparseCategoricalCrossentropy(from_logits=True)
    with pytest.raises(ValueError, match="without the class axis"):
        loss(ops.zeros((3,), dtype="int32"), ops.zeros((4, 5)))
