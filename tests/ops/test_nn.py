"""`kerata.ops.nn` on the active backend, against the plain-NumPy
references in kerata/src/testing/reference/nn.py (and torch.nn.functional
where its semantics agree)."""

import sys

import numpy as np
import pytest

from kerata import ops
from kerata.src import backend
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.testing import assert_allclose
from kerata.src.testing.reference import nn as ref

RNG = np.random.default_rng(7)


def _normal(*shape, dtype="float32"):
    return RNG.normal(size=shape).astype(dtype)


def _dtype(x):
    return backend.standardize_dtype(x.dtype)


def _to_first(x):
    return np.moveaxis(x, -1, 1)


# --- activations --------------------------------------------------------
ACTIVATIONS = [
    ("relu", {}),
    ("relu6", {}),
    ("sigmoid", {}),
    ("sparse_sigmoid", {}),
    ("softplus", {}),
    ("softsign", {}),
    ("silu", {}),
    ("log_sigmoid", {}),
    ("leaky_relu", {"negative_slope": 0.05}),
    ("hard_sigmoid", {}),
    ("hard_silu", {}),
    ("elu", {"alpha": 0.5}),
    ("selu", {}),
    ("gelu", {}),
    ("gelu", {"approximate": False}),
    ("celu", {"alpha": 2.0}),
    ("glu", {}),
    ("glu", {"axis": 0}),
    ("tanh_shrink", {}),
    ("hard_tanh", {}),
    ("soft_shrink", {"threshold": 1.0}),
    ("hard_shrink", {"threshold": 0.3}),
    ("squareplus", {"b": 1}),
    ("sparse_plus", {}),
    ("sparsemax", {}),
    ("sparsemax", {"axis": 0}),
    ("softmax", {}),
    ("softmax", {"axis": (0, 1)}),
    ("log_softmax", {}),
]


@pytest.mark.parametrize(
    ("name", "kwargs"), ACTIVATIONS, ids=[f"{n}-{k}" for n, k in ACTIVATIONS]
)
def test_activation_matches_reference(name, kwargs):
    x = _normal(4, 6) * 2.5
    out = getattr(ops, name)(x, **kwargs)
    assert _dtype(out) == "float32"
    assert_allclose(out, getattr(ref, name)(x, **kwargs), atol=1e-5)


def test_threshold_matches_reference():
    x = _normal(3, 5)
    assert_allclose(ops.threshold(x, 0.2, -3.0), ref.threshold(x, 0.2, -3.0))


def test_swish_and_hard_swish_are_aliases():
    assert ops.swish is ops.silu
    assert ops.nn.hard_swish is ops.hard_silu
    assert ops.nn.relu is ops.relu


@pytest.mark.parametrize("name", ["relu", "hard_tanh"])
def test_integer_dtype_kept(name):
    out = getattr(ops, name)(np.array([-2, 0, 3], dtype="int32"))
    assert _dtype(out) == "int32"
    assert (
        ops.convert_to_numpy(out).tolist()
        == getattr(ref, name)([-2, 0, 3]).tolist()
    )


@pytest.mark.parametrize("name", ["sigmoid", "softmax"])
def test_integer_input_gives_float(name):
    out = getattr(ops, name)(np.array([-2, 0, 3], dtype="int32"))
    assert _dtype(out) == "float32"
    assert_allclose(out, getattr(ref, name)([-2.0, 0.0, 3.0]), atol=1e-6)


@pytest.mark.parametrize(
    ("name", "dtype"),
    [
        ("relu", "float16"),
        ("sigmoid", "bfloat16"),
        ("gelu", "bfloat16"),
        ("softmax", "float64"),
        ("sparsemax", "float16"),
    ],
)
def test_activation_keeps_float_dtype(name, dtype):
    x = ops.convert_to_tensor(_normal(2, 5), dtype=dtype)
    out = getattr(ops, name)(x)
    assert _dtype(out) == dtype
    expected = getattr(ref, name)(ops.convert_to_numpy(ops.cast(x, "float64")))
    tol = {"float64": 1e-7, "float16": 1e-2, "bfloat16": 3e-2}[dtype]
    assert_allclose(ops.cast(out, "float64"), expected, rtol=tol, atol=tol)


