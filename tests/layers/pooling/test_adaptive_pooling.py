"""Adaptive pooling ops and layers (1D/2D/3D, max and average): numerics
against a NumPy loop and torch.nn.functional, shapes, configs, errors."""

import itertools
import math

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src import backend
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if

TOL = {"rtol": 1e-5, "atol": 1e-6}
LAYERS = {
    ("average", 1): layers.AdaptiveAveragePooling1D,
    ("average", 2): layers.AdaptiveAveragePooling2D,
    ("average", 3): layers.AdaptiveAveragePooling3D,
    ("max", 1): layers.AdaptiveMaxPooling1D,
    ("max", 2): layers.AdaptiveMaxPooling2D,
    ("max", 3): layers.AdaptiveMaxPooling3D,
}


def _random(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def _reference(x, output_size, mode, data_format="channels_last"):
    """One window per output position: [floor(i * n / out),
    ceil((i + 1) * n / out)) on every spatial axis (channels_last)."""
    if data_format == "channels_first":
        x = np.moveaxis(x, 1, -1)
    sizes = x.shape[1:-1]
    out = np.zeros((x.shape[0], *output_size, x.shape[-1]), "float64")
    reduce = np.max if mode == "max" else np.mean
    for pos in itertools.product(*(range(o) for o in output_size)):
        window = tuple(
            slice(i * n // o, math.ceil((i + 1) * n / o))
            for i, n, o in zip(pos, sizes, output_size)
        )
        patch = x[(slice(None), *window)]
        axes = tuple(range(1, len(sizes) + 1))
        out[(slice(None), *pos)] = reduce(patch, axis=axes)
    if data_format == "channels_first":
        out = np.moveaxis(out, -1, 1)
    return out.astype("float32")


CASES = [
    # spatial input size, output_size, data_format
    ((7,), 3, "channels_last"),
    ((5,), (5,), "channels_first"),
    ((4,), 6, "channels_last"),
    ((7, 5), (3, 2), "channels_first"),
    ((8, 6), 4, "channels_last"),
    ((3, 7), (5, 1), "channels_last"),
    ((4, 5, 6), (2, 3, 4), "channels_last"),
    ((5, 3, 4), 2, "channels_first"),
]


@pytest.mark.parametrize("mode", ["average", "max"])
@pytest.mark.parametrize(("spatial", "output_size", "data_format"), CASES)
def test_adaptive_pooling_matches_reference(
    mode, spatial, output_size, data_format
):
    rank = len(spatial)
    layer = LAYERS[mode, rank](output_size, data_format=data_format)
    if data_format == "channels_last":
        shape = (2, *spatial, 3)
    else:
        shape = (2, 3, *spatial)
    x = _random(*shape)
    expected = _reference(x, layer.output_size, mode, data_format)
    assert_allclose(layer(x), expected, **TOL)
    assert layer.compute_output_shape(shape) == expected.shape
    symbolic = layer(backend.KerasTensor((None, *shape[1:])))
    assert tuple(symbolic.shape) == (None, *expected.shape[1:])


@run_if(module="torch")
@pytest.mark.parametrize("mode", ["average", "max"])
@pytest.mark.parametrize(
    ("shape", "output_size"),
    [((2, 3, 10), 4), ((2, 3, 9, 7), (4, 3)), ((1, 2, 5, 7, 6), (3, 4, 2))],
)
def test_adaptive_pool_ops_match_torch(mode, shape, output_size):
    import torch
    import torch.nn.functional as F

    rank = len(shape) - 2
    name = "avg" if mode == "average" else "max"
    torch_pool = getattr(F, f"adaptive_{name}_pool{rank}d")
    op = getattr(kerata.ops, f"adaptive_{mode}_pool")
    x = _random(*shape)
    expected = torch_pool(torch.from_numpy(x), output_size).numpy()
    out = op(x, output_size, data_format="channels_first")
    assert_allclose(out, expected, **TOL)
    x_last = np.moveaxis(x, 1, -1)
    out = op(x_last, output_size, data_format="channels_last")
    assert_allclose(out, np.moveaxis(expected, 1, -1), **TOL)


def test_adaptive_pool_ops_dtypes():
    x = np.arange(20, dtype="int32").reshape(1, 10, 2)
    out = kerata.ops.adaptive_max_pool(x, 3)
    assert kerata.ops.dtype(out) == "int32"
    assert kerata.ops.convert_to_numpy(out)[0, :, 0].tolist() == [6, 12, 18]
    average = kerata.ops.adaptive_average_pool(x.astype("float16"), 5)
    assert kerata.ops.dtype(average) == "float16"


def test_adaptive_pool_ops_symbolic():
    x = kerata.Input(shape=(None, 9, 4))
    out = kerata.ops.adaptive_average_pool(x, (2, 3))
    assert tuple(out.shape) == (None, 2, 3, 4)
    out = kerata.ops.nn.adaptive_max_pool(x, 5, data_format="channels_first")
    assert tuple(out.shape) == (None, None, 5, 5)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (((2, 3), 2), "rank 3, 4 or 5"),
        (((2, 3, 4), 0), "output_size"),
        (((2, 3, 4, 5), (1, 2, 3)), "output_size"),
    ],
)
def test_adaptive_pool_ops_errors(args, message):
    shape, output_size = args
    with pytest.raises(ValueError, match=message):
        kerata.ops.adaptive_average_pool(np.ones(shape, "float32"), output_size)


def test_adaptive_pooling_int_output_size_and_config():
    layer = layers.AdaptiveAveragePooling2D(3, name="ap")
    assert layer.output_size == (3, 3)
    config = layer.get_config()
    assert config["output_size"] == (3, 3)
    assert config["data_format"] == "channels_last"
    restored = layers.AdaptiveAveragePooling2D.from_config(config)
    assert restored.get_config() == config
    layer = layers.AdaptiveMaxPooling3D([1, 2, 3], data_format="channels_first")
    assert layers.AdaptiveMaxPooling3D.from_config(
        layer.get_config()
    ).output_size == (1, 2, 3)


@pytest.mark.parametrize(
    ("cls", "output_size"),
    [
        (layers.AdaptiveAveragePooling1D, (2, 2)),
        (layers.AdaptiveMaxPooling2D, (2, 2, 2)),
        (layers.AdaptiveAveragePooling3D, "2"),
        (layers.AdaptiveMaxPooling1D, 0),
    ],
)
def test_adaptive_pooling_invalid_output_size_raises(cls, output_size):
    with pytest.raises(TypeError, match="output_size"):
        cls(output_size)


def test_adaptive_pooling_wrong_rank_raises():
    layer = layers.AdaptiveMaxPooling2D(2, name="amp")
    with pytest.raises(ValueError, match="amp"):
        layer(np.ones((2, 4, 3), "float32"))


@run_if(trainable=True)
def test_adaptive_pooling_model_fits_and_takes_any_input_size():
    rng = np.random.default_rng(0)
    model = kerata.Sequential(
        [
            kerata.Input(shape=(None, None, 2)),
            layers.AdaptiveAveragePooling2D(2),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )
    model.compile(optimizer=kerata.optimizers.Adam(0.05), loss="mse")
    x = rng.standard_normal((16, 6, 6, 2)).astype("float32")
    y = x.mean(axis=(1, 2)) @ np.array([[1.0], [-1.0]], "float32")
    history = model.fit(x, y, batch_size=8, epochs=5, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0]
    assert tuple(model(np.ones((3, 9, 7, 2), "float32")).shape) == (3, 1)
