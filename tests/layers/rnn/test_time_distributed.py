"""TimeDistributed: per-timestep results, shapes, masks, configs, errors
and training."""

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src import ops
from kerata.src.backend.common import masking
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if

TOL = {"rtol": 1e-5, "atol": 1e-5}


def _random(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def _per_step(layer, x):
    """The wrapped layer applied to each timestep, one call per step."""
    steps = [ops.convert_to_numpy(layer(x[:, t])) for t in range(x.shape[1])]
    return np.stack(steps, axis=1)


def test_dense_matches_per_step_calls():
    dense = layers.Dense(3, activation="tanh")
    wrapper = layers.TimeDistributed(dense)
    x = _random(2, 5, 4)
    out = wrapper(x)
    assert tuple(out.shape) == (2, 5, 3)
    assert_allclose(out, _per_step(dense, x), **TOL)
    assert len(wrapper.weights) == 2


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_conv2d_matches_per_step_calls(data_format):
    conv = layers.Conv2D(
        4, 3, padding="same", strides=2, data_format=data_format
    )
    wrapper = layers.TimeDistributed(conv)
    shape = (
        (2, 3, 6, 5, 2) if data_format == "channels_last" else (2, 3, 2, 6, 5)
    )
    x = _random(*shape, seed=1)
    out = wrapper(x)
    assert_allclose(out, _per_step(conv, x), **TOL)
    assert tuple(out.shape) == wrapper.compute_output_shape(shape)


def test_symbolic_call_and_output_shape():
    wrapper = layers.TimeDistributed(layers.Conv2D(6, 3))
    out = wrapper(kerata.Input(shape=(10, 8, 8, 3)))
    assert out.shape == (None, 10, 6, 6, 6)
    dense = layers.TimeDistributed(layers.Dense(7))
    assert dense.compute_output_shape((4, None, 3)) == (4, None, 7)


def test_functional_model_runs():
    inputs = kerata.Input(shape=(4, 3))
    outputs = layers.TimeDistributed(layers.Dense(2))(inputs)
    model = kerata.Model(inputs, outputs)
    assert tuple(model(_random(5, 4, 3)).shape) == (5, 4, 2)


class _MaskedScale(layers.Layer):
    """Multiplies each sample by its mask entry: shows the mask it got."""

    def call(self, inputs, mask=None):
        if mask is None:
            return inputs
        return inputs * ops.expand_dims(ops.cast(mask, inputs.dtype), -1)


def test_mask_is_folded_for_the_layer_and_kept_on_the_output():
    x = _random(2, 3, 4)
    mask = np.array([[True, False, True], [False, True, True]])
    wrapper = layers.TimeDistributed(_MaskedScale())
    out = wrapper(x, mask=ops.convert_to_tensor(mask))
    assert_allclose(out, x * mask[..., None])
    out_mask = masking.get_keras_mask(out)
    assert out_mask is not None
    assert ops.convert_to_numpy(out_mask).tolist() == mask.tolist()


def test_mask_from_embedding_propagates():
    tokens = np.array([[1, 2, 0], [3, 0, 0]])
    embed = layers.Embedding(5, 2, mask_zero=True)
    wrapper = layers.TimeDistributed(_MaskedScale())
    out = wrapper(embed(tokens))
    expected = ops.convert_to_numpy(embed(tokens)) * (tokens != 0)[..., None]
    assert_allclose(out, expected)


def test_mask_with_wrong_shape_raises():
    wrapper = layers.TimeDistributed(_MaskedScale())
    mask = ops.convert_to_tensor(np.ones((2, 4), dtype=bool))
    with pytest.raises(ValueError, match="mask must have shape"):
        wrapper(_random(2, 3, 4), mask=mask)


def test_training_flag_reaches_the_layer():
    wrapper = layers.TimeDistributed(layers.Dropout(0.5, seed=1))
    x = np.ones((2, 8, 16), dtype="float32")
    assert_allclose(wrapper(x), x)
    dropped = ops.convert_to_numpy(wrapper(x, training=True))
    assert set(np.unique(dropped).tolist()) <= {0.0, 2.0}
    assert (dropped == 0).any()


def test_config_round_trip():
    wrapper = layers.TimeDistributed(
        layers.Dense(3, activation="relu"), name="td"
    )
    x = _random(2, 4, 5)
    expected = wrapper(x)
    config = wrapper.get_config()
    assert config["name"] == "td"
    assert config["layer"]["class_name"] == "Dense"
    assert config["layer"]["config"]["units"] == 3
    clone = layers.TimeDistributed.from_config(config)
    assert isinstance(clone.layer, layers.Dense)
    clone(x)
    clone.set_weights(wrapper.get_weights())
    assert_allclose(clone(x), expected)
    assert clone.get_config() == config


def test_errors():
    with pytest.raises(ValueError, match="Layer` instance"):
        layers.TimeDistributed(lambda x: x)
    with pytest.raises(ValueError, match="rank 3 or more"):
        layers.TimeDistributed(layers.Dense(2))(kerata.Input(shape=(3,)))
    with pytest.raises(ValueError, match="rank 3 or more"):
        layers.TimeDistributed(layers.Dense(2)).compute_output_shape((2, 3))


@run_if(trainable=True)
def test_fit_reduces_the_loss():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((32, 4, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]], "float32")).astype("float32")
    model = kerata.Sequential(
        [kerata.Input(shape=(4, 3)), layers.TimeDistributed(layers.Dense(1))]
    )
    model.compile(optimizer=kerata.optimizers.SGD(0.1), loss="mse")
    history = model.fit(x, y, batch_size=8, epochs=4, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0] / 2
