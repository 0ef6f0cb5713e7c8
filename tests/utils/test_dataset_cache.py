import os
import pickle
import threading

import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.trainers.data_adapters import get_data_adapter
from kerata.src.utils import dataset_sources
from kerata.src.utils import dataset_utils
from kerata.src.utils import image_dataset_utils
from kerata.src.utils.dataset_utils import ArraySource
from kerata.src.utils.dataset_utils import Dataset


class CountingSource(ArraySource):
    """An array source that counts how often each element is gathered."""

    def __init__(self, arrays):
        super().__init__(arrays)
        self.counts = np.zeros(self.length, dtype=int)
        self.lock = threading.Lock()

    def gather(self, indices):
        with self.lock:
            np.add.at(self.counts, indices, 1)
        return super().gather(indices)


class UntouchableSource(ArraySource):
    """Same fingerprint as an array source, but fails when gathered."""

    def gather(self, indices):
        raise AssertionError(f"gathered {list(indices)} from a full cache")


def _arrays(count=10):
    x = np.arange(count * 2, dtype="float32").reshape(count, 2)
    return x, np.arange(count, dtype="int64") % 3


def _epochs(dataset, count):
    """The batches of `count` full passes, as lists of NumPy leaves."""
    return [
        [dataset_sources._leaves(batch) for batch in dataset]
        for _ in range(count)
    ]


def _assert_same_epochs(actual, expected):
    assert len(actual) == len(expected)
    for epoch_a, epoch_b in zip(actual, expected):
        assert len(epoch_a) == len(epoch_b)
        for batch_a, batch_b in zip(epoch_a, epoch_b):
            for leaf_a, leaf_b in zip(batch_a, batch_b):
                assert leaf_a.dtype == leaf_b.dtype
                np.testing.assert_array_equal(leaf_a, leaf_b)


def _write_images(root, count=10, size=(9, 7)):
    image = pytest.importorskip("PIL.Image", reason="needs Pillow")
    rng = np.random.default_rng(0)
    for index in range(count):
        folder = root / f"class_{index % 2}"
        folder.mkdir(parents=True, exist_ok=True)
        pixels = rng.integers(0, 256, size=(*size, 3), dtype="uint8")
        image.fromarray(pixels).save(folder / f"{index}.png")


def _images(root, **kwargs):
    options = dict(image_size=(6, 5), batch_size=4, seed=0, verbose=False)
    options.update(kwargs)
    return kerata.utils.image_dataset_from_directory(root, **options)


def test_cached_images_equal_uncached_over_shuffled_epochs(tmp_path):
    _write_images(tmp_path)
    plain = _images(tmp_path)
    cached = _images(tmp_path).cache()
    _assert_same_epochs(_epochs(cached, 3), _epochs(plain, 3))


def test_source_gathered_once_per_element():
    source = CountingSource(_arrays(10))
    data = Dataset(source, batch_size=3, shuffle=True, seed=1).cache()
    _assert_same_epochs(
        _epochs(data, 3),
        _epochs(Dataset(_arrays(10), batch_size=3, shuffle=True, seed=1), 3),
    )
    assert source.counts.tolist() == [1] * 10
    assert data._source.complete


def test_threads_fill_cache_once_with_same_batches():
    source = CountingSource(_arrays(20))
    data = Dataset(source, batch_size=3, workers=3).cache()
    for _ in range(2):
        adapter = get_data_adapter(data)
        batches = [
            kerata.ops.convert_to_numpy(b[0]) for b in adapter.get_batches()
        ]
        assert_allclose(np.concatenate(batches), _arrays(20)[0])
    assert source.counts.tolist() == [1] * 20


def test_take_batch_unbatch_and_split_of_cached_dataset():
    x, y = _arrays(10)
    data = Dataset((x, y), batch_size=4).cache()
    assert [b[1].tolist() for b in data.take(2)] == [[0, 1, 2, 0], [1, 2, 0, 1]]
    assert [b[1].tolist() for b in data.batch(5)] == [
        y[:5].tolist(),
        y[5:].tolist(),
    ]
    assert [int(b[1]) for b in data.unbatch()] == y.tolist()
    left, right = kerata.utils.split_dataset(data, left_size=0.8)
    assert [b[0].tolist() for b in right] == [x[8:].tolist()]
    assert len(left) == 2


