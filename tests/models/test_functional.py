"""Functional models: graphs of layers over symbolic tensors."""

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src.testing import assert_allclose


def test_multiple_inputs_and_outputs_with_shared_layer():
    a = kerata.Input((3,), name="a")
    b = kerata.Input((3,), name="b")
    shared = layers.Dense(2, name="shared")
    left, right = shared(a), shared(b)
    total = layers.Add(name="sum")([left, right])
    model = kerata.Model([a, b], [total, left])
    xa = np.random.rand(4, 3).astype("float32")
    xb = np.random.rand(4, 3).astype("float32")
    out_total, out_left = model([xa, xb])
    kernel, bias = shared.get_weights()
    assert_allclose(out_left, xa @ kernel + bias)
    assert_allclose(out_total, xa @ kernel + xb @ kernel + 2 * bias)
    assert [x.name for x in model.layers] == ["a", "b", "shared", "sum"]
    # Inputs may also be given by name.
    by_name = model({"a": xa, "b": xb})
    assert_allclose(by_name[0], out_total)


def test_model_as_layer_and_feature_extraction():
    inputs = kerata.Input((4,))
    hidden = layers.Dense(8, activation="relu", name="hidden")(inputs)
    outputs = layers.Dense(2, name="head")(hidden)
    base = kerata.Model(inputs, outputs, name="base")
    features = kerata.Model(
        inputs=base.input, outputs=base.get_layer("hidden").output
    )
    x = np.random.rand(5, 4).astype("float32")
    h = features(x)
    assert tuple(h.shape) == (5, 8)
    outer_in = kerata.Input((4,))
    outer = kerata.Model(outer_in, layers.Dense(1)(base(outer_in)))
    assert tuple(outer(x).shape) == (5, 1)
    assert outer.count_params() == base.count_params() + 3
    assert_allclose(base(x), base.get_layer("head")(h))


def test_get_layer_by_name_and_index_and_errors():
    inputs = kerata.Input((2,), name="in")
    model = kerata.Model(inputs, layers.Dense(1, name="d")(inputs))
    assert model.get_layer("d") is model.get_layer(index=1)
    with pytest.raises(ValueError, match="No layer named 'x'"):
        model.get_layer("x")
    with pytest.raises(ValueError, match="has 2 layers"):
        model.get_layer(index=5)


def test_graph_disconnected_error():
    a = kerata.Input((2,), name="a")
    b = kerata.Input((2,), name="b")
    out = layers.Add()([a, b])
    with pytest.raises(ValueError, match="Graph disconnected"):
        kerata.Model(a, out)


def test_wrong_number_of_inputs():
    a = kerata.Input((2,))
    model = kerata.Model(a, layers.Dense(1)(a))
    with pytest.raises(ValueError, match="expects 1 input"):
        model([np.ones((1, 2)), np.ones((1, 2))])


def test_ops_in_graph_and_dict_outputs():
    x = kerata.Input((3,))
    y = kerata.ops.add(layers.Dense(3)(x), 1.0)
    model = kerata.Model(x, {"y": y, "x2": kerata.ops.multiply(x, 2.0)})
    out = model(np.ones((2, 3), "float32"))
    assert set(out) == {"y", "x2"}
    assert_allclose(out["x2"], np.full((2, 3), 2.0))


def test_training_flag_reaches_layers_in_graph():
    x = kerata.Input((10,))
    y = layers.Dropout(0.5)(x)
    model = kerata.Model(x, y)
    data = np.ones((4, 10), "float32")
    assert_allclose(model(data), data)
    trained = kerata.ops.convert_to_numpy(model(data, training=True))
    assert set(np.unique(trained).tolist()) <= {0.0, 2.0}
    assert (trained == 0).any()


def test_input_dtype_is_honoured():
    x = kerata.Input((3,), dtype="int32")
    model = kerata.Model(x, layers.Embedding(10, 2)(x))
    out = model(np.array([[1, 2, 3]]))
    assert tuple(out.shape) == (1, 3, 2)


def test_summary_lists_layers_and_counts():
    a = kerata.Input((3,), name="a")
    b = kerata.Input((3,), name="b")
    merged = layers.Concatenate(name="cat")([a, b])
    model = kerata.Model([a, b], layers.Dense(2, name="out")(merged))
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert "Connected to" in text
    assert "cat (Concatenate)" in text
    assert "a[0][0], b[0][0]" in text
    assert "Total params: 14" in text
    assert "Trainable params: 14" in text
    assert "Non-trainable params: 0" in text


def test_single_output_in_a_list_is_unwrapped_like_keras():
    inputs = kerata.Input((3,))
    model = kerata.Model(inputs, [kerata.layers.Dense(2)(inputs)])
    x = np.ones((4, 3), "float32")
    assert tuple(model(x).shape) == (4, 2)
    assert model.predict(x, verbose=0).shape == (4, 2)
