"""STFTSpectrogram and MelSpectrogram: numerics against NumPy (np.fft)
references, shapes, configs, training of the STFT kernels, errors, and
Keras parity."""

import os
import sys

import numpy as np
import pytest

import kerata
from kerata import layers
from kerata.src import backend
from kerata.src.testing import assert_allclose
from kerata.src.testing import run_if

TOL = {"rtol": 1e-4, "atol": 1e-4}
# One signal shape for the STFT tests: on JAX each new shape compiles.
SHAPE = (2, 24, 2)


def _signal(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def _hann(length, periodic):
    n = np.arange(length)
    period = length if periodic else length - 1
    return 0.5 - 0.5 * np.cos(2 * np.pi * n / period)


def _stft_reference(x, frame_length, step, fft_length, window, padding):
    """Complex STFT of `(batch, time, channels)` signals as Keras frames
    them (a strided convolution): `(batch, channels, frames, bins)`."""
    time = x.shape[1]
    if padding == "same":
        frames = -(-time // step)
        total = max((frames - 1) * step + frame_length - time, 0)
        x = np.pad(x, [(0, 0), (total // 2, total - total // 2), (0, 0)])
    else:
        frames = (time - frame_length) // step + 1
    starts = np.arange(frames) * step
    index = starts[:, None] + np.arange(frame_length)  # (frames, length)
    framed = np.moveaxis(x, 2, 1)[:, :, index]  # (b, ch, frames, length)
    framed = framed.astype("float64") * window
    return np.fft.rfft(framed, n=fft_length, axis=-1)


def _to_layout(values, channels_last=True):
    """`(batch, channels, frames, bins)` to the layer's merged layout."""
    b, ch, frames, bins = values.shape
    merged = np.moveaxis(values, 1, 2).reshape(b, frames, ch * bins)
    return merged if channels_last else np.moveaxis(merged, 1, 2)


@pytest.mark.parametrize(
    ("mode", "padding"),
    [("magnitude", "valid"), ("log", "same"), ("stft", "valid")],
)
def test_stft_spectrogram_matches_numpy(mode, padding):
    x = _signal(*SHAPE)
    layer = layers.STFTSpectrogram(
        mode=mode, frame_length=8, frame_step=4, fft_length=16, padding=padding
    )
    window = _hann(8, periodic=False)
    spectrum = _stft_reference(x, 8, 4, 16, window, padding)
    spectrum /= np.sqrt(np.sum(window**2))  # "density" scaling
    if mode == "stft":
        parts = np.concatenate([spectrum.real, spectrum.imag], axis=-1)
        expected = _to_layout(parts)
    elif mode == "magnitude":
        expected = _to_layout(np.abs(spectrum))
    else:
        expected = _to_layout(np.log(np.maximum(np.abs(spectrum), 1e-7)))
    out = layer(x)
    assert_allclose(out, expected, **TOL)
    assert tuple(out.shape) == layer.compute_output_shape(x.shape)


def test_stft_spectrogram_psd_angle_and_layouts():
    x = _signal(*SHAPE, seed=1)
    x_first = np.moveaxis(x, 1, 2)
    window = _hann(8, periodic=True)
    spectrum = _stft_reference(x, 8, 4, 8, window, "valid")
    spectrum /= np.sum(window)  # "spectrum" scaling
    common = {"frame_length": 8, "frame_step": 4, "periodic": True}
    common["scaling"] = "spectrum"
    psd = layers.STFTSpectrogram(mode="psd", expand_dims=True, **common)
    power = np.abs(spectrum) ** 2
    power[..., 1:-1] *= 2
    # expand_dims, channels_last: (batch, frames, bins, channels).
    assert_allclose(psd(x), np.transpose(power, (0, 2, 3, 1)), **TOL)
    angle = layers.STFTSpectrogram(
        mode="angle", data_format="channels_first", **common
    )
    got = kerata.ops.convert_to_numpy(angle(x_first))
    expected = _to_layout(np.angle(spectrum), channels_last=False)
    # Compared on the unit circle: +pi and -pi are the same angle.
    assert_allclose(np.exp(1j * got), np.exp(1j * expected), atol=1e-4)
    real = layers.STFTSpectrogram(
        mode="real", data_format="channels_first", expand_dims=True, **common
    )
    # expand_dims, channels_first: (batch, channels, frames, bins).
    assert_allclose(real(x_first), spectrum.real, **TOL)
    assert [w.name for w in real.weights] == ["real_kernel"]


def test_stft_spectrogram_custom_window_and_no_window():
    x = _signal(*SHAPE, seed=2)
    window = np.linspace(0.1, 1.0, 8)
    layer = layers.STFTSpectrogram(
        mode="imag", frame_length=8, frame_step=4, window=window, scaling=None
    )
    expected = _stft_reference(x, 8, 4, 8, window, "valid").imag
    assert_allclose(layer(x), _to_layout(expected), **TOL)
    assert layer.get_config()["window"] == window.tolist()
    plain = layers.STFTSpectrogram(
        mode="real", frame_length=8, frame_step=4, window=None
    )
    expected = _stft_reference(x, 8, 4, 8, np.ones(8), "valid").real
    assert_allclose(plain(x), _to_layout(expected), **TOL)


def test_stft_spectrogram_config_and_symbolic_shape():
    layer = layers.STFTSpectrogram(
        mode="stft", frame_length=10, padding="same", expand_dims=True
    )
    out = layer(kerata.Input(shape=(None, 2)))
    assert out.shape == (None, None, 18, 2)  # fft_length 16: 9 bins * 2
    config = layer.get_config()
    assert config["frame_step"] is None
    assert config["fft_length"] is None
    clone = layers.STFTSpectrogram.from_config(config)
    assert clone.get_config() == config
    assert clone._frame_step == 5
    assert clone._fft_length == 16


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"mode": "power"}, "mode"),
        ({"scaling": "l2"}, "scaling"),
        ({"padding": "causal"}, "padding"),
        ({"frame_step": 300}, "frame_step"),
        ({"fft_length": 128}, "fft_length"),
        ({"frame_length": 0}, "frame_length"),
        ({"window": np.ones(5)}, "window"),
        # Importing scipy.signal takes seconds.
        pytest.param(
            {"window": "no-such-window"}, "window", marks=pytest.mark.slow
        ),
    ],
)
def test_stft_spectrogram_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        layers.STFTSpectrogram(**kwargs)


def test_stft_spectrogram_rejects_integer_signals_and_warns():
    layer = layers.STFTSpectrogram(frame_length=4, frame_step=2)
    with pytest.raises(TypeError, match="float16, float32 or float64"):
        layer(kerata.ops.ones((1, 8, 1), dtype="int32"))
    with pytest.warns(UserWarning, match="power of two"):
        layers.STFTSpectrogram(frame_length=4, fft_length=6)


@run_if(trainable=True)
def test_stft_kernels_train_unless_frozen():
    x = _signal(8, 16, 1, seed=3)
    y = np.ones((8, 1), dtype="float32")
    stft = layers.STFTSpectrogram(mode="magnitude", frame_length=4)
    frozen = layers.STFTSpectrogram(
        mode="magnitude", frame_length=4, trainable=False
    )
    inputs = kerata.Input(shape=(16, 1))
    merged = layers.Concatenate()([stft(inputs), frozen(inputs)])
    outputs = layers.Dense(1)(layers.Flatten()(merged))
    model = kerata.Model(inputs, outputs)
    model.compile(optimizer=kerata.optimizers.SGD(0.01), loss="mse")
    before = stft.get_weights() + frozen.get_weights()
    model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    after = stft.get_weights() + frozen.get_weights()
    assert not np.allclose(before[0], after[0])
    np.testing.assert_array_equal(before[2], after[2])
    assert len(model.trainable_weights) == 4  # two kernels, dense


# --- MelSpectrogram ---------------------------------------------------------


def _mel_reference(x, fft_length, stride, rate, mels, low, high):
    """Power mel spectrogram in decibels (top_db=80), `(batch, mels,
    frames)`, for a periodic Hann window of `fft_length` samples."""
    half = fft_length // 2
    padded = np.pad(x.astype("float64"), [(0, 0), (half, half)], "reflect")
    frames = 1 + (padded.shape[1] - fft_length) // stride
    index = np.arange(frames)[:, None] * stride + np.arange(fft_length)
    framed = padded[:, index] * _hann(fft_length, periodic=True)
    power = np.abs(np.fft.rfft(framed, axis=-1)) ** 2  # (b, frames, bins)
    # HTK mel filters of peak 1, in mel = 2595 * log10(1 + f / 700).
    to_mel = lambda f: 2595.0 * np.log10(1.0 + np.asarray(f) / 700.0)  # noqa: E731
    bins_mel = to_mel(np.linspace(0, rate / 2, fft_length // 2 + 1))
    edges = np.linspace(to_mel(low), to_mel(high), mels + 2)
    filters = np.zeros((fft_length // 2 + 1, mels))
    for m in range(mels):
        lo, center, hi = edges[m : m + 3]
        rising = (bins_mel - lo) / (center - lo)
        falling = (hi - bins_mel) / (hi - center)
        filters[:, m] = np.maximum(0, np.minimum(rising, falling))
    filters[0] = 0.0  # the DC bin is left out
    db = 10 * np.log10(np.maximum(power @ filters, 1e-10))
    db = np.maximum(db, db.max() - 80.0)
    return np.swapaxes(db, 1, 2)


def test_mel_spectrogram_matches_numpy():
    x = _signal(2, 200, seed=4)
    layer = layers.MelSpectrogram(
        fft_length=32, sequence_stride=8, sampling_rate=4000, num_mel_bins=6
    )
    expected = _mel_reference(x, 32, 8, 4000, 6, 20.0, 2000)
    out = layer(x)
    assert_allclose(out, expected, rtol=1e-4, atol=2e-3)
    assert tuple(out.shape) == layer.compute_output_shape(x.shape)
    assert layer.weights == []


def test_mel_spectrogram_linear_power_and_unbatched():
    x = _signal(64, seed=5)
    layer = layers.MelSpectrogram(
        fft_length=16,
        sequence_stride=4,
        sampling_rate=1000,
        num_mel_bins=3,
        power_to_db=False,
        mag_exp=1.0,
    )
    out = kerata.ops.convert_to_numpy(layer(x))
    assert out.shape == (3, 17) == layer.compute_output_shape((64,))
    assert (out >= 0).all()
    # Linear in the signal's amplitude when mag_exp is 1.
    assert_allclose(layer(2.0 * x), 2.0 * out, rtol=1e-5, atol=1e-6)


def test_mel_spectrogram_config_and_errors():
    layer = layers.MelSpectrogram(fft_length=64, num_mel_bins=4)
    config = layer.get_config()
    assert config["sequence_length"] == 64
    assert config["max_freq"] == 8000
    assert layers.MelSpectrogram.from_config(config).get_config() == config
    with pytest.raises(ValueError, match="sequence_length"):
        layers.MelSpectrogram(fft_length=16, sequence_length=32)
    with pytest.raises(ValueError, match="window"):
        layers.MelSpectrogram(window="blackman")
    with pytest.raises(ValueError, match="num_mel_bins"):
        layers.MelSpectrogram(num_mel_bins=0)
    with pytest.raises(ValueError, match="min_freq"):
        layers.MelSpectrogram(min_freq=9000.0)


# --- Keras parity -----------------------------------------------------------


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = backend.backend()
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != backend.backend():
        pytest.skip(
            f"keras was imported with the {keras.backend.backend()!r} "
            f"backend, kerata runs {backend.backend()!r}"
        )
    return keras


def _assert_same_config(ours, theirs):
    skip = ("name", "dtype")
    assert {k: v for k, v in ours.items() if k not in skip} == {
        k: v for k, v in theirs.items() if k not in skip
    }


@pytest.mark.parity
@run_if(module="scipy")
def test_stft_spectrogram_matches_keras(keras):
    kwargs = {"mode": "log", "frame_length": 8, "frame_step": 4}
    kwargs.update(window="hamming", padding="same", data_format=None)
    x = _signal(*SHAPE, seed=6)
    theirs = keras.layers.STFTSpectrogram(**kwargs)
    ours = layers.STFTSpectrogram(**kwargs)
    expected = keras.ops.convert_to_numpy(theirs(x))
    assert_allclose(ours(x), expected, **TOL)
    for a, b in zip(ours.weights, theirs.weights):
        assert a.name == b.name
        assert_allclose(a, keras.ops.convert_to_numpy(b), atol=1e-6)
    _assert_same_config(ours.get_config(), theirs.get_config())
    assert keras.layers.STFTSpectrogram.from_config(ours.get_config())


# Keras's eager JAX ops compile for seconds: slow.
@pytest.mark.slow
@pytest.mark.parity
def test_mel_spectrogram_matches_keras(keras):
    kwargs = {"fft_length": 30, "sequence_stride": 7, "sequence_length": 20}
    kwargs.update(num_mel_bins=5, sampling_rate=3000, window="hamming")
    kwargs.update(top_db=30.0, ref_power=2.0, mag_exp=1.5, max_freq=1200)
    x = _signal(2, 150, seed=7)
    theirs = keras.layers.MelSpectrogram(**kwargs)
    ours = layers.MelSpectrogram(**kwargs)
    expected = keras.ops.convert_to_numpy(theirs(x))
    assert_allclose(ours(x), expected, rtol=1e-4, atol=2e-3)
    _assert_same_config(ours.get_config(), theirs.get_config())
    assert keras.layers.MelSpectrogram.from_config(ours.get_config())