def test_cache_after_take_keeps_the_taken_elements():
    source = CountingSource(_arrays(10))
    data = Dataset(source, batch_size=2).take(2).cache()
    assert [b[1].tolist() for b in data] == [[0, 1], [2, 0]]
    assert source.counts.tolist() == [1] * 4 + [0] * 6
    assert data._source.complete


def test_cache_after_map_raises():
    data = Dataset(np.arange(4), batch_size=2).map(lambda x: x * 2)
    with pytest.raises(ValueError, match=r"before `\.map\(\)`"):
        data.cache()


def test_ragged_elements_raise_naming_shapes():
    class Ragged:
        def __len__(self):
            return 4

        def gather(self, indices):
            size = 2 if indices[0] < 2 else 3
            return np.zeros((len(indices), size), "float32")

    data = Dataset(Ragged(), batch_size=2).cache()
    data[0]
    with pytest.raises(ValueError, match=r"shape \(3,\) where .* \(2,\)"):
        data[1]


def test_file_cache_reused_without_gathering(tmp_path):
    x, y = _arrays(7)
    cache = tmp_path / "arrays"
    first = Dataset({"x": x, "y": y}, batch_size=3).cache(str(cache))
    expected = _epochs(first, 1)
    folder = tmp_path / "arrays.kerata-cache"
    assert (folder / "index.json").exists()
    assert not [n for n in os.listdir(folder) if n.endswith(".tmp")]
    second = Dataset(UntouchableSource({"x": x, "y": y}), batch_size=3)
    second = second.cache(cache)
    assert second._source.complete
    _assert_same_epochs(_epochs(second, 1), expected)
    batch = second[0]
    assert sorted(batch) == ["x", "y"]
    batch["x"][0, 0] = -1  # Batches are copies, not views of the files.
    assert second[0]["x"][0, 0] == 0


def test_file_cache_of_other_data_is_rebuilt(tmp_path):
    x, y = _arrays(6)
    list(Dataset((x, y), batch_size=4).cache(tmp_path / "c"))
    changed = CountingSource((x + 1, y))
    data = Dataset(changed, batch_size=4).cache(tmp_path / "c")
    assert not data._source.complete
    assert_allclose(np.concatenate([b[0] for b in data]), x + 1)
    assert changed.counts.tolist() == [1] * 6


def test_image_file_cache_reused_then_rebuilt_when_a_file_changes(
    tmp_path, monkeypatch
):
    images = tmp_path / "images"
    _write_images(images)
    cache = tmp_path / "cache" / "train"
    (tmp_path / "cache").mkdir()
    expected = _epochs(_images(images).cache(cache), 2)

    def untouchable(self, indices):
        raise AssertionError("decoded an image although the cache is full")

    original = image_dataset_utils.ImageSource.gather
    monkeypatch.setattr(image_dataset_utils.ImageSource, "gather", untouchable)
    _assert_same_epochs(_epochs(_images(images).cache(cache), 2), expected)

    # A changed file (new modification time) makes the cache stale.
    path = images / "class_0" / "0.png"
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    monkeypatch.setattr(image_dataset_utils.ImageSource, "gather", original)
    rebuilt = _images(images).cache(cache)
    assert not rebuilt._source.complete
    _assert_same_epochs(_epochs(rebuilt, 2), expected)
    assert rebuilt._source.complete


def test_interrupted_file_cache_is_not_reused(tmp_path):
    x, y = _arrays(8)
    cache = tmp_path / "c"
    partial = Dataset((x, y), batch_size=4).cache(cache)
    partial[0]  # Half an epoch, then the run stops.
    folder = tmp_path / "c.kerata-cache"
    assert not (folder / "index.json").exists()
    del partial
    # A run killed while it built the cache left this temporary behind.
    stale = folder / ".leaf.999999999.abc.npy.tmp"
    stale.write_bytes(b"")
    source = CountingSource((x, y))
    data = Dataset(source, batch_size=4).cache(cache)
    assert not data._source.complete
    _assert_same_epochs(_epochs(data, 2), _epochs(Dataset((x, y), 4), 2))
    assert source.counts.tolist() == [1] * 8
    assert (folder / "index.json").exists()
    assert sorted(os.listdir(folder)) == [
        "index.json",
        "leaf0.npy",
        "leaf1.npy",
    ]


