"""Argument checks and output-shape arithmetic for conv and pooling layers.

The shape functions let layers answer `compute_output_shape` without
tracing, and turn an impossible configuration (a kernel larger than the
input) into an error at build time rather than inside the backend.
"""

from __future__ import annotations

from typing import Any


def standardize_tuple(
    value: Any, n: int, name: str, allow_zero: bool = False
) -> tuple:
    """Returns `value` as a tuple of `n` ints; an int is repeated."""
    if isinstance(value, int) and not isinstance(value, bool):
        result = (value,) * n
    else:
        try:
            result = tuple(value)
        except TypeError:
            result = ()
        if len(result) != n or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in result
        ):
            raise ValueError(
                f"`{name}` must be an int or a tuple of {n} ints. "
                f"Received: {name}={value!r}"
            )
    low = 0 if allow_zero else 1
    if any(v < low for v in result):
        raise ValueError(
            f"`{name}` must hold ints {'>= 0' if allow_zero else '> 0'}. "
            f"Received: {name}={value!r}"
        )
    return result


def standardize_padding(value: Any, allow_causal: bool = False) -> str:
    """Lower-cases and checks a padding mode."""
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    padding = value.lower() if isinstance(value, str) else value
    if padding not in allowed:
        raise ValueError(
            f"`padding` must be one of {allowed}. Received: padding={value!r}"
        )
    return padding


def _spatial(input_shape: tuple, data_format: str) -> tuple:
    if data_format == "channels_last":
        return tuple(input_shape[1:-1])
    return tuple(input_shape[2:])


def _assemble(
    input_shape: tuple, spatial: list, channels: Any, data_format: str
) -> tuple:
    if data_format == "channels_last":
        return (input_shape[0], *spatial, channels)
    return (input_shape[0], channels, *spatial)


def conv_output_shape(
    input_shape: tuple,
    filters: int,
    kernel_size: tuple,
    strides: tuple,
    padding: str,
    data_format: str,
    dilation_rate: tuple,
) -> tuple:
    """Output shape of a convolution; unknown (None) sizes stay None."""
    out = []
    for size, k, s, d in zip(
        _spatial(input_shape, data_format), kernel_size, strides, dilation_rate
    ):
        if size is None:
            out.append(None)
        elif padding == "valid":
            n = (size - (k - 1) * d - 1) // s + 1
            if n <= 0:
                raise ValueError(
                    "The convolution's output would be empty: input shape "
                    f"{tuple(input_shape)}, kernel_size={kernel_size}, "
                    f"strides={strides}, dilation_rate={dilation_rate}, "
                    f"padding={padding!r}. Use a smaller kernel or "
                    "padding='same'."
                )
            out.append(n)
        else:  # "same" and "causal" keep ceil(size / stride) positions.
            out.append((size - 1) // s + 1)
    return _assemble(input_shape, out, filters, data_format)


def conv_transpose_output_shape(
    input_shape: tuple,
    filters: int,
    kernel_size: tuple,
    strides: tuple,
    padding: str,
    output_padding: tuple | None,
    data_format: str,
    dilation_rate: tuple,
) -> tuple:
    """Output shape of a transposed convolution, sized as in Keras."""
    out = []
    for i, size in enumerate(_spatial(input_shape, data_format)):
        k = (kernel_size[i] - 1) * dilation_rate[i] + 1
        s = strides[i]
        extra = None if output_padding is None else output_padding[i]
        if size is None:
            out.append(None)
        elif padding == "valid":
            extra = max(k, s) - k if extra is None else extra
            out.append((size - 1) * s + k + extra)
        elif extra is None:
            out.append(size * s)
        else:
            out.append((size - 1) * s + k % 2 + extra)
    return _assemble(input_shape, out, filters, data_format)


def pooling_output_shape(
    input_shape: tuple,
    pool_size: tuple,
    strides: tuple,
    padding: str,
    data_format: str,
) -> tuple:
    """Output shape of max or average pooling."""
    out = []
    for size, p, s in zip(
        _spatial(input_shape, data_format), pool_size, strides
    ):
        if size is None:
            out.append(None)
        elif padding == "valid":
            n = (size - p) // s + 1
            if n <= 0:
                raise ValueError(
                    "The pooling's output would be empty: input shape "
                    f"{tuple(input_shape)}, pool_size={pool_size}, "
                    f"strides={strides}, padding={padding!r}. Use a smaller "
                    "pool_size or padding='same'."
                )
            out.append(n)
        else:
            out.append((size - 1) // s + 1)
    channels = input_shape[-1 if data_format == "channels_last" else 1]
    return _assemble(input_shape, out, channels, data_format)
