"""Drawing for the HTML training report: SVG charts and HTML tables.

Everything here returns markup as text and needs only NumPy, so the report
is one self-contained file (no JavaScript, no stylesheet or font to fetch)
and writing it needs no plotting library. `kerata.callbacks.HTMLReport`
puts the pieces together.
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np

# Colours of the training, validation and learning-rate curves.
COLORS = {"training": "#1f77b4", "validation": "#ff7f0e", "rate": "#2ca02c"}
_WIDTH = 540
_HEIGHT = 300
_LEFT, _RIGHT, _TOP, _BOTTOM = 70, 18, 44, 46

STYLE = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif;
  margin: 24px 32px; color: #222; background: #fafafa; }
h1 { font-size: 26px; margin: 0 0 4px 0; }
h2 { font-size: 19px; margin: 28px 0 10px 0; border-bottom: 1px solid #ccc;
  padding-bottom: 4px; }
.status { color: #555; margin: 0; font-size: 14px; }
.status .state { font-weight: bold; }
.running .state { color: #1f77b4; }
.finished .state { color: #2a8a2a; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.chart { background: #fff; border: 1px solid #ddd; border-radius: 4px; }
table { border-collapse: collapse; background: #fff; font-size: 14px; }
th, td { border: 1px solid #ccc; padding: 5px 12px; text-align: right; }
th { background: #eee; }
td.name, th.name { text-align: left; font-family: monospace; }
.confusion td { min-width: 44px; text-align: center; }
.confusion th { text-align: center; }
.note { color: #666; font-size: 13px; margin: 6px 0; }
pre { background: #fff; border: 1px solid #ddd; padding: 10px;
  font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-size: 12px; line-height: 1.1; overflow-x: auto; }
"""


def format_number(value: float) -> str:
    """A short, readable form of a metric value."""
    if value is None or not math.isfinite(value):
        return str(value)
    if value != 0 and (abs(value) >= 1e5 or abs(value) < 1e-3):
        return f"{value:.4g}"
    return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"


