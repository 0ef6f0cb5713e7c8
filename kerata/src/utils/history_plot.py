"""`plot_history`: training curves from the `History` that `fit` returns.

Keras has no such helper; this one draws with matplotlib's object API (a
`Figure` with an Agg canvas, never `pyplot`), so it works without a
display and leaves pyplot's global state alone.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import Any

from kerata.src.api_export import kerata_export


def _history_dict(history: Any) -> tuple[dict, list | None]:
    """The `{metric: values}` dict and the epoch indices, if known."""
    epochs = None
    if hasattr(history, "history") and isinstance(history.history, Mapping):
        epochs = list(getattr(history, "epoch", None) or []) or None
        history = history.history
    if not isinstance(history, Mapping):
        raise TypeError(
            "`history` must be a `kerata.callbacks.History` (what `fit` "
            "returns) or its `.history` dict of metric name to per-epoch "
            f"values. Received: {type(history).__name__}"
        )
    return {str(k): [float(v) for v in vs] for k, vs in history.items()}, epochs


def _base_metrics(names: list) -> list:
    """Metric names without `val_`, in order of first appearance."""
    bases: list = []
    for name in names:
        base = name[4:] if name.startswith("val_") else name
        if base not in bases:
            bases.append(base)
    return bases


def _check_metrics(metrics: Any, available: list) -> list:
    if metrics is None:
        return available
    if isinstance(metrics, str):
        metrics = [metrics]
    metrics = [m[4:] if m.startswith("val_") else m for m in metrics]
    unknown = [m for m in metrics if m not in available]
    if unknown:
        raise ValueError(
            f"Unknown metrics {unknown} in `metrics`. The history has: "
            f"{available}. Pass names without the `val_` prefix; both "
            "curves are drawn."
        )
    return list(dict.fromkeys(metrics))


def _import_matplotlib() -> Any:
    try:
        from matplotlib.backends import backend_agg
        from matplotlib.figure import Figure
    except ImportError as e:
        raise ImportError(
            "`plot_history` needs matplotlib: `pip install matplotlib`."
        ) from e
    return Figure, backend_agg.FigureCanvasAgg


@kerata_export("kerata.utils.plot_history")
def plot_history(
    history: Any,
    metrics: Any = None,
    to_file: Any = None,
    ncols: int = 2,
    figsize: tuple | None = None,
    title: str | None = None,
    dpi: int = 100,
    log_scale: bool = False,
) -> Any:
    """Plots training curves: one subplot per metric, epochs on the x axis.

    Each subplot shows the training values of a metric (e.g. `loss`) and,
    when the history has them, its validation values (`val_loss`), so
    over-fitting shows as the two curves parting. Drawn with matplotlib's
    object API, it needs no display and does not touch `pyplot`; in a
    notebook the returned figure displays itself.

    Args:
        history: The `kerata.callbacks.History` that `fit` returns, or its
            `.history` dict mapping metric names to per-epoch values.
        metrics: Metric name or list of names to plot (without `val_`);
            `None` plots every metric of the history.
        to_file: Optional path to save the figure to; the format comes
            from the extension (`.png`, `.svg`, `.pdf`, ...).
        ncols: Maximum number of subplots per row.
        figsize: Figure size in inches; by default 5 by 3.5 per subplot.
        title: Optional title above the subplots.
        dpi: Resolution of the figure, in dots per inch.
        log_scale: Whether to use a logarithmic y axis (all values must
            then be positive).

    Returns:
        The `matplotlib.figure.Figure`; each subplot's lines are labelled
        `"training"` and `"validation"`.

    Raises:
        ImportError: If matplotlib is not installed.
        TypeError: If `history` is neither a `History` nor a dict.
        ValueError: If `metrics` names a metric the history lacks.

    Example:

    >>> history = {"loss": [0.9, 0.5, 0.4], "val_loss": [1.0, 0.7, 0.6],
    ...            "accuracy": [0.5, 0.7, 0.8]}
    >>> figure = kerata.utils.plot_history(history)
    >>> [ax.get_title() for ax in figure.axes]
    ['loss', 'accuracy']
    >>> figure.axes[0].lines[1].get_ydata().tolist()
    [1.0, 0.7, 0.6]
    """
    values, epochs = _history_dict(history)
    if not values:
        raise ValueError(
            "The history is empty: there is nothing to plot. Train with "
            "`history = model.fit(...)` for at least one epoch first."
        )
    if not isinstance(ncols, int) or isinstance(ncols, bool) or ncols < 1:
        raise ValueError(f"`ncols` must be an int >= 1. Received: {ncols!r}")
    names = _check_metrics(metrics, _base_metrics(list(values)))
    Figure, FigureCanvas = _import_matplotlib()
    ncols = min(ncols, len(names))
    nrows = math.ceil(len(names) / ncols)
    figure = Figure(figsize=figsize or (5 * ncols, 3.5 * nrows), dpi=dpi)
    FigureCanvas(figure)
    for i, name in enumerate(names):
        axes = figure.add_subplot(nrows, ncols, i + 1)
        _plot_metric(axes, name, values, epochs, log_scale)
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    if to_file is not None:
        figure.savefig(os.fspath(to_file))
    return figure


def _plot_metric(
    axes: Any, name: str, values: dict, epochs: list | None, log_scale: bool
) -> None:
    for key, label in ((name, "training"), (f"val_{name}", "validation")):
        if key not in values:
            continue
        ys = values[key]
        xs = epochs if epochs and len(epochs) == len(ys) else range(len(ys))
        axes.plot([x + 1 for x in xs], ys, marker="o", label=label)
    axes.set_title(name)
    axes.set_xlabel("epoch")
    axes.set_ylabel(name)
    if log_scale:
        axes.set_yscale("log")
    # Epochs are whole numbers: no 1.25 ticks on short runs.
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.grid(alpha=0.3)
    axes.legend()
