import pickle
import sys

import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.utils import dataset_utils
from kerata.src.utils.dataset_utils import Dataset


def _elements(data):
    """All elements of an unbatched dataset of tuples, as lists."""
    return [tuple(np.asarray(v).tolist() for v in item) for item in data]


def test_dataset_batches_arrays_in_order():
    x = np.arange(14, dtype="float32").reshape(7, 2)
    data = Dataset((x, np.arange(7)), batch_size=3)
    assert len(data) == 3
    assert data.batch_size == 3
    batches = list(data)
    assert [b[1].tolist() for b in batches] == [[0, 1, 2], [3, 4, 5], [6]]
    assert_allclose(np.concatenate([b[0] for b in batches]), x)
    assert data[-1][1].tolist() == [6]
    with pytest.raises(IndexError, match="out of range"):
        data[3]


def test_dataset_dict_and_single_array_elements():
    data = Dataset({"a": np.arange(4), "b": np.ones((4, 2))}, batch_size=4)
    batch = data[0]
    assert batch["a"].tolist() == [0, 1, 2, 3]
    assert batch["b"].shape == (4, 2)
    assert [int(v) for v in Dataset(np.arange(3), batch_size=None)] == [0, 1, 2]


def test_dataset_seeded_shuffle_new_order_each_epoch_reproducible():
    def epochs(seed):
        data = Dataset(np.arange(20), batch_size=5, shuffle=True, seed=seed)
        return [np.concatenate(list(data)).tolist() for _ in range(3)]

    first = epochs(7)
    assert first == epochs(7)
    assert first != epochs(8)
    assert first[0] != first[1]  # reshuffled every epoch
    assert all(sorted(order) == list(range(20)) for order in first)


def test_dataset_map_take_batch_unbatch():
    data = Dataset((np.arange(10), np.arange(10) * 2), batch_size=4)
    mapped = data.map(lambda x, y: (x + 100, y))
    assert mapped[0][0].tolist() == [100, 101, 102, 103]
    assert data[0][0].tolist() == [0, 1, 2, 3]  # the original is unchanged
    taken = data.take(2)
    assert len(taken) == 2
    assert taken.num_elements == 8
    assert len(taken.unbatch()) == 8
    rebatched = data.unbatch().batch(3)
    assert [len(b[0]) for b in rebatched] == [3, 3, 3, 1]
    with pytest.raises(ValueError, match="before `.map"):
        mapped.unbatch()
    with pytest.raises(ValueError, match="batch_size"):
        data.batch(0)
    with pytest.raises(ValueError, match="count"):
        data.take(-1)


def test_dataset_validates_arguments():
    with pytest.raises(ValueError, match="same number of elements"):
        Dataset((np.arange(3), np.arange(4)))
    with pytest.raises(TypeError, match="batch_size"):
        Dataset(np.arange(3), batch_size=2.0)
    with pytest.raises(ValueError, match="scalar"):
        Dataset([1, 2, 3])


def test_dataset_is_picklable_for_worker_processes():
    data = Dataset(np.arange(6), batch_size=4, shuffle=True, seed=3)
    clone = pickle.loads(pickle.dumps(data))
    assert clone[0].tolist() == data[0].tolist()


def test_dataset_threads_fetch_same_batches():
    x = np.arange(40, dtype="float32").reshape(20, 2)
    data = Dataset(x, batch_size=3, workers=3)
    adapter = kerata.src.trainers.data_adapters.get_data_adapter(data)
    batches = [kerata.ops.convert_to_numpy(b[0]) for b in adapter.get_batches()]
    assert_allclose(np.concatenate(batches), x)


def _tiny_model():
    model = kerata.Sequential(
        [kerata.Input((2,)), kerata.layers.Dense(3, activation="softmax")]
    )
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    return model


