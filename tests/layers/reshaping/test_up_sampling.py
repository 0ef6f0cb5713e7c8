"""UpSampling1D/2D/3D: nearest upsampling against np.repeat, bilinear
against NumPy and torch.nn.functional.interpolate, shapes and configs."""

import pytest

import kerata
from kerata import layers
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if
from kerata.src.testing.reference import image as image_reference
from kerata.src.testing.reference import layers_reshaping as reference
from tests.layers.core.helpers import symbolic_shape
from tests.layers.normalization.keras_oracle import assert_same_config
from tests.layers.normalization.keras_oracle import keras  # noqa: F401
from tests.layers.normalization.keras_oracle import random

NEAREST = [
    # (class name, kwargs, factors, input shape)
    ("UpSampling1D", {}, (2,), (2, 3, 4)),
    ("UpSampling1D", {"size": 3}, (3,), (2, 3, 4)),
    ("UpSampling2D", {}, (2, 2), (2, 3, 4, 2)),
    (
        "UpSampling2D",
        {"size": (1, 3), "data_format": "channels_first"},
        (1, 3),
        (2, 2, 3, 4),
    ),
    ("UpSampling3D", {"size": (2, 1, 3)}, (2, 1, 3), (1, 2, 3, 2, 2)),
    (
        "UpSampling3D",
        {"size": 2, "data_format": "channels_first"},
        (2, 2, 2),
        (1, 2, 2, 3, 2),
    ),
]
IDS = [f"{c[0]}-{i}" for i, c in enumerate(NEAREST)]


@pytest.mark.parametrize(
    ("name", "kwargs", "factors", "shape"), NEAREST, ids=IDS
)
def test_nearest_matches_repeat(name, kwargs, factors, shape):
    layer = getattr(layers, name)(**kwargs)
    x = random(*shape)
    data_format = kwargs.get("data_format", "channels_last")
    expected = reference.up_sampling_nearest(x, factors, data_format)
    assert_allclose(layer(x), expected)
    assert layer.compute_output_shape(shape) == expected.shape
    unknown = (None,) + shape[1:]
    assert symbolic_shape(layer, unknown) == (None,) + expected.shape[1:]


@pytest.mark.parametrize(
    ("size", "shape"), [((2, 2), (2, 3, 4, 2)), ((3, 2), (1, 2, 5, 1))]
)
def test_bilinear_matches_reference(size, shape):
    layer = layers.UpSampling2D(size, interpolation="bilinear")
    x = random(*shape, seed=1)
    out_size = (shape[1] * size[0], shape[2] * size[1])
    expected = image_reference.resize_bilinear(x, out_size)
    assert_allclose(layer(x), expected, atol=1e-5)


@run_if(backends=("torch",))
def test_bilinear_matches_torch_interpolate_channels_first():
    import torch

    x = random(2, 3, 4, 5, seed=2)
    expected = torch.nn.functional.interpolate(
        torch.from_numpy(x), scale_factor=(2, 3), mode="bilinear"
    ).numpy()
    layer = layers.UpSampling2D(
        (2, 3), data_format="channels_first", interpolation="bilinear"
    )
    assert_allclose(layer(x), expected, atol=1e-5)


def test_symbolic_bilinear_and_unknown_sizes():
    layer = layers.UpSampling2D(2, interpolation="BILINEAR")
    assert layer.interpolation == "bilinear"
    assert symbolic_shape(layer, (None, 3, 4, 2)) == (None, 6, 8, 2)
    assert symbolic_shape(layers.UpSampling1D(2), (None, None, 2)) == (
        None,
        None,
        2,
    )


def test_works_in_a_sequential_model():
    model = kerata.Sequential(
        [
            kerata.Input((4, 1)),
            layers.UpSampling1D(2),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )
    assert model.output_shape == (None, 1)
    assert tuple(model.predict(random(3, 4, 1), verbose=0).shape) == (3, 1)


@pytest.mark.parametrize(
    ("name", "kwargs", "factors", "shape"), NEAREST, ids=IDS
)
def test_config_round_trip(name, kwargs, factors, shape):
    layer = getattr(layers, name)(**kwargs)
    config = layer.get_config()
    assert config["size"] == (factors[0] if name.endswith("1D") else factors)
    clone = type(layer).from_config(config)
    assert clone.get_config() == {**config, "name": clone.name}


def test_rejects_invalid_arguments():
    with pytest.raises(TypeError, match="size"):
        layers.UpSampling1D(2.0)
    with pytest.raises(ValueError, match="size"):
        layers.UpSampling1D(0)
    with pytest.raises(ValueError, match="size"):
        layers.UpSampling3D((2, 2))
    with pytest.raises(ValueError, match="interpolation"):
        layers.UpSampling2D(interpolation="cubic")


@pytest.mark.parity
@pytest.mark.parametrize(
    ("name", "kwargs", "shape"),
    [
        ("UpSampling1D", {"size": 3}, (2, 3, 4)),
        ("UpSampling2D", {"size": (1, 3)}, (2, 2, 3, 4)),
        ("UpSampling2D", {"interpolation": "bilinear"}, (2, 3, 4, 2)),
        (
            "UpSampling2D",
            {
                "size": (3, 2),
                "interpolation": "bilinear",
                "data_format": "channels_first",
            },
            (1, 2, 3, 4),
        ),
        ("UpSampling3D", {}, (1, 2, 2, 3, 2)),
    ],
)
def test_matches_keras(keras, name, kwargs, shape):  # noqa: F811
    ours = getattr(layers, name)(**kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    x = random(*shape, seed=3)
    expected = keras.ops.convert_to_numpy(theirs(x))
    assert_allclose(ours(x), expected, atol=1e-5)
    assert_same_config(ours, theirs)
