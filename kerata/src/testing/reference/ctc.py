"""Plain-Python/NumPy references for CTC (no kerata imports).

Written one sample at a time, straight from the definitions (Graves et
al., 2006), in float64, so they read as the specification the backends
are checked against.
"""

import math

import numpy as np


def log_softmax(logits):
    x = np.asarray(logits, dtype="float64")
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _logsumexp(values):
    finite = [v for v in values if v != -math.inf]
    if not finite:
        return -math.inf
    top = max(finite)
    return top + math.log(sum(math.exp(v - top) for v in finite))


def _sample_loss(log_probs, labels, blank):
    """-log p(labels | log_probs) for one sample: (time, classes)."""
    extended = [blank]
    for label in labels:
        extended += [label, blank]
    alpha = [0.0] + [-math.inf] * (len(extended) - 1)  # before time 0
    for frame in log_probs:
        new = []
        for s, symbol in enumerate(extended):
            sources = [alpha[s]]
            if s >= 1:
                sources.append(alpha[s - 1])
            if s >= 2 and symbol != blank and symbol != extended[s - 2]:
                sources.append(alpha[s - 2])
            new.append(_logsumexp(sources) + frame[symbol])
        alpha = new
    ends = alpha[-2:] if labels else alpha[-1:]
    return -_logsumexp(ends)


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """Per-sample CTC loss of logits `output` (batch, time, classes)."""
    log_probs = log_softmax(output)
    target = np.asarray(target).astype("int64")
    losses = [
        _sample_loss(
            log_probs[b, : int(output_length[b])],
            target[b, : int(target_length[b])].tolist(),
            mask_index,
        )
        for b in range(log_probs.shape[0])
    ]
    return np.array(losses, dtype="float64")


def ctc_greedy_decode(inputs, sequence_lengths, merge_repeated=True, blank=0):
    """Best path: argmax per frame, repeats merged, blanks dropped.

    Returns `(paths, scores)` as `ctc_decode` does: paths (1, batch,
    time) padded with -1; scores (batch, 1) = -sum of the frames' maxima.
    """
    inputs = np.asarray(inputs, dtype="float64")
    batch, time, _ = inputs.shape
    paths = np.full((1, batch, time), -1, dtype="int64")
    scores = np.zeros((batch, 1))
    for b in range(batch):
        length = int(sequence_lengths[b])
        best = inputs[b, :length].argmax(axis=-1).tolist()
        scores[b, 0] = -inputs[b, :length].max(axis=-1).sum()
        decoded, previous = [], None
        for symbol in best:
            if symbol != blank and not (merge_repeated and symbol == previous):
                decoded.append(symbol)
            previous = symbol
        paths[0, b, : len(decoded)] = decoded
    return paths, scores


def _add(candidates, prefix, blank_score, label_score):
    old_blank, old_label = candidates.get(prefix, (-math.inf, -math.inf))
    candidates[prefix] = (
        _logsumexp([old_blank, blank_score]),
        _logsumexp([old_label, label_score]),
    )


def _beam_search_sample(log_probs, beam_width, top_paths, blank):
    # prefix -> (log p(prefix, ending in blank), log p(ending in a label))
    beams = {(): (0.0, -math.inf)}
    for frame in log_probs:
        candidates = {}
        for prefix, (p_blank, p_label) in beams.items():
            total = _logsumexp([p_blank, p_label])
            for symbol, score in enumerate(frame):
                if symbol == blank:
                    _add(candidates, prefix, total + score, -math.inf)
                elif prefix and symbol == prefix[-1]:
                    # A repeat merges unless a blank separates the two.
                    _add(candidates, prefix, -math.inf, p_label + score)
                    _add(
                        candidates,
                        prefix + (symbol,),
                        -math.inf,
                        p_blank + score,
                    )
                else:
                    _add(
                        candidates, prefix + (symbol,), -math.inf, total + score
                    )
        ranked = sorted(
            candidates.items(), key=lambda item: -_logsumexp(item[1])
        )
        beams = dict(ranked[:beam_width])
    ranked = sorted(beams.items(), key=lambda item: -_logsumexp(item[1]))
    return [(list(p), _logsumexp(s)) for p, s in ranked[:top_paths]]


def ctc_beam_search_decode(
    inputs, sequence_lengths, beam_width=100, top_paths=1, blank=0
):
    """Prefix beam search over `log_softmax(inputs)`.

    Returns `(paths, scores)`: paths (top_paths, batch, time) padded with
    -1, scores (batch, top_paths) the log-probabilities of the paths.
    """
    log_probs = log_softmax(inputs)
    batch, time, _ = log_probs.shape
    paths = np.full((top_paths, batch, time), -1, dtype="int64")
    scores = np.full((batch, top_paths), -np.inf)
    for b in range(batch):
        found = _beam_search_sample(
            log_probs[b, : int(sequence_lengths[b])].tolist(),
            beam_width,
            top_paths,
            blank,
        )
        for k, (path, score) in enumerate(found):
            paths[k, b, : len(path)] = path
            scores[b, k] = score
    return paths, scores
