"""`STFTSpectrogram`: short-time Fourier transform of signals, computed
as a strided 1D convolution with (optionally trainable) Fourier kernels.

A convolution rather than `kerata.ops.stft`, as in Keras: the kernels are
weights (`real_kernel`, `imag_kernel`), so the transform can be fine-tuned
with the model and the layer's weights load from Keras files.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.layers.input_spec import InputSpec
from kerata.src.layers.layer import Layer

_MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")
_SCALINGS = ("density", "spectrum", None)
_FLOAT_INPUTS = ("float16", "float32", "float64")


@kerata_export("kerata.layers.STFTSpectrogram")
class STFTSpectrogram(Layer):
    """Spectrogram of 1D signals by the short-time Fourier transform (STFT).

    Each channel of the input signal is cut into frames of `frame_length`
    samples, `frame_step` apart; each frame is multiplied by the window
    and transformed to `fft_length // 2 + 1` frequency bins. The transform
    is a strided 1D convolution whose kernels (`real_kernel`,
    `imag_kernel`, of shape `(frame_length, 1, fft_length // 2 + 1)`) hold
    the windowed cosines and sines, so it runs fast on accelerators and
    can be trained jointly with the model (pass `trainable=False` to keep
    it a fixed transform).

    Args:
        mode: Output: "log" (log magnitude), "magnitude", "psd" (power
            spectral density: the power, with the bins other than the
            first and last doubled), "real", "imag", "angle" (phase), or
            "stft" (real then imaginary parts along the frequency axis).
        frame_length: Positive int, samples per frame (window length).
        frame_step: Positive int at most `frame_length`, samples between
            frame starts. None means `frame_length // 2`.
        fft_length: Int >= `frame_length`, the transform size (a power of
            two is fastest). None means the smallest power of two
            >= `frame_length`.
        window: "hann", "hamming", another window name of
            `scipy.signal.get_window` (needs SciPy), an array of
            `frame_length` values, or None for no window.
        periodic: Whether the named window is periodic (as for spectral
            analysis) instead of symmetric.
        scaling: "density" (divide the window by its L2 norm), "spectrum"
            (by its L1 norm) or None.
        padding: "valid" (frames inside the signal only) or "same" (pad so
            that there are `ceil(time / frame_step)` frames).
        expand_dims: Whether to keep frequency and channels as separate
            axes (an image-like output) instead of merging them.
        data_format: "channels_last" (`(batch, time, channels)`) or
            "channels_first" (`(batch, channels, time)`); None means
            `kerata.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Raises:
        ValueError: For an unknown `mode`, `scaling`, `padding` or window
            name, or lengths that do not fit together.
        TypeError: When called on inputs that are not float16, float32 or
            float64.

    Call arguments:
        inputs: Float tensor of rank 3; each channel is transformed with
            the same kernels.

    Input shape:
        `(batch, time, channels)` (channels_last) or `(batch, channels,
        time)` (channels_first).

    Output shape:
        With `freq = fft_length // 2 + 1` (doubled for mode "stft") and
        `frames` the number of frames: `(batch, frames, channels * freq)`,
        or `(batch, frames, freq, channels)` with `expand_dims`
        (channels_last); `(batch, channels * freq, frames)`, or `(batch,
        channels, frames, freq)` with `expand_dims` (channels_first).

    Example:

    >>> layer = kerata.layers.STFTSpectrogram(
    ...     mode="magnitude", frame_length=8, frame_step=4, fft_length=8)
    >>> tuple(layer(kerata.ops.ones((2, 24, 2))).shape)
    (2, 5, 10)
    >>> [tuple(w.shape) for w in layer.weights]
    [(8, 1, 5), (8, 1, 5)]
    >>> layer = kerata.layers.STFTSpectrogram(
    ...     frame_length=8, padding="same", expand_dims=True)
    >>> layer.compute_output_shape((2, 24, 2))
    (2, 6, 5, 2)
    """

    def __init__(
        self,
        mode: str = "log",
        frame_length: int = 256,
        frame_step: int | None = None,
        fft_length: int | None = None,
        window: Any = "hann",
        periodic: bool = False,
        scaling: str | None = "density",
        padding: str = "valid",
        expand_dims: bool = False,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        _check_positive_int(frame_length, "frame_length")
        if frame_step is not None:
            _check_positive_int(frame_step, "frame_step")
            if frame_step > frame_length:
                raise ValueError(
                    "`frame_step` must be at most `frame_length`. Received: "
                    f"frame_step={frame_step}, frame_length={frame_length}."
                )
        if fft_length is not None:
            _check_positive_int(fft_length, "fft_length")
            if fft_length < frame_length:
                raise ValueError(
                    "`fft_length` must be at least `frame_length`. "
                    f"Received: fft_length={fft_length}, "
                    f"frame_length={frame_length}."
                )
            if fft_length & (fft_length - 1):
                warnings.warn(
                    "`fft_length` is best a power of two. Received: "
                    f"fft_length={fft_length}.",
                    stacklevel=2,
                )
        _check_choice(mode, _MODES, "mode")
        _check_choice(scaling, _SCALINGS, "scaling")
        _check_choice(padding, ("valid", "same"), "padding")
        if isinstance(window, str):
            window_values(window, 1, periodic)  # fails early on bad names
        elif window is not None:
            shape = np.shape(window)
            if shape != (frame_length,):
                raise ValueError(
                    f"A `window` array must have shape ({frame_length},), "
                    f"(frame_length,). Received shape {shape}."
                )
        super().__init__(**kwargs)
        self.mode = mode
        self.frame_length = frame_length
        self.frame_step = frame_step
        self.fft_length = fft_length
        self._frame_step = frame_step or frame_length // 2 or 1
        self._fft_length = fft_length or 2 ** math.ceil(math.log2(frame_length))
        self.window = window
        self.periodic = periodic
        self.scaling = scaling
        self.padding = padding
        self.expand_dims = expand_dims
        self.data_format = backend.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=3)

    def build(self, input_shape: Any = None) -> None:
        bins = self._fft_length // 2 + 1
        if self.mode != "imag":
            self.real_kernel = self.add_weight(
                name="real_kernel",
                shape=(self.frame_length, 1, bins),
                initializer=self._kernel("real"),
            )
        if self.mode != "real":
            self.imag_kernel = self.add_weight(
                name="imag_kernel",
                shape=(self.frame_length, 1, bins),
                initializer=self._kernel("imag"),
            )

    def _kernel(self, side: str) -> np.ndarray:
        """The windowed Fourier basis `(frame_length, 1, bins)`: cosines
        for the real part, sines of negative angles for the imaginary."""
        bins = self._fft_length // 2 + 1
        time = np.arange(self.frame_length, dtype="float64")[:, None, None]
        # As Keras: bins are spaced for a transform of 2 * (bins - 1).
        freq = np.arange(bins, dtype="float64") / max(2 * (bins - 1), 1)
        angles = -2.0 * np.pi * time * freq  # (frame_length, 1, bins)
        kernel = np.cos(angles) if side == "real" else np.sin(angles)
        win = window_values(self.window, self.frame_length, self.periodic)
        if win is not None:
            if self.scaling == "density":
                scale = np.sqrt(np.sum(win**2))
            elif self.scaling == "spectrum":
                scale = np.sum(np.abs(win))
            else:
                scale = 1.0
            kernel = kernel * win[:, None, None] / scale
        return kernel.astype(self.variable_dtype)

    def call(self, inputs: Any) -> Any:
        dtype = backend.standardize_dtype(inputs.dtype)
        if dtype not in _FLOAT_INPUTS:
            raise TypeError(
                f"Layer {self.name!r} needs float16, float32 or float64 "
                f"signals. Received inputs of dtype {dtype}."
            )
        real = imag = None
        if self.mode != "imag":
            real = self._transform(inputs, self.real_kernel)
        if self.mode != "real":
            imag = self._transform(inputs, self.imag_kernel)
        if self.mode == "real":
            return self._arrange(real)
        if self.mode == "imag":
            return self._arrange(imag)
        if self.mode == "angle":
            return self._arrange(ops.arctan2(imag, real))
        if self.mode == "stft":
            return self._arrange(ops.concatenate([real, imag], axis=2))
        power = ops.square(real) + ops.square(imag)  # (batch, ch, bins, frames)
        if self.mode == "psd":
            # One-sided density: every bin but DC and Nyquist counts twice.
            inner = ops.pad(power[:, :, 1:-1], [(0, 0), (0, 0), (1, 1), (0, 0)])
            return self._arrange(power + inner)
        eps = backend.epsilon()
        magnitude = self._arrange(ops.sqrt(ops.maximum(power, eps)))
        if self.mode == "magnitude":
            return magnitude
        return ops.log(ops.maximum(magnitude, eps))

    def _transform(self, inputs: Any, kernel: Any) -> Any:
        """One convolution over all channels at once, as a batch of
        `batch * channels` one-channel signals; returns `(batch,
        channels, bins, frames)`."""
        if self.data_format == "channels_last":
            time, channels = inputs.shape[1], inputs.shape[2]
            signals = ops.reshape(ops.transpose(inputs, (0, 2, 1)), (-1, time))
            signals = ops.expand_dims(signals, -1)  # (batch * ch, time, 1)
        else:
            channels, time = inputs.shape[1], inputs.shape[2]
            signals = ops.reshape(inputs, (-1, 1, time))
        kernel = ops.cast(kernel, inputs.dtype)
        outputs = ops.conv(
            signals,
            kernel,
            strides=self._frame_step,
            padding=self.padding,
            data_format=self.data_format,
        )
        if self.data_format == "channels_last":
            outputs = ops.transpose(outputs, (0, 2, 1))  # (b * ch, bins, t)
        bins, frames = outputs.shape[1], outputs.shape[2]
        return ops.reshape(outputs, (-1, channels, bins, frames))

    def _arrange(self, outputs: Any) -> Any:
        """`(batch, channels, bins, frames)` to the output layout."""
        _, channels, bins, frames = outputs.shape
        if self.expand_dims:
            order = (0, 3, 2, 1) if self._channels_last else (0, 1, 3, 2)
            return ops.transpose(outputs, order)
        outputs = ops.reshape(outputs, (-1, channels * bins, frames))
        if self._channels_last:
            return ops.transpose(outputs, (0, 2, 1))
        return outputs

    @property
    def _channels_last(self) -> bool:
        return self.data_format == "channels_last"

    def compute_output_shape(self, input_shape: Any) -> tuple:
        input_shape = tuple(input_shape)
        if self._channels_last:
            batch, time, channels = input_shape
        else:
            batch, channels, time = input_shape
        bins = self._fft_length // 2 + 1
        if self.mode == "stft":
            bins *= 2
        frames = _num_frames(
            time, self.frame_length, self._frame_step, self.padding
        )
        if self.expand_dims:
            if self._channels_last:
                return (batch, frames, bins, channels)
            return (batch, channels, frames, bins)
        merged = None if channels is None else channels * bins
        if self._channels_last:
            return (batch, frames, merged)
        return (batch, merged, frames)

    def get_config(self) -> dict:
        config = super().get_config()
        window = self.window
        if window is not None and not isinstance(window, str):
            window = np.asarray(window).tolist()
        config.update(
            {
                "mode": self.mode,
                "frame_length": self.frame_length,
                "frame_step": self.frame_step,
                "fft_length": self.fft_length,
                "window": window,
                "periodic": self.periodic,
                "scaling": self.scaling,
                "padding": self.padding,
                "data_format": self.data_format,
                "expand_dims": self.expand_dims,
            }
        )
        return config


def window_values(window: Any, length: int, periodic: bool) -> Any:
    """The window as a float64 NumPy array of `length` values (None for no
    window). "hann" and "hamming" need nothing; other names use SciPy."""
    if window is None:
        return None
    if not isinstance(window, str):
        return np.asarray(window, dtype="float64")
    if window in ("hann", "hamming"):
        if length == 1:
            return np.ones(1)
        n = np.arange(length, dtype="float64")
        period = length if periodic else length - 1
        alpha = 0.5 if window == "hann" else 0.54
        return alpha - (1.0 - alpha) * np.cos(2.0 * np.pi * n / period)
    try:
        from scipy import signal
    except ImportError:
        raise ValueError(
            f"The window {window!r} needs SciPy, which is not installed. "
            "Use 'hann', 'hamming', an array of values, or install scipy."
        ) from None
    try:
        return np.asarray(
            signal.get_window(window, length, fftbins=periodic),
            dtype="float64",
        )
    except ValueError as e:
        raise ValueError(
            f"Unknown window name: window={window!r}. Expected 'hann', "
            "'hamming' or another name of `scipy.signal.get_window`."
        ) from e


def _num_frames(time: Any, length: int, step: int, padding: str) -> Any:
    if time is None:
        return None
    if padding == "same":
        return -(-time // step)
    return max((time - length) // step + 1, 0)


def _check_positive_int(value: Any, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(
            f"`{name}` must be a positive int. Received: {name}={value!r}."
        )


def _check_choice(value: Any, choices: tuple, name: str) -> None:
    if value not in choices:
        raise ValueError(
            f"`{name}` must be one of {list(choices)}. Received: "
            f"{name}={value!r}."
        )
