import threading
import warnings

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src.testing import to_numpy
from kerata.src.trainers.epoch_iterator import EpochIterator


def _labels(iterator):
    return [
        to_numpy(batch[1]).tolist() for _, batch in iterator.enumerate_epoch()
    ]


def _epochs(iterator, count):
    """Labels and `ended_early` per epoch, and the warnings raised."""
    out = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(count):
            out.append((_labels(iterator), iterator.ended_early))
    return out, [str(w.message) for w in caught]


def _gen(count):
    for i in range(count):
        yield np.full((2, 1), i, dtype="float32"), np.full((2,), i)


class _Batches(kerata.utils.PyDataset):
    def __init__(self, count, **kwargs):
        super().__init__(**kwargs)
        self.count = count

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        return np.full((1, 1), index, "float32"), np.full((1,), index)


def test_one_pass_per_epoch():
    x = np.arange(10, dtype="float32").reshape(10, 1)
    iterator = EpochIterator(x, np.arange(10), batch_size=4)
    assert iterator.num_batches == 3
    for _ in range(2):
        steps = [step for step, _ in iterator.enumerate_epoch()]
        assert steps == [0, 1, 2]
    assert _labels(iterator)[-1] == [8, 9]
    assert not iterator.ended_early


def test_batches_are_tuples_of_backend_tensors():
    iterator = EpochIterator(np.zeros((5, 2)), batch_size=2)
    for _, batch in iterator.enumerate_epoch():
        assert isinstance(batch, tuple)
        assert len(batch) == 1
        if getattr(backend.core, "BATCH_ON_HOST", False):
            assert isinstance(batch[0], np.ndarray)
        else:
            assert backend.is_tensor(batch[0])
    iterator = EpochIterator(np.zeros((5, 2)), np.zeros(5), np.ones(5))
    (_, batch), *_ = list(iterator.enumerate_epoch())
    assert len(batch) == 3
    assert tuple(batch[0].shape) == (5, 2)


def test_default_batch_size_is_32():
    iterator = EpochIterator(np.zeros((70, 1)))
    assert iterator.num_batches == 3
    assert iterator.data_adapter.batch_size == 32


def test_steps_per_epoch_continues_through_the_arrays():
    x = np.zeros((10, 1), dtype="float32")
    iterator = EpochIterator(x, np.arange(10), batch_size=3, steps_per_epoch=2)
    assert iterator.num_batches == 2
    epochs, caught = _epochs(iterator, 3)
    assert epochs == [
        ([[0, 1, 2], [3, 4, 5]], False),
        ([[6, 7, 8], [9]], False),
        ([[0, 1, 2], [3, 4, 5]], False),
    ]
    assert caught == []


def test_steps_per_epoch_beyond_the_arrays_warns_and_ends_early():
    x = np.zeros((4, 1), dtype="float32")
    iterator = EpochIterator(x, np.arange(4), batch_size=2, steps_per_epoch=3)
    epochs, caught = _epochs(iterator, 2)
    assert epochs == [([[0, 1], [2, 3]], True)] * 2
    assert len(caught) == 2
    assert "ran out of data" in caught[0]


def test_steps_per_epoch_with_a_generator():
    iterator = EpochIterator(_gen(5), steps_per_epoch=2)
    epochs, caught = _epochs(iterator, 4)
    assert [e[0] for e in epochs] == [
        [[0, 0], [1, 1]],
        [[2, 2], [3, 3]],
        [[4, 4]],
        [],
    ]
    assert [e[1] for e in epochs] == [False, False, True, True]
    assert len(caught) == 2
    assert "ran out of data" in caught[0]


def test_generator_without_steps_learns_its_length():
    iterator = EpochIterator(_gen(3))
    assert iterator.num_batches is None
    epochs, caught = _epochs(iterator, 1)
    assert epochs == [([[0, 0], [1, 1], [2, 2]], False)]
    assert iterator.num_batches == 3
    assert caught == []
    # The exhausted generator yields nothing more: reported, not silent.
    epochs, caught = _epochs(iterator, 1)
    assert epochs == [([], True)]
    assert len(caught) == 1


def test_steps_per_epoch_with_a_py_dataset_keeps_workers_between_epochs():
    dataset = _Batches(5, workers=2)
    iterator = EpochIterator(dataset, steps_per_epoch=2)
    epochs, caught = _epochs(iterator, 3)
    assert [e[0] for e in epochs] == [[[0], [1]], [[2], [3]], [[4]]]
    assert epochs[2][1]
    assert len(caught) == 1
    iterator.reset()
    assert not [t for t in threading.enumerate() if "py_dataset" in t.name]


def test_abandoned_epoch_closes_the_workers():
    iterator = EpochIterator(_Batches(50, workers=3))
    for step, _ in iterator.enumerate_epoch():
        if step == 2:
            break
    live = [t for t in threading.enumerate() if "py_dataset" in t.name]
    assert live == []


def test_reset_starts_a_fresh_pass():
    x = np.zeros((6, 1), dtype="float32")
    iterator = EpochIterator(x, np.arange(6), batch_size=2, steps_per_epoch=2)
    _labels(iterator)
    iterator.reset()
    assert _labels(iterator) == [[0, 1], [2, 3]]


def test_catch_stop_iteration_records_the_length():
    iterator = EpochIterator(_gen(2))
    batches = iterator.data_adapter.get_batches()

    def step():
        with iterator.catch_stop_iteration():
            next(batches)
            iterator._steps_seen += 1

    step()
    step()
    assert not iterator.ended_early
    with pytest.warns(UserWarning, match="ran out of data"):
        step()
    assert iterator.ended_early
    assert iterator.num_batches == 2


def test_shuffle_is_repeatable_after_set_random_seed():
    x = np.zeros((20, 1), dtype="float32")
    orders = []
    for _ in range(2):
        kerata.utils.set_random_seed(11)
        iterator = EpochIterator(x, np.arange(20), batch_size=8, shuffle=True)
        orders.append(sum(_labels(iterator) + _labels(iterator), []))
    assert orders[0] == orders[1]
    assert sorted(orders[0][:20]) == list(range(20)) != orders[0][:20]


@pytest.mark.parametrize("steps", [0, -1, 1.5, True, "2"])
def test_bad_steps_per_epoch(steps):
    with pytest.raises(ValueError, match="steps_per_epoch"):
        EpochIterator(np.zeros((4, 1)), steps_per_epoch=steps)


def test_batch_size_with_a_generator_is_rejected():
    with pytest.raises(ValueError, match="batch_size"):
        EpochIterator(_gen(2), batch_size=4)
