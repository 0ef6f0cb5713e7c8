"""`get_file`: download a file once, check it, cache it, extract it.

Downloads use `urllib` only. A download is written to a temporary file in
the cache folder and renamed into place only once it is complete and its
hash (when one is given) matches, so an interrupted or failed download
never leaves a file under the final name. Archives are checked member by
member before anything is written: a member that would land outside the
target folder (an absolute path, a `..` component, a link pointing out)
stops the extraction with a `ValueError`. An extraction also goes to a
temporary folder first and is renamed into place when complete.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import warnings
import zipfile
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.backend.common import config
from kerata.src.utils.progbar import Progbar

# Seconds to wait for the server before a download fails.
DOWNLOAD_TIMEOUT = 60.0
_CHUNK_SIZE = 1 << 16
_HASH_ALGORITHMS = ("auto", "sha256", "md5")


@kerata_export("kerata.utils.get_file")
def get_file(
    fname: str | os.PathLike | None = None,
    origin: str | None = None,
    untar: bool = False,
    md5_hash: str | None = None,
    file_hash: str | None = None,
    cache_subdir: str = "datasets",
    hash_algorithm: str = "auto",
    extract: bool = False,
    archive_format: str | list | None = "auto",
    cache_dir: str | os.PathLike | None = None,
    force_download: bool = False,
) -> str:
    """Downloads a file from a URL unless it is already in the cache.

    The file at `origin` is saved as `<cache_dir>/<cache_subdir>/<fname>`,
    where `cache_dir` defaults to `$KERATA_HOME` or `~/.kerata`. Later
    calls return the cached copy without a request, after checking its hash
    when `file_hash` is given. A file whose hash does not match is
    downloaded again; if a fresh download still does not match, it is
    tried once more and then a `ValueError` names both hashes.

    With `extract=True`, tar (`.tar`, `.tar.gz`, `.tar.bz2`, `.tar.xz`) and
    zip archives are unpacked and the extraction folder is returned. If
    `fname` has no extension, it names that folder (the archive is kept
    beside it as `<fname>_archive`); otherwise the folder is
    `<fname up to its first dot>_extracted`. An archive is only unpacked
    again when it was downloaded again or its folder is missing. Archives
    with members that would be written outside that folder are refused.

    Only download files you trust, and pass `file_hash` when you know it.

    Args:
        fname: Name of the file in the cache. Defaults to the last part of
            the URL's path. Must not contain a folder: use `cache_dir` or
            `cache_subdir` for that.
        origin: URL of the file (`http://`, `https://` or `file://`).
        untar: Deprecated alias of `extract=True, archive_format="tar"`.
        md5_hash: Deprecated: MD5 hash of the file; use `file_hash`.
        file_hash: Expected SHA-256 or MD5 hex digest of the file.
        cache_subdir: Folder under `cache_dir` where the file is saved. An
            absolute path is used as is.
        hash_algorithm: `"sha256"`, `"md5"` or `"auto"` (SHA-256 for a
            64-character `file_hash`, else MD5).
        extract: Whether to unpack the downloaded archive.
        archive_format: `"auto"` (try tar, then zip), `"tar"`, `"zip"`, a
            list of these, or `None` (never extract).
        cache_dir: Cache root. Defaults to `$KERATA_HOME` or `~/.kerata`;
            if that is not writable, a `.kerata` folder in the temporary
            folder is used.
        force_download: Whether to download even when a cached copy exists.

    Returns:
        The path of the downloaded file, or of the extraction folder when
        `extract` (or `untar`) is true.

    Raises:
        ValueError: If `origin` is missing, `fname` contains a folder,
            `hash_algorithm` is unknown, the downloaded file's hash does not
            match `file_hash`, or an archive member would be written outside
            the extraction folder.
        OSError: If the download fails (HTTP error, unreachable server,
            connection closed before the end of the file).

    Example:

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> source = os.path.join(folder, "hello.txt")
    >>> with open(source, "w") as f:
    ...     _ = f.write("hello")
    >>> path = kerata.utils.get_file(
    ...     "greeting.txt",
    ...     origin="file://" + source,
    ...     file_hash="2cf24dba5fb0a30e26e83b2ac5b9e29e"
    ...     "1b161e5c1fa7425e73043362938b9824",
    ...     cache_dir=folder,
    ... )  # doctest: +ELLIPSIS
    Downloading data from file://...
    >>> os.path.relpath(path, folder)
    'datasets/greeting.txt'
    >>> with open(path) as f:
    ...     f.read()
    'hello'
    """
    if origin is None:
        raise ValueError(
            "`origin` is required: pass the URL of the file to download. "
            "Received: origin=None"
        )
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    if hash_algorithm not in _HASH_ALGORITHMS:
        raise ValueError(
            f"`hash_algorithm` must be one of {_HASH_ALGORITHMS}. "
            f"Received: hash_algorithm={hash_algorithm!r}"
        )
    datadir = os.path.join(_cache_root(cache_dir), cache_subdir)
    os.makedirs(datadir, exist_ok=True)
    fname, named = _resolve_fname(fname, origin)
    extract = extract or untar
    download_target, extraction_dir = _targets(datadir, fname, named, extract)

    downloaded = False
    if force_download or not _is_cached(
        download_target, file_hash, hash_algorithm
    ):
        _download_checked(origin, download_target, file_hash, hash_algorithm)
        downloaded = True
    if not extract:
        return download_target
    if downloaded or not os.path.isdir(extraction_dir):
        formats = "tar" if untar else archive_format
        if not extract_archive(download_target, extraction_dir, formats):
            warnings.warn(
                f"Could not extract {download_target}: it is not an archive "
                f"of the formats {formats!r}.",
                stacklevel=2,
            )
    return extraction_dir


def _cache_root(cache_dir: Any) -> str:
    root = os.path.expanduser(
        os.fspath(cache_dir) if cache_dir is not None else config.kerata_home()
    )
    try:
        os.makedirs(root, exist_ok=True)
    except OSError:
        pass
    if os.access(root, os.W_OK):
        return root
    return os.path.join(tempfile.gettempdir(), ".kerata")


def _resolve_fname(fname: Any, origin: str) -> tuple[str, bool]:
    """Returns the cache file name and whether the caller chose it."""
    if fname is not None and os.fspath(fname):
        fname = os.fspath(fname)
        if os.sep in fname or "/" in fname:
            raise ValueError(
                "`fname` must be a file name without a folder; pass the "
                "folder as `cache_dir` or `cache_subdir`. "
                f"Received: fname={fname!r}"
            )
        return fname, True
    name = posixpath.basename(urllib.parse.urlsplit(origin).path)
    if not name:
        raise ValueError(
            f"Could not take a file name from the URL {origin!r}. Pass `fname`."
        )
    return name, False


def _targets(
    datadir: str, fname: str, named: bool, extract: bool
) -> tuple[str, str]:
    """Returns (where the download goes, where it is extracted)."""
    if not extract:
        return os.path.join(datadir, fname), ""
    if named and "." in fname:
        stem = fname[: fname.index(".")]
        return (
            os.path.join(datadir, fname),
            os.path.join(datadir, f"{stem}_extracted"),
        )
    return (
        os.path.join(datadir, f"{fname}_archive"),
        os.path.join(datadir, fname),
    )


def _is_cached(path: str, file_hash: str | None, algorithm: str) -> bool:
    if not os.path.exists(path):
        return False
    if file_hash is None:
        return True
    if _hash_file(path, algorithm, file_hash) == file_hash.lower():
        return True
    print(
        f"A local file was found at {path}, but its {algorithm} hash does "
        f"not match the expected {file_hash}: downloading it again."
    )
    return False


def _new_hasher(algorithm: str, file_hash: str | None) -> Any:
    if algorithm == "sha256" or (
        algorithm == "auto" and file_hash is not None and len(file_hash) == 64
    ):
        return hashlib.sha256()
    return hashlib.md5(usedforsecurity=False)


def _hash_file(path: str, algorithm: str, file_hash: str | None) -> str:
    hasher = _new_hasher(algorithm, file_hash)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK_SIZE), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def _download_checked(
    origin: str, target: str, file_hash: str | None, algorithm: str
) -> None:
    """Downloads `origin` to `target`, trying twice to get a matching hash."""
    received = None
    for attempt in (1, 2):
        part = _download(origin, os.path.dirname(target))
        if file_hash is None:
            os.replace(part, target)
            return
        received = _hash_file(part, algorithm, file_hash)
        if received == file_hash.lower():
            os.replace(part, target)
            return
        os.remove(part)
        if attempt == 1:
            print(
                f"The file downloaded from {origin} has the {algorithm} "
                f"hash {received}, expected {file_hash}: trying once more."
            )
    raise ValueError(
        f"The file downloaded from {origin} is incomplete or corrupted: its "
        f"hash ({algorithm}) is {received}, expected {file_hash}. Check the "
        "URL and `file_hash`, or try again later."
    )


def _download(origin: str, folder: str) -> str:
    """Downloads `origin` into a temporary file in `folder`; returns it."""
    print(f"Downloading data from {origin}")
    fd, part = tempfile.mkstemp(dir=folder, prefix=".download-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            _copy_response(origin, out)
    except BaseException:
        # Also on KeyboardInterrupt: no partial file survives.
        os.remove(part)
        raise
    return part


def _copy_response(origin: str, out: Any) -> None:
    # Imported here: `urllib.request` pulls in `ssl` and `email`, which
    # `import kerata` does not need.
    import http.client
    import urllib.request

    try:
        with urllib.request.urlopen(origin, timeout=DOWNLOAD_TIMEOUT) as resp:
            length = resp.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            progbar = Progbar(total, unit_name="byte")
            received = 0
            for chunk in iter(lambda: resp.read(_CHUNK_SIZE), b""):
                out.write(chunk)
                received += len(chunk)
                if total is None or received < total:
                    progbar.update(received, finalize=False)
    except urllib.error.HTTPError as e:
        e.close()  # It holds the connection open otherwise.
        raise OSError(
            f"Could not download {origin}: HTTP error {e.code} ({e.reason})."
        ) from e
    except urllib.error.URLError as e:
        raise OSError(f"Could not download {origin}: {e.reason}.") from e
    except (OSError, http.client.HTTPException) as e:
        raise OSError(
            f"Could not download {origin}: the connection failed during the "
            f"download ({type(e).__name__}: {e})."
        ) from e
    if total is not None and received != total:
        raise OSError(
            f"Could not download {origin}: the connection closed after "
            f"{received} of {total} bytes. Try again."
        )
    progbar.update(received, finalize=True)


def extract_archive(
    file_path: str, path: str, archive_format: str | list | None = "auto"
) -> bool:
    """Extracts a tar or zip archive into the folder `path`.

    The archive is unpacked into a temporary folder beside `path`, which
    then replaces `path`, so `path` is either complete or absent.

    Args:
        file_path: The archive.
        path: The folder to extract into (replaced if it exists).
        archive_format: `"auto"` (tar, then zip), `"tar"`, `"zip"`, a list
            of these, or `None`.

    Returns:
        Whether the file matched one of the formats and was extracted.

    Raises:
        ValueError: If a member would be written outside `path`, or
            `archive_format` names an unknown format.
    """
    if archive_format is None:
        return False
    formats = ["tar", "zip"] if archive_format == "auto" else archive_format
    if isinstance(formats, str):
        formats = [formats]
    for name in formats:
        if name not in ("tar", "zip"):
            raise ValueError(
                '`archive_format` must be "auto", "tar", "zip", a list of '
                f"these, or None. Received: archive_format={archive_format!r}"
            )
        is_match = tarfile.is_tarfile if name == "tar" else zipfile.is_zipfile
        if is_match(file_path):
            _extract_atomically(file_path, path, name)
            return True
    return False


def _extract_atomically(file_path: str, path: str, kind: str) -> None:
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(dir=parent, prefix=".extract-")
    try:
        if kind == "tar":
            _extract_tar(file_path, staging)
        else:
            _extract_zip(file_path, staging)
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)
        os.replace(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _extract_tar(file_path: str, folder: str) -> None:
    with tarfile.open(file_path) as archive:
        members = archive.getmembers()
        links: list[str] = []
        for member in members:
            _check_tar_member(file_path, member, links)
        kwargs = {}
        if hasattr(tarfile, "data_filter"):
            # Second line of defence: also refuses device files and
            # paths that escape through links already on disk.
            kwargs["filter"] = "data"
        archive.extractall(folder, members=members, **kwargs)


def _extract_zip(file_path: str, folder: str) -> None:
    with zipfile.ZipFile(file_path) as archive:
        for info in archive.infolist():
            _check_member_name(file_path, info.filename)
        archive.extractall(folder)


def _refuse(archive: str, member: str, why: str) -> ValueError:
    return ValueError(
        f"Refusing to extract {archive}: its member {member!r} {why}, which "
        "would write outside the extraction folder. The archive is corrupt "
        "or malicious; nothing was extracted."
    )


def _check_member_name(archive: str, name: str) -> str:
    """Returns the member's normalised relative path, or raises."""
    unixy = name.replace("\\", "/")
    if unixy.startswith("/") or (len(unixy) > 1 and unixy[1] == ":"):
        raise _refuse(archive, name, "has an absolute path")
    if ".." in unixy.split("/"):
        raise _refuse(archive, name, "has a '..' component")
    return posixpath.normpath(unixy)


def _check_tar_member(
    archive: str, member: tarfile.TarInfo, links: list[str]
) -> None:
    name = _check_member_name(archive, member.name)
    for link in links:
        if name.startswith(link + "/"):
            raise _refuse(archive, member.name, f"goes through the link {link}")
    if member.issym() or member.islnk():
        # A symlink's target is relative to its folder, a hard link's to
        # the archive's root.
        base = posixpath.dirname(name) if member.issym() else ""
        target = member.linkname.replace("\\", "/")
        resolved = posixpath.normpath(posixpath.join(base, target))
        if target.startswith("/") or resolved.split("/")[0] == "..":
            raise _refuse(archive, member.name, f"links to {member.linkname!r}")
        links.append(name)
    elif not (member.isfile() or member.isdir()):
        raise ValueError(
            f"Refusing to extract {archive}: its member {member.name!r} is "
            "a device or pipe, not a file, folder or link."
        )
