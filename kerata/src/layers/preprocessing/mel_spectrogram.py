"""`MelSpectrogram`: audio to a mel-scale (decibel) spectrogram."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.layer import Layer

# HTK's mel scale: mel(f) = 1127 * ln(1 + f / 700) = 2595 * log10(...).
_MEL_BREAK_HERTZ = 700.0
_MEL_HIGH_FREQUENCY_Q = 1127.0


@kerata_export("kerata.layers.MelSpectrogram")
class MelSpectrogram(Layer):
    """Turns raw audio into a mel spectrogram, by default in decibels.

    The signal is framed and transformed with `kerata.ops.stft` (frames
    centered on every `sequence_stride`-th sample, reflect-padded at the
    ends); the magnitude, raised to `mag_exp`, is mapped onto
    `num_mel_bins` triangular filters evenly spaced on the mel scale
    between `min_freq` and `max_freq`. With `power_to_db` the result is
    `10 * log10(max(S, min_power) / ref_power)`, clipped to `top_db`
    below its maximum (the maximum over the whole batch). It has no
    weights: a fixed preprocessing step, usually the first layer of an
    audio model.

    Args:
        fft_length: Positive int, the transform size.
        sequence_stride: Positive int, samples between frames.
        sequence_length: Positive int at most `fft_length`, the window
            length; None means `fft_length`.
        window: "hann", "hamming" (periodic windows), an array of
            `sequence_length` values, or None (no window).
        sampling_rate: Sampling rate of the input, in Hz.
        num_mel_bins: Positive int, the number of mel bands.
        min_freq: Lower edge of the lowest mel band, in Hz.
        max_freq: Upper edge of the highest mel band, in Hz; None means
            `sampling_rate / 2`.
        power_to_db: Whether to convert the output to decibels.
        top_db: Dynamic range kept by the decibel conversion.
        mag_exp: Exponent of the magnitude: 1 for magnitude, 2 for power.
        min_power: Floor of the spectrogram before the logarithm.
        ref_power: Power that maps to 0 dB.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: Float (or integer) tensor of audio samples.

    Input shape:
        `(batch, samples)`, or `(samples,)` for one unbatched signal.

    Output shape:
        `(batch, num_mel_bins, frames)` (or `(num_mel_bins, frames)`), with
        `frames = 1 + (samples + 2 * (fft_length // 2) - fft_length) //
        sequence_stride`.

    Example:

    >>> layer = kerata.layers.MelSpectrogram(
    ...     fft_length=64, sequence_stride=16, num_mel_bins=8,
    ...     sampling_rate=8000)
    >>> tuple(layer(kerata.ops.ones((2, 256))).shape)
    (2, 8, 17)
    """

    def __init__(
        self,
        fft_length: int = 2048,
        sequence_stride: int = 512,
        sequence_length: int | None = None,
        window: Any = "hann",
        sampling_rate: int = 16000,
        num_mel_bins: int = 128,
        min_freq: float = 20.0,
        max_freq: float | None = None,
        power_to_db: bool = True,
        top_db: float = 80.0,
        mag_exp: float = 2.0,
        min_power: float = 1e-10,
        ref_power: float = 1.0,
        **kwargs: Any,
    ) -> None:
        for name, value in (
            ("fft_length", fft_length),
            ("sequence_stride", sequence_stride),
            ("num_mel_bins", num_mel_bins),
        ):
            _check_positive_int(value, name)
        if sequence_length is not None:
            _check_positive_int(sequence_length, "sequence_length")
        sequence_length = sequence_length or fft_length
        if fft_length < sequence_length:
            raise ValueError(
                "`fft_length` must be at least `sequence_length`. "
                f"Received: sequence_length={sequence_length}, "
                f"fft_length={fft_length}."
            )
        if isinstance(window, str) and window not in ("hann", "hamming"):
            raise ValueError(
                "`window` must be 'hann', 'hamming', an array of "
                "`sequence_length` values or None. Received: "
                f"window={window!r}."
            )
        if sampling_rate <= 0:
            raise ValueError(
                "`sampling_rate` must be positive. Received: "
                f"sampling_rate={sampling_rate!r}."
            )
        max_freq = max_freq or int(sampling_rate / 2)
        if not 0 <= min_freq < max_freq:
            raise ValueError(
                "Expected 0 <= min_freq < max_freq. Received: "
                f"min_freq={min_freq}, max_freq={max_freq}."
            )
        super().__init__(**kwargs)
        self.fft_length = fft_length
        self.sequence_stride = sequence_stride
        self.sequence_length = sequence_length
        self.window = window
        self.sampling_rate = sampling_rate
        self.num_mel_bins = num_mel_bins
        self.min_freq = min_freq
        self.max_freq = max_freq
        self.power_to_db = power_to_db
        self.top_db = top_db
        self.mag_exp = mag_exp
        self.min_power = min_power
        self.ref_power = ref_power
        self._mel_matrix = linear_to_mel_weight_matrix(
            num_mel_bins,
            fft_length // 2 + 1,
            sampling_rate,
            min_freq,
            max_freq,
        )

    def call(self, inputs: Any) -> Any:
        # STFTs run in float32 or float64 on every backend.
        dtype = self.compute_dtype
        if dtype not in ("float32", "float64"):
            dtype = "float32"
        inputs = ops.cast(inputs, dtype)
        real, imag = ops.stft(
            inputs,
            sequence_length=self.sequence_length,
            sequence_stride=self.sequence_stride,
            fft_length=self.fft_length,
            window=self.window,
            center=True,
        )  # (batch, frames, fft_length // 2 + 1)
        spectrum = ops.sqrt(ops.square(real) + ops.square(imag))
        spectrum = ops.power(spectrum, self.mag_exp)
        matrix = ops.convert_to_tensor(self._mel_matrix, dtype=dtype)
        mel = ops.tensordot(spectrum, matrix, axes=1)  # (batch, frames, mels)
        if self.power_to_db:
            mel = self._to_decibels(mel)
        mel = ops.swapaxes(mel, -1, -2)  # (batch, mels, frames)
        return ops.cast(mel, self.compute_dtype)

    def _to_decibels(self, power: Any) -> Any:
        db = 10.0 * ops.log10(ops.maximum(power, self.min_power))
        reference = max(abs(float(self.ref_power)), self.min_power)
        db = db - 10.0 * float(np.log10(reference))
        return ops.maximum(db, ops.max(db) - self.top_db)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        input_shape = tuple(input_shape)
        samples = input_shape[-1]
        frames = None
        if samples is not None:
            padded = samples + 2 * (self.fft_length // 2)
            frames = 1 + (padded - self.fft_length) // self.sequence_stride
        return input_shape[:-1] + (self.num_mel_bins, frames)

    def get_config(self) -> dict:
        config = super().get_config()
        window = self.window
        if window is not None and not isinstance(window, str):
            window = np.asarray(window).tolist()
        config.update(
            {
                "fft_length": self.fft_length,
                "sequence_stride": self.sequence_stride,
                "sequence_length": self.sequence_length,
                "window": window,
                "sampling_rate": self.sampling_rate,
                "num_mel_bins": self.num_mel_bins,
                "min_freq": self.min_freq,
                "max_freq": self.max_freq,
                "power_to_db": self.power_to_db,
                "top_db": self.top_db,
                "mag_exp": self.mag_exp,
                "min_power": self.min_power,
                "ref_power": self.ref_power,
            }
        )
        return config


def _hertz_to_mel(hertz: Any) -> Any:
    return _MEL_HIGH_FREQUENCY_Q * np.log1p(
        np.asarray(hertz, dtype="float64") / _MEL_BREAK_HERTZ
    )


def linear_to_mel_weight_matrix(
    num_mel_bins: int,
    num_spectrogram_bins: int,
    sampling_rate: float,
    lower_edge_hertz: float,
    upper_edge_hertz: float,
) -> np.ndarray:
    """The `(num_spectrogram_bins, num_mel_bins)` float32 matrix that maps
    a linear-frequency spectrum onto triangular mel filters of peak 1.

    Spectrogram bin `k` is the frequency `k * sampling_rate /
    (2 * (num_spectrogram_bins - 1))`; the DC bin gets no weight. Filter
    `m` rises from mel edge `m` to `m + 1` and falls to `m + 2`, the
    `num_mel_bins + 2` edges being evenly spaced in mel between the two
    edge frequencies.
    """
    nyquist = sampling_rate / 2.0
    frequencies = np.linspace(0.0, nyquist, num_spectrogram_bins)[1:]
    bins_mel = _hertz_to_mel(frequencies)[:, None]  # (bins - 1, 1)
    edges = np.linspace(
        _hertz_to_mel(lower_edge_hertz),
        _hertz_to_mel(upper_edge_hertz),
        num_mel_bins + 2,
    )
    lower, center, upper = edges[:-2], edges[1:-1], edges[2:]
    rising = (bins_mel - lower) / (center - lower)
    falling = (upper - bins_mel) / (upper - center)
    weights = np.maximum(0.0, np.minimum(rising, falling))
    return np.pad(weights, [(1, 0), (0, 0)]).astype("float32")


def _check_positive_int(value: Any, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(
            f"`{name}` must be a positive int. Received: {name}={value!r}."
        )
