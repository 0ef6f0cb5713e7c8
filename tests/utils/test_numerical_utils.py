import numpy as np
import pytest

from kerata.src import ops
from kerata.src.testing import assert_allclose
from kerata.src.utils import numerical_utils


def _one_hot_reference(labels, num_classes):
    labels = np.asarray(labels)
    out = np.zeros(labels.shape + (num_classes,))
    for index in np.ndindex(labels.shape):
        out[index + (labels[index],)] = 1.0
    return out


def test_to_categorical_matches_keras_docs_example():
    out = numerical_utils.to_categorical([0, 1, 2, 3], num_classes=4)
    assert out.dtype == np.float64
    assert out.tolist() == np.eye(4).tolist()


@pytest.mark.parametrize(
    ("labels", "shape"),
    [([[0, 2], [1, 1]], (2, 2, 3)), ([[0], [2], [1]], (3, 3)), (2, (3,))],
)
def test_to_categorical_shapes_and_trailing_one(labels, shape):
    out = numerical_utils.to_categorical(labels, num_classes=3)
    assert out.shape == shape
    squeezed = np.asarray(labels)
    if squeezed.ndim > 1 and squeezed.shape[-1] == 1:
        squeezed = squeezed[..., 0]
    assert_allclose(out, _one_hot_reference(squeezed, 3))


def test_to_categorical_infers_num_classes():
    assert numerical_utils.to_categorical([1, 4]).shape == (2, 5)


def test_to_categorical_tensor_input_returns_tensor():
    x = ops.convert_to_tensor(np.array([[1], [0]], dtype="int32"))
    out = numerical_utils.to_categorical(x, num_classes=2)
    assert ops.is_tensor(out)
    assert ops.convert_to_numpy(out).tolist() == [[0, 1], [1, 0]]


def test_to_categorical_rejects_ragged_and_out_of_range():
    with pytest.raises(ValueError, match="rectangular"):
        numerical_utils.to_categorical([[0, 1], [2]])
    with pytest.raises(ValueError, match=r"\[0, num_classes=3\)"):
        numerical_utils.to_categorical([0, 3], num_classes=3)
    with pytest.raises(ValueError, match="from -1"):
        numerical_utils.to_categorical([-1, 1], num_classes=3)
    with pytest.raises(TypeError, match="num_classes"):
        numerical_utils.to_categorical([0, 1], num_classes="2")


@pytest.mark.parametrize(("axis", "order"), [(-1, 2), (0, 2), (1, 1)])
def test_normalize_matches_numpy(axis, order):
    x = np.random.default_rng(0).normal(size=(3, 4))
    x[1] = 0.0
    norm = np.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    expected = x / np.where(norm == 0, 1, norm)
    out = numerical_utils.normalize(x, axis=axis, order=order)
    assert isinstance(out, np.ndarray)
    assert_allclose(out, expected)


def test_normalize_tensor_returns_tensor():
    x = ops.convert_to_tensor(np.array([[3.0, 4.0]], dtype="float32"))
    out = numerical_utils.normalize(x)
    assert ops.is_tensor(out)
    assert_allclose(out, np.array([[0.6, 0.8]]))
