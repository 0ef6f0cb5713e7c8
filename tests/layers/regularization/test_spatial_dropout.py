"""SpatialDropout1D/2D/3D: whole channels dropped, identity at inference,
seeds, shapes and configs."""

import numpy as np
import pytest

from kerata import layers
from tests.layers.core.helpers import symbolic_shape
from tests.layers.core.helpers import to_np
from tests.layers.normalization.keras_oracle import assert_same_config
from tests.layers.normalization.keras_oracle import keras  # noqa: F401

CASES = [
    # (class name, kwargs, input shape, axes sharing one mask value)
    ("SpatialDropout1D", {}, (8, 5, 16), (1,)),
    ("SpatialDropout2D", {}, (8, 3, 4, 16), (1, 2)),
    (
        "SpatialDropout2D",
        {"data_format": "channels_first"},
        (8, 16, 3, 4),
        (2, 3),
    ),
    ("SpatialDropout3D", {}, (8, 2, 2, 3, 16), (1, 2, 3)),
    (
        "SpatialDropout3D",
        {"data_format": "channels_first"},
        (8, 16, 2, 2, 3),
        (2, 3, 4),
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "shape", "shared"), CASES)
def test_drops_whole_channels(name, kwargs, shape, shared):
    rate = 0.5
    layer = getattr(layers, name)(rate, seed=1, **kwargs)
    x = np.ones(shape, "float32")
    out = to_np(layer(x, training=True))
    assert sorted(set(out.ravel().tolist())) == [0.0, 2.0]
    first = out[
        tuple(
            slice(0, 1) if a in shared else slice(None)
            for a in range(len(shape))
        )
    ]
    assert (out == first).all()
    # About half of the 128 (example, channel) pairs are dropped.
    assert abs((first == 0).mean() - rate) < 0.15
    assert to_np(layer(x)).tolist() == x.tolist()
    assert symbolic_shape(layer, (None,) + shape[1:]) == (None,) + shape[1:]


def test_seeded_layers_repeat_their_masks():
    x = np.ones((4, 3, 8), "float32")
    first = to_np(layers.SpatialDropout1D(0.5, seed=3)(x, training=True))
    again = to_np(layers.SpatialDropout1D(0.5, seed=3)(x, training=True))
    np.testing.assert_array_equal(first, again)


def test_rank_is_checked():
    with pytest.raises(ValueError, match="ndim|rank"):
        layers.SpatialDropout2D(0.5)(
            np.ones((2, 3, 4), "float32"), training=True
        )


@pytest.mark.parametrize(("name", "kwargs", "shape", "shared"), CASES)
def test_config_round_trip(name, kwargs, shape, shared):
    layer = getattr(layers, name)(0.3, seed=2, **kwargs)
    config = layer.get_config()
    assert set(config) == {"rate", "seed", "name", "dtype"} | (
        set() if name.endswith("1D") else {"data_format"}
    )
    clone = type(layer).from_config(config)
    assert clone.get_config() == {**config, "name": clone.name}


def test_rejects_invalid_rate():
    with pytest.raises(ValueError, match="rate"):
        layers.SpatialDropout1D(1.5)


@pytest.mark.parity
@pytest.mark.parametrize(("name", "kwargs", "shape", "shared"), CASES[:3])
def test_config_matches_keras(keras, name, kwargs, shape, shared):  # noqa: F811
    ours = getattr(layers, name)(0.3, seed=2, **kwargs)
    theirs = getattr(keras.layers, name)(0.3, seed=2, **kwargs)
    assert_same_config(ours, theirs)
