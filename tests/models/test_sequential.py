import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src.testing import assert_allclose


def test_built_from_input_and_summary():
    model = kerata.Sequential(
        [kerata.Input((4,)), layers.Dense(3), layers.Dense(1)]
    )
    assert model.built
    assert model.output_shape == (None, 1)
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert "dense (Dense)" in text
    assert "(None, 3)" in text
    assert "Total params: 19" in text


def test_deferred_build_on_first_call():
    model = kerata.Sequential([layers.Dense(3), layers.Dense(2)])
    assert not model.built
    with pytest.raises(AttributeError, match="no output_shape yet"):
        model.output_shape  # noqa: B018
    out = model(np.ones((5, 7), "float32"))
    assert tuple(out.shape) == (5, 2)
    assert model.built
    assert model.output_shape == (None, 2)
    assert model.count_params() == 7 * 3 + 3 + 3 * 2 + 2


def test_add_and_pop():
    model = kerata.Sequential()
    model.add(kerata.Input((2,)))
    model.add(layers.Dense(4, name="a"))
    model.add(layers.Dense(1, name="b"))
    assert [x.name for x in model.layers] == ["a", "b"]
    assert model.pop().name == "b"
    assert model.output_shape == (None, 4)
    with pytest.raises(TypeError, match="expects a kerata Layer"):
        model.add("dense")
    with pytest.raises(ValueError, match="unique names"):
        model.add(layers.Dense(1, name="a"))


def test_input_shape_argument_on_first_layer():
    model = kerata.Sequential([layers.Dense(2, input_shape=(3,))])
    assert model.built
    assert model.input_shape == (None, 3)


def test_matches_manual_chain():
    model = kerata.Sequential(
        [
            kerata.Input((3,)),
            layers.Dense(4, activation="relu"),
            layers.Dense(2),
        ]
    )
    x = np.random.rand(6, 3).astype("float32")
    w1, b1, w2, b2 = model.get_weights()
    expected = np.maximum(x @ w1 + b1, 0) @ w2 + b2
    assert_allclose(model(x), expected, rtol=1e-5, atol=1e-5)


def test_wrong_input_shape_names_layer():
    model = kerata.Sequential([kerata.Input((3,)), layers.Dense(2, name="d")])
    with pytest.raises(ValueError, match="'d'"):
        model(np.ones((2, 5), "float32"))
