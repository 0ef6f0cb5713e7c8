"""ActivityRegularization: identity output, the L1/L2 loss, configs and
training."""

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src.testing import assert_allclose
from tests.layers.core.helpers import get_mask
from tests.layers.core.helpers import symbolic_shape
from tests.layers.core.helpers import to_np
from tests.layers.normalization.keras_oracle import assert_same_config
from tests.layers.normalization.keras_oracle import keras  # noqa: F401


def test_returns_input_and_adds_the_penalty():
    x = np.array([[1.0, -2.0], [0.5, 0.0]], "float32")
    layer = layers.ActivityRegularization(l1=0.1, l2=0.2)
    assert to_np(layer(x)).tolist() == x.tolist()
    # As in Keras, the penalty is divided by the batch size.
    expected = (0.1 * np.abs(x).sum() + 0.2 * (x**2).sum()) / len(x)
    assert len(layer.losses) == 1
    assert_allclose(layer.losses[0], expected, rtol=1e-5)


def test_shapes_mask_and_config():
    layer = layers.ActivityRegularization(l2=0.5)
    assert symbolic_shape(layer, (None, 3)) == (None, 3)
    ids = np.array([[1, 0]], "int32")
    embedded = layers.Embedding(3, 2, mask_zero=True)(ids)
    assert get_mask(layer(embedded)).tolist() == [[True, False]]
    config = layer.get_config()
    assert (config["l1"], config["l2"]) == (0.0, 0.5)
    assert "activity_regularizer" not in config
    clone = layers.ActivityRegularization.from_config(config)
    assert clone.get_config() == {**config, "name": clone.name}


@pytest.mark.requires_trainable_backend
def test_penalty_joins_the_training_loss():
    def run(l1):
        model = kerata.Sequential(
            [
                kerata.Input((3,)),
                layers.Dense(2, kernel_initializer="ones"),
                layers.ActivityRegularization(l1=l1),
            ]
        )
        model.compile(optimizer="sgd", loss="mse")
        x = np.ones((4, 3), "float32")
        return model.evaluate(x, np.zeros((4, 2)), verbose=0)

    # Activations are all 3: the mean squared error is 9, and the L1
    # penalty per example 0.1 * 2 * 3 = 0.6.
    assert abs(run(0.0) - 9.0) < 1e-4
    assert abs(run(0.1) - 9.6) < 1e-4


@pytest.mark.parity
def test_config_matches_keras(keras):  # noqa: F811
    ours = layers.ActivityRegularization(l1=0.1, l2=0.2)
    theirs = keras.layers.ActivityRegularization(l1=0.1, l2=0.2)
    assert_same_config(ours, theirs)
