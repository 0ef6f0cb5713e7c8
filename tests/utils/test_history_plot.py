import builtins

import numpy as np
import pytest

import kerata
from kerata.src.utils.history_plot import plot_history

HISTORY = {
    "loss": [0.9, 0.5, 0.4],
    "accuracy": [0.5, 0.7, 0.8],
    "val_loss": [1.0, 0.7, 0.6],
    "val_accuracy": [0.4, 0.6, 0.75],
    "learning_rate": [0.01, 0.01, 0.005],
}


@pytest.fixture(autouse=True)
def _needs_matplotlib():
    pytest.importorskip("matplotlib", reason="plot_history needs matplotlib")


def _lines(axes):
    return {
        line.get_label(): (
            line.get_xdata().tolist(),
            np.asarray(line.get_ydata()).tolist(),
        )
        for line in axes.lines
    }


def test_one_subplot_per_metric_with_training_and_validation():
    figure = plot_history(HISTORY)
    titles = [axes.get_title() for axes in figure.axes]
    assert titles == ["loss", "accuracy", "learning_rate"]
    loss, accuracy, rate = (_lines(axes) for axes in figure.axes)
    assert loss == {
        "training": ([1, 2, 3], HISTORY["loss"]),
        "validation": ([1, 2, 3], HISTORY["val_loss"]),
    }
    assert accuracy["validation"] == ([1, 2, 3], HISTORY["val_accuracy"])
    assert rate == {"training": ([1, 2, 3], HISTORY["learning_rate"])}
    assert figure.axes[0].get_xlabel() == "epoch"


def test_history_object_uses_its_epochs():
    history = kerata.callbacks.History()
    history.on_train_begin()
    # Resumed at epoch 4 (initial_epoch=4): the x axis says so.
    history.on_epoch_end(4, {"loss": 0.3, "val_loss": 0.35})
    history.on_epoch_end(5, {"loss": 0.2, "val_loss": 0.3})
    figure = plot_history(history, metrics="loss")
    assert _lines(figure.axes[0]) == {
        "training": ([5, 6], [0.3, 0.2]),
        "validation": ([5, 6], [0.35, 0.3]),
    }


def test_metric_selection_layout_and_file(tmp_path):
    path = tmp_path / "curves.png"
    figure = plot_history(
        HISTORY,
        metrics=["val_accuracy", "loss"],
        ncols=1,
        title="run 1",
        to_file=path,
        log_scale=True,
    )
    assert [axes.get_title() for axes in figure.axes] == ["accuracy", "loss"]
    assert figure.axes[0].get_yscale() == "log"
    assert figure._suptitle.get_text() == "run 1"
    width, height = figure.get_size_inches()
    assert height > width  # one column, two rows
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_invalid_arguments():
    with pytest.raises(ValueError, match="Unknown metrics"):
        plot_history(HISTORY, metrics=["auc"])
    with pytest.raises(TypeError, match="History"):
        plot_history([0.1, 0.2])
    with pytest.raises(ValueError, match="empty"):
        plot_history({})
    with pytest.raises(ValueError, match="ncols"):
        plot_history(HISTORY, ncols=0)


def test_missing_matplotlib_says_how_to_install(monkeypatch):
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ImportError, match="pip install matplotlib"):
        plot_history(HISTORY)
