import numpy as np
import pytest

import kerata


def _reference_windows(data, length, stride, rate, start=0, end=None):
    """Every window, by the definition: starts every `stride` steps from
    `start`, `length` steps `rate` apart, ending before `end`."""
    end = len(data) if end is None else end
    windows, starts = [], []
    position = start
    while position + (length - 1) * rate < end:
        windows.append([data[position + k * rate] for k in range(length)])
        starts.append(position)
        position += stride
    return np.array(windows), starts


def _all(dataset):
    batches = list(dataset)
    if isinstance(batches[0], tuple):
        return tuple(np.concatenate(part) for part in zip(*batches))
    return np.concatenate(batches)


def test_keras_docs_example_1():
    data = np.arange(99)
    dataset = kerata.utils.timeseries_dataset_from_array(
        data, None, sequence_length=10, sampling_rate=2, sequence_stride=3
    )
    windows = _all(dataset)
    assert windows[0].tolist() == list(range(0, 20, 2))
    assert windows[1].tolist() == list(range(3, 23, 2))
    assert windows[-1].tolist() == list(range(78, 98, 2))


def test_keras_docs_example_2_temporal_regression():
    data = np.arange(50, dtype="float32") * 0.5
    dataset = kerata.utils.timeseries_dataset_from_array(
        data[:-10], data[10:], sequence_length=10, batch_size=8
    )
    inputs, targets = dataset[0]
    assert inputs[0].tolist() == data[:10].tolist()
    assert targets[0] == data[10]
    assert len(dataset) == 4  # 31 windows: 8 + 8 + 8 + 7


@pytest.mark.parametrize(
    ("length", "stride", "rate", "start", "end"),
    [(4, 1, 1, None, None), (3, 2, 3, 2, None), (5, 3, 2, 1, 25)],
)
def test_windows_match_reference(length, stride, rate, start, end):
    data = np.arange(60).reshape(30, 2)
    targets = np.arange(30) * 10
    dataset = kerata.utils.timeseries_dataset_from_array(
        data,
        targets,
        sequence_length=length,
        sequence_stride=stride,
        sampling_rate=rate,
        batch_size=4,
        start_index=start,
        end_index=end,
    )
    windows, got_targets = _all(dataset)
    expected, starts = _reference_windows(
        data, length, stride, rate, start or 0, end
    )
    assert windows.tolist() == expected.tolist()
    # targets[i] belongs to the window starting i steps after start_index.
    assert got_targets.tolist() == [targets[s] for s in starts]


def test_targets_shorter_than_data_limit_windows():
    dataset = kerata.utils.timeseries_dataset_from_array(
        np.arange(20), np.arange(5), sequence_length=3, batch_size=None
    )
    assert len(dataset) == 5
    window, target = dataset[4]
    assert window.tolist() == [4, 5, 6]
    assert int(target) == 4


def test_shuffle_is_seeded_and_keeps_pairs():
    data = np.arange(40)
    options = {"sequence_length": 3, "batch_size": 5, "shuffle": True}

    def epochs(seed):
        dataset = kerata.utils.timeseries_dataset_from_array(
            data, data * 2, seed=seed, **options
        )
        return [_all(dataset) for _ in range(2)]

    (w1, t1), (w2, _) = epochs(4)
    assert w1.tolist() == epochs(4)[0][0].tolist()
    assert w1.tolist() != w2.tolist()
    assert t1.tolist() == (w1[:, 0] * 2).tolist()
    assert sorted(w1[:, 0].tolist()) == list(range(38))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"start_index": -1}, "start_index"),
        ({"start_index": 10}, "start_index"),
        ({"start_index": 5, "end_index": 4}, "end_index"),
        ({"end_index": 10}, "end_index"),
        ({"sampling_rate": 0}, "sampling_rate"),
        ({"sequence_stride": 10}, "sequence_stride"),
        ({"format": "numpy"}, "format"),
    ],
)
def test_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        kerata.utils.timeseries_dataset_from_array(
            np.arange(10), None, sequence_length=2, **kwargs
        )
