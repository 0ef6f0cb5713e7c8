import numpy as np
import pytest

from kerata.src import backend
from kerata.src.testing import to_numpy
from kerata.src.trainers.data_adapters import GeneratorDataAdapter


def _batches(form, count=3):
    for i in range(count):
        x = np.full((2, 3), i, dtype="float64")
        y = np.full((2,), i, dtype="int32")
        w = np.ones((2,), dtype="float32")
        yield {
            "x": x,
            "(x,)": (x,),
            "(x, y)": (x, y),
            "[x, y]": [x, y],
            "(x, y, w)": (x, y, w),
            "({x}, y)": ({"a": x}, y),
        }[form]


@pytest.mark.parametrize(
    ("form", "length"),
    [
        ("x", 1),
        ("(x,)", 1),
        ("(x, y)", 2),
        ("[x, y]", 2),
        ("(x, y, w)", 3),
        ("({x}, y)", 2),
    ],
)
def test_generator_forms(form, length):
    adapter = GeneratorDataAdapter(_batches(form))
    assert adapter.num_batches is None
    batches = list(adapter.get_batches())
    assert len(batches) == 3
    for i, batch in enumerate(batches):
        assert isinstance(batch, tuple)
        assert len(batch) == length
        x = batch[0]["a"] if form == "({x}, y)" else batch[0]
        assert backend.is_tensor(x)
        assert backend.standardize_dtype(x.dtype) == backend.floatx()
        assert to_numpy(x).tolist() == [[i] * 3] * 2


def test_generator_continues_and_is_not_restarted():
    adapter = GeneratorDataAdapter(_batches("(x, y)", 5))
    batches = adapter.get_batches()
    assert to_numpy(next(batches)[1]).tolist() == [0, 0]
    assert to_numpy(next(batches)[1]).tolist() == [1, 1]
    rest = list(adapter.get_batches())
    assert [to_numpy(b[1]).tolist()[0] for b in rest] == [2, 3, 4]
    assert list(adapter.get_batches()) == []


def test_iterators_are_accepted():
    adapter = GeneratorDataAdapter(iter([(np.zeros((2, 1)),)] * 2))
    assert len(list(adapter.get_batches())) == 2


def test_empty_generator_is_rejected():
    with pytest.raises(ValueError, match="at least one batch"):
        GeneratorDataAdapter(iter([]))


def test_malformed_first_batch_fails_early():
    with pytest.raises(ValueError, match="4 elements"):
        GeneratorDataAdapter(iter([(1, 2, 3, 4)]))
