import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import get_mask
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import symbolic_shape
from tests.layers.core.helpers import to_np

IDS = np.array([[1, 2, 0], [4, 0, 0]], dtype="int32")


def _embedding(**kwargs):
    layer = kerata.layers.Embedding(5, 3, **kwargs)
    table = seeded((5, 3))
    layer.build()
    layer.set_weights([table])
    return layer, table


@pytest.mark.parametrize("dtype", ["int32", "int64", "float32"])
def test_embedding_matches_reference(dtype):
    layer, table = _embedding()
    out = layer(IDS.astype(dtype))
    assert kerata.ops.dtype(out) == "float32"
    assert_allclose(out, reference.embedding(IDS, table))


def test_embedding_mask_zero():
    layer, _ = _embedding(mask_zero=True)
    out = layer(IDS)
    expected = (IDS != 0).tolist()
    assert get_mask(out).tolist() == expected
    assert to_np(layer.compute_mask(IDS)).tolist() == expected
    plain, _ = _embedding()
    assert plain.compute_mask(IDS) is None
    assert get_mask(plain(IDS)) is None


def test_embedding_weights_argument_and_shape():
    table = seeded((5, 3))
    layer = kerata.layers.Embedding(5, 3, weights=table)
    assert layer.built
    assert_allclose(layer.embeddings, table)
    assert [w.path for w in layer.weights] == ["embedding/embeddings"]


def test_embedding_symbolic_output_shape():
    layer = kerata.layers.Embedding(5, 3)
    out = layer(kerata.KerasTensor((None, 7), dtype="int32"))
    assert out.shape == (None, 7, 3)
    assert out.dtype == "float32"
    assert symbolic_shape(kerata.layers.Embedding(5, 3), (None,)) == (None, 3)


def test_embedding_config_round_trip():
    layer, _ = _embedding(mask_zero=True)
    config = layer.get_config()
    assert config["input_dim"] == 5
    assert config["output_dim"] == 3
    assert config["mask_zero"] is True
    assert "embeddings_initializer" in config
    assert_config_round_trip(layer, IDS)


@run_if(backends=("torch",))
def test_embedding_matches_torch_embedding():
    import torch

    module = torch.nn.Embedding(5, 3)
    layer = kerata.layers.Embedding(5, 3)
    layer.build()
    layer.set_weights([module.weight.detach().numpy()])
    expected = module(torch.from_numpy(IDS.astype("int64")))
    assert_allclose(layer(IDS), expected.detach().numpy())


@pytest.mark.parametrize("arg", [{"input_dim": 0}, {"output_dim": -2}])
def test_embedding_rejects_invalid_sizes(arg):
    kwargs = {"input_dim": 5, "output_dim": 3, **arg}
    with pytest.raises(ValueError, match=next(iter(arg))):
        kerata.layers.Embedding(**kwargs)
