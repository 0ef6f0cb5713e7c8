"""Public ops: `kerata.ops.nn` connectionist temporal classification (CTC).

CTC scores an unsegmented label sequence against per-frame class logits by
summing over every alignment of the labels to the frames (Graves et al.,
2006); `ctc_decode` turns logits back into label sequences.
"""

from __future__ import annotations

from typing import Any

from kerata.src import backend
from kerata.src.api_export import kerata_export
from kerata.src.ops.nn import _checks
from kerata.src.ops.operation import symbolic_op

_STRATEGIES = ("greedy", "beam_search")


def _check_rank(x: Any, rank: int, name: str, layout: str) -> tuple:
    shape = _checks.shape_of(x)
    if len(shape) != rank:
        raise ValueError(
            f"`{name}` must have rank {rank}: {layout}. "
            f"Received: {name}.shape={shape}"
        )
    return shape


def _check_batch(sizes: dict) -> None:
    known = {name: size for name, size in sizes.items() if size is not None}
    if len(set(known.values())) > 1:
        shown = ", ".join(f"{name}: {size}" for name, size in known.items())
        raise ValueError(
            "All arguments must have the same batch size (first axis). "
            f"Received batch sizes {shown}."
        )


def _check_loss_args(target, output, target_length, output_length) -> tuple:
    t = _check_rank(target, 2, "target", "(batch_size, max_label_length)")
    o = _check_rank(
        output, 3, "output", "(batch_size, max_time, num_classes) logits"
    )
    tl = _check_rank(target_length, 1, "target_length", "(batch_size,)")
    ol = _check_rank(output_length, 1, "output_length", "(batch_size,)")
    _check_batch(
        {
            "target": t[0],
            "output": o[0],
            "target_length": tl[0],
            "output_length": ol[0],
        }
    )
    return t, o


def _ctc_dtype(x: Any) -> str:
    dtype = getattr(x, "dtype", None)
    if dtype is None:
        return "float32"
    return backend.result_type(backend.standardize_dtype(dtype), "float32")


def _ctc_loss_spec(
    target: Any,
    output: Any,
    target_length: Any,
    output_length: Any,
    mask_index: int = 0,
) -> Any:
    t, o = _check_loss_args(target, output, target_length, output_length)
    batch = t[0] if o[0] is None else o[0]
    return backend.KerasTensor((batch,), dtype=_ctc_dtype(output))


@kerata_export("kerata.ops.ctc_loss", "kerata.ops.nn.ctc_loss")
@symbolic_op(spec=_ctc_loss_spec)
def ctc_loss(
    target: Any,
    output: Any,
    target_length: Any,
    output_length: Any,
    mask_index: int = 0,
) -> Any:
    """CTC (connectionist temporal classification) loss, per sample.

    The loss is `-log p(target | output)`, where the probability sums
    over every alignment of the labels to the frames: a label may span
    several frames, and blanks (class `mask_index`) may come between
    labels and must come between two equal ones. `output` holds logits:
    `log_softmax` is applied inside. A sample whose labels cannot fit in
    its frames gets an infinite loss.

    Args:
        target: Integer tensor `(batch_size, max_label_length)`: the labels,
            padded after `target_length[i]` with any value.
        output: Float tensor `(batch_size, max_time, num_classes)` of
            logits (not normalised by a softmax).
        target_length: Integer tensor `(batch_size,)`: the labels' lengths.
        output_length: Integer tensor `(batch_size,)`: the number of valid
            frames of each sample, at most `max_time`.
        mask_index: The blank class.

    Returns:
        A float tensor `(batch_size,)` (float32 at least).

    Raises:
        ValueError: If the ranks are wrong or the batch sizes differ.

    Example:

    >>> logits = kerata.ops.zeros((1, 2, 2))  # 2 frames, classes {blank, 1}
    >>> loss = kerata.ops.ctc_loss([[1]], logits, [1], [2])
    >>> round(float(loss[0]), 4)  # -log(3 alignments / 4 paths)
    0.2877
    """
    _check_loss_args(target, output, target_length, output_length)
    return backend.nn.ctc_loss(
        target, output, target_length, output_length, mask_index=mask_index
    )


