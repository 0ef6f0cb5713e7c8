import hashlib
import io
import os
import sys
import tarfile
import zipfile

import pytest

from kerata import utils
from kerata.src.utils import file_utils
from tests.datasets.local_server import LocalServer
from tests.datasets.local_server import unused_port_url

DATA = b"kerata get_file test payload " * 64


@pytest.fixture
def server():
    server = LocalServer()
    server.files["data.bin"] = DATA
    yield server
    server.close()


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _leftovers(folder):
    """Every file and folder under `folder`, relative, sorted."""
    found = []
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            found.append(os.path.relpath(os.path.join(root, name), folder))
    return sorted(found)


def _tar_gz(members):
    """A .tar.gz of `members`: (name, bytes) files or TarInfo objects."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for member in members:
            if isinstance(member, tarfile.TarInfo):
                archive.addfile(member)
                continue
            name, data = member
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def _link(name, target, kind=tarfile.SYMTYPE):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


def test_downloads_once_then_uses_the_cache(server, tmp_path, capsys):
    url = server.url + "data.bin"
    path = utils.get_file("copy.bin", url, cache_dir=tmp_path)
    assert path == os.path.join(str(tmp_path), "datasets", "copy.bin")
    with open(path, "rb") as f:
        assert f.read() == DATA
    assert "Downloading data from " + url in capsys.readouterr().out
    again = utils.get_file(
        "copy.bin", url, file_hash=_sha256(DATA), cache_dir=tmp_path
    )
    assert again == path
    assert server.requests == ["data.bin"]
    assert _leftovers(tmp_path) == ["datasets", "datasets/copy.bin"]


def test_defaults_to_kerata_home_and_url_name(server, tmp_path, monkeypatch):
    monkeypatch.setenv("KERATA_HOME", str(tmp_path / "home"))
    path = utils.get_file(origin=server.url + "data.bin")
    assert path == str(tmp_path / "home" / "datasets" / "data.bin")


def test_cache_subdir_and_force_download(server, tmp_path):
    url = server.url + "data.bin"
    path = utils.get_file(
        "a.bin", url, cache_subdir="models", cache_dir=str(tmp_path)
    )
    assert path == str(tmp_path / "models" / "a.bin")
    utils.get_file(
        "a.bin", url, cache_subdir="models", cache_dir=tmp_path,
        force_download=True,
    )  # fmt: skip
    assert server.requests == ["data.bin", "data.bin"]


def test_md5_hash_is_accepted(server, tmp_path):
    md5 = hashlib.md5(DATA, usedforsecurity=False).hexdigest()
    url = server.url + "data.bin"
    path = utils.get_file("a.bin", url, md5_hash=md5, cache_dir=tmp_path)
    assert os.path.exists(path)
    utils.get_file(
        "a.bin", url, file_hash=md5, hash_algorithm="md5", cache_dir=tmp_path
    )
    assert len(server.requests) == 1


def test_hash_mismatch_retries_once_then_names_both_hashes(server, tmp_path):
    wrong = "0" * 64
    with pytest.raises(ValueError, match=wrong) as info:
        utils.get_file(
            "a.bin", server.url + "data.bin", file_hash=wrong,
            cache_dir=tmp_path,
        )  # fmt: skip
    assert _sha256(DATA) in str(info.value)
    assert server.requests == ["data.bin", "data.bin"]
    assert _leftovers(tmp_path) == ["datasets"]


def test_stale_cached_file_is_downloaded_again(server, tmp_path):
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "a.bin").write_bytes(b"old version")
    path = utils.get_file(
        "a.bin", server.url + "data.bin", file_hash=_sha256(DATA),
        cache_dir=tmp_path,
    )  # fmt: skip
    with open(path, "rb") as f:
        assert f.read() == DATA
    assert server.requests == ["data.bin"]


def test_http_error_names_the_url_and_leaves_no_file(server, tmp_path):
    url = server.url + "missing.bin"
    with pytest.raises(OSError, match="404") as info:
        utils.get_file("a.bin", url, cache_dir=tmp_path)
    assert url in str(info.value)
    assert _leftovers(tmp_path) == ["datasets"]


def test_connection_refused_names_the_url_and_leaves_no_file(tmp_path):
    url = unused_port_url() + "data.bin"
    with pytest.raises(OSError, match="Could not download") as info:
        utils.get_file("a.bin", url, cache_dir=tmp_path)
    assert url in str(info.value)
    assert _leftovers(tmp_path) == ["datasets"]


def test_interrupted_download_leaves_no_file(server, tmp_path):
    server.truncated.add("data.bin")
    with pytest.raises(OSError, match="Could not download"):
        utils.get_file("a.bin", server.url + "data.bin", cache_dir=tmp_path)
    assert _leftovers(tmp_path) == ["datasets"]


@pytest.mark.parametrize("fmt", ["tar", "zip"])
def test_extract_returns_the_folder_and_extracts_once(server, tmp_path, fmt):
    members = [("top/a.txt", b"A"), ("top/sub/b.txt", b"B")]
    server.files["pack"] = _tar_gz(members) if fmt == "tar" else _zip(members)
    url = server.url + "pack"
    folder = utils.get_file("pack", url, extract=True, cache_dir=tmp_path)
    assert folder == str(tmp_path / "datasets" / "pack")
    assert (tmp_path / "datasets" / "pack_archive").is_file()
    with open(os.path.join(folder, "top", "sub", "b.txt"), "rb") as f:
        assert f.read() == b"B"
    os.remove(os.path.join(folder, "top", "a.txt"))
    # Cached archive and folder: no request, no new extraction.
    utils.get_file("pack", url, extract=True, cache_dir=tmp_path)
    assert server.requests == ["pack"]
    assert not os.path.exists(os.path.join(folder, "top", "a.txt"))


def test_extract_with_an_extension_and_untar(server, tmp_path):
    server.files["pack.tar.gz"] = _tar_gz([("a.txt", b"A")])
    url = server.url + "pack.tar.gz"
    folder = utils.get_file("pack.tar.gz", url, untar=True, cache_dir=tmp_path)
    assert folder == str(tmp_path / "datasets" / "pack_extracted")
    assert (tmp_path / "datasets" / "pack.tar.gz").is_file()
    assert (tmp_path / "datasets" / "pack_extracted" / "a.txt").is_file()


@pytest.mark.parametrize("mode", ["w", "w:bz2", "w:xz"])
def test_extracts_every_tar_compression(tmp_path, mode):
    archive = tmp_path / "a.tar"
    with tarfile.open(archive, mode) as f:
        info = tarfile.TarInfo("a.txt")
        info.size = 1
        f.addfile(info, io.BytesIO(b"A"))
    assert file_utils.extract_archive(str(archive), str(tmp_path / "out"))
    assert (tmp_path / "out" / "a.txt").read_bytes() == b"A"


def test_not_an_archive_warns(server, tmp_path):
    with pytest.warns(UserWarning, match="Could not extract"):
        utils.get_file(
            "a", server.url + "data.bin", extract=True, cache_dir=tmp_path
        )


UNSAFE_TAR_MEMBERS = {
    "dotdot": [("ok.txt", b"ok"), ("../evil.txt", b"x")],
    "absolute": [("/tmp/evil.txt", b"x")],
    "nested_dotdot": [("a/../../evil.txt", b"x")],
    "symlink_out": [_link("link", "../../outside")],
    "symlink_absolute": [_link("link", "/etc")],
    "hardlink_out": [_link("link", "../outside", tarfile.LNKTYPE)],
    "through_link": [_link("d", "."), ("d/x.txt", b"x")],
}


@pytest.mark.parametrize("case", sorted(UNSAFE_TAR_MEMBERS))
def test_unsafe_tar_members_are_refused(server, tmp_path, case):
    server.files["bad"] = _tar_gz(UNSAFE_TAR_MEMBERS[case])
    with pytest.raises(ValueError, match="Refusing to extract"):
        utils.get_file(
            "bad", server.url + "bad", extract=True, cache_dir=tmp_path
        )
    assert _leftovers(tmp_path) == ["datasets", "datasets/bad_archive"]


@pytest.mark.parametrize("name", ["../evil.txt", "/evil.txt", "C:/evil.txt"])
def test_unsafe_zip_members_are_refused(server, tmp_path, name):
    server.files["bad.zip"] = _zip([("fine.txt", b"ok"), (name, b"x")])
    with pytest.raises(ValueError, match="Refusing to extract"):
        utils.get_file(
            "bad.zip", server.url + "bad.zip", extract=True,
            cache_dir=tmp_path,
        )  # fmt: skip
    assert _leftovers(tmp_path) == ["datasets", "datasets/bad.zip"]


def test_safe_links_inside_the_folder_are_extracted(tmp_path):
    archive = tmp_path / "links.tar.gz"
    archive.write_bytes(_tar_gz([("d/a.txt", b"A"), _link("d/b.txt", "a.txt")]))
    target = tmp_path / "out"
    assert file_utils.extract_archive(str(archive), str(target))
    assert (target / "d" / "b.txt").read_bytes() == b"A"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"origin": None}, "origin"),
        ({"fname": "a/b.bin"}, "fname"),
        ({"hash_algorithm": "sha1"}, "hash_algorithm"),
        ({"origin": "http://127.0.0.1/"}, "file name"),
    ],
)
def test_invalid_arguments(tmp_path, kwargs, message):
    kwargs = {"origin": "http://127.0.0.1/a.bin", **kwargs}
    with pytest.raises(ValueError, match=message):
        utils.get_file(cache_dir=tmp_path, **kwargs)


def test_unknown_archive_format_is_refused(tmp_path):
    archive = tmp_path / "a.zip"
    archive.write_bytes(_zip([("a.txt", b"A")]))
    with pytest.raises(ValueError, match="archive_format"):
        file_utils.extract_archive(str(archive), str(tmp_path / "o"), "rar")


def test_does_not_import_tensorflow():
    assert "tensorflow" not in sys.modules
