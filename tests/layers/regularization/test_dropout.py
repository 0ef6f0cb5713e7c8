import numpy as np
import pytest

import kerata
from tests.layers.core.helpers import get_mask
from tests.layers.core.helpers import symbolic_shape
from tests.layers.core.helpers import to_np


def test_dropout_is_identity_at_inference():
    x = np.arange(12, dtype="float32").reshape(3, 4)
    layer = kerata.layers.Dropout(0.5)
    assert to_np(layer(x)).tolist() == x.tolist()
    assert to_np(layer(x, training=False)).tolist() == x.tolist()


@pytest.mark.parametrize("rate", [0.2, 0.9])
def test_dropout_in_training_drops_and_scales(rate):
    x = np.ones((50, 40), "float32")
    out = to_np(kerata.layers.Dropout(rate, seed=1)(x, training=True))
    kept = out != 0
    np.testing.assert_allclose(out[kept], 1.0 / (1.0 - rate), rtol=1e-6)
    # About `rate` of the 2000 entries are dropped.
    assert abs((~kept).mean() - rate) < 0.06


def test_dropout_rate_zero_and_one():
    x = np.ones((4, 5), "float32")
    assert to_np(kerata.layers.Dropout(0.0)(x, training=True)).tolist() == (
        x.tolist()
    )
    out = to_np(kerata.layers.Dropout(1.0)(x, training=True))
    assert (out == 0).all()


def test_dropout_noise_shape_shares_the_mask():
    x = np.ones((4, 6, 8), "float32")
    layer = kerata.layers.Dropout(0.5, noise_shape=(None, 1, 8), seed=3)
    out = to_np(layer(x, training=True))
    # The same features are dropped at every timestep.
    assert (out == out[:, :1, :]).all()
    assert layer.get_config()["noise_shape"] == (None, 1, 8)


def test_dropout_seed_generator_advances_and_is_tracked():
    x = np.ones((20, 20), "float32")
    layer = kerata.layers.Dropout(0.5, seed=7)
    first = to_np(layer(x, training=True))
    second = to_np(layer(x, training=True))
    assert (first != second).any()
    again = kerata.layers.Dropout(0.5, seed=7)
    np.testing.assert_array_equal(to_np(again(x, training=True)), first)
    assert len(layer.variables) == 1
    assert layer.weights == []


def test_dropout_training_flag_reaches_nested_layer():
    class Block(kerata.layers.Layer):
        def __init__(self):
            super().__init__()
            self.dropout = kerata.layers.Dropout(0.5, seed=0)

        def call(self, x, training=None):
            return self.dropout(x)

    x = np.ones((10, 10), "float32")
    block = Block()
    assert (to_np(block(x)) == 1).all()
    assert (to_np(block(x, training=True)) != 1).any()


def test_dropout_passes_mask_and_symbolic_shape():
    ids = np.array([[1, 0, 2]], "int32")
    embedded = kerata.layers.Embedding(3, 2, mask_zero=True)(ids)
    out = kerata.layers.Dropout(0.5)(embedded)
    assert get_mask(out).tolist() == [[True, False, True]]
    assert symbolic_shape(kerata.layers.Dropout(0.5), (None, 3)) == (None, 3)


def test_dropout_config_round_trip():
    layer = kerata.layers.Dropout(0.3, noise_shape=(None, 1), seed=5)
    config = layer.get_config()
    assert (config["rate"], config["seed"]) == (0.3, 5)
    clone = kerata.layers.Dropout.from_config(config)
    assert clone.get_config() == {**config, "name": clone.name}


@pytest.mark.parametrize("rate", [-0.1, 1.5, "0.5", None])
def test_dropout_rejects_invalid_rate(rate):
    with pytest.raises(ValueError, match="rate"):
        kerata.layers.Dropout(rate)


def test_dropout_rejects_invalid_noise_shape():
    with pytest.raises(ValueError, match="noise_shape"):
        kerata.layers.Dropout(0.5, noise_shape="batch")
