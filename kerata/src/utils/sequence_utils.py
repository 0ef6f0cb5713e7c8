"""`pad_sequences`: lists of variable-length sequences to one array."""

from __future__ import annotations

from typing import Any

import numpy as np

from kerata.src.api_export import kerata_export

_SIDES = ("pre", "post")


@kerata_export(
    "kerata.utils.pad_sequences", "kerata.preprocessing.sequence.pad_sequences"
)
def pad_sequences(
    sequences: Any,
    maxlen: int | None = None,
    dtype: Any = "int32",
    padding: str = "pre",
    truncating: str = "pre",
    value: Any = 0.0,
) -> np.ndarray:
    """Pads (or truncates) sequences to one length, stacked in an array.

    Each sequence shorter than `maxlen` is filled with `value` on the side
    given by `padding`; each longer one loses steps on the side given by
    `truncating`. Steps may themselves be arrays, as long as all steps share
    one shape.

    Args:
        sequences: List of sequences (lists or arrays).
        maxlen: Length of the output sequences. `None` uses the longest.
        dtype: Dtype of the result. Use `object` for variable-length
            strings.
        padding: "pre" or "post": where padding goes.
        truncating: "pre" or "post": where long sequences are cut.
        value: The padding value.

    Returns:
        NumPy array of shape `(len(sequences), maxlen) + step_shape`.

    Raises:
        ValueError: If `sequences` or one of its items is not a sequence,
            `padding`/`truncating` is not "pre" or "post", `value` does not
            fit `dtype`, or steps differ in shape.

    Example:

    >>> kerata.utils.pad_sequences([[1], [2, 3], [4, 5, 6]]).tolist()
    [[0, 0, 1], [0, 2, 3], [4, 5, 6]]
    >>> kerata.utils.pad_sequences([[1], [2, 3]], padding="post").tolist()
    [[1, 0], [2, 3]]
    >>> kerata.utils.pad_sequences([[1, 2, 3]], maxlen=2).tolist()
    [[2, 3]]
    """
    for name, side in (("padding", padding), ("truncating", truncating)):
        if side not in _SIDES:
            raise ValueError(
                f'`{name}` must be "pre" or "post". Received: {name}={side!r}'
            )
    lengths, step_shape = _lengths_and_step_shape(sequences)
    if maxlen is None:
        maxlen = max(lengths, default=0)
    elif isinstance(maxlen, bool) or not isinstance(maxlen, (int, np.integer)):
        raise TypeError(
            f"`maxlen` must be a non-negative int or None. Received: "
            f"maxlen={maxlen!r}"
        )
    output = _filled(len(lengths), int(maxlen), step_shape, dtype, value)
    for position, sequence in enumerate(sequences):
        if not len(sequence) or not maxlen:
            continue
        kept = sequence[-maxlen:] if truncating == "pre" else sequence[:maxlen]
        kept = _as_array(kept, dtype, position)
        if kept.shape[1:] != step_shape:
            raise ValueError(
                f"Steps of the sequence at position {position} have shape "
                f"{kept.shape[1:]}, but earlier steps have shape "
                f"{step_shape}. Every step must have the same shape."
            )
        if padding == "post":
            output[position, : len(kept)] = kept
        else:
            output[position, maxlen - len(kept) :] = kept
    return output


def _as_array(steps: Any, dtype: Any, position: int) -> np.ndarray:
    try:
        return np.asarray(steps, dtype=dtype)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"The sequence at position {position} holds a value that does "
            f"not fit dtype={dtype!r}: {str(steps)[:200]} ({error}). Pass a "
            "matching `dtype` (e.g. `dtype=object` for strings)."
        ) from error


def _lengths_and_step_shape(sequences: Any) -> tuple:
    if isinstance(sequences, (str, bytes)) or not hasattr(sequences, "__len__"):
        raise ValueError(
            "`sequences` must be a list of sequences. Received: "
            f"sequences={str(sequences)[:200]} of type "
            f"{type(sequences).__name__}"
        )
    lengths = []
    step_shape = None
    for position, sequence in enumerate(sequences):
        if isinstance(sequence, (str, bytes)) or not hasattr(
            sequence, "__len__"
        ):
            raise ValueError(
                "`sequences` must be a list of sequences (lists or arrays). "
                f"Found the non-sequence {sequence!r} at position {position}."
            )
        lengths.append(len(sequence))
        # The first non-empty sequence sets the shape of one step.
        if step_shape is None and len(sequence):
            step_shape = np.asarray(sequence).shape[1:]
    return lengths, step_shape or ()


def _filled(
    count: int, maxlen: int, step_shape: tuple, dtype: Any, value: Any
) -> np.ndarray:
    is_text_dtype = dtype is not object and (
        np.issubdtype(dtype, np.str_) or np.issubdtype(dtype, np.bytes_)
    )
    if isinstance(value, str) and dtype is not object and not is_text_dtype:
        raise ValueError(
            f"`value` {value!r} is a string, which does not fit "
            f"dtype={dtype!r}. Pass `dtype=object` to pad variable-length "
            "strings."
        )
    try:
        return np.full((count, maxlen) + step_shape, value, dtype=dtype)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"Cannot fill an array of dtype={dtype!r} with "
            f"value={value!r}: {error}"
        ) from error
