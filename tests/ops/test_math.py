"""`kerata.ops.math` on the active backend, against plain NumPy / Python
references written out below."""

import math

import numpy as np
import pytest

from kerata import ops
from kerata.src import backend
from kerata.src.backend.common.keras_tensor import KerasTensor
from kerata.src.testing import assert_allclose

RNG = np.random.default_rng(11)


def _np(x):
    return ops.convert_to_numpy(x)


def _dtype(x):
    return backend.standardize_dtype(x.dtype)


# --- segment reductions -----------------------------------------------------
SEGMENT_REDUCERS = {
    "segment_sum": (np.add, 0),
    "segment_prod": (np.multiply, 1),
    "segment_max": (np.maximum, "lowest"),
    "segment_min": (np.minimum, "highest"),
}


def _segment_reference(name, data, ids, num_segments):
    ufunc, identity = SEGMENT_REDUCERS[name]
    if identity in ("lowest", "highest"):
        if data.dtype.kind == "f":
            identity = -np.inf if identity == "lowest" else np.inf
        else:
            info = np.iinfo(data.dtype)
            identity = info.min if identity == "lowest" else info.max
    out = np.full((num_segments,) + data.shape[1:], identity, data.dtype)
    for row, segment in zip(data, ids):
        if 0 <= segment < num_segments:
            out[segment] = ufunc(out[segment], row)
    return out


@pytest.mark.parametrize("name", sorted(SEGMENT_REDUCERS))
@pytest.mark.parametrize("dtype", ["float32", "int32"])
def test_segment_reductions(name, dtype):
    data = RNG.integers(-4, 5, size=(7, 2)).astype(dtype)
    ids = np.array([2, 0, 2, -1, 5, 0, 1], "int32")  # -1, 5: dropped
    op = getattr(ops, name)
    y = op(data, ids, num_segments=4)  # segment 3 is empty
    assert _dtype(y) == dtype
    assert_allclose(y, _segment_reference(name, data, ids, 4))
    sorted_ids = np.array([0, 0, 1, 1, 1, 2, 2], "int32")
    y = op(data, sorted_ids, sorted=True)  # num_segments inferred: 3
    assert_allclose(y, _segment_reference(name, data, sorted_ids, 3))


def test_segment_symbolic_and_errors():
    y = ops.segment_sum(KerasTensor((None, 3)), KerasTensor((None,), "int32"))
    assert y.shape == (None, 3)
    y = ops.segment_max(KerasTensor((5, 3)), KerasTensor((5,), "int32"), 4)
    assert y.shape == (4, 3)
    with pytest.raises(ValueError, match="1-D"):
        ops.segment_sum(np.ones((2, 2)), np.zeros((2, 2), "int32"))
    with pytest.raises(ValueError, match="one entry per row"):
        ops.segment_sum(np.ones((3, 2)), np.zeros((2,), "int32"))


# --- top-k -------------------------------------------------------------------
def test_top_k_matches_reference_with_ties():
    x = np.array(
        [[3.0, 1.0, 3.0, 2.0, 5.0, 2.0], [0.0, 0.0, 0.0, 1.0, 0.0, -1.0]],
        "float32",
    )
    values, indices = ops.top_k(x, 4)
    assert _dtype(indices) == "int32"
    assert _np(values).tolist() == (-np.sort(-x, axis=-1))[:, :4].tolist()
    # Which of equal values come first is up to the backend; the indices
    # must still point at the values, each at most once.
    for row, got_values, got_indices in zip(x, _np(values), _np(indices)):
        assert row[got_indices].tolist() == got_values.tolist()
        assert len(set(got_indices.tolist())) == 4


def test_top_k_unsorted_has_the_same_set():
    x = RNG.permutation(10).astype("int32")
    values, _ = ops.top_k(x, 3, sorted=False)
    assert sorted(_np(values).tolist()) == [7, 8, 9]