def test_sparsemax_sums_to_one_with_zeros():
    x = np.array([[0.5, 1.0, -1.0, 2.0, 1.8]], dtype="float32")
    out = ops.convert_to_numpy(ops.sparsemax(x))
    assert_allclose(out, [[0.0, 0.0, 0.0, 0.6, 0.4]], atol=1e-6)
    assert_allclose(out.sum(), 1.0)


def test_glu_odd_axis_raises():
    with pytest.raises(ValueError, match="even size"):
        ops.glu(np.ones((2, 3), "float32"))


# --- convolution --------------------------------------------------------
SPATIAL = {1: (9,), 2: (7, 6), 3: (5, 6, 5)}
WINDOW = {1: (3,), 2: (3, 2), 3: (2, 3, 2)}
# Data formats alternate across cases: each format meets every rank,
# padding, stride and dilation, with half the (slow on jax) compilations.
FORMATS = ("channels_last", "channels_first")
CONV_CASES = [
    (n, padding, strides, dilation, FORMATS[(i + j) % 2])
    for n in (1, 2, 3)
    for i, padding in enumerate(("valid", "same"))
    for j, (strides, dilation) in enumerate(((1, 1), (2, 1), (1, 2)))
]


def _conv_ids(cases):
    return [f"{c[0]}d-{c[1]}-s{c[2]}-d{c[3]}-{c[4][9:]}" for c in cases]


