import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src import tree
from kerata.src.testing import to_numpy
from kerata.src.trainers.data_adapters import ArrayDataAdapter


def _data(n=10):
    x = np.arange(n * 2, dtype="float32").reshape(n, 2)
    y = np.arange(n, dtype="int32")
    return x, y


def _epoch(adapter):
    return [to_numpy(batch) for batch in adapter.get_batches()]


@pytest.mark.parametrize(
    ("n", "batch_size", "sizes"),
    [(10, 4, [4, 4, 2]), (8, 4, [4, 4]), (3, 5, [3]), (10, None, [10])],
)
def test_batches_in_order(n, batch_size, sizes):
    x, y = _data(n)
    adapter = ArrayDataAdapter(x, y, batch_size=batch_size)
    batches = _epoch(adapter)
    assert [len(b[0]) for b in batches] == sizes
    assert adapter.num_batches == len(sizes)
    assert adapter.batch_size == (batch_size or 32)
    assert adapter.has_partial_batch == (n % adapter.batch_size > 0)
    assert adapter.partial_batch_size == ((n % adapter.batch_size) or None)
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]), x)
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), y)


def test_batches_are_backend_tensors_of_kept_or_floatx_dtypes():
    x = np.zeros((4, 3), dtype="float64")
    y = np.zeros((4,), dtype="int64")
    batch = next(iter(ArrayDataAdapter(x, y, batch_size=2).get_batches()))
    assert isinstance(batch, tuple)
    assert len(batch) == 2
    # Host-batching backends (JAX) get NumPy batches, moved to the device
    # by the jitted step; the others get backend tensors.
    on_host = getattr(backend.core, "BATCH_ON_HOST", False)
    assert all(
        isinstance(t, np.ndarray) if on_host else backend.is_tensor(t)
        for t in batch
    )
    assert backend.standardize_dtype(batch[0].dtype) == backend.floatx()
    assert backend.standardize_dtype(batch[1].dtype) == "int64"
    assert tuple(batch[0].shape) == (2, 3)


def test_x_only_yields_one_element_tuples():
    x, _ = _data(5)
    batches = _epoch(ArrayDataAdapter(x, batch_size=2))
    assert all(isinstance(b, tuple) and len(b) == 1 for b in batches)


def test_backend_tensor_inputs():
    x, y = _data(6)
    adapter = ArrayDataAdapter(
        backend.convert_to_tensor(x), backend.convert_to_tensor(y), batch_size=4
    )
    batches = _epoch(adapter)
    np.testing.assert_array_equal(batches[1][0], x[4:])


@pytest.mark.parametrize("shuffle", [True, "batch"])
def test_shuffle_visits_every_sample_once(shuffle):
    x, y = _data(23)
    adapter = ArrayDataAdapter(x, y, batch_size=5, shuffle=shuffle)
    epochs = [_epoch(adapter) for _ in range(2)]
    for batches in epochs:
        seen = np.concatenate([b[1] for b in batches])
        assert sorted(seen.tolist()) == list(range(23))
        for bx, by in batches:
            # x and y stay aligned sample by sample.
            np.testing.assert_array_equal(bx, x[by])
    orders = [np.concatenate([b[1] for b in e]).tolist() for e in epochs]
    assert orders[0] != orders[1]
    assert orders[0] != list(range(23))


def test_shuffle_batch_keeps_batch_membership():
    x, y = _data(23)
    batches = _epoch(ArrayDataAdapter(x, y, batch_size=5, shuffle="batch"))
    for i, (_, by) in enumerate(batches):
        assert sorted(by.tolist()) == list(range(i * 5, min(23, i * 5 + 5)))


@pytest.mark.parametrize("shuffle", [True, "batch"])
def test_shuffle_is_repeatable_after_set_random_seed(shuffle):
    x, y = _data(17)
    adapter = ArrayDataAdapter(x, y, batch_size=4, shuffle=shuffle)
    orders = []
    for _ in range(2):
        kerata.utils.set_random_seed(7)
        orders.append(np.concatenate([b[1] for b in _epoch(adapter)]).tolist())
    assert orders[0] == orders[1]


