import numpy as np
import pytest

import kerata
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import layers_core as reference
from tests.layers.core.helpers import assert_config_round_trip
from tests.layers.core.helpers import seeded
from tests.layers.core.helpers import symbolic_shape

# (equation, output_shape, bias_axes, input_shape, kernel, bias, output)
CASES = [
    ("ab,bc->ac", 4, "c", (2, 3), (3, 4), (4,), (2, 4)),
    ("ab,bc->ac", (4,), None, (2, 3), (3, 4), None, (2, 4)),
    ("abc,cd->abd", (None, 4), "d", (2, 5, 3), (3, 4), (4,), (2, 5, 4)),
    (
        "abc,cde->abde",
        (None, 2, 4),
        "de",
        (2, 5, 3),
        (3, 2, 4),
        (2, 4),
        (2, 5, 2, 4),
    ),
    (
        "abc,cde->abde",
        (5, 2, 4),
        "b",
        (2, 5, 3),
        (3, 2, 4),
        (5, 1, 1),
        (2, 5, 2, 4),
    ),
    ("...b,bc->...c", 4, "c", (2, 5, 3), (3, 4), (4,), (2, 5, 4)),
    ("...b,bc->...c", 4, "c", (2, 6, 5, 3), (3, 4), (4,), (2, 6, 5, 4)),
    ("ab...,bc->ac...", 4, "c", (2, 3, 5, 6), (3, 4), (4, 1, 1), (2, 4, 5, 6)),
]


@pytest.mark.parametrize(
    (
        "equation",
        "output_shape",
        "bias_axes",
        "input_shape",
        "kernel_shape",
        "bias_shape",
        "expected_shape",
    ),
    CASES,
)
def test_einsum_dense_shapes_and_values(
    equation,
    output_shape,
    bias_axes,
    input_shape,
    kernel_shape,
    bias_shape,
    expected_shape,
):
    layer = kerata.layers.EinsumDense(
        equation, output_shape=output_shape, bias_axes=bias_axes
    )
    layer.build(input_shape)
    assert layer.kernel.shape == kernel_shape
    if bias_shape is None:
        assert layer.bias is None
    else:
        assert layer.bias.shape == bias_shape
    weights = [seeded(kernel_shape, seed=1)]
    if bias_shape is not None:
        weights.append(seeded(bias_shape, seed=2))
    layer.set_weights(weights)
    x = seeded(input_shape)
    out = layer(x)
    assert tuple(out.shape) == expected_shape
    expected = reference.einsum_dense(equation, x, *weights)
    assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    symbolic = symbolic_shape(layer, (None,) + input_shape[1:])
    assert symbolic == (None,) + expected_shape[1:]


def test_einsum_dense_activation_and_config_round_trip():
    layer = kerata.layers.EinsumDense(
        "abc,cd->abd",
        output_shape=(None, 4),
        bias_axes="d",
        activation="relu",
    )
    x = seeded((2, 3, 5))
    out = kerata.ops.convert_to_numpy(layer(x))
    assert (out >= 0).all()
    config = layer.get_config()
    assert config["equation"] == "abc,cd->abd"
    assert config["output_shape"] == (None, 4)
    assert config["bias_axes"] == "d"
    assert config["activation"] == "relu"
    assert_config_round_trip(layer, x)


@pytest.mark.parametrize(
    "equation", ["ab->b", "ab,bc", "ab,bc,cd->ad", "...ab...,bc->ac", 3]
)
def test_einsum_dense_rejects_malformed_equations(equation):
    with pytest.raises(ValueError, match="equation"):
        kerata.layers.EinsumDense(equation, output_shape=3)


def test_einsum_dense_rejects_bad_bias_axes_and_kernel_axes():
    with pytest.raises(ValueError, match="bias axis 'x'"):
        kerata.layers.EinsumDense("ab,bc->ac", 4, bias_axes="x").build((2, 3))
    with pytest.raises(ValueError, match="kernel axis 'z'"):
        kerata.layers.EinsumDense("ab,bz->ab", 3).build((2, 3))
    with pytest.raises(ValueError, match="output axis 'q'"):
        kerata.layers.EinsumDense("ab,bc->aq", 3).build((2, 3))


def test_einsum_dense_rejects_mismatched_output_shape():
    layer = kerata.layers.EinsumDense("abc,cd->abd", output_shape=(6, 4))
    with pytest.raises(ValueError, match="size 5 in the input"):
        layer.build((2, 5, 3))
    with pytest.raises(ValueError, match="output_shape needs 2 entries"):
        kerata.layers.EinsumDense("abc,cd->abd", output_shape=4).build(
            (2, 5, 3)
        )


def test_einsum_dense_rejects_wrong_input_rank():
    layer = kerata.layers.EinsumDense("abc,cd->abd", output_shape=(None, 4))
    with pytest.raises(ValueError, match=r"rank 3.*\(2, 3\)"):
        layer(np.ones((2, 3), "float32"))
    layer.build((None, 5, 3))
    with pytest.raises(ValueError, match=r"einsum_dense.*\(None, 3\)"):
        layer(kerata.KerasTensor((None, 3)))
