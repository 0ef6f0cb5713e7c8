import http.server
import json
import socket
import threading
import urllib.parse

import numpy as np
import pytest

from kerata import callbacks


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append((self.path, dict(self.headers), body))
        status = 404 if self.path == "/missing" else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass  # keep the test output clean


@pytest.fixture(scope="module")
def _running_server():
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    httpd.requests = []
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}
    )
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def server(_running_server):
    _running_server.requests.clear()
    return _running_server


def _root(server):
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_remote_monitor_posts_a_form(server):
    monitor = callbacks.RemoteMonitor(root=_root(server))
    monitor.on_epoch_end(2, {"loss": 0.5, "acc": np.float32(0.25)})
    path, headers, body = server.requests[0]
    assert path == "/publish/epoch/end/"
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    form = urllib.parse.parse_qs(body.decode())
    assert list(form) == ["data"]
    assert json.loads(form["data"][0]) == {
        "epoch": 2,
        "loss": 0.5,
        "acc": 0.25,
    }


def test_remote_monitor_posts_json_with_headers(server):
    monitor = callbacks.RemoteMonitor(
        root=_root(server),
        path="/events",
        field="ignored",
        headers={"X-Run": "7"},
        send_as_json=True,
    )
    monitor.on_epoch_end(0, {"loss": 1.0, "values": np.array([1, 2])})
    path, headers, body = server.requests[0]
    assert path == "/events"
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Run"] == "7"
    assert json.loads(body) == {"epoch": 0, "loss": 1.0, "values": [1, 2]}


def test_remote_monitor_custom_field(server):
    monitor = callbacks.RemoteMonitor(root=_root(server), field="payload")
    monitor.on_epoch_end(1)
    form = urllib.parse.parse_qs(server.requests[0][2].decode())
    assert json.loads(form["payload"][0]) == {"epoch": 1}


def test_remote_monitor_ignores_error_status(server):
    monitor = callbacks.RemoteMonitor(root=_root(server), path="/missing")
    monitor.on_epoch_end(0, {"loss": 1.0})
    assert len(server.requests) == 1


def test_remote_monitor_warns_when_unreachable():
    # A port that was free a moment ago: nothing listens there.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    root = f"http://127.0.0.1:{port}"
    monitor = callbacks.RemoteMonitor(root=root)
    with pytest.warns(UserWarning, match="Could not reach RemoteMonitor"):
        monitor.on_epoch_end(0, {"loss": 1.0})


def test_remote_monitor_defaults():
    monitor = callbacks.RemoteMonitor()
    assert (monitor.root, monitor.path, monitor.field) == (
        "http://localhost:9000",
        "/publish/epoch/end/",
        "data",
    )
    assert monitor.headers is None
    assert monitor.send_as_json is False
