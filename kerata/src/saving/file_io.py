"""Safe archive member names."""

from __future__ import annotations

import posixpath


def check_member_name(name: str, archive: str) -> str:
    """`name` if it stays inside the folder it is extracted to.

    Raises:
        ValueError: For absolute names, drive letters, backslashes or
            any `..` component (even one that normalizes away, such as
            `assets/../x`), which could write outside the target folder.
    """
    normalized = posixpath.normpath(name)
    if (
        name.startswith(("/", "\\"))
        or "\\" in name
        or (len(name) > 1 and name[1] == ":")
        or ".." in name.split("/")
        or "\x00" in name
    ):
        raise ValueError(
            f"Refusing to read {archive!r}: it holds a member named "
            f"{name!r}, which points outside the archive's folder. The "
            "file is corrupted or was crafted to overwrite other files."
        )
    return normalized
