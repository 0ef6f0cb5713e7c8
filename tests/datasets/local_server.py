"""A tiny HTTP server on 127.0.0.1 for download tests (no internet)."""

from __future__ import annotations

import http.server
import socket
import threading


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        server = self.server
        name = self.path.lstrip("/")
        server.requests.append(name)
        body = server.files.get(name)
        if body is None:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if name in server.truncated:
            # Announce the whole file, send half of it, hang up.
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class LocalServer:
    """Serves `files` (name -> bytes) at `url`; records `requests`."""

    def __init__(self):
        self._server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), _Handler
        )
        self._server.daemon_threads = True
        self._server.files = {}
        self._server.requests = []
        self._server.truncated = set()
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}/"
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.01,), daemon=True
        )
        self._thread.start()

    @property
    def files(self) -> dict:
        return self._server.files

    @property
    def requests(self) -> list:
        return self._server.requests

    @property
    def truncated(self) -> set:
        return self._server.truncated

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def unused_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
