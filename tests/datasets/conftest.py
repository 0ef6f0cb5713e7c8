"""Fixtures: a local mirror of the data set files and an empty cache."""

import hashlib

import pytest

from kerata.src.datasets import remote
from tests.datasets.local_server import LocalServer


@pytest.fixture
def server():
    server = LocalServer()
    yield server
    server.close()


class Mirror:
    """The local server as the data sets' origin, with an empty cache."""

    def __init__(self, server, monkeypatch, home):
        self.server = server
        self.home = home
        self._monkeypatch = monkeypatch

    def add(self, name: str, data: bytes) -> None:
        """Serves `data` as `name`, and makes its SHA-256 the known hash."""
        self.server.files[name] = data
        digest = hashlib.sha256(data).hexdigest()
        self._monkeypatch.setitem(remote.FILE_HASHES, name, digest)


@pytest.fixture
def mirror(server, monkeypatch, tmp_path):
    home = tmp_path / "kerata_home"
    monkeypatch.setenv("KERATA_HOME", str(home))
    monkeypatch.setenv(remote.BASE_URL_ENV, server.url)
    return Mirror(server, monkeypatch, home)