def test_dict_and_list_inputs_keep_their_structure():
    x1 = np.arange(10, dtype="float32").reshape(5, 2)
    x2 = np.arange(5, dtype="int32")
    x = {"b": [x1, x2], "a": x2}
    y = (x1, x2)
    batches = _epoch(ArrayDataAdapter(x, y, batch_size=3))
    bx, by = batches[1]
    assert sorted(bx) == ["a", "b"]
    assert isinstance(bx["b"], list)
    np.testing.assert_array_equal(bx["b"][0], x1[3:])
    np.testing.assert_array_equal(bx["a"], x2[3:])
    assert isinstance(by, tuple)
    np.testing.assert_array_equal(by[1], x2[3:])


def test_sample_weight():
    x, y = _data(5)
    w = np.linspace(0, 1, 5).astype("float32")
    batches = _epoch(ArrayDataAdapter(x, y, sample_weight=w, batch_size=2))
    assert all(len(b) == 3 for b in batches)
    np.testing.assert_allclose(np.concatenate([b[2] for b in batches]), w)


def test_single_sample_weight_is_shared_by_every_output():
    x, y = _data(4)
    w = np.ones((4,), dtype="float32")
    batch = _epoch(ArrayDataAdapter(x, [y, y], sample_weight=w))[0]
    assert isinstance(batch[2], list)
    assert len(batch[2]) == 2


def test_sample_weight_errors():
    x, y = _data(4)
    with pytest.raises(ValueError, match="one scalar per sample"):
        ArrayDataAdapter(x, [y, y], sample_weight=np.ones((4, 3)))
    with pytest.raises(ValueError, match="one `sample_weight` array per"):
        ArrayDataAdapter(x, [y, y], sample_weight=[np.ones(4)] * 3)


def test_class_weight_becomes_sample_weight():
    x, y = _data(6)
    y = y % 3
    class_weight = {0: 2.0, 1: 0.5}
    batches = _epoch(
        ArrayDataAdapter(x, y, class_weight=class_weight, batch_size=4)
    )
    weights = np.concatenate([b[2] for b in batches])
    expected = [class_weight.get(int(c), 1.0) for c in y]
    np.testing.assert_allclose(weights, expected)


def test_class_weight_errors():
    x, y = _data(4)
    with pytest.raises(ValueError, match="at the same time"):
        ArrayDataAdapter(x, y, sample_weight=np.ones(4), class_weight={0: 1})
    with pytest.raises(ValueError, match="single output"):
        ArrayDataAdapter(x, [y, y], class_weight={0: 1.0})


def test_steps_give_the_default_batch_size():
    x, y = _data(10)
    adapter = ArrayDataAdapter(x, y, steps=3)
    assert adapter.batch_size == 4
    assert adapter.num_batches == 3


def test_cardinality_mismatch_names_both_counts():
    x, _ = _data(10)
    with pytest.raises(ValueError, match=r"x sizes: 10; y sizes: 9"):
        ArrayDataAdapter(x, np.zeros(9))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"batch_size": 2.5}, TypeError, "batch_size"),
        ({"shuffle": "yes"}, ValueError, "shuffle"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    x, y = _data(4)
    with pytest.raises(error, match=match):
        ArrayDataAdapter(x, y, **kwargs)


def test_non_array_leaves_are_rejected():
    with pytest.raises(TypeError, match="str"):
        ArrayDataAdapter(np.zeros((2, 1)), "labels")


def test_arrays_are_converted_once():
    x, y = _data(8)
    adapter = ArrayDataAdapter(x, y, batch_size=4)
    first = [id(t) for t in adapter._tensors]
    _epoch(adapter)
    _epoch(adapter)
    assert [id(t) for t in adapter._tensors] == first
    # Backends that batch on the host keep NumPy arrays until a batch is
    # cut; the others hold backend tensors.
    if not getattr(backend.core, "BATCH_ON_HOST", False):
        assert all(backend.is_tensor(t) for t in adapter._tensors)
        assert all(backend.is_tensor(t) for t in tree.flatten(_first(adapter)))


def _first(adapter):
    return next(iter(adapter.get_batches()))