def _check_decode_args(
    inputs, sequence_lengths, strategy, beam_width, top_paths
) -> tuple:
    x = _check_rank(
        inputs, 3, "inputs", "(batch_size, max_time, num_classes) logits"
    )
    n = _check_rank(sequence_lengths, 1, "sequence_lengths", "(batch_size,)")
    _check_batch({"inputs": x[0], "sequence_lengths": n[0]})
    if strategy not in _STRATEGIES:
        raise ValueError(
            f"`strategy` must be one of {_STRATEGIES}. "
            f"Received: strategy={strategy!r}"
        )
    for name, value in (("beam_width", beam_width), ("top_paths", top_paths)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(
                f"`{name}` must be a positive int. Received: {name}={value!r}"
            )
    if strategy == "beam_search" and top_paths > beam_width:
        raise ValueError(
            "`top_paths` must be at most `beam_width`. Received: "
            f"top_paths={top_paths}, beam_width={beam_width}"
        )
    return x


def _ctc_decode_spec(
    inputs: Any,
    sequence_lengths: Any,
    strategy: str = "greedy",
    beam_width: int = 100,
    top_paths: int = 1,
    merge_repeated: bool = True,
    mask_index: int = 0,
) -> tuple:
    batch, time, _ = _check_decode_args(
        inputs, sequence_lengths, strategy, beam_width, top_paths
    )
    paths = 1 if strategy == "greedy" else top_paths
    return (
        backend.KerasTensor((paths, batch, time), dtype="int32"),
        backend.KerasTensor((batch, paths), dtype=_ctc_dtype(inputs)),
    )


@kerata_export("kerata.ops.ctc_decode", "kerata.ops.nn.ctc_decode")
@symbolic_op(spec=_ctc_decode_spec)
def ctc_decode(
    inputs: Any,
    sequence_lengths: Any,
    strategy: str = "greedy",
    beam_width: int = 100,
    top_paths: int = 1,
    merge_repeated: bool = True,
    mask_index: int = 0,
) -> tuple:
    """Decodes CTC logits into label sequences.

    `"greedy"` takes the most likely class of each frame, merges repeats
    (with `merge_repeated`) and drops blanks. `"beam_search"` keeps the
    `beam_width` most likely label prefixes frame by frame, merging the
    alignments of each prefix.

    Args:
        inputs: Float tensor `(batch_size, max_time, num_classes)` of logits
            (not normalised by a softmax).
        sequence_lengths: Integer tensor `(batch_size,)`: the number of
            valid frames of each sample.
        strategy: `"greedy"` or `"beam_search"`.
        beam_width: Positive int, the number of prefixes beam search keeps.
        top_paths: Positive int, the number of sequences beam search
            returns, at most `beam_width`.
        merge_repeated: Whether greedy decoding merges repeated labels.
        mask_index: The blank class; None means the last class.

    Returns:
        A tuple `(decoded, scores)`. `decoded`: int32 tensor `(paths,
        batch_size, max_time)` of labels, padded with -1, where `paths` is
        1 for greedy decoding and `top_paths` for beam search. `scores`:
        `(batch_size, paths)`; for greedy decoding the negated sum of each
        frame's largest logit, for beam search the log-probability of each
        sequence.

    Raises:
        ValueError: If the ranks, batch sizes, strategy or widths are
            wrong.

    Example:

    >>> logits = [[[0.0, 1.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0],
    ...            [0.0, 0.0, 1.0]]]
    >>> decoded, scores = kerata.ops.ctc_decode(logits, [4])
    >>> kerata.ops.convert_to_numpy(decoded).tolist()
    [[[1, 2, -1, -1]]]
    >>> float(scores[0, 0])
    -4.0
    """
    _check_decode_args(
        inputs, sequence_lengths, strategy, beam_width, top_paths
    )
    return backend.nn.ctc_decode(
        inputs,
        sequence_lengths,
        strategy=strategy,
        beam_width=beam_width,
        top_paths=top_paths,
        merge_repeated=merge_repeated,
        mask_index=mask_index,
    )
