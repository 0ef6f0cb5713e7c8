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


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize(
    ("target_class_ids", "threshold"), [([0, 1], 0.5), ([1], 0.3), ([0], 0.7)]
)
def test_binary_iou_matches_jaccard(target_class_ids, threshold, weighted):
    w = WEIGHTS if weighted else None
    labels = (Y_TRUE % 2).astype("float32")
    scores = np.round(RNG.uniform(size=NUM), 1).astype("float32")
    metric = metrics.BinaryIoU(
        target_class_ids=target_class_ids, threshold=threshold, dtype="float32"
    )
    got = _two_batches(metric, labels, scores, w)
    # Scores equal to the threshold count as class 1 (compared in float32).
    predicted = scores >= np.float32(threshold)
    per_class = sk.jaccard_score(
        labels, predicted, average=None, sample_weight=w
    )
    assert_allclose(got, per_class[target_class_ids].mean(), rtol=1e-5)


def test_binary_iou_config_and_errors():
    metric = metrics.BinaryIoU(target_class_ids=[1], threshold=0.3)
    config = metric.get_config()
    assert config == {
        "target_class_ids": [1],
        "threshold": 0.3,
        "name": "binary_io_u",
        "dtype": "int32",
    }
    clone = metrics.deserialize(metrics.serialize(metric))
    assert (type(clone), clone.get_config()) == (metrics.BinaryIoU, config)
    assert metrics.BinaryIoU().target_class_ids == [0, 1]
    with pytest.raises(ValueError, match="target_class_ids"):
        metrics.BinaryIoU(target_class_ids=[2])


@pytest.mark.parametrize("sparse_y_pred", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_one_hot_iou_matches_jaccard(weighted, sparse_y_pred):
    w = WEIGHTS if weighted else None
    one_hot = np.eye(4, dtype="float32")
    scores = one_hot[Y_PRED] * 0.7 + RNG.uniform(0.0, 0.2, (NUM, 4))
    y_pred = Y_PRED if sparse_y_pred else scores.astype("float32")
    per_class = sk.jaccard_score(Y_TRUE, Y_PRED, average=None, sample_weight=w)
    metric = metrics.OneHotIoU(
        num_classes=4,
        target_class_ids=[0, 2],
        sparse_y_pred=sparse_y_pred,
        dtype="float32",
    )
    got = _two_batches(metric, one_hot[Y_TRUE], y_pred, w)
    assert_allclose(got, per_class[[0, 2]].mean(), rtol=1e-5)
    metric = metrics.OneHotMeanIoU(
        num_classes=4, sparse_y_pred=sparse_y_pred, dtype="float32"
    )
    got = _two_batches(metric, one_hot[Y_TRUE], y_pred, w)
    assert_allclose(got, per_class.mean(), rtol=1e-5)
    metric.reset_state()
    assert float(metric.result()) == 0.0


def test_one_hot_iou_ignore_class_axis_and_config():
    one_hot = np.eye(4, dtype="float32")
    metric = metrics.OneHotMeanIoU(num_classes=4, ignore_class=0, axis=0)
    metric.update_state(one_hot[Y_TRUE].T, one_hot[Y_PRED].T)
    keep = Y_TRUE != 0
    expected = sk.jaccard_score(
        Y_TRUE[keep], Y_PRED[keep], average="macro", labels=[0, 1, 2, 3]
    )
    assert_allclose(metric.result(), expected, rtol=1e-5)
    config = metric.get_config()
    assert config == {
        "name": "one_hot_mean_io_u",
        "dtype": "int32",
        "num_classes": 4,
        "ignore_class": 0,
        "sparse_y_pred": False,
        "axis": 0,
    }
    clone = metrics.deserialize(metrics.serialize(metric))
    assert (type(clone), clone.get_config()) == (metrics.OneHotMeanIoU, config)
    metric = metrics.OneHotIoU(num_classes=3, target_class_ids=(1,))
    config = metric.get_config()
    assert "sparse_y_true" not in config
    assert config["target_class_ids"] == [1]
    clone = metrics.deserialize(metrics.serialize(metric))
    assert (type(clone), clone.get_config()) == (metrics.OneHotIoU, config)
    with pytest.raises(ValueError, match="num_classes"):
        metrics.OneHotMeanIoU(num_classes=0)
    with pytest.raises(ValueError, match="target_class_ids"):
        metrics.OneHotIoU(num_classes=3, target_class_ids=[3])


def test_per_sample_weights_cover_every_label_of_the_sample():
    labels = RNG.integers(0, 2, (NUM, 3))
    scores = RNG.uniform(size=(NUM, 3)).astype("float32")
    metric = metrics.BinaryIoU(dtype="float32")
    got = _two_batches(metric, labels, scores, WEIGHTS)
    expected = sk.jaccard_score(
        labels.reshape(-1),
        scores.reshape(-1) >= 0.5,
        average="macro",
        sample_weight=np.repeat(WEIGHTS, 3),
    )
    assert_allclose(got, expected, rtol=1e-5)