def nice_ticks(low: float, high: float, count: int = 5) -> list:
    """About `count` round tick values covering `[low, high]`."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0, 1.0]
    if high <= low:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(
        m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw
    )
    first = math.floor(low / step + 1e-6) * step
    ticks = [round(first, 12)]
    while ticks[-1] < high - step * 1e-9 or len(ticks) < 2:
        ticks.append(round(first + len(ticks) * step, 12))
    return ticks


def _epoch_ticks(first: int, last: int) -> list:
    """The first epoch, then round multiples (5, 10, ... on long runs)."""
    span = max(last - first, 1)
    magnitude = 10 ** max(0, math.floor(math.log10(span / 8)))
    step = next(
        m * magnitude for m in (1, 2, 2.5, 5, 10) if span / (m * magnitude) <= 8
    )
    step = max(1, int(step))
    rounds = range(step * (first // step + 1), last + 1, step)
    return [first] + [t for t in rounds if t - first > step / 2]


def _log_ticks(low: float, high: float) -> list:
    """Powers of ten covering `[low, high]` (both log10 values)."""
    first, last = math.floor(low), max(math.ceil(high), math.floor(low) + 1)
    step = max(1, math.ceil((last - first) / 6))
    return list(range(first, last + step, step))


def svg_line_chart(
    title: str,
    series: dict,
    y_label: str = "",
    chart_id: str = "",
    log_scale: bool = False,
) -> str:
    """An SVG line chart of one or more curves over epochs.

    Args:
        title: Text above the chart.
        series: Mapping of curve label (`"training"`, `"validation"`, ...)
            to a list of `(epoch, value)` pairs; non-finite values are left
            out.
        y_label: Label of the y axis.
        chart_id: `id` of the `<svg>` element.
        log_scale: Whether the y axis is logarithmic (non-positive values
            are then left out).

    Returns:
        The `<svg>` element as text. Each curve is a `<g class="series">`
        with `data-label`, `data-x` and `data-y` attributes holding its
        points, so the values can be read back from the page.
    """
    points = {
        label: [
            (int(x), float(y))
            for x, y in pairs
            if math.isfinite(y) and (y > 0 or not log_scale)
        ]
        for label, pairs in series.items()
    }
    # Where the values are drawn: their log10 on a log axis.
    scale = math.log10 if log_scale else float
    xs = [x for pairs in points.values() for x, _ in pairs] or [1]
    ys = [scale(y) for pairs in points.values() for _, y in pairs] or [0.0]
    if log_scale:
        y_ticks = _log_ticks(min(ys), max(ys))
    else:
        y_ticks = nice_ticks(min(ys), max(ys))
    x_ticks = _epoch_ticks(min(xs), max(xs))
    x_low, x_high = min(xs), max(max(xs), min(xs) + 1)
    y_low, y_high = y_ticks[0], y_ticks[-1]
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = _HEIGHT - _TOP - _BOTTOM

    def px(x: float) -> float:
        return _LEFT + (x - x_low) / (x_high - x_low) * plot_w

    def py(y: float) -> float:
        fraction = (scale(y) - y_low) / (y_high - y_low)
        return _TOP + plot_h - fraction * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" '
        f'id="{html.escape(chart_id)}" width="{_WIDTH}" height="{_HEIGHT}" '
        f'viewBox="0 0 {_WIDTH} {_HEIGHT}" font-size="12">',
        f'<text x="{_LEFT}" y="22" font-size="15" font-weight="bold">'
        f"{html.escape(title)}</text>",
    ]
    for tick in y_ticks:
        y = _TOP + plot_h - (tick - y_low) / (y_high - y_low) * plot_h
        text = format_number(10.0**tick if log_scale else tick)
        parts.append(
            f'<line x1="{_LEFT}" x2="{_LEFT + plot_w}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="#e4e4e4"/>'
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{text}</text>"
        )
    for tick in x_ticks:
        x = px(tick)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{_TOP + plot_h}" '
            f'y2="{_TOP + plot_h + 5}" stroke="#444"/>'
            f'<text x="{x:.1f}" y="{_TOP + plot_h + 18}" '
            f'text-anchor="middle">{tick}</text>'
        )
    parts.append(
        f'<rect x="{_LEFT}" y="{_TOP}" width="{plot_w}" height="{plot_h}" '
        'fill="none" stroke="#444"/>'
        f'<text x="{_LEFT + plot_w / 2}" y="{_HEIGHT - 8}" '
        'text-anchor="middle">epoch</text>'
        f'<text transform="translate(16 {_TOP + plot_h / 2}) rotate(-90)" '
        f'text-anchor="middle">{html.escape(y_label)}</text>'
    )
    for label, pairs in points.items():
        parts.append(_svg_series(label, pairs, px, py))
    parts.append(_svg_legend(list(points)))
    parts.append("</svg>")
    return "".join(parts)


def _svg_series(label: str, pairs: list, px: Any, py: Any) -> str:
    color = COLORS.get(label, "#7f7f7f")
    data_x = ",".join(str(x) for x, _ in pairs)
    data_y = ",".join(repr(y) for _, y in pairs)
    out = [
        f'<g class="series" data-label="{html.escape(label)}" '
        f'data-x="{data_x}" data-y="{data_y}" stroke="{color}" '
        f'fill="{color}">'
    ]
    if len(pairs) > 1:
        coords = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pairs)
        out.append(
            f'<polyline points="{coords}" fill="none" stroke-width="2"/>'
        )
    if len(pairs) <= 60:
        for x, y in pairs:
            out.append(
                f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3">'
                f"<title>{html.escape(label)}, epoch {x}: "
                f"{format_number(y)}</title></circle>"
            )
    out.append("</g>")
    return "".join(out)


def _svg_legend(labels: list) -> str:
    out = []
    x = _WIDTH - _RIGHT
    for label in reversed(labels):
        width = 26 + 7 * len(label)
        x -= width
        color = COLORS.get(label, "#7f7f7f")
        out.append(
            f'<line x1="{x}" x2="{x + 18}" y1="18" y2="18" stroke="{color}" '
            f'stroke-width="3"/><text x="{x + 22}" y="22">'
            f"{html.escape(label)}</text>"
        )
    return "".join(out)


def metrics_table(history: dict, epochs: list) -> str:
    """An HTML table of each metric's latest training and validation
    values, and its best validation (or training) value and epoch."""
    rows = [
        '<table id="metrics-table"><tr><th class="name">metric</th>'
        "<th>training</th><th>validation</th><th>best</th>"
        "<th>best epoch</th></tr>"
    ]
    for name in base_metric_names(history):
        train = history.get(name, [])
        val = history.get(f"val_{name}", [])
        basis = val or train
        finite = [(v, e) for v, e in zip(basis, epochs) if math.isfinite(v)]
        best = None
        if finite:
            best = (max if higher_is_better(name) else min)(finite)
        rows.append(
            f'<tr data-metric="{html.escape(name)}">'
            f'<td class="name">{html.escape(name)}</td>'
            f"<td>{format_number(train[-1]) if train else '-'}</td>"
            f"<td>{format_number(val[-1]) if val else '-'}</td>"
            f"<td>{format_number(best[0]) if best else '-'}</td>"
            f"<td>{best[1] if best else '-'}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def base_metric_names(history: dict) -> list:
    """Metric names without the `val_` prefix: `loss` first, then the
    others in order of appearance."""
    names: list = []
    for key in history:
        base = key[4:] if key.startswith("val_") else key
        if base not in names:
            names.append(base)
    return sorted(names, key=lambda name: name != "loss")


def higher_is_better(name: str) -> bool:
    """Whether a larger value of metric `name` is an improvement."""
    name = name.lower()
    if "loss" in name or "error" in name or "crossentropy" in name:
        return False
    words = ("acc", "auc", "precision", "recall", "f1", "iou", "r2")
    return any(word in name for word in words)


def confusion_matrix(y_true: Any, y_pred: Any, num_classes: int) -> Any:
    """Counts of (true class, predicted class) pairs, as an int array."""
    y_true = np.asarray(y_true, dtype="int64").reshape(-1)
    y_pred = np.asarray(y_pred, dtype="int64").reshape(-1)
    index = y_true * num_classes + y_pred
    counts = np.bincount(index, minlength=num_classes * num_classes)
    return counts[: num_classes * num_classes].reshape(num_classes, -1)


def confusion_table(matrix: Any, class_names: list) -> str:
    """The confusion matrix as an HTML table, rows the true classes and
    columns the predicted ones, each cell shaded by its share of the row."""
    matrix = np.asarray(matrix)
    names = [html.escape(str(n)) for n in class_names]
    head = "".join(f"<th>{n}</th>" for n in names)
    rows = [
        '<table class="confusion" id="confusion-table">'
        '<tr><th class="name">true \\ predicted</th>'
        f"{head}<th>recall</th></tr>"
    ]
    for i, name in enumerate(names):
        total = int(matrix[i].sum())
        cells = []
        for j in range(len(names)):
            count = int(matrix[i, j])
            share = count / total if total else 0.0
            color = "#fff" if share > 0.55 else "#222"
            cells.append(
                f'<td style="background: rgba(31, 119, 180, {share:.3f}); '
                f'color: {color}">{count}</td>'
            )
        recall = format_number(matrix[i, i] / total) if total else "-"
        rows.append(
            f'<tr><th class="name">{name}</th>{"".join(cells)}'
            f"<td>{recall}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)
