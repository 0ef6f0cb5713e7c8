"""`RemoteMonitor`: posts each epoch's logs to an HTTP server."""

from __future__ import annotations

import json
import warnings
from typing import Any

import numpy as np

from kerata.src.api_export import kerata_export
from kerata.src.callbacks.callback import Callback

# Seconds to wait for the server: a monitor must not hang training.
_TIMEOUT = 10.0


def _plain(value: Any) -> Any:
    # NumPy scalars and arrays are not JSON serializable; their values are.
    if isinstance(value, (np.ndarray, np.generic)):
        return value.item() if value.size == 1 else value.tolist()
    return value


@kerata_export("kerata.callbacks.RemoteMonitor")
class RemoteMonitor(Callback):
    """Sends each epoch's logs to a server with an HTTP POST.

    At the end of every epoch it posts `{"epoch": epoch, **logs}` as JSON
    to `root + path`: as the body, with content type
    "application/json", if `send_as_json`, else as the form field
    `field` (content type "application/x-www-form-urlencoded"). If the
    server cannot be reached, it warns and training goes on. It uses only
    the standard library.

    Args:
        root: Root URL of the server.
        path: Path, relative to `root`, that the events are posted to.
        field: Name of the form field that holds the JSON data; used only
            when `send_as_json=False`.
        headers: Dict of extra HTTP headers.
        send_as_json: Whether to send the JSON as the request body.

    Example:

    >>> monitor = kerata.callbacks.RemoteMonitor(
    ...     root="http://localhost:9000", send_as_json=True)
    >>> monitor.root + monitor.path
    'http://localhost:9000/publish/epoch/end/'
    """

    def __init__(
        self,
        root: str = "http://localhost:9000",
        path: str = "/publish/epoch/end/",
        field: str = "data",
        headers: dict | None = None,
        send_as_json: bool = False,
    ) -> None:
        super().__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        # Imported here: urllib.request pulls in ssl and email.
        import urllib.error
        import urllib.parse
        import urllib.request

        send = {"epoch": epoch}
        for key, value in (logs or {}).items():
            send[key] = _plain(value)
        headers = dict(self.headers or {})
        if self.send_as_json:
            body = json.dumps(send).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        else:
            body = urllib.parse.urlencode(
                {self.field: json.dumps(send)}
            ).encode("utf-8")
            headers.setdefault(
                "Content-Type", "application/x-www-form-urlencoded"
            )
        request = urllib.request.Request(
            self.root + self.path, data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT) as reply:
                reply.read()
        except urllib.error.HTTPError as error:
            # The server answered (with an error status): it was reached,
            # and, as with Keras, the answer is not checked.
            error.close()
        except (urllib.error.URLError, OSError, ValueError):
            warnings.warn(
                f"Could not reach RemoteMonitor root server at {self.root}",
                stacklevel=2,
            )
