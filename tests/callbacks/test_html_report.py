import os
import struct
import subprocess
import zlib
from html.parser import HTMLParser

import numpy as np
import pytest

import kerata
from kerata.src.callbacks.html_report import HTMLReport

CHROMIUM = "/usr/bin/chromium"


class _Page(HTMLParser):
    """What the tests read back from a report."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.refresh = None
        self.ids = set()
        self.series = {}  # (chart id, label) -> (xs, ys)
        self.tables = {}  # table id -> rows of cell texts
        self.text = {}  # element id -> its text
        self.tags = []
        self._chart = None
        self._table = None
        self._open_ids = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "meta" and attrs.get("http-equiv") == "refresh":
            self.refresh = attrs["content"]
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "svg":
            self._chart = attrs["id"]
        if tag == "g" and attrs.get("class") == "series":
            xs = [int(v) for v in attrs["data-x"].split(",") if v]
            ys = [float(v) for v in attrs["data-y"].split(",") if v]
            self.series[self._chart, attrs["data-label"]] = (xs, ys)
        if tag == "table":
            self._table = attrs.get("id")
            self.tables[self._table] = []
        if tag == "tr" and self._table:
            self.tables[self._table].append([])
        if tag in ("td", "th") and self._table:
            self.tables[self._table][-1].append("")
        if tag in ("pre", "p", "h1") and "id" in attrs:
            self._open_ids.append(attrs["id"])
            self.text[attrs["id"]] = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        if tag in ("pre", "p", "h1") and self._open_ids:
            self._open_ids.pop()

    def handle_data(self, data):
        if self._table and self.tables[self._table]:
            row = self.tables[self._table][-1]
            if row:
                row[-1] += data
        for key in self._open_ids:
            self.text[key] += data


def _read(path):
    with open(path, encoding="utf-8") as f:
        return _Page(f.read())


def _classifier(weights=None, units=3, activation="softmax", name="clf"):
    model = kerata.Sequential(
        [
            kerata.Input((2,)),
            kerata.layers.Dense(units, activation=activation, name="probs"),
        ],
        name=name,
    )
    if weights is not None:
        model.set_weights(weights)
    return model


def _run(report, model, logs_per_epoch, params=None):
    report.set_model(model)
    report.set_params(params or {"epochs": len(logs_per_epoch)})
    report.on_train_begin()
    for epoch, logs in enumerate(logs_per_epoch):
        report.on_epoch_end(epoch, logs)


LOGS = [
    {"loss": 0.9, "accuracy": 0.5, "val_loss": 1.0, "val_accuracy": 0.4},
    {"loss": 0.6, "accuracy": 0.7, "val_loss": 0.7, "val_accuracy": 0.65},
    {"loss": 0.5, "accuracy": 0.8, "val_loss": 0.8, "val_accuracy": 0.6},
]


def test_curves_metrics_table_and_refresh(tmp_path):
    path = tmp_path / "report.html"
    report = HTMLReport(path, refresh_seconds=3)
    model = _classifier()
    report.set_model(model)
    report.set_params({"epochs": 3})
    report.on_train_begin()
    page = _read(path)
    assert page.refresh == "3"
    assert "Waiting for the first epoch" in path.read_text()
    logs = [dict(x, learning_rate=0.1 / (i + 1)) for i, x in enumerate(LOGS)]
    for epoch, epoch_logs in enumerate(logs):
        report.on_epoch_end(epoch, epoch_logs)
        page = _read(path)
        assert page.refresh == "3"
        assert f"epoch {epoch + 1} of 3" in page.text["status"]
    assert page.series["chart-loss", "training"] == ([1, 2, 3], [0.9, 0.6, 0.5])
    assert page.series["chart-loss", "validation"] == (
        [1, 2, 3],
        [1.0, 0.7, 0.8],
    )
    assert page.series["chart-accuracy", "validation"][1] == [0.4, 0.65, 0.6]
    rates = page.series["chart-learning-rate", "rate"][1]
    np.testing.assert_allclose(rates, [0.1, 0.05, 0.1 / 3])
    table = page.tables["metrics-table"]
    assert table[0] == [
        "metric",
        "training",
        "validation",
        "best",
        "best epoch",
    ]
    # Best validation loss is the lowest (epoch 2), accuracy the highest.
    assert table[1] == ["loss", "0.5", "0.8", "0.7", "2"]
    assert table[2] == ["accuracy", "0.8", "0.6", "0.65", "2"]
    assert "confusion-matrix" not in page.ids
    report.on_train_end(logs[-1])
    page = _read(path)
    assert page.refresh is None
    assert page.text["status"].startswith("Finished")
    assert sorted(os.listdir(tmp_path)) == ["report.html"]  # no temp files


def test_summary_is_the_models_and_escaped(tmp_path):
    path = tmp_path / "report.html"
    model = _classifier(name="net<script>")
    _run(HTMLReport(path), model, LOGS[:1])
    lines = []
    model.summary(print_fn=lines.append)
    page = _read(path)
    assert page.text["summary-text"] == "\n".join(lines)
    assert "script" not in page.tags
    assert "net<script>" in page.text["title"]


def _expected_matrix(y_true, y_pred, n):
    matrix = np.zeros((n, n), "int64")
    for t, p in zip(y_true, y_pred):
        matrix[t, p] += 1
    return matrix


def _table_counts(page):
    rows = page.tables["confusion-table"][1:]
    return np.array([[int(c) for c in row[1:-1]] for row in rows])


def test_multiclass_confusion_matrix_from_argmax(tmp_path):
    rng = np.random.default_rng(0)
    kernel = rng.normal(size=(2, 3)).astype("float32")
    bias = np.array([0.1, -0.2, 0.0], "float32")
    x = rng.normal(size=(50, 2)).astype("float32")
    y = rng.integers(0, 3, size=50)
    path = tmp_path / "report.html"
    report = HTMLReport(
        path, validation_data=(x, y), class_names=["cat", "dog", "emu"]
    )
    _run(report, _classifier([kernel, bias]), LOGS[:2])
    page = _read(path)
    expected = _expected_matrix(y, (x @ kernel + bias).argmax(-1), 3)
    np.testing.assert_array_equal(_table_counts(page), expected)
    table = page.tables["confusion-table"]
    assert table[0] == ["true \\ predicted", "cat", "dog", "emu", "recall"]
    assert [row[0] for row in table[1:]] == ["cat", "dog", "emu"]
    correct = int(np.trace(expected))
    assert f"{correct} of 50 validation samples" in page.text["confusion-note"]
    # One-hot targets give the same matrix.
    one_hot = np.eye(3, dtype="float32")[y]
    report = HTMLReport(path, validation_data=(x, one_hot))
    _run(report, _classifier([kernel, bias]), LOGS[:1])
    np.testing.assert_array_equal(_table_counts(_read(path)), expected)


def test_binary_confusion_matrix_thresholds_at_half(tmp_path):
    kernel = np.array([[1.0], [-1.0]], "float32")
    bias = np.array([0.0], "float32")
    x = np.array([[2, 0], [0, 2], [1, 0.5], [0.1, 0.3], [3, 1]], "float32")
    y = np.array([1, 0, 0, 0, 1])
    path = tmp_path / "report.html"
    report = HTMLReport(path, validation_data=(x, y), confusion_matrix=True)
    model = _classifier([kernel, bias], units=1, activation="sigmoid")
    _run(report, model, LOGS[:1])
    probabilities = 1 / (1 + np.exp(-(x @ kernel + bias)))
    expected = _expected_matrix(y, (probabilities[:, 0] > 0.5).astype(int), 2)
    np.testing.assert_array_equal(_table_counts(_read(path)), expected)


def test_regression_targets_get_no_confusion_matrix(tmp_path):
    x = np.ones((4, 2), "float32")
    y = np.array([0.3, 1.7, -2.0, 5.0], "float32")
    path = tmp_path / "report.html"
    model = _classifier(units=1, activation=None)
    _run(HTMLReport(path, validation_data=(x, y)), model, LOGS[:1])
    assert "confusion-matrix" not in _read(path).ids
    strict = HTMLReport(path, validation_data=(x, y), confusion_matrix=True)
    with pytest.raises(ValueError, match="class-index"):
        _run(strict, model, LOGS[:1])


def test_invalid_arguments():
    with pytest.raises(ValueError, match="confusion_matrix"):
        HTMLReport("r.html", confusion_matrix="yes")
    with pytest.raises(ValueError, match="validation_data"):
        HTMLReport("r.html", confusion_matrix=True)
    with pytest.raises(ValueError, match="validation_data"):
        HTMLReport("r.html", validation_data=np.zeros((2, 2)))
    with pytest.raises(ValueError, match="refresh_seconds"):
        HTMLReport("r.html", refresh_seconds=0)


@pytest.mark.requires_trainable_backend
def test_report_during_fit(tmp_path):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(32, 2)).astype("float32")
    y = (x[:, 0] > 0).astype("int64") + (x[:, 1] > 1)
    model = _classifier()
    model.compile(
        optimizer=kerata.optimizers.SGD(0.05),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    path = tmp_path / "report.html"
    report = HTMLReport(path, validation_data=(x[24:], y[24:]))
    history = model.fit(
        x[:24],
        y[:24],
        validation_data=(x[24:], y[24:]),
        epochs=2,
        batch_size=8,
        verbose=0,
        callbacks=[report],
    )
    page = _read(path)
    assert page.refresh is None
    assert "epoch 2 of 2" in page.text["status"]
    for key, label in (("loss", "training"), ("val_loss", "validation")):
        chart = page.series["chart-loss", label]
        np.testing.assert_allclose(chart[1], history.history[key])
    epochs, rates = page.series["chart-learning-rate", "rate"]
    assert epochs == [1, 2]
    np.testing.assert_allclose(rates, [0.05, 0.05], rtol=1e-6)
    assert _table_counts(page).sum() == 8


def _png_pixels(data):
    """Width, height and a sample of the filtered row bytes of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, color_type = header[:4]
    channels = {2: 3, 6: 4}[color_type]
    assert depth == 8
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels + 1
    assert len(raw) == height * stride
    # Rows are stored filtered (as differences), which still tells a drawn
    # page (many distinct byte groups) from a blank one (a few).
    values = set()
    for row in range(0, height, max(1, height // 50)):
        line = raw[row * stride + 1 : (row + 1) * stride]
        values.update(line[i : i + channels] for i in range(0, len(line), 97))
    return width, height, values


@pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason="needs Debian's chromium at /usr/bin/chromium",
)
def test_report_renders_in_headless_chromium(tmp_path):
    rng = np.random.default_rng(2)
    x = rng.normal(size=(30, 2)).astype("float32")
    y = rng.integers(0, 3, size=30)
    path = tmp_path / "report.html"
    report = HTMLReport(path, validation_data=(x, y))
    _run(report, _classifier(), LOGS)
    report.on_train_end()
    shot = tmp_path / "shot.png"
    subprocess.run(  # noqa: S603
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1200,1600",
            path.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert shot.exists(), "chromium wrote no screenshot"
    width, height, values = _png_pixels(shot.read_bytes())
    assert (width, height) == (1200, 1600)
    assert len(values) > 20  # filtered rows of a blank page are constant
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(shot) as image:
        colors = image.convert("RGB").getcolors(maxcolors=1 << 20)
    # Text, curves, shaded cells: far more than a blank page's one colour,
    # and still mostly the page background.
    assert len(colors) > 50
    assert max(count for count, _ in colors) > 0.5 * width * height
