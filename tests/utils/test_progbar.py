import io
import sys

import pytest

import kerata
from kerata.src.utils import progbar
from kerata.src.utils.progbar import Progbar
from kerata.src.utils.progbar import resolve_verbose

BOLD, GREEN, WHITE, RESET = "\x1b[1m", "\x1b[32m", "\x1b[37m", "\x1b[0m"


class _Stream(io.StringIO):
    def __init__(self, tty):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


class _Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def console(monkeypatch):
    """Installs a fake stdout (a terminal or not) and a manual clock."""
    clock = _Clock()
    monkeypatch.setattr(progbar, "_clock", clock)
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    monkeypatch.delenv("PYCHARM_HOSTED", raising=False)

    def install(tty):
        stream = _Stream(tty)
        monkeypatch.setattr(sys, "stdout", stream)
        return stream, clock

    return install


def _run(bar, clock, steps, seconds_per_step=0.5):
    for current, values in steps:
        clock.now += seconds_per_step
        bar.update(current, values)


def test_terminal_bar_matches_keras_format(console):
    stream, clock = console(tty=True)
    bar = Progbar(2)
    _run(bar, clock, [(1, [("loss", 1.0)]), (2, [("loss", 0.5)])])
    first = (
        f"\r{BOLD}1/2{RESET} {GREEN}{'━' * 10}{RESET}{WHITE}{'━' * 10}{RESET}"
        f" {BOLD}0s{RESET} 500ms/step - loss: 1.0000"
    )
    final = (
        f"\r{BOLD}2/2{RESET} {GREEN}{'━' * 20}{RESET}{WHITE}{RESET}"
        f" {BOLD}1s{RESET} 500ms/step - loss: 0.5000\n"
    )
    assert stream.getvalue() == first + final


def test_verbose_2_prints_one_final_line(console):
    stream, clock = console(tty=True)
    bar = Progbar(3, verbose=2)
    steps = [(i, [("acc", 0.5), ("loss", 0.25)]) for i in (1, 2, 3)]
    _run(bar, clock, steps, seconds_per_step=1.5)
    assert (
        stream.getvalue() == "3/3 - 4s - 2s/step - acc: 0.5000 - loss: 0.2500\n"
    )


def test_verbose_0_prints_nothing(console):
    stream, clock = console(tty=True)
    bar = Progbar(2, verbose=0)
    _run(bar, clock, [(1, [("loss", 1.0)]), (2, [("loss", 0.5)])])
    assert stream.getvalue() == ""


def test_log_file_gets_plain_rate_limited_lines(console):
    stream, clock = console(tty=False)
    bar = Progbar(1000)
    steps = [(i, [("loss", 2.0)]) for i in range(1, 1001)]
    _run(bar, clock, steps, seconds_per_step=0.1)  # 100 s in all.
    text = stream.getvalue()
    lines = text.splitlines()
    assert "\r" not in text
    assert "\x1b" not in text
    # One line per LOG_INTERVAL (10 s) at most, plus the final line.
    assert len(lines) <= 100 / progbar.LOG_INTERVAL + 1
    assert (
        lines[0]
        == " 100/1000 ━━────────────────── 1:30 100ms/step - loss: 2.0000"
    )
    assert (
        lines[-1]
        == "1000/1000 ━━━━━━━━━━━━━━━━━━━━ 100s 100ms/step - loss: 2.0000"
    )


def test_log_file_short_run_prints_only_the_final_line(console):
    stream, clock = console(tty=False)
    bar = Progbar(50)
    _run(bar, clock, [(i, None) for i in range(1, 51)], seconds_per_step=0.01)
    assert stream.getvalue() == "50/50 ━━━━━━━━━━━━━━━━━━━━ 0s 10ms/step\n"


def test_terminal_redraws_at_most_every_interval(console):
    stream, clock = console(tty=True)
    bar = Progbar(100, interval=0.05)
    steps = [(i, None) for i in range(1, 101)]
    _run(bar, clock, steps, seconds_per_step=1 / 32)
    # Steps 1, 3, ..., 99 (two steps of 1/32 s per interval), then 100.
    assert stream.getvalue().count("\r") == 51


