"""The Layer base: building, weights, tracking, training flag, masks,
losses, configs and stateless calls."""

import numpy as np
import pytest

import kerata
from kerata.src import backend
from kerata.src import ops
from kerata.src.testing import assert_allclose


class Scale(kerata.layers.Layer):
    def build(self, input_shape):
        self.scale = self.add_weight(
            shape=(input_shape[-1],), initializer="ones", name="scale"
        )
        self.count = self.add_weight(
            shape=(), initializer="zeros", trainable=False, name="count"
        )

    def call(self, x):
        return x * self.scale


class Block(kerata.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.first = Scale(name="first")
        self.pair = [Scale(name="p0"), Scale(name="p1")]
        self.by_key = {"k": Scale(name="dk")}

    def call(self, x, training=None):
        self.seen_training = training
        x = self.first(x)
        for layer in self.pair:
            x = layer(x)
        return self.by_key["k"](x)


def test_lazy_build_from_first_input():
    layer = Scale()
    assert not layer.built
    out = layer(np.ones((2, 3), "float32"))
    assert layer.built
    assert tuple(out.shape) == (2, 3)
    assert layer.scale.shape == (3,)
    assert layer.scale.path == "scale/scale"


def test_weights_tracked_through_attributes_lists_and_dicts():
    block = Block()
    block(np.ones((1, 2), "float32"))
    names = [v.path for v in block.trainable_weights]
    assert names == ["first/scale", "p0/scale", "p1/scale", "dk/scale"]
    assert len(block.non_trainable_weights) == 4
    assert len(block.weights) == 8
    assert [x.name for x in block._flatten_layers(include_self=False)] == [
        "first",
        "p0",
        "p1",
        "dk",
    ]


def test_trainable_false_freezes_nested_layers():
    block = Block()
    block(np.ones((1, 2), "float32"))
    block.trainable = False
    assert block.trainable_weights == []
    assert len(block.non_trainable_weights) == 8
    assert not block.first.trainable
    block.trainable = True
    assert len(block.trainable_weights) == 4


def test_training_flag_reaches_nested_layers():
    seen = []

    class Probe(kerata.layers.Layer):
        def call(self, x, training=None):
            seen.append(training)
            return x

    class Outer(kerata.layers.Layer):
        def __init__(self):
            super().__init__()
            self.probe = Probe()

        def call(self, x):
            return self.probe(x)

    outer = Outer()
    outer(np.ones((1,)), training=True)
    outer(np.ones((1,)), training=False)
    outer(np.ones((1,)))
    assert seen == [True, False, None]


def test_call_default_training_is_kept():
    class Default(kerata.layers.Layer):
        def call(self, x, training=False):
            return training

    assert Default()(np.ones(1)) is False
    assert Default()(np.ones(1), training=True) is True


def test_add_loss_and_regularizer_losses():
    class WithLoss(kerata.layers.Layer):
        def call(self, x):
            self.add_loss(ops.sum(x))
            return x

    layer = WithLoss()
    layer(np.ones((2, 2), "float32"))
    assert len(layer.losses) == 1
    assert float(ops.convert_to_numpy(layer.losses[0])) == 4.0
    layer(np.ones((1, 2), "float32"))
    assert len(layer.losses) == 1  # cleared at each outermost call
    assert float(ops.convert_to_numpy(layer.losses[0])) == 2.0


def test_set_weights_checks_count_and_shapes():
    layer = Scale(name="s")
    layer(np.ones((1, 3), "float32"))
    with pytest.raises(ValueError, match="has 2 weights"):
        layer.set_weights([np.ones(3)])
    with pytest.raises(ValueError, match=r"shape \(3,\).*shape \(4,\)"):
        layer.set_weights([np.ones(4), np.zeros(())])
    layer.set_weights([np.full(3, 2.0), np.array(5.0)])
    assert_allclose(layer.get_weights()[0], np.full(3, 2.0))
    assert layer.count_params() == 4


def test_count_params_requires_build():
    with pytest.raises(ValueError, match="not built"):
        Scale().count_params()


def test_input_spec_error_names_layer_and_shapes():
    class Needs4(kerata.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.input_spec = kerata.InputSpec(ndim=2, axes={-1: 4})

        def call(self, x):
            return x

    layer = Needs4(name="needs4")
    with pytest.raises(ValueError) as info:
        layer(np.ones((2, 5), "float32"))
    message = str(info.value)
    assert "needs4" in message
    assert "axis -1 of size 4" in message
    assert "(2, 5)" in message
    with pytest.raises(ValueError, match="rank 2"):
        layer(kerata.KerasTensor((None, 3, 4)))


def test_symbolic_call_infers_shape_without_data():
    layer = Scale()
    out = layer(kerata.KerasTensor((None, 7)))
    assert out.shape == (None, 7)
    assert out.dtype == "float32"
    assert layer.built


def test_stateless_call_uses_given_values_and_changes_nothing():
    class Counter(kerata.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(), initializer="ones")
            self.n = self.add_weight(
                shape=(), initializer="zeros", trainable=False
            )

        def call(self, x):
            self.n.assign(self.n + 1.0)
            return x * self.w

    layer = Counter()
    layer.build((None, 1))
    out, new_state = layer.stateless_call(
        [ops.convert_to_tensor(3.0)],
        [ops.convert_to_tensor(10.0)],
        np.ones((2, 1), "float32"),
    )
    assert_allclose(out, np.full((2, 1), 3.0))
    assert float(ops.convert_to_numpy(new_state[0])) == 11.0
    assert float(layer.w.numpy()) == 1.0
    assert float(layer.n.numpy()) == 0.0


def test_get_config_auto_captures_plain_arguments():
    class Custom(kerata.layers.Layer):
        def __init__(self, units, scale=2.0, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.scale = scale

        def call(self, x):
            return x

    layer = Custom(3, name="c")
    config = layer.get_config()
    assert config["units"] == 3
    assert config["scale"] == 2.0
    clone = Custom.from_config(config)
    assert clone.units == 3
    assert clone.name == "c"


def test_unknown_kwargs_rejected():
    with pytest.raises(ValueError, match="Unrecognized keyword arguments"):
        Scale(bogus=1)


def test_numpy_inputs_are_converted_to_backend_tensors():
    out = Scale()(np.ones((2, 3), "float64"))
    assert backend.is_tensor(out)
    assert backend.standardize_dtype(out.dtype) == "float32"


def test_masks_flow_between_layers():
    class MakeMask(kerata.layers.Layer):
        def call(self, x):
            return x

        def compute_mask(self, inputs, previous_mask=None):
            return ops.not_equal(inputs, 0)

    class UseMask(kerata.layers.Layer):
        def call(self, x, mask=None):
            self.got = mask
            return x

    x = MakeMask()(np.array([[1.0, 0.0, 2.0]], "float32"))
    user = UseMask()
    user(x)
    assert ops.convert_to_numpy(user.got).tolist() == [[True, False, True]]


def test_mixed_precision_casts_variables_in_call():
    layer = kerata.layers.Dense(3, dtype="mixed_float16")
    out = layer(np.ones((2, 4), "float32"))
    assert layer.kernel.dtype == "float32"
    assert kerata.ops.dtype(out) == "float16"
    assert kerata.ops.dtype(layer.kernel.value) == "float32"