def test_text_file_cache_round_trips_strings(tmp_path, monkeypatch):
    from kerata.src.utils import text_dataset_utils

    for index, text in enumerate(["alpha", "beta γ", "", "delta delta"]):
        folder = tmp_path / "texts" / f"c{index % 2}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index}.txt").write_text(text, encoding="utf-8")

    def load():
        return kerata.utils.text_dataset_from_directory(
            tmp_path / "texts", batch_size=3, seed=0, verbose=False
        ).cache(tmp_path / "texts_cache")

    expected = _epochs(load(), 1)
    monkeypatch.setattr(text_dataset_utils.TextSource, "gather", None)
    reused = load()
    assert reused._source.complete
    _assert_same_epochs(_epochs(reused, 1), expected)
    assert sorted(expected[0][0][0].tolist() + expected[0][1][0].tolist()) == [
        "",
        "alpha",
        "beta γ",
        "delta delta",
    ]


def test_file_cache_errors(tmp_path):
    samples = dataset_utils.IndexedSource([np.zeros(2, "float32")] * 3)
    with pytest.raises(ValueError, match="fingerprint"):
        Dataset(samples).cache(tmp_path / "c")
    with pytest.raises(TypeError, match="filename"):
        Dataset(np.arange(3)).cache(3)
    objects = Dataset(np.array([b"x", 1], dtype=object)).cache(tmp_path / "o")
    with pytest.raises(ValueError, match="strings"):
        objects[0]


def test_cached_dataset_is_picklable(tmp_path):
    x, y = _arrays(5)
    in_memory = Dataset((x, y), batch_size=2).cache()
    in_memory[0]
    on_disk = Dataset((x, y), batch_size=2).cache(tmp_path / "c")
    list(on_disk)
    for data in (in_memory, on_disk):
        clone = pickle.loads(pickle.dumps(data))
        _assert_same_epochs(_epochs(clone, 1), _epochs(data, 1))
    assert pickle.loads(pickle.dumps(on_disk))._source.complete


def test_prefetch_yields_same_batches_in_same_order():
    x, y = _arrays(11)
    plain = Dataset((x, y), batch_size=3, shuffle=True, seed=4)
    fetched = plain.prefetch(2)
    assert fetched.workers == 2
    assert fetched.max_queue_size == 2
    _assert_same_epochs(_epochs(fetched, 2), _epochs(plain, 2))
    auto = plain.prefetch(-1)
    assert auto.max_queue_size == plain.max_queue_size
    adapter = get_data_adapter(auto)
    batches = [kerata.ops.convert_to_numpy(b[1]) for b in adapter.get_batches()]
    assert sorted(np.concatenate(batches).tolist()) == sorted(y.tolist())
    for _ in plain.prefetch(None):
        break  # Stopping early shuts the threads down.


def test_shuffle_method_orders():
    data = Dataset(np.arange(8), batch_size=4)
    fixed = data.shuffle(100, seed=3, reshuffle_each_iteration=False)
    first, second = _epochs(fixed, 2)
    assert [b[0].tolist() for b in first] == [b[0].tolist() for b in second]
    reshuffled = _epochs(data.shuffle(100, seed=3), 2)
    orders = [np.concatenate([b[0] for b in e]).tolist() for e in reshuffled]
    assert orders[0] != orders[1]
    assert sorted(orders[0]) == list(range(8))
    for bad in (0, -2, 1.5, None):
        with pytest.raises(ValueError, match="buffer_size"):
            data.shuffle(bad)
    with pytest.raises(ValueError, match="buffer_size"):
        data.prefetch(0)


@pytest.mark.requires_trainable_backend
def test_fit_on_cached_prefetched_images(tmp_path):
    _write_images(tmp_path)
    data = _images(tmp_path, image_size=(4, 4), batch_size=5)
    data = data.cache().shuffle(1000).prefetch(buffer_size=-1)
    model = kerata.Sequential(
        [
            kerata.Input((4, 4, 3)),
            kerata.layers.Rescaling(1 / 255),
            kerata.layers.Flatten(),
            kerata.layers.Dense(2, activation="softmax"),
        ]
    )
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    history = model.fit(data, epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    assert data._source.complete
