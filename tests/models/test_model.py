import numpy as np

import kerata
from kerata import layers


class MLP(kerata.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(8, activation="relu")
        self.dropout = layers.Dropout(0.5)
        self.out = layers.Dense(2)

    def call(self, x, training=None):
        return self.out(self.dropout(self.hidden(x), training=training))


def test_subclassed_model_tracks_layers_and_weights():
    model = MLP(name="mlp")
    out = model(np.ones((3, 4), "float32"))
    assert tuple(out.shape) == (3, 2)
    assert [x.name for x in model.layers] == ["dense", "dropout", "dense_1"]
    assert len(model.trainable_weights) == 4
    assert model.count_params() == 4 * 8 + 8 + 8 * 2 + 2
    lines = []
    model.summary(print_fn=lines.append)
    assert any("dense (Dense)" in line for line in lines)


def test_model_call_returns_functional_for_inputs_outputs():
    x = kerata.Input((2,))
    model = kerata.Model(inputs=x, outputs=layers.Dense(1)(x))
    assert type(model).__name__ == "Functional"
    assert isinstance(model, kerata.Model)


def test_get_set_weights_round_trip():
    a = MLP()
    b = MLP()
    x = np.random.rand(2, 4).astype("float32")
    a(x)
    b(x)
    b.set_weights(a.get_weights())
    np.testing.assert_allclose(
        kerata.ops.convert_to_numpy(a(x)), kerata.ops.convert_to_numpy(b(x))
    )


def test_nested_summary_expands():
    inner = kerata.Sequential(
        [kerata.Input((3,)), layers.Dense(2, name="inner_dense")], name="inner"
    )
    x = kerata.Input((3,))
    outer = kerata.Model(x, inner(x))
    lines = []
    outer.summary(print_fn=lines.append, expand_nested=True)
    assert any("inner_dense" in line for line in lines)
    lines = []
    outer.summary(print_fn=lines.append)
    assert not any("inner_dense" in line for line in lines)


def test_subclassed_model_built_inside_functional_graph_has_real_weights():
    class Lazy(kerata.Model):
        def __init__(self):
            super().__init__()
            self.inner = layers.Dense(3, kernel_initializer="ones")

        def call(self, x):
            return self.inner(x)

    lazy = Lazy()
    x = kerata.Input((2,))
    model = kerata.Model(x, lazy(x))
    out = model(np.ones((1, 2), "float32"))
    np.testing.assert_allclose(
        kerata.ops.convert_to_numpy(out), np.full((1, 3), 2.0)
    )
    assert lazy.inner.kernel.numpy().tolist() == [[1.0] * 3] * 2
