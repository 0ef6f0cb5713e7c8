import numpy as np
import pytest

import kerata
from kerata.src import testing
from tests.layers.preprocessing.image.helpers import assert_config_round_trip
from tests.layers.preprocessing.image.helpers import images
from tests.layers.preprocessing.image.helpers import sequential_predict
from tests.layers.preprocessing.image.helpers import tiny_fit
from tests.layers.preprocessing.image.helpers import to_np

# The shape of the RandAugment tests, whose kernels JAX then reuses; and
# the default three chains throughout, for the same reason.
X = np.round(images(2, 4, 4, 3) * 255)


def _tensor(x):
    return kerata.ops.convert_to_tensor(x)


def _auto_contrast(x):
    low = x.min(axis=(1, 2), keepdims=True)
    high = x.max(axis=(1, 2), keepdims=True)
    span = np.where(high == low, 1.0, high - low)
    return np.where(high == low, x, (x - low) * 255.0 / span)


def _posterize(x, bits):
    step = 2.0 ** (8 - np.asarray(bits, "float64").reshape(-1, 1, 1, 1))
    return np.floor(x / step) * step


def test_aug_mix_mixes_chains_with_the_drawn_weights():
    layer = kerata.layers.AugMix(num_chains=3, seed=0)
    transformation = layer.get_random_transformation(X)
    bits = np.array([2.0, 5.0], "float32")
    # Replace the random chains by known ones: auto-contrast then
    # posterization, posterization alone, and an empty chain.
    transformation["chain_transforms"] = [
        [("auto_contrast", None), ("random_posterization", _tensor(bits))],
        [("random_posterization", _tensor(bits))],
        [],
    ]
    out = layer.transform_images(_tensor(X), transformation)
    weights = to_np(transformation["chain_mixing_weights"]).astype("float64")
    weight = float(to_np(transformation["weight_sample"]))
    chains = [_posterize(_auto_contrast(X), bits), _posterize(X, bits), X]
    mixed = sum(w * chain for w, chain in zip(weights, chains))
    expected = np.clip(weight * X + (1 - weight) * mixed, 0, 255)
    testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-3)


def test_aug_mix_draws_valid_weights_and_chains():
    layer = kerata.layers.AugMix(chain_depth=2, seed=1)
    for _ in range(3):
        transformation = layer.get_random_transformation(X)
        weights = to_np(transformation["chain_mixing_weights"])
        assert weights.shape == (3,)
        assert np.all(weights >= 0)
        np.testing.assert_allclose(weights.sum(), 1.0, rtol=1e-5)
        assert 0 <= float(to_np(transformation["weight_sample"])) <= 1
        chains = transformation["chain_transforms"]
        assert len(chains) == 3
        assert all(len(chain) <= 2 for chain in chains)
    layer = kerata.layers.AugMix(all_ops=False, chain_depth=8, seed=2)
    names = {
        name
        for chain in layer.get_random_transformation(X)["chain_transforms"]
        for name, _ in chain
    }
    assert names
    assert not names & {
        "random_brightness",
        "random_color_degeneration",
        "random_contrast",
        "random_sharpness",
    }


def test_aug_mix_call_inference_and_reproducibility():
    def make():
        return kerata.layers.AugMix(chain_depth=1, seed=3)

    a, b = make(), make()
    first = to_np(a(X))
    assert first.shape == X.shape
    assert first.min() >= 0
    assert first.max() <= 255
    np.testing.assert_array_equal(first, to_np(b(X)))
    np.testing.assert_array_equal(to_np(a(X)), to_np(b(X)))
    testing.assert_allclose(a(X, training=False), X)
    testing.assert_allclose(sequential_predict(a, X), X)


def test_aug_mix_value_range_and_channels_first():
    kwargs = {"value_range": (0, 1), "seed": 4}
    last = kerata.layers.AugMix(**kwargs)
    first = kerata.layers.AugMix(data_format="channels_first", **kwargs)
    transformation = last.get_random_transformation(X)
    rotation = last.random_rotation.get_random_transformation(X)
    transformation["chain_transforms"] = [
        [("random_rotation", rotation), ("auto_contrast", None)],
        [("random_posterization", _tensor(np.array([3.0, 3.0])))],
        [],
    ]
    expected = to_np(last.transform_images(_tensor(X / 255), transformation))
    assert expected.min() >= 0
    assert expected.max() <= 1
    out = first.transform_images(
        _tensor(X.transpose(0, 3, 1, 2) / 255), transformation
    )
    testing.assert_allclose(
        to_np(out).transpose(0, 2, 3, 1), expected, rtol=1e-5, atol=1e-5
    )


def test_aug_mix_config_round_trip():
    layer = kerata.layers.AugMix(
        value_range=(0, 1),
        num_chains=2,
        chain_depth=1,
        factor=(0.1, 0.2),
        alpha=0.5,
        all_ops=False,
        interpolation="nearest",
        seed=5,
    )
    config = layer.get_config()
    assert config["factor"] == (0.1, 0.2)
    assert config["value_range"] == (0.0, 1.0)
    assert config["num_chains"] == 2
    assert config["chain_depth"] == 1
    assert config["alpha"] == 0.5
    assert config["all_ops"] is False
    assert config["interpolation"] == "nearest"
    assert kerata.layers.AugMix().get_config()["factor"] == (0.0, 0.3)
    assert_config_round_trip(layer, X / 255)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"num_chains": 0}, "num_chains"),
        ({"chain_depth": -1}, "chain_depth"),
        ({"chain_depth": 1.5}, "chain_depth"),
        ({"factor": 1.5}, "factor"),
        ({"alpha": 0.0}, "alpha"),
        ({"all_ops": "yes"}, "all_ops"),
        ({"interpolation": "cubic"}, "interpolation"),
        ({"value_range": (0,)}, "value_range"),
    ],
)
def test_aug_mix_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        kerata.layers.AugMix(**kwargs)


@pytest.mark.slow
@testing.run_if(trainable=True)
def test_aug_mix_in_fit():
    tiny_fit([kerata.layers.AugMix(chain_depth=1, seed=0)], X)
