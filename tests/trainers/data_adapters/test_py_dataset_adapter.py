import multiprocessing
import threading
import time

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.testing import to_numpy
from kerata.src.trainers.data_adapters import PyDataset
from kerata.src.trainers.data_adapters import PyDatasetAdapter


class CountingDataset(kerata.utils.PyDataset):
    """Batch i is `(x, y)` filled with i; picklable (module level)."""

    def __init__(self, length=6, fail_at=None, delay=0.0, **kwargs):
        super().__init__(**kwargs)
        self.length = length
        self.fail_at = fail_at
        self.delay = delay
        self.events = []

    def __len__(self):
        return self.length

    def __getitem__(self, index):
        if index == self.fail_at:
            raise KeyError(f"no batch {index}")
        # Later batches come back first, so order must be restored.
        time.sleep(self.delay * (self.length - index))
        x = np.full((2, 1), index, dtype="float32")
        return x, np.full((2,), index % 3, dtype="int32")

    def on_epoch_begin(self):
        self.events.append("begin")

    def on_epoch_end(self):
        self.events.append("end")


class EndlessDataset(PyDataset):
    def __getitem__(self, index):
        return np.full((1, 1), index, dtype="float32")

    @property
    def num_batches(self):
        return None


# JAX warns on every fork (worker processes are forked); the workers here
# run NumPy only.
fork_ok = pytest.mark.filterwarnings("ignore:os.fork:RuntimeWarning")


def _indices(batches):
    return [int(to_numpy(b[0])[0, 0]) for b in batches]


def _live_pool_threads():
    return [t for t in threading.enumerate() if t.name.startswith("kerata_py")]


@pytest.mark.parametrize(
    ("workers", "processes"), [(1, False), (3, False), (2, True)]
)
@fork_ok
def test_batches_come_in_order(workers, processes):
    dataset = CountingDataset(
        delay=0.002, workers=workers, use_multiprocessing=processes
    )
    adapter = PyDatasetAdapter(dataset)
    assert adapter.num_batches == 6
    for _ in range(2):
        adapter.on_epoch_begin()
        batches = list(adapter.get_batches())
        adapter.on_epoch_end()
        assert _indices(batches) == list(range(6))
        assert all(backend.is_tensor(t) for t in batches[0])
    assert dataset.events == ["begin", "end"] * 2
    assert not _live_pool_threads()


@pytest.mark.parametrize(
    ("workers", "processes"), [(1, False), (2, False), (2, True)]
)
@fork_ok
def test_exceptions_propagate_with_the_original_error(workers, processes):
    dataset = CountingDataset(
        fail_at=3, workers=workers, use_multiprocessing=processes
    )
    adapter = PyDatasetAdapter(dataset)
    batches = adapter.get_batches()
    seen = [next(batches) for _ in range(3)]
    assert _indices(seen) == [0, 1, 2]
    with pytest.raises(KeyError, match="no batch 3"):
        next(batches)
    adapter.on_epoch_end()
    assert not _live_pool_threads()


def test_early_stop_leaves_no_live_threads():
    dataset = CountingDataset(length=50, workers=4, max_queue_size=3)
    adapter = PyDatasetAdapter(dataset)
    adapter.on_epoch_begin()
    batches = adapter.get_batches()
    next(batches)
    assert _live_pool_threads()
    adapter.on_epoch_end()
    assert not _live_pool_threads()


@fork_ok
def test_early_stop_leaves_no_live_processes():
    dataset = CountingDataset(length=50, workers=2, use_multiprocessing=True)
    adapter = PyDatasetAdapter(dataset)
    batches = adapter.get_batches()
    assert _indices([next(batches)]) == [0]
    adapter.on_epoch_end()
    assert multiprocessing.active_children() == []


def test_settings_can_be_changed():
    dataset = CountingDataset(length=4)
    dataset.workers = 2
    dataset.max_queue_size = 1
    assert (dataset.workers, dataset.max_queue_size) == (2, 1)
    assert _indices(PyDatasetAdapter(dataset).get_batches()) == [0, 1, 2, 3]


def test_queue_is_bounded():
    calls = []

    class Recording(CountingDataset):
        def __getitem__(self, index):
            calls.append(index)
            return super().__getitem__(index)

    adapter = PyDatasetAdapter(
        Recording(length=40, workers=2, max_queue_size=4)
    )
    batches = adapter.get_batches()
    next(batches)
    time.sleep(0.05)
    assert len(calls) <= 5
    adapter.on_epoch_end()


def test_shuffle_changes_the_batch_order_repeatably():
    adapter = PyDatasetAdapter(CountingDataset(length=12), shuffle=True)
    orders = []
    for _ in range(2):
        kerata.utils.set_random_seed(3)
        orders.append(_indices(adapter.get_batches()))
    assert orders[0] == orders[1]
    assert sorted(orders[0]) == list(range(12)) != orders[0]


def test_endless_dataset():
    adapter = PyDatasetAdapter(EndlessDataset(workers=2))
    assert adapter.num_batches is None
    batches = adapter.get_batches()
    assert [int(to_numpy(next(batches)[0])[0, 0]) for _ in range(5)] == list(
        range(5)
    )
    adapter.on_epoch_end()
    assert not _live_pool_threads()


def test_class_weight_is_applied_per_batch():
    adapter = PyDatasetAdapter(CountingDataset(), class_weight={1: 4.0})
    batches = list(adapter.get_batches())
    assert all(len(b) == 3 for b in batches)
    weights = [to_numpy(b[2]).tolist() for b in batches]
    assert weights[1] == [4.0, 4.0]
    assert weights[0] == [1.0, 1.0]


def test_missing_super_init_warns_and_uses_defaults():
    class NoInit(PyDataset):
        def __init__(self):
            pass

        def __len__(self):
            return 1

        def __getitem__(self, index):
            return np.zeros((1, 1))

    with pytest.warns(UserWarning, match="super"):
        batches = list(PyDatasetAdapter(NoInit()).get_batches())
    assert len(batches) == 1


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"workers": 0}, ValueError),
        ({"workers": 1.5}, TypeError),
        ({"max_queue_size": 0}, ValueError),
    ],
)
def test_bad_settings(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        CountingDataset(**kwargs)


def test_base_class_requires_len_and_getitem():
    with pytest.raises(NotImplementedError, match="__len__"):
        len(PyDataset())
    with pytest.raises(NotImplementedError, match="__getitem__"):
        PyDataset()[0]