def test_top_k_errors_and_symbolic():
    with pytest.raises(ValueError, match="at most"):
        ops.top_k(np.ones(3), 4)
    with pytest.raises(ValueError, match="positive"):
        ops.top_k(np.ones(3), 0)
    values, indices = ops.top_k(KerasTensor((None, 8)), 3)
    assert values.shape == (None, 3)
    assert indices.dtype == "int32"


def test_in_top_k():
    predictions = np.array(
        [
            [0.1, 0.4, 0.6, 0.9, 0.5],
            [0.1, 0.7, 0.9, 0.8, 0.3],
            [0.1, 0.6, 0.9, 0.9, 0.5],  # a tie at the boundary
            [np.nan, 0.6, 0.2, 0.9, 0.5],  # NaN score for the target
        ],
        "float32",
    )
    targets = np.array([2, 4, 3, 0], "int32")
    expected = []
    for row, target in zip(predictions, targets):
        rank = np.sum(row > row[target])
        expected.append(bool(rank < 2 and np.isfinite(row[target])))
    y = ops.in_top_k(targets, predictions, k=2)
    assert _dtype(y) == "bool"
    assert _np(y).tolist() == expected == [True, False, True, False]
    with pytest.raises(ValueError, match="batch"):
        ops.in_top_k(targets[:2], predictions, k=2)


# --- reductions and distances -------------------------------------------------
def _logsumexp_reference(x, axis, keepdims):
    x = np.asarray(x, "float64")
    peak = np.max(x, axis=axis, keepdims=True)
    peak = np.where(np.isfinite(peak), peak, 0)
    with np.errstate(divide="ignore"):
        out = np.log(np.sum(np.exp(x - peak), axis=axis, keepdims=True)) + peak
    return out if keepdims else np.squeeze(out, axis=axis)


@pytest.mark.parametrize(
    ("axis", "keepdims"),
    [(None, False), ((0, -1), True), (1, False)],
)
def test_logsumexp(axis, keepdims):
    x = RNG.normal(size=(2, 3, 4)).astype("float32") * 300
    x[0, 0, :] = -np.inf
    y = ops.logsumexp(x, axis=axis, keepdims=keepdims)
    assert _dtype(y) == "float32"
    assert_allclose(y, _logsumexp_reference(x, axis, keepdims), rtol=1e-5)


def test_logsumexp_ints_and_symbolic():
    y = ops.logsumexp(np.array([0, 0], "int32"))
    assert _dtype(y) == "float32"
    assert_allclose(y, math.log(2))
    spec = ops.logsumexp(KerasTensor((None, 3), "int32"), axis=1)
    assert spec.shape == (None,)
    assert spec.dtype == "float32"


def test_cdist():
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    y = RNG.normal(size=(2, 5, 4)).astype("float32")
    expected = np.sqrt(((x[:, :, None, :] - y[:, None, :, :]) ** 2).sum(-1))
    assert_allclose(ops.cdist(x, y), expected, rtol=1e-5)
    assert ops.cdist(KerasTensor((None, 3, 4)), y).shape == (None, 3, 5)
    with pytest.raises(ValueError, match="last axes"):
        ops.cdist(x, np.ones((5, 3)))


@pytest.mark.parametrize(("length", "stride"), [(3, 2), (1, 3)])
def test_extract_sequences(length, stride):
    x = np.arange(20, dtype="float32").reshape(2, 10)
    num = 1 + (10 - length) // stride
    expected = np.stack(
        [x[:, i * stride : i * stride + length] for i in range(num)], axis=1
    )
    assert_allclose(ops.extract_sequences(x, length, stride), expected)
    spec = ops.extract_sequences(KerasTensor((None, 10)), length, stride)
    assert spec.shape == (None, num, length)
    with pytest.raises(ValueError, match="at most"):
        ops.extract_sequences(x, 11, 1)


# --- Fourier transforms ------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_fft_fft2_ifft2(dtype):
    real = RNG.normal(size=(2, 4, 6)).astype(dtype)
    imag = RNG.normal(size=(2, 4, 6)).astype(dtype)
    z = real + 1j * imag
    for op, reference in (
        (ops.fft, np.fft.fft),
        (ops.fft2, np.fft.fft2),
        (ops.ifft2, np.fft.ifft2),
    ):
        got_real, got_imag = op((real, imag))
        assert _dtype(got_real) == dtype
        assert_allclose(got_real, reference(z).real, atol=1e-4)
        assert_allclose(got_imag, reference(z).imag, atol=1e-4)


