import numpy as np
import pytest
from sklearn import metrics as sk

from kerata import metrics
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import losses as losses_reference

RNG = np.random.default_rng(6)
NUM = 12
LABELS = np.arange(NUM) % 3
ONE_HOT = np.eye(3, dtype="float32")[LABELS]
LOGITS = RNG.normal(size=(NUM, 3)).astype("float32")
PROBS = np.exp(LOGITS) / np.exp(LOGITS).sum(axis=1, keepdims=True)
BINARY = RNG.integers(0, 2, (NUM, 1)).astype("float32")
BINARY[:2] = [[0.0], [1.0]]
WEIGHTS = RNG.uniform(0.1, 2.0, NUM).astype("float32")


def _two_batches(metric, y_true, y_pred, weights=None):
    for part in (slice(0, 6), slice(6, NUM)):
        metric.update_state(
            y_true[part],
            y_pred[part],
            sample_weight=None if weights is None else weights[part],
        )
    return metric.result()


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("from_logits", [False, True])
def test_categorical_crossentropies_match_sklearn(weighted, from_logits):
    w = WEIGHTS if weighted else None
    scores = LOGITS if from_logits else PROBS
    expected = sk.log_loss(LABELS, PROBS, sample_weight=w)
    metric = metrics.CategoricalCrossentropy(from_logits=from_logits)
    assert_allclose(_two_batches(metric, ONE_HOT, scores, w), expected, 1e-5)
    metric = metrics.SparseCategoricalCrossentropy(from_logits=from_logits)
    assert_allclose(_two_batches(metric, LABELS, scores, w), expected, 1e-5)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("from_logits", [False, True])
def test_binary_crossentropy_matches_sklearn(weighted, from_logits):
    w = WEIGHTS if weighted else None
    logits = LOGITS[:, :1]
    probs = 1 / (1 + np.exp(-logits))
    expected = sk.log_loss(BINARY[:, 0], probs[:, 0], sample_weight=w)
    metric = metrics.BinaryCrossentropy(from_logits=from_logits)
    scores = logits if from_logits else probs
    assert_allclose(_two_batches(metric, BINARY, scores, w), expected, 1e-5)


def test_label_smoothing():
    smoothing = 0.2
    metric = metrics.CategoricalCrossentropy(label_smoothing=smoothing)
    target = ONE_HOT * (1 - smoothing) + smoothing / 3
    expected = -np.mean(np.sum(target * np.log(PROBS), axis=1))
    assert_allclose(_two_batches(metric, ONE_HOT, PROBS), expected, 1e-5)


@pytest.mark.parametrize("weighted", [False, True])
def test_sparse_crossentropy_ignore_class(weighted):
    w = WEIGHTS if weighted else None
    keep = LABELS != 1
    metric = metrics.SparseCategoricalCrossentropy(ignore_class=1)
    got = _two_batches(metric, LABELS, PROBS, w)
    # Ignored samples add 0; as in Keras 3 they leave the count only when
    # weights are given.
    losses = -np.log(PROBS[np.arange(NUM), LABELS]) * keep
    expected = np.average(losses, weights=None if w is None else w * keep)
    assert_allclose(got, expected, 1e-5)


def test_categorical_crossentropy_shape_error():
    with pytest.raises(ValueError, match="one-hot"):
        metrics.CategoricalCrossentropy().update_state(LABELS, PROBS)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize(
    ("cls", "fn", "y_true", "y_pred"),
    [
        (metrics.KLDivergence, losses_reference.kl_divergence, ONE_HOT, PROBS),
        (metrics.KLDivergence, losses_reference.kl_divergence, PROBS, ONE_HOT),
        (metrics.Poisson, losses_reference.poisson, ONE_HOT * 3, PROBS),
    ],
)
def test_kl_divergence_and_poisson_match_reference(
    cls, fn, y_true, y_pred, weighted
):
    w = WEIGHTS if weighted else None
    expected = np.average(fn(y_true, y_pred), weights=w)
    got = _two_batches(cls(), y_true, y_pred, w)
    assert_allclose(got, expected, rtol=1e-5)


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("kl_divergence", metrics.KLDivergence),
        ("kld", metrics.KLDivergence),
        ("KLDivergence", metrics.KLDivergence),
        ("poisson", metrics.Poisson),
    ],
)
def test_kl_divergence_and_poisson_names_and_config(name, cls):
    metric = metrics.get(name)
    assert type(metric) is cls
    assert metric.get_config() == {"name": metric.name, "dtype": "float32"}
    clone = metrics.deserialize(metrics.serialize(cls(name="x")))
    assert (type(clone), clone.name) == (cls, "x")
    metric.update_state(ONE_HOT, PROBS)
    metric.reset_state()
    assert float(metric.result()) == 0.0
    assert callable(metrics.kl_divergence)
    assert callable(metrics.poisson)
