import logging

import pytest

import kerata
from kerata.src.utils import io_utils


@pytest.fixture
def non_interactive():
    io_utils.disable_interactive_logging()
    yield
    io_utils.enable_interactive_logging()


def test_flag_round_trip_and_config_aliases(non_interactive):
    assert kerata.utils.is_interactive_logging_enabled() is False
    assert kerata.config.is_interactive_logging_enabled() is False
    kerata.config.enable_interactive_logging()
    assert kerata.utils.is_interactive_logging_enabled() is True


def test_print_msg_writes_stdout_when_interactive(capsys):
    io_utils.print_msg("hello")
    io_utils.print_msg("no break", line_break=False)
    assert capsys.readouterr().out == "hello\nno break"


def test_print_msg_logs_when_not_interactive(non_interactive, capsys, caplog):
    with caplog.at_level(logging.INFO, logger="kerata"):
        io_utils.print_msg("Epoch 1: early stopping")
        # A redrawn progress bar logs its final text only.
        io_utils.print_msg("\r1/2 [==>...]\r2/2 [=====]\n", line_break=False)
        io_utils.print_msg("")
    assert capsys.readouterr().out == ""
    assert [r.getMessage() for r in caplog.records] == [
        "Epoch 1: early stopping",
        "2/2 [=====]",
    ]
    assert all(r.levelno == logging.INFO for r in caplog.records)


def test_print_msg_falls_back_when_stdout_cannot_encode(monkeypatch):
    written = []

    class AsciiStdout:
        encoding = "ascii"

        def write(self, text):
            text.encode("ascii")  # raises UnicodeEncodeError like a console
            written.append(text)

        def flush(self):
            pass

    monkeypatch.setattr("sys.stdout", AsciiStdout())
    io_utils.print_msg("━━ done é")
    assert written == ["== done \n"]