@pytest.mark.parametrize("fft_length", [None, 5, 12])
def test_rfft_irfft(fft_length):
    x = RNG.normal(size=(3, 8)).astype("float32")
    real, imag = ops.rfft(x, fft_length)
    expected = np.fft.rfft(x, n=fft_length, axis=-1)
    assert _dtype(real) == "float32"
    assert_allclose(real, expected.real, atol=1e-5)
    assert_allclose(imag, expected.imag, atol=1e-5)
    back = ops.irfft((real, imag), fft_length)
    n = fft_length or 8
    assert_allclose(back, np.fft.irfft(expected, n=n), atol=1e-5)


def test_fourier_symbolic_and_errors():
    real, imag = ops.rfft(KerasTensor((None, 8)), 6)
    assert real.shape == (None, 4)
    assert ops.irfft((real, imag)).shape == (None, 6)
    assert ops.fft2((KerasTensor((2, 3)), KerasTensor((2, 3))))[0].shape == (
        2,
        3,
    )
    with pytest.raises(ValueError, match="tuple"):
        ops.fft(np.ones(3, "float32"))
    with pytest.raises(ValueError, match="same shape"):
        ops.fft((np.ones(3, "float32"), np.ones(4, "float32")))
    with pytest.raises(TypeError, match="float32 or float64"):
        ops.fft((np.ones(3, "int32"), np.ones(3, "int32")))
    with pytest.raises(ValueError, match="rank >= 2"):
        ops.fft2((np.ones(3, "float32"), np.ones(3, "float32")))


def _window_reference(window, length):
    if window is None:
        return np.ones(length)
    if isinstance(window, str):
        a = 0.5 if window == "hann" else 0.54
        return a - (1 - a) * np.cos(2 * np.pi * np.arange(length) / length)
    return np.asarray(window, "float64")


