import numpy as np
import pytest
from sklearn import metrics as sk

from kerata import metrics
from kerata.src.testing import assert_allclose

RNG = np.random.default_rng(4)
NUM = 30
Y_TRUE = np.arange(NUM) % 4
Y_PRED = np.where(RNG.uniform(size=NUM) < 0.6, Y_TRUE, RNG.integers(0, 4, NUM))
WEIGHTS = RNG.uniform(0.1, 2.0, NUM).astype("float32")


def _two_batches(metric, y_true, y_pred, weights=None):
    for part in (slice(0, 12), slice(12, NUM)):
        metric.update_state(
            y_true[part],
            y_pred[part],
            sample_weight=None if weights is None else weights[part],
        )
    return metric.result()


@pytest.mark.parametrize("weighted", [False, True])
def test_mean_iou_matches_jaccard(weighted):
    w = WEIGHTS if weighted else None
    got = _two_batches(
        metrics.MeanIoU(num_classes=4, dtype="float32"), Y_TRUE, Y_PRED, w
    )
    expected = sk.jaccard_score(
        Y_TRUE, Y_PRED, average="macro", sample_weight=w
    )
    assert_allclose(got, expected, rtol=1e-5)


def test_iou_target_classes_and_dense_inputs():
    metric = metrics.IoU(
        num_classes=4,
        target_class_ids=[1, 3],
        sparse_y_true=False,
        sparse_y_pred=False,
    )
    one_hot = np.eye(4, dtype="float32")
    scores = one_hot[Y_PRED] * 0.8 + 0.05
    got = _two_batches(metric, one_hot[Y_TRUE], scores)
    per_class = sk.jaccard_score(Y_TRUE, Y_PRED, average=None)
    assert_allclose(got, per_class[[1, 3]].mean(), rtol=1e-5)


def test_mean_iou_ignore_class_and_reset():
    metric = metrics.MeanIoU(num_classes=4, ignore_class=0)
    metric.update_state(Y_TRUE, Y_PRED)
    metric.reset_state()
    got = _two_batches(metric, Y_TRUE, Y_PRED)
    keep = Y_TRUE != 0
    # Ignored labels drop out; class 0 still counts where it is predicted
    # for other labels (its IoU is then 0), as in Keras.
    assert (Y_PRED[keep] == 0).any()
    expected = sk.jaccard_score(
        Y_TRUE[keep], Y_PRED[keep], average="macro", labels=[0, 1, 2, 3]
    )
    assert_allclose(got, expected, rtol=1e-5)


def test_bad_inputs():
    with pytest.raises(ValueError, match="num_classes"):
        metrics.MeanIoU(num_classes=0)
    with pytest.raises(ValueError, match="target_class_ids"):
        metrics.IoU(num_classes=2, target_class_ids=[2])
    with pytest.raises(ValueError, match="as many class ids"):
        metrics.MeanIoU(num_classes=2).update_state([0, 1], [0, 1, 1])
