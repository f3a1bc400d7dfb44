"""Reading the archive's files, and only them.

Content comes from people we do not know, and git keeps symbolic links: a pull request can
add ``sources/passwd.txt`` as a link to ``/etc/passwd``, or ``annotations/doc`` as a link
to a folder elsewhere. Every file the builder reads under the content folder is read with
:func:`read_inside`: a link is followed only when the file it leads to is inside the
content folder. The path opened is the real path that was checked, with ``O_NOFOLLOW``:
if its last part is replaced by a link between the check and the open, the open fails
rather than follow it. (``O_NOFOLLOW`` covers the last part only: a folder above it
swapped for a link in that moment would still be followed. Content is a checkout that the
build does not write, so that race needs someone already able to change the folder.)
A folder, a named pipe or a device where a file is expected is refused, not read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

OUTSIDE_HINT = "copy what it leads to into the content folder instead of linking to it, or remove the link"


def is_utf8(name: str) -> bool:
    """Whether the file name ``name`` is UTF-8 on the disk. A name that is not (Latin-1 bytes,
    from an old system or a zip file) is read by Python with a stand-in (a surrogate) for
    each byte that is not, which no page, URL or message can hold."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def utf8_shown(name: str) -> str:
    """``name`` as a message can show it: each byte that is not UTF-8 as U+FFFD."""
    return os.fsencode(name).decode("utf-8", errors="replace")


def not_utf8_message(shown: str, folder: bool, left: str) -> str:
    """What is said of a file (or ``folder``) whose name is not UTF-8: ``shown`` by
    :func:`utf8_shown`, and what became of it (``left``)."""
    return (f"the name of the {'folder' if folder else 'file'} '{shown}' is not UTF-8 (shown with '\ufffd' for "
            f"each byte that is not); {left}")


def not_utf8_hint(folder: str) -> str:
    """The fix for a name that is not UTF-8 under the content folder's ``folder``."""
    return ("rename it in UTF-8; names from an old system are often Latin-1, which this renames (run in the "
            f"archive's folder): convmv -f latin1 -t utf8 -r --notest content/{folder}")


class Refused(Exception):
    """A file that is not read: ``kind`` names why (``outside-archive``, ``not-a-file``,
    ``unreadable``); ``message`` and ``hint`` are for the editor."""

    def __init__(self, kind: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.kind, self.message, self.hint = kind, message, hint


class TooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(f"{size:,} bytes")
        self.size = size


def real_path(root: Path, path: Path) -> Path:
    """Where ``path`` really leads (``root``: a resolved folder). Quick for the usual case, a
    path under ``root`` without links: one lstat per part below ``root``, instead of the
    whole path's resolution; anything else is resolved in full."""
    top, below = str(root), str(path)  # (absolute and normalised: compared as strings, not as path objects)
    if below == top:
        return path
    if not below.startswith(top if top.endswith("/") else top + "/"):
        return resolved(path)
    parts = below[len(top):].lstrip("/").split("/")
    if ".." in parts:
        return resolved(path)
    current = top
    for part in parts:
        current = os.path.join(current, part)
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return resolved(path)
        except OSError:  # missing: the open says so
            return path
    return path


def resolved(path: Path) -> Path:
    """``path`` with every link followed; a link in a loop is left as it is (opening it then
    fails), where ``Path.resolve`` would raise RuntimeError."""
    return Path(os.path.realpath(path))


def outside(root: Path, path: Path) -> Path | None:
    """Where ``path`` really leads, when that is outside ``root`` (a resolved folder); None
    when it stays inside (a link within the archive may be followed)."""
    real = real_path(root, path)
    return None if is_within(root, real) else real


def is_within(folder: Path | str, real: Path | str) -> bool:
    """Is ``real`` (a resolved path) ``folder`` itself or under it?"""
    folder, real = str(folder), str(real)  # (absolute and normalised, so compared as strings)
    return real == folder or real.startswith(folder if folder.endswith("/") else folder + "/")


CONTENT_FOLDER = "the archive's content folder"


def refusal_outside(name: str, real: Path, where: str = CONTENT_FOLDER) -> Refused:
    return Refused("outside-archive", f"'{name}' leads to {real}, outside {where}; it was not read", OUTSIDE_HINT)


def read_inside(root: Path, path: Path, name: str, limit: int | None = None, where: str = CONTENT_FOLDER) -> bytes:
    """The bytes of ``path`` (``name``: as the editor knows it), a regular file whose real
    path is inside ``root`` (``where`` names that folder in the message); raises
    :class:`Refused` otherwise, or :class:`TooLarge` when it has more than ``limit`` bytes."""
    real = real_path(root, path)
    if not is_within(root, real):
        raise refusal_outside(name, real, where)
    return _read_real(real, name, limit)


def real_folder(root: Path, folder: Path) -> str | None:
    """Where ``folder`` really leads, checked once for all the files listed in it (see
    :func:`read_listed`); None when that is outside ``root`` (a resolved folder)."""
    real = real_path(root, folder)
    return str(real) if is_within(root, real) else None


def read_listed(root: Path, folder_real: str | None, entry: os.DirEntry, name: str, limit: int | None = None) -> bytes:
    """:func:`read_inside` for ``entry``, found by ``os.scandir`` in a folder whose real path
    :func:`real_folder` gave: a file that is not a link is the file of that name in the real
    folder, which is inside ``root``, so only a link (as the listing found it; one put in its
    place later is not followed, see :func:`read_inside`) or a folder leading out of ``root``
    is checked file by file."""
    try:
        linked = entry.is_symlink()
    except OSError:
        linked = True
    if folder_real is None or linked:
        return read_inside(root, Path(entry.path), name, limit)
    return _read_real(os.path.join(folder_real, entry.name), name, limit)


def _read_real(real: Path | str, name: str, limit: int | None) -> bytes:
    """The bytes of ``real``, a path checked to lead inside the root: opened without following
    a link in its last part, and only if it is a regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(real, flags)  # O_NONBLOCK: a named pipe does not hang the build
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise not_a_file(name, stat.S_IFDIR) from None
        raise Refused("unreadable", f"'{name}' cannot be read: {exc.strerror}",
                      "check that the file exists and can be read (a link must lead to a file)") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):  # a folder opens too: checked before it is read
            raise not_a_file(name, info.st_mode)
        if limit is not None and info.st_size > limit:
            raise TooLarge(info.st_size)
        # To its end: a read shorter than asked for ends the file; a file that grew meanwhile is
        # read on to its new end.
        size = info.st_size + 1
        chunks = [os.read(descriptor, size)]
        while len(chunks[-1]) == size:
            size = 65536
            chunks.append(os.read(descriptor, size))
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except OSError as exc:
        raise Refused("unreadable", f"'{name}' cannot be read: {exc.strerror}",
                      "check that the file can be read") from None
    finally:
        if descriptor >= 0:
            os.close(descriptor)


def not_a_file(name: str, mode: int) -> Refused:
    if stat.S_ISDIR(mode):
        return Refused("not-a-file", f"'{name}' is a folder, not a file; it was not read",
                       "rename the folder (its name ends like a file the builder reads), or remove it")
    return Refused("not-a-file", f"'{name}' is not a regular file; it was not read", "replace it with an ordinary file")


def read_text_inside(root: Path, path: Path, name: str) -> str:
    """:func:`read_inside`, decoded as UTF-8 (a byte-order mark is dropped); raises
    UnicodeDecodeError as ``bytes.decode`` does."""
    return read_inside(root, path, name).decode("utf-8-sig")