@pytest.mark.parametrize(
    ("n", "padding", "strides", "dilation", "data_format"),
    CONV_CASES,
    ids=_conv_ids(CONV_CASES),
)
def test_conv_matches_reference(n, padding, strides, dilation, data_format):
    x = _normal(2, *SPATIAL[n], 4)
    kernel = _normal(*WINDOW[n], 4, 3)
    if data_format == "channels_first":
        x = _to_first(x)
    out = ops.conv(x, kernel, strides, padding, data_format, dilation)
    expected = ref.conv(x, kernel, strides, padding, data_format, dilation)
    assert tuple(out.shape) == expected.shape
    assert_allclose(out, expected, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_grouped_conv_matches_reference(data_format):
    x = _normal(2, 6, 5, 6)
    kernel = _normal(3, 3, 2, 9)  # 3 groups of 2 inputs -> 3 outputs each
    if data_format == "channels_first":
        x = _to_first(x)
    out = ops.conv(x, kernel, 1, "same", data_format)
    expected = ref.conv(x, kernel, 1, "same", data_format)
    assert_allclose(out, expected, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("dilation", [1, 2])
def test_causal_conv1d(dilation):
    x = _normal(2, 8, 3)
    kernel = _normal(3, 3, 4)
    out = ops.conv(x, kernel, 1, "causal", dilation_rate=dilation)
    assert tuple(out.shape) == (2, 8, 4)
    assert_allclose(
        out,
        ref.conv(x, kernel, 1, "causal", dilation_rate=dilation),
        atol=1e-4,
        rtol=1e-4,
    )
    # Output t depends on inputs up to t only.
    changed = x.copy()
    changed[:, 5:] += 1.0
    out2 = ops.conv(changed, kernel, 1, "causal", dilation_rate=dilation)
    assert_allclose(
        ops.convert_to_numpy(out2)[:, :5], ops.convert_to_numpy(out)[:, :5]
    )


def test_conv_tuple_arguments_and_default_data_format():
    x = _normal(1, 7, 8, 2)
    kernel = _normal(2, 3, 2, 3)
    out = ops.conv(x, kernel, strides=(2, 1), dilation_rate=(1, 2))
    expected = ref.conv(x, kernel, (2, 1), "valid", dilation_rate=(1, 2))
    assert_allclose(out, expected, atol=1e-4, rtol=1e-4)
    backend.set_image_data_format("channels_first")
    out = ops.conv(_to_first(x), kernel, padding="same")
    expected = ref.conv(_to_first(x), kernel, 1, "same", "channels_first")
    assert_allclose(out, expected, atol=1e-4, rtol=1e-4)


DEPTHWISE_CASES = [
    (1, "valid", 1, 2, "channels_last"),
    (1, "same", 2, 1, "channels_first"),
    (1, "causal", 1, 2, "channels_last"),
    (2, "valid", 2, 1, "channels_last"),
    (2, "same", 1, 2, "channels_first"),
    (2, "same", 2, 1, "channels_last"),
    (3, "same", 1, 1, "channels_last"),
    (3, "valid", 2, 1, "channels_first"),
]


@pytest.mark.parametrize(
    ("n", "padding", "strides", "dilation", "data_format"),
    DEPTHWISE_CASES,
    ids=_conv_ids(DEPTHWISE_CASES),
)
def test_depthwise_conv_matches_reference(
    n, padding, strides, dilation, data_format
):
    x = _normal(2, *SPATIAL[n], 3)
    kernel = _normal(*WINDOW[n], 3, 2)
    if data_format == "channels_first":
        x = _to_first(x)
    out = ops.depthwise_conv(x, kernel, strides, padding, data_format, dilation)
    expected = ref.depthwise_conv(
        x, kernel, strides, padding, data_format, dilation
    )
    assert tuple(out.shape) == expected.shape
    assert_allclose(out, expected, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize(
    ("n", "padding", "data_format"),
    [
        (1, "causal", "channels_last"),
        (2, "same", "channels_last"),
        (2, "same", "channels_first"),
    ],
)
def test_separable_conv_matches_reference(n, padding, data_format):
    x = _normal(2, *SPATIAL[n], 3)
    depthwise = _normal(*WINDOW[n], 3, 2)
    pointwise = _normal(*(1,) * n, 6, 4)
    if data_format == "channels_first":
        x = _to_first(x)
    out = ops.separable_conv(x, depthwise, pointwise, 2, padding, data_format)
    expected = ref.separable_conv(
        x, depthwise, pointwise, 2, padding, data_format
    )
    assert_allclose(out, expected, atol=1e-4, rtol=1e-4)


TRANSPOSE_CASES = [
    # (n, padding, strides, dilation, output_padding, data_format)
    (1, "valid", 1, 1, None, "channels_last"),
    (1, "same", 2, 1, None, "channels_first"),
    (1, "valid", 3, 1, None, "channels_last"),
    (1, "same", 1, 2, None, "channels_last"),
    # Even window: torch's symmetric padding cannot express Keras's.
    (1, "same", 1, 1, None, "channels_first"),
    (1, "valid", 1, 1, 1, "channels_last"),  # output_padding >= stride
    (2, "valid", 2, 1, None, "channels_first"),
    (2, "same", 2, 1, None, "channels_last"),
    (2, "same", 2, 1, 1, "channels_first"),
    (2, "valid", 2, 1, (1, 0), "channels_last"),
    (2, "same", 3, 1, 0, "channels_last"),
    (2, "valid", 1, 2, None, "channels_first"),
    (3, "same", 2, 1, None, "channels_first"),
    (3, "valid", (1, 2, 1), 1, None, "channels_last"),
]


@pytest.mark.parametrize(
    ("n", "padding", "strides", "dilation", "output_padding", "data_format"),
    TRANSPOSE_CASES,
    ids=[
        f"{c[0]}d-{c[1]}-s{c[2]}-d{c[3]}-o{c[4]}-{c[5][9:]}"
        for c in TRANSPOSE_CASES
    ],
)
def test_conv_transpose_matches_reference(
    n, padding, strides, dilation, output_padding, data_format
):
    x = _normal(2, *SPATIAL[n][:n], 3)[(slice(None),) + (slice(0, 4),) * n]
    kernel = _normal(*WINDOW[n], 5, 3)
    if n == 1 and padding == "same" and strides == 1 and dilation == 1:
        kernel = _normal(2, 5, 3)
    if data_format == "channels_first":
        x = _to_first(x)
    out = ops.conv_transpose(
        x, kernel, strides, padding, output_padding, data_format, dilation
    )
    expected = ref.conv_transpose(
        x, kernel, strides, padding, output_padding, data_format, dilation
    )
    assert tuple(out.shape) == expected.shape
    assert_allclose(out, expected, atol=1e-4, rtol=1e-4)


def test_conv_transpose_output_size():
    x = np.ones((1, 5, 5, 2), "float32")
    kernel = np.ones((3, 3, 4, 2), "float32")
    assert tuple(ops.conv_transpose(x, kernel, 2, "same").shape) == (
        1,
        10,
        10,
        4,
    )
    assert tuple(ops.conv_transpose(x, kernel, 2, "valid").shape) == (
        1,
        11,
        11,
        4,
    )


def test_conv_promotes_integer_inputs():
    x = np.ones((1, 4, 1), "int32")
    out = ops.conv(x, np.ones((2, 1, 1), "float32"))
    assert _dtype(out) == "float32"
    assert ops.convert_to_numpy(out)[0, :, 0].tolist() == [2.0, 2.0, 2.0]


@pytest.mark.parametrize("dtype", ["float64", "bfloat16"])
def test_conv_keeps_dtype(dtype):
    x = ops.convert_to_tensor(_normal(1, 5, 5, 2), dtype=dtype)
    kernel = ops.convert_to_tensor(_normal(3, 3, 2, 2), dtype=dtype)
    out = ops.conv(x, kernel, padding="same")
    assert _dtype(out) == dtype
    expected = ref.conv(
        ops.convert_to_numpy(ops.cast(x, "float64")),
        ops.convert_to_numpy(ops.cast(kernel, "float64")),
        padding="same",
    )
    tol = 1e-6 if dtype == "float64" else 1e-1
    assert_allclose(ops.cast(out, "float64"), expected, rtol=tol, atol=tol)


# --- pooling ------------------------------------------------------------
POOL_CASES = [
    (n, padding, pool, strides, FORMATS[(n + i) % 2])
    for n in (1, 2, 3)
    for i, (padding, pool, strides) in enumerate(
        (("valid", 2, None), ("same", 3, 2), ("same", 2, 1), ("valid", 3, 2))
    )
    if n < 3 or i < 2
]


@pytest.mark.parametrize(
    ("n", "padding", "pool", "strides", "data_format"),
    POOL_CASES,
    ids=[f"{c[0]}d-{c[1]}-k{c[2]}-s{c[3]}-{c[4][9:]}" for c in POOL_CASES],
)
@pytest.mark.parametrize("kind", ["max_pool", "average_pool"])
def test_pool_matches_reference(kind, n, padding, pool, strides, data_format):
    x = _normal(2, *SPATIAL[n], 3)
    if data_format == "channels_first":
        x = _to_first(x)
    out = getattr(ops, kind)(x, pool, strides, padding, data_format)
    expected = getattr(ref, kind)(x, pool, strides, padding, data_format)
    assert tuple(out.shape) == expected.shape
    assert_allclose(out, expected, atol=1e-6)


def test_average_pool_same_excludes_padding():
    x = np.ones((1, 5, 5, 1), "float32")
    out = ops.average_pool(x, 2, 2, "same")
    assert ops.convert_to_numpy(out).tolist() == np.ones((1, 3, 3, 1)).tolist()
    out = ops.average_pool(x, 3, 1, "same")
    assert_allclose(out, np.ones((1, 5, 5, 1)))


def test_pool_tuple_sizes():
    x = _normal(1, 6, 7, 2)
    out = ops.max_pool(x, (2, 3), (1, 2), "same")
    assert_allclose(out, ref.max_pool(x, (2, 3), (1, 2), "same"))


def test_max_pool_keeps_integers():
    x = np.arange(8, dtype="int32").reshape(1, 8, 1)
    out = ops.max_pool(x, 3, 2, "same")
    assert _dtype(out) == "int32"
    assert ops.convert_to_numpy(out)[0, :, 0].tolist() == [2, 4, 6, 7]


@pytest.mark.skipif(
    "torch" not in sys.modules,
    reason="torch.nn.functional oracle: only where torch is loaded already",
)
def test_conv_and_pool_match_torch_functional():
    import torch
    import torch.nn.functional as F

    x = _normal(2, 3, 8, 7)
    kernel = _normal(3, 2, 3, 4)
    weight = torch.from_numpy(
        np.ascontiguousarray(kernel.transpose(3, 2, 0, 1))
    )
    tx = torch.from_numpy(x)
    out = ops.conv(x, kernel, 2, "valid", "channels_first", 1)
    assert_allclose(out, F.conv2d(tx, weight, stride=2), atol=1e-4, rtol=1e-4)
    out = ops.average_pool(x, 2, 2, "valid", "channels_first")
    assert_allclose(out, F.avg_pool2d(tx, 2, 2))
    out = ops.max_pool(x, 3, 1, "same", "channels_first")
    assert_allclose(out, F.max_pool2d(tx, 3, 1, padding=1))
    # Keras's (*window, out, in) kernel is torch's (in, out, *window).
    transposed = _normal(3, 3, 5, 3)
    weight = torch.from_numpy(
        np.ascontiguousarray(transposed.transpose(3, 2, 0, 1))
    )
    out = ops.conv_transpose(x, transposed, 2, "valid", None, "channels_first")
    assert_allclose(
        out,
        F.conv_transpose2d(tx, weight, stride=2),
        atol=1e-4,
        rtol=1e-4,
    )


# --- errors -------------------------------------------------------------
def test_conv_rejects_bad_rank():
    with pytest.raises(ValueError, match="rank 3, 4 or 5"):
        ops.conv(np.ones((4, 4), "float32"), np.ones((2, 2), "float32"))
    with pytest.raises(ValueError, match="rank of `inputs`"):
        ops.conv(
            np.ones((1, 4, 4, 1), "float32"), np.ones((2, 1, 1), "float32")
        )


def test_conv_rejects_bad_padding():
    x = np.ones((1, 4, 4, 1), "float32")
    kernel = np.ones((2, 2, 1, 1), "float32")
    with pytest.raises(ValueError, match="padding"):
        ops.conv(x, kernel, padding="full")
    with pytest.raises(ValueError, match="padding"):
        ops.conv(x, kernel, padding="causal")  # 1D only
    with pytest.raises(ValueError, match="padding"):
        ops.max_pool(x, 2, padding="causal")
    with pytest.raises(ValueError, match="padding"):
        ops.conv_transpose(x, kernel, padding=None)


def test_conv_rejects_mismatched_channels():
    x = np.ones((1, 4, 4, 3), "float32")
    with pytest.raises(ValueError, match="multiple"):
        ops.conv(x, np.ones((2, 2, 2, 4), "float32"))
    with pytest.raises(ValueError, match="channels"):
        ops.depthwise_conv(x, np.ones((2, 2, 2, 1), "float32"))
    with pytest.raises(ValueError, match="channels"):
        ops.conv_transpose(x, np.ones((2, 2, 3, 2), "float32"))
    with pytest.raises(ValueError, match="pointwise_kernel"):
        ops.separable_conv(
            x,
            np.ones((2, 2, 3, 2), "float32"),
            np.ones((1, 1, 3, 2), "float32"),
        )


def test_bad_strides_and_pool_size():
    x = np.ones((1, 4, 4, 1), "float32")
    with pytest.raises(ValueError, match="strides"):
        ops.conv(x, np.ones((2, 2, 1, 1), "float32"), strides=(1, 1, 1))
    with pytest.raises(ValueError, match="pool_size"):
        ops.max_pool(x, 0)
    with pytest.raises(ValueError, match="output_padding"):
        ops.conv_transpose(x, np.ones((2, 2, 1, 1), "float32"), 2, "valid", -1)


# --- symbolic shapes ----------------------------------------------------
def test_conv_symbolic_shape():
    x = KerasTensor((None, 28, 28, 1))
    kernel = np.ones((3, 3, 1, 8), "float32")
    y = ops.conv(x, kernel)
    assert y.shape == (None, 26, 26, 8)
    assert y.dtype == "float32"
    y = ops.conv(x, kernel, strides=2, padding="same")
    assert y.shape == (None, 14, 14, 8)


def test_symbolic_shapes_of_other_ops():
    x = KerasTensor((None, 3, 16, 16))
    assert ops.max_pool(x, 2, data_format="channels_first").shape == (
        None,
        3,
        8,
        8,
    )
    kernel = np.ones((3, 3, 5, 3), "float32")
    y = ops.conv_transpose(x, kernel, 2, "same", data_format="channels_first")
    assert y.shape == (None, 5, 32, 32)
    mean, variance = ops.moments(KerasTensor((None, 4, 6)), axes=[0, 1])
    assert mean.shape == (6,)
    assert variance.shape == (6,)
    assert ops.softmax(KerasTensor((2, 5), dtype="float16")).dtype == "float16"
    assert ops.one_hot(KerasTensor((None, 4), dtype="int32"), 7).shape == (
        None,
        4,
        7,
    )


def test_symbolic_errors_are_raised_early():
    with pytest.raises(ValueError, match="rank 3, 4 or 5"):
        ops.conv(KerasTensor((None, 28)), np.ones((3, 1, 8), "float32"))


# --- encodings and losses -----------------------------------------------
@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_one_hot(axis):
    x = np.array([[0, 3, -1], [2, 5, 1]], dtype="int32")
    out = ops.one_hot(x, 4, axis=axis)
    assert _dtype(out) == "float32"
    assert_allclose(out, ref.one_hot(x, 4, axis=axis))


def test_one_hot_dtype_and_errors():
    assert _dtype(ops.one_hot([1, 0], 2, dtype="int32")) == "int32"
    with pytest.raises(ValueError, match="num_classes"):
        ops.one_hot([1, 0], 0)
    with pytest.raises(TypeError, match="num_classes"):
        ops.one_hot([1, 0], 2.0)


def test_multi_hot():
    x = np.array([[0, 3, 3], [2, 1, 0]], dtype="int32")
    assert_allclose(ops.multi_hot(x, 4), ref.multi_hot(x, 4))
    assert_allclose(ops.multi_hot(x[0], 5), ref.multi_hot(x[0], 5))
    assert_allclose(ops.multi_hot(x, num_tokens=4), ref.multi_hot(x, 4))
    with pytest.raises(ValueError, match="num_classes"):
        ops.multi_hot(x)


@pytest.mark.parametrize("from_logits", [False, True])
def test_binary_crossentropy(from_logits):
    target = RNG.uniform(size=(3, 4)).astype("float32")
    output = _normal(3, 4) if from_logits else RNG.uniform(size=(3, 4))
    output = output.astype("float32")
    out = ops.binary_crossentropy(target, output, from_logits)
    assert_allclose(
        out, ref.binary_crossentropy(target, output, from_logits), atol=1e-5
    )


@pytest.mark.parametrize("axis", [-1, 1])
@pytest.mark.parametrize("from_logits", [False, True])
def test_categorical_crossentropy(from_logits, axis):
    target = ref.softmax(_normal(2, 3, 4), axis=axis).astype("float32")
    output = _normal(2, 3, 4)
    if not from_logits:
        output = RNG.uniform(0.1, 1.0, size=(2, 3, 4)).astype("float32")
    out = ops.categorical_crossentropy(target, output, from_logits, axis)
    expected = ref.categorical_crossentropy(target, output, from_logits, axis)
    assert_allclose(out, expected, atol=1e-5)


@pytest.mark.parametrize("axis", [-1, 1])
@pytest.mark.parametrize("from_logits", [False, True])
def test_sparse_categorical_crossentropy(from_logits, axis):
    output = _normal(2, 3, 4)
    if not from_logits:
        output = RNG.uniform(0.1, 1.0, size=(2, 3, 4)).astype("float32")
    classes = output.shape[axis]
    target_shape = (2, 4) if axis == 1 else (2, 3)
    target = RNG.integers(0, classes, size=target_shape).astype("int32")
    out = ops.sparse_categorical_crossentropy(target, output, from_logits, axis)
    expected = ref.sparse_categorical_crossentropy(
        target, output, from_logits, axis
    )
    assert_allclose(out, expected, atol=1e-5)


def test_sparse_categorical_crossentropy_edge_cases():
    logits = _normal(3, 4)
    target = np.array([[1], [3], [0]], dtype="int32")
    out = ops.sparse_categorical_crossentropy(target, logits, True)
    assert tuple(out.shape) == (3,)
    expected = ref.sparse_categorical_crossentropy(target, logits, True)
    assert_allclose(out, expected, atol=1e-5)
    out = ops.sparse_categorical_crossentropy(
        np.array([1, 3, 0], dtype="int64"), logits, True
    )
    assert_allclose(out, expected, atol=1e-5)


def test_crossentropy_shape_errors():
    with pytest.raises(ValueError, match="same shape"):
        ops.binary_crossentropy(np.ones((2, 3)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="same shape"):
        ops.categorical_crossentropy(np.ones((2, 3)), np.ones((2, 4)))
    with pytest.raises(ValueError, match="without the class"):
        ops.sparse_categorical_crossentropy([0, 1, 2], np.ones((2, 4)))


# --- normalization ------------------------------------------------------
@pytest.mark.parametrize(
    ("axes", "keepdims"), [([0], False), ([0, 2], True), (1, False)]
)
def test_moments(axes, keepdims):
    x = _normal(3, 4, 5) * 3 + 1
    mean, variance = ops.moments(x, axes, keepdims=keepdims)
    expected_mean, expected_variance = ref.moments(x, axes, keepdims)
    assert_allclose(mean, expected_mean, atol=1e-5)
    assert_allclose(variance, expected_variance, atol=1e-5)


def test_moments_half_precision_is_stable():
    x = ops.convert_to_tensor(np.full((64, 8), 300.0), dtype="float16")
    mean, variance = ops.moments(x, axes=[0])
    assert _dtype(mean) == "float16"
    assert _dtype(variance) == "float16"
    assert ops.convert_to_numpy(mean).tolist() == [300.0] * 8
    assert ops.convert_to_numpy(variance).tolist() == [0.0] * 8
    mean, _ = ops.moments(x, axes=[0], synchronized=True)
    assert tuple(mean.shape) == (8,)


@pytest.mark.parametrize("axis", [-1, 1])
@pytest.mark.parametrize("affine", [False, True])
def test_batch_normalization(axis, affine):
    x = _normal(2, 3, 4, 3)
    size = x.shape[axis]
    mean = _normal(size)
    variance = RNG.uniform(0.5, 2.0, size).astype("float32")
    offset = _normal(size) if affine else None
    scale = _normal(size) if affine else None
    out = ops.batch_normalization(x, mean, variance, axis, offset, scale)
    expected = ref.batch_normalization(x, mean, variance, axis, offset, scale)
    assert_allclose(out, expected, atol=1e-5)


def test_batch_normalization_rejects_wrong_vector():
    with pytest.raises(ValueError, match="vectors"):
        ops.batch_normalization(
            np.ones((2, 3), "float32"),
            np.ones((4,), "float32"),
            np.ones((4,), "float32"),
            axis=-1,
        )


@pytest.mark.parametrize(("axis", "order"), [(-1, 2), (0, 1), ((0, 1), 3)])
def test_normalize(axis, order):
    x = _normal(3, 4)
    out = ops.normalize(x, axis=axis, order=order)
    assert_allclose(out, ref.normalize(x, axis=axis, order=order), atol=1e-6)


def test_normalize_zero_vector_and_bad_order():
    out = ops.normalize(np.zeros((2, 3), "float32"))
    assert ops.convert_to_numpy(out).tolist() == [[0.0] * 3] * 2
    with pytest.raises(ValueError, match="order"):
        ops.normalize(np.ones((2, 3)), order=0)


@pytest.mark.parametrize(
    ("axis", "with_scale"), [(-1, True), ((1, 2), True), (1, False)]
)
def test_rms_normalization(axis, with_scale):
    x = _normal(2, 3, 4)
    scale = None
    if with_scale:
        shape = [1, 1, 1]
        for a in (axis,) if isinstance(axis, int) else axis:
            shape[a] = x.shape[a]
        scale = _normal(*shape[1:])
    out = ops.rms_normalization(x, scale=scale, axis=axis)
    expected = ref.rms_normalization(x, scale=scale, axis=axis)
    assert_allclose(out, expected, atol=1e-5)


@pytest.mark.parametrize("axis", [-1, (1, 2), 1])
def test_layer_normalization(axis):
    x = _normal(2, 3, 4) * 2 + 1
    shape = [1, 1, 1]
    for a in (axis,) if isinstance(axis, int) else axis:
        shape[a] = x.shape[a]
    gamma = _normal(*shape[1:])
    beta = _normal(*shape[1:])
    out = ops.layer_normalization(x, gamma, beta, axis=axis, epsilon=1e-3)
    expected = ref.layer_normalization(x, gamma, beta, axis, epsilon=1e-3)
    assert_allclose(out, expected, atol=1e-5)
    with pytest.raises(ValueError, match="rms_normalization"):
        ops.layer_normalization(x, rms_scaling=True)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_normalizations_keep_half_dtype(dtype):
    x = ops.convert_to_tensor(_normal(2, 8) * 10, dtype=dtype)
    expected_input = ops.convert_to_numpy(ops.cast(x, "float64"))
    for name in ("rms_normalization", "layer_normalization", "normalize"):
        out = getattr(ops, name)(x)
        assert _dtype(out) == dtype
        assert_allclose(
            ops.cast(out, "float64"),
            getattr(ref, name)(expected_input),
            rtol=3e-2,
            atol=3e-2,
        )


# --- attention ----------------------------------------------------------
def _qkv(heads=4, kv_heads=2, length=3, kv_length=5, depth=8):
    return (
        _normal(2, length, heads, depth),
        _normal(2, kv_length, kv_heads, depth),
        _normal(2, kv_length, kv_heads, depth),
    )


@pytest.mark.parametrize(("kv_heads", "is_causal"), [(4, False), (1, True)])
def test_attention_matches_reference(kv_heads, is_causal):
    q, k, v = _qkv(kv_heads=kv_heads)
    out = ops.dot_product_attention(q, k, v, is_causal=is_causal)
    assert tuple(out.shape) == q.shape
    expected = ref.dot_product_attention(q, k, v, is_causal=is_causal)
    assert_allclose(out, expected, atol=1e-5)


@pytest.mark.parametrize(
    ("is_causal", "soft_cap"), [(False, None), (True, 2.0)]
)
def test_attention_bias_mask_scale(is_causal, soft_cap):
    q, k, v = _qkv()
    bias = _normal(2, 4, 3, 5)
    mask = RNG.uniform(size=(2, 1, 3, 5)) > 0.3
    mask[0, 0, 1] = False  # a row with nothing to attend to
    out = ops.dot_product_attention(
        q,
        k,
        v,
        bias=bias,
        mask=mask,
        scale=0.5,
        is_causal=is_causal,
        attn_logits_soft_cap=soft_cap,
    )
    expected = ref.dot_product_attention(
        q, k, v, bias, mask, 0.5, is_causal, soft_cap
    )
    assert_allclose(out, expected, atol=1e-5)


def test_attention_unbatched_and_errors():
    q, k, v = _qkv()
    out = ops.dot_product_attention(q[0], k[0], v[0])
    assert_allclose(out, ref.dot_product_attention(q, k, v)[0], atol=1e-5)
    with pytest.raises(ValueError, match="multiple"):
        ops.dot_product_attention(q, _normal(2, 5, 3, 8), _normal(2, 5, 3, 8))
    with pytest.raises(ValueError, match="rank 4"):
        ops.dot_product_attention(q, k[0], v)