@pytest.mark.requires_trainable_backend
def test_fit_on_dataset():
    rng = np.random.default_rng(0)
    # 8 samples in batches of 4: one batch shape, so JAX compiles once.
    x = rng.normal(size=(8, 2)).astype("float32")
    y = rng.integers(0, 3, size=8)
    data = Dataset((x, y), batch_size=4, shuffle=True, seed=0)
    model = _tiny_model()
    history = model.fit(data, epochs=1, verbose=0)
    assert len(history.history["loss"]) == 1
    assert np.isfinite(history.history["loss"][0])


def test_predict_on_dataset():
    x = np.ones((4, 2), dtype="float32")
    predictions = _tiny_model().predict(Dataset(x, batch_size=4), verbose=0)
    assert predictions.shape == (4, 3)


@pytest.mark.parametrize(
    ("left", "right", "sizes"),
    [(0.8, None, (8, 2)), (None, 3, (7, 3)), (2, 0.5, (2, 5)), (6, 4, (6, 4))],
)
def test_split_dataset_sizes(left, right, sizes):
    parts = dataset_utils.split_dataset(
        np.arange(10), left_size=left, right_size=right
    )
    assert tuple(len(p) for p in parts) == sizes
    assert [int(v) for v in parts[1]] == list(range(10 - sizes[1], 10))


def test_split_dataset_tuple_shuffle_is_seeded_and_disjoint():
    x, y = np.arange(12), np.arange(12) * 10

    def split(seed):
        left, right = dataset_utils.split_dataset(
            (x, y), left_size=0.75, shuffle=True, seed=seed
        )
        return _elements(left), _elements(right)

    left, right = split(1)
    assert (left, right) == split(1)
    assert left != split(2)[0]
    assert all(b == a * 10 for a, b in left + right)
    assert sorted(a for a, _ in left + right) == list(range(12))


def test_split_dataset_of_batched_dataset_keeps_batching():
    data = Dataset((np.arange(10), np.arange(10)), batch_size=4, shuffle=True)
    data.class_names = ["a", "b"]
    left, right = dataset_utils.split_dataset(data, right_size=0.3)
    assert (left.num_elements, right.num_elements) == (7, 3)
    assert left.batch_size == 4
    assert left.class_names == ["a", "b"]
    assert right[0][0].tolist() == [7, 8, 9]


def test_split_dataset_torch_dataset():
    if "torch" not in sys.modules:
        pytest.skip(
            "torch is not loaded by this backend (importing it is slow)"
        )
    import torch
    from torch.utils import data as torch_data

    dataset = torch_data.TensorDataset(torch.arange(10), torch.arange(10) * 2)
    left, right = dataset_utils.split_dataset(dataset, left_size=4)
    assert isinstance(left, dataset_utils.Dataset)
    assert (len(left), len(right)) == (4, 6)
    x, y = right.batch(6)[0]
    assert x.tolist() == list(range(4, 10))
    assert y.tolist() == [2 * i for i in range(4, 10)]


def test_split_dataset_errors():
    with pytest.raises(ValueError, match="At least one"):
        dataset_utils.split_dataset(np.arange(4))
    with pytest.raises(ValueError, match="left_size"):
        dataset_utils.split_dataset(np.arange(4), left_size=1.5)
    with pytest.raises(ValueError, match="left_size"):
        dataset_utils.split_dataset(np.arange(4), left_size=4)
    with pytest.raises(ValueError, match="more than"):
        dataset_utils.split_dataset(np.arange(4), left_size=3, right_size=2)
    with pytest.raises(TypeError, match="left_size"):
        dataset_utils.split_dataset(np.arange(4), left_size="half")
    with pytest.raises(TypeError, match="dataset"):
        dataset_utils.split_dataset({"a": np.arange(4)}, left_size=2)


def test_data_utilities_never_import_tensorflow(tmp_path):
    dataset_utils.split_dataset(np.arange(4), left_size=2)
    kerata.utils.timeseries_dataset_from_array(np.arange(5), None, 2)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "t.txt").write_text("x")
    list(kerata.utils.text_dataset_from_directory(tmp_path, verbose=False))
    assert "tensorflow" not in sys.modules