def test_should_render_predicts_update(console):
    stream, clock = console(tty=True)
    bar = Progbar(20, interval=0.05)
    for step in range(1, 21):
        clock.now += 0.02
        expected = bar.should_render(step)
        before = len(stream.getvalue())
        bar.update(step, [("loss", 1.0)])
        assert (len(stream.getvalue()) > before) == expected


def test_metrics_are_averaged_except_stateful(console):
    stream, clock = console(tty=True)
    bar = Progbar(4, verbose=1, stateful_metrics=["acc"])
    for step, value in zip((1, 3), (1.0, 4.0)):
        clock.now += 1.0
        bar.update(step, [("loss", value), ("acc", value)])
    # loss: (1 * 1 + 4 * 2) / 3 steps; acc: the last value.
    assert stream.getvalue().endswith(" - loss: 3.0000 - acc: 4.0000")


def test_stateless_metrics_selects_the_averaged_ones(console):
    stream, clock = console(tty=True)
    bar = Progbar(4, stateless_metrics=["loss"])
    for step, value in zip((1, 2), (1.0, 2.0)):
        clock.now += 1.0
        bar.update(step, {"loss": value, "acc": value})
    assert stream.getvalue().endswith(" - loss: 1.5000 - acc: 2.0000")


def test_accepts_tensor_values(console):
    stream, clock = console(tty=False)
    bar = Progbar(1, verbose=2)
    clock.now += 0.002
    bar.update(1, [("loss", kerata.ops.convert_to_tensor(0.5))])
    assert stream.getvalue() == "1/1 - 0s - 2ms/step - loss: 0.5000\n"


def test_unknown_target_counts_steps(console):
    stream, clock = console(tty=True)
    bar = Progbar(None)
    _run(bar, clock, [(1, None), (2, None)])
    bar.update(2, [("loss", 0.0001)], finalize=True)
    assert stream.getvalue().endswith(
        f"\r      2/Unknown {BOLD}1s{RESET} 500ms/step - loss: 1.0000e-04\n"
    )


def test_add_advances_by_n(console):
    stream, clock = console(tty=False)
    bar = Progbar(10, verbose=2)
    bar.add(4)
    clock.now += 0.001
    bar.add(6, [("loss", 1.0)])
    assert stream.getvalue() == "10/10 - 0s - 100us/step - loss: 1.0000\n"


def test_stateful_and_stateless_metrics_are_exclusive():
    with pytest.raises(ValueError, match="at most one"):
        Progbar(3, stateful_metrics=["a"], stateless_metrics=["b"])


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(5.7, "5s"), (75, "1:15"), (3725, "1:02:05")],
)
def test_eta_format(seconds, expected):
    assert progbar._format_eta(seconds) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, " 0s/step"),
        (2.4, " 2s/step"),
        (0.0123, " 12ms/step"),
        (5e-5, " 50us/step"),
    ],
)
def test_time_per_step_format(seconds, expected):
    assert progbar._format_time(seconds, "step") == expected


@pytest.mark.parametrize(("tty", "expected"), [(True, 1), (False, 2)])
def test_resolve_verbose_auto_depends_on_the_output(console, tty, expected):
    console(tty=tty)
    assert resolve_verbose("auto") == expected


def test_resolve_verbose_auto_in_a_notebook(console, monkeypatch):
    console(tty=False)
    monkeypatch.setitem(sys.modules, "ipykernel", object())
    assert resolve_verbose("auto") == 1


@pytest.mark.parametrize("verbose", [0, 1, 2, True])
def test_resolve_verbose_keeps_valid_ints(verbose):
    assert resolve_verbose(verbose) == int(verbose)


@pytest.mark.parametrize(
    ("verbose", "error"),
    [(3, ValueError), (-1, ValueError), ("loud", ValueError), (1.0, TypeError)],
)
def test_resolve_verbose_rejects_other_values(verbose, error):
    with pytest.raises(error, match="verbose"):
        resolve_verbose(verbose)
