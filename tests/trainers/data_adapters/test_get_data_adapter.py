import numpy as np
import pytest

import kerata
from kerata.src.trainers.data_adapters import ArrayDataAdapter
from kerata.src.trainers.data_adapters import GeneratorDataAdapter
from kerata.src.trainers.data_adapters import PyDatasetAdapter
from kerata.src.trainers.data_adapters import get_data_adapter


class _Tiny(kerata.utils.PyDataset):
    def __len__(self):
        return 2

    def __getitem__(self, index):
        return np.zeros((1, 1)), np.zeros((1,))


def _gen():
    yield np.zeros((2, 1)), np.zeros((2,))


@pytest.mark.parametrize(
    ("x", "kind"),
    [
        (np.zeros((3, 1)), ArrayDataAdapter),
        ({"a": np.zeros((3, 1))}, ArrayDataAdapter),
        ([np.zeros((3, 1)), np.zeros((3, 2))], ArrayDataAdapter),
        (_gen(), GeneratorDataAdapter),
        (_Tiny(), PyDatasetAdapter),
    ],
)
def test_picks_the_adapter(x, kind):
    assert isinstance(get_data_adapter(x), kind)


def test_adapters_pass_through():
    adapter = get_data_adapter(np.zeros((3, 1)))
    assert get_data_adapter(adapter) is adapter


@pytest.mark.parametrize("x", [object(), "text", 3.0, [1.0, 2.0]])
def test_unknown_types_name_the_received_type(x):
    with pytest.raises(TypeError, match=type(x).__name__) as info:
        get_data_adapter(x)
    assert "PyDataset" in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"y": np.zeros(2)}, "`y` should not be passed"),
        ({"sample_weight": np.zeros(2)}, "`sample_weight` should not be"),
        ({"batch_size": 8}, "batch_size"),
        ({"class_weight": {0: 1.0}}, "class_weight"),
    ],
)
def test_generator_argument_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        get_data_adapter(_gen(), **kwargs)


def test_py_dataset_argument_errors():
    with pytest.raises(ValueError, match="PyDataset, `y`"):
        get_data_adapter(_Tiny(), y=np.zeros(2))
    with pytest.raises(ValueError, match="batch_size"):
        get_data_adapter(_Tiny(), batch_size=2)


def test_shuffle_with_a_generator_warns():
    with pytest.warns(UserWarning, match="shuffle=True"):
        get_data_adapter(_gen(), shuffle=True)


def test_mismatched_sample_counts():
    with pytest.raises(ValueError, match="x sizes: 4; y sizes: 5"):
        get_data_adapter(np.zeros((4, 1)), np.zeros(5))
