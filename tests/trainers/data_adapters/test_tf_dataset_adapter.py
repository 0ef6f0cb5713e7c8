import numpy as np
import pytest

from kerata.src import backend
from kerata.src.trainers.data_adapters import TFDatasetAdapter
from kerata.src.trainers.data_adapters import get_data_adapter

tf = pytest.importorskip("tensorflow")


def test_tf_dataset_batches_become_backend_tensors():
    x = np.arange(10, dtype="float64").reshape(5, 2)
    y = np.arange(5)
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(2)
    adapter = get_data_adapter(dataset, class_weight={1: 3.0})
    assert isinstance(adapter, TFDatasetAdapter)
    assert adapter.num_batches == 3
    batches = list(adapter.get_batches())
    assert len(batches) == 3
    assert len(batches[0]) == 3
    assert backend.is_tensor(batches[0][0])
    assert backend.convert_to_numpy(batches[0][2]).tolist() == [1.0, 3.0]


def test_tf_dataset_rejects_targets():
    dataset = tf.data.Dataset.from_tensor_slices(np.zeros((4, 1))).batch(2)
    with pytest.raises(ValueError, match="`y` should not be passed"):
        get_data_adapter(dataset, y=np.zeros(4))
