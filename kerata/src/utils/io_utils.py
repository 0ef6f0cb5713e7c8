"""Interactive logging: whether kerata's messages go to stdout or to
Python's `logging`.

Interactive logging (the default) suits shells and notebooks: progress
bars and messages are written to standard output. Turned off, the same
messages go to the `"kerata"` logger at level INFO, which suits batch
jobs whose output is collected by a logging setup.
"""

from __future__ import annotations

import logging
import sys

from kerata.src.api_export import kerata_export

LOGGER = logging.getLogger("kerata")

_INTERACTIVE_LOGGING = True


@kerata_export(
    "kerata.config.enable_interactive_logging",
    "kerata.utils.enable_interactive_logging",
)
def enable_interactive_logging() -> None:
    """Sends kerata's messages and progress bars to stdout (the default).

    Example:

    >>> kerata.utils.enable_interactive_logging()
    >>> kerata.utils.is_interactive_logging_enabled()
    True
    """
    global _INTERACTIVE_LOGGING
    _INTERACTIVE_LOGGING = True


@kerata_export(
    "kerata.config.disable_interactive_logging",
    "kerata.utils.disable_interactive_logging",
)
def disable_interactive_logging() -> None:
    """Sends kerata's messages to the `"kerata"` logger instead of stdout.

    Messages are logged at level INFO, so configure `logging` (for example
    `logging.basicConfig(level=logging.INFO)`) to see them.

    Example:

    >>> kerata.utils.disable_interactive_logging()
    >>> kerata.utils.is_interactive_logging_enabled()
    False
    >>> kerata.utils.enable_interactive_logging()
    """
    global _INTERACTIVE_LOGGING
    _INTERACTIVE_LOGGING = False


@kerata_export(
    "kerata.config.is_interactive_logging_enabled",
    "kerata.utils.is_interactive_logging_enabled",
)
def is_interactive_logging_enabled() -> bool:
    """Whether kerata writes its messages to stdout.

    Returns:
        `True` for stdout (the default), `False` for the `"kerata"` logger.

    Example:

    >>> kerata.utils.is_interactive_logging_enabled()
    True
    """
    return _INTERACTIVE_LOGGING


def print_msg(message: str, line_break: bool = True) -> None:
    """Writes `message` to stdout, or logs it when interactive logging is
    off (one record per message, without the trailing newline)."""
    message = str(message)
    if not _INTERACTIVE_LOGGING:
        # A progress bar redraws with "\r" and "\b"; a log record keeps
        # the final text only.
        text = message.rsplit("\r", 1)[-1].replace("\b", "").rstrip("\n")
        if text:
            LOGGER.info(text)
        return
    if line_break:
        message += "\n"
    try:
        sys.stdout.write(message)
    except UnicodeEncodeError:
        # A console without UTF-8 cannot print the bar's "━"; fall back to
        # ASCII and drop whatever else it cannot encode.
        encoding = sys.stdout.encoding or "utf-8"
        message = message.replace("━", "=")
        message = message.encode(encoding, "ignore").decode(encoding)
        sys.stdout.write(message)
    sys.stdout.flush()
