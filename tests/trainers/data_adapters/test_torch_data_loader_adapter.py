import subprocess
import sys

import numpy as np
import pytest

from kerata.src import backend
from kerata.src.testing import to_numpy
from kerata.src.trainers.data_adapters import TorchDataLoaderAdapter
from kerata.src.trainers.data_adapters import get_data_adapter

torch = pytest.importorskip("torch")


class _Pairs(torch.utils.data.Dataset):
    def __init__(self, n=10):
        self.x = torch.arange(n * 2, dtype=torch.float64).reshape(n, 2)
        self.y = torch.arange(n)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


class _Stream(torch.utils.data.IterableDataset):
    def __iter__(self):
        for i in range(5):
            yield torch.full((1,), float(i)), torch.tensor(i)


def test_dataloader_batches_become_backend_tensors():
    loader = torch.utils.data.DataLoader(_Pairs(), batch_size=4)
    adapter = get_data_adapter(loader)
    assert isinstance(adapter, TorchDataLoaderAdapter)
    assert adapter.num_batches == 3
    assert adapter.batch_size == 4
    assert adapter.has_partial_batch
    assert adapter.partial_batch_size == 2
    batches = list(adapter.get_batches())
    assert [len(b) for b in batches] == [2, 2, 2]
    x, y = batches[2]
    assert backend.is_tensor(x)
    assert backend.is_tensor(y)
    assert backend.standardize_dtype(x.dtype) == backend.floatx()
    assert to_numpy(y).tolist() == [8, 9]
    assert to_numpy(x).tolist() == [[16.0, 17.0], [18.0, 19.0]]


def test_dataset_is_wrapped_with_batch_size_and_shuffle():
    torch.manual_seed(0)
    adapter = get_data_adapter(_Pairs(9), batch_size=3, shuffle=True)
    assert adapter.num_batches == 3
    ys = np.concatenate([to_numpy(b[1]) for b in adapter.get_batches()])
    assert sorted(ys.tolist()) == list(range(9)) != ys.tolist()
    adapter = get_data_adapter(_Pairs(40))
    assert adapter.batch_size == 32


def test_iterable_dataset_has_unknown_length():
    loader = torch.utils.data.DataLoader(_Stream(), batch_size=2)
    adapter = get_data_adapter(loader)
    assert adapter.num_batches is None
    assert len(list(adapter.get_batches())) == 3


def test_dataloader_rejects_targets_class_weight_and_batch_size():
    loader = torch.utils.data.DataLoader(_Pairs(), batch_size=4)
    with pytest.raises(ValueError, match="`y` should not be passed"):
        get_data_adapter(loader, y=np.zeros(10))
    with pytest.raises(ValueError, match="class_weight"):
        get_data_adapter(loader, class_weight={0: 1.0})
    with pytest.raises(ValueError, match="batch_size"):
        get_data_adapter(loader, batch_size=4)
    with pytest.warns(UserWarning, match="shuffle"):
        get_data_adapter(loader, shuffle=True)


def test_detection_does_not_import_torch():
    code = (
        "import sys, numpy as np\n"
        "from kerata.src.trainers.data_adapters import get_data_adapter\n"
        "get_data_adapter(np.zeros((4, 1)))\n"
        "try:\n"
        "    get_data_adapter(object())\n"
        "except TypeError:\n"
        "    pass\n"
        "print('torch' in sys.modules)\n"
    )
    env = {"KERATA_BACKEND": "numpy", "PATH": ""}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert out.stdout.strip() == "False"