def _stft_reference(x, length, stride, fft_length, window, center):
    # Direct DFT of each windowed frame, as torch.stft defines it.
    if center:
        pad = [(0, 0)] * (x.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        x = np.pad(x, pad, mode="reflect")
    left = (fft_length - length) // 2
    win = np.zeros(fft_length)
    win[left : left + length] = _window_reference(window, length)
    num = 1 + (x.shape[-1] - fft_length) // stride
    k = np.arange(fft_length // 2 + 1)[:, None]
    n = np.arange(fft_length)[None, :]
    basis = np.exp(-2j * np.pi * k * n / fft_length)  # (bins, fft_length)
    frames = [
        x[..., t * stride : t * stride + fft_length] * win for t in range(num)
    ]
    return np.stack([f @ basis.T for f in frames], axis=-2)


STFT_CASES = [
    (8, 2, 8, "hann", True),
    (5, 3, 8, "hamming", False),
    (4, 2, 4, [0.2, 1.0, 1.0, 0.5], True),
]


@pytest.mark.parametrize(
    ("length", "stride", "fft_length", "window", "center"), STFT_CASES
)
def test_stft_matches_dft(length, stride, fft_length, window, center):
    x = RNG.normal(size=(2, 20)).astype("float32")
    window_arg = (
        np.array(window, "float32") if isinstance(window, list) else window
    )
    real, imag = ops.stft(x, length, stride, fft_length, window_arg, center)
    expected = _stft_reference(x, length, stride, fft_length, window, center)
    assert real.shape == expected.shape
    assert_allclose(real, expected.real, atol=1e-4)
    assert_allclose(imag, expected.imag, atol=1e-4)
    spec = ops.stft(
        KerasTensor((2, 20)), length, stride, fft_length, window_arg, center
    )
    assert spec[0].shape == expected.shape


@pytest.mark.parametrize(
    ("length", "stride", "fft_length", "window"),
    [(8, 2, 8, "hann"), (6, 2, 8, "hamming"), (4, 4, 4, None)],
)
def test_istft_inverts_stft(length, stride, fft_length, window):
    x = RNG.normal(size=(3, 24)).astype("float64")
    spectrum = ops.stft(x, length, stride, fft_length, window)
    y = ops.istft(spectrum, length, stride, fft_length, window=window)
    assert y.shape == x.shape
    assert _dtype(y) == "float64"
    assert_allclose(y, x, atol=1e-9)
    cut = ops.istft(spectrum, length, stride, fft_length, 10, window)
    assert_allclose(cut, x[:, :10], atol=1e-9)
    spec = ops.istft(
        (KerasTensor((3, 13, 5)), KerasTensor((3, 13, 5))), 8, 2, 8
    )
    assert spec.shape == (3, 24)


def test_stft_errors():
    x = np.ones(16, "float32")
    with pytest.raises(ValueError, match="fft_length"):
        ops.stft(x, 8, 2, 4)
    with pytest.raises(ValueError, match="window"):
        ops.stft(x, 8, 2, 8, window="blackman")
    with pytest.raises(ValueError, match="sequence_stride"):
        ops.stft(x, 8, 0, 8)
    with pytest.raises(TypeError, match="float32 or float64"):
        ops.stft(np.ones(16, "int32"), 8, 2, 8)


# --- elementwise special functions -------------------------------------------
def _elementwise(fn, x):
    return np.vectorize(fn, otypes=["float64"])(np.asarray(x, "float64"))


def _erfinv_reference(y):
    # Bisection on math.erf: slow but obviously right.
    if abs(y) >= 1:
        return math.copysign(math.inf, y) if abs(y) == 1 else math.nan
    low, high = -6.0, 6.0
    for _ in range(80):
        mid = (low + high) / 2
        low, high = (mid, high) if math.erf(mid) < y else (low, mid)
    return (low + high) / 2


@pytest.mark.parametrize(
    ("name", "reference", "values"),
    [
        ("rsqrt", lambda v: 1 / math.sqrt(v), [0.01, 1.0, 4.0, 1e4]),
        ("erf", math.erf, [-3.0, -0.5, 0.0, 0.3, 2.5]),
        ("erfc", math.erfc, [-2.0, 0.0, 1.0, 4.0]),
        ("erfinv", _erfinv_reference, [-1.0, -0.9, -0.1, 0.0, 0.5, 0.999, 1.0]),
    ],
)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_special_functions(name, reference, values, dtype):
    x = np.array(values, dtype)
    y = getattr(ops, name)(x)
    assert _dtype(y) == dtype
    rtol = 1e-5 if dtype == "float32" else 1e-9
    assert_allclose(y, _elementwise(reference, x), rtol=rtol, atol=1e-7)


def test_special_functions_promote_ints():
    y = ops.erf(np.array([0, 1], "int32"))
    assert _dtype(y) == "float32"
    assert ops.rsqrt(KerasTensor((2,), "int32")).dtype == "float32"


def test_logdet():
    a = RNG.normal(size=(3, 4, 4)).astype("float64")
    spd = a @ np.swapaxes(a, -1, -2) + 4 * np.eye(4)
    assert_allclose(ops.logdet(spd), np.linalg.slogdet(spd)[1])
    negative = np.array([[0.0, 1.0], [1.0, 0.0]])  # det = -1
    assert np.isnan(float(ops.logdet(negative)))
    assert ops.logdet(KerasTensor((None, 3, 3))).shape == (None,)
    with pytest.raises(ValueError, match="square"):
        ops.logdet(np.ones((2, 3)))


def test_view_as_complex_and_real():
    x = RNG.normal(size=(3, 2)).astype("float32")
    z = ops.view_as_complex(x)
    assert _dtype(z) == "complex64"
    assert_allclose(z, x[:, 0] + 1j * x[:, 1])
    assert_allclose(ops.view_as_real(z), x)
    with pytest.raises(ValueError, match="size 2"):
        ops.view_as_complex(np.ones((3, 3), "float32"))
