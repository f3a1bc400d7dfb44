"""What a build replaces whole (the site, the Markdown export, the offline zip): one build
at a time, swapped in at once, and nothing left behind by a build that was killed.

**Lock.** A build holds ``.NAME.lock``, beside ``NAME``, with flock(2) for as long as it
writes ``NAME`` or the folders beside it. A second build waits for it, and says so. The
kernel releases the lock when the holder ends, however it ends (``kill -9`` included), so a
killed build never leaves a stale lock. The file stays: removing it would let a waiting
build and a new one lock two different files. Locks are taken in one order, never the
other way round: the offline zip's (archive bundle), the site's (bridge.site.build_site), the
cache's (the plugin, while the pipeline runs), the Markdown export's (:func:`write_tree`).

**Swap.** A build works in ``.NAME-building-XXXXXXXX`` beside ``NAME`` (X: hexadecimal), a
folder it makes itself and marks, first thing, with the file ``.archive-build-debris``. It
writes the new tree inside, then exchanges that tree and ``NAME`` with Linux's
``renameat2(RENAME_EXCHANGE)``: at every instant ``NAME`` is a whole folder, the old one or
the new one. The old tree, now inside the staging folder, is removed with it. Where the
exchange is not available (another system, glibc before 2.28 on a kernel without the system
call, or a file system that refuses it with EINVAL), ``NAME`` is renamed into the staging
folder (as ``previous``) and the new tree to ``NAME``. A kill between those two renames
leaves no ``NAME``: the next build puts ``previous`` back before anything else
(:func:`clear_debris`), so that a failed next build still leaves the old site.

**Debris.** With the lock held, no live build owns a staging folder of ``NAME``: the next
build removes what killed builds left, and nothing it did not make. Removed are exactly:
``.NAME-building-`` and 8 lowercase letters, digits or ``_`` (this version's folders, which
carry the mark, and the same names earlier versions made with mkdtemp, without it);
``.NAME-old-`` and a process id of 1 to 7 digits (where earlier versions kept the old tree
during the two renames); and, beside the Markdown export alone and only in a folder named
``build`` (the builder's own, as in the default ``build/markdown``), ``.NAME-`` and 8 such
characters (earlier versions' export staging). The names without a mark are removed because
they are exactly what earlier versions made and a person is very unlikely to name a folder
so; each removal is logged. If ``NAME`` is missing, the newest marked ``previous`` or
``.NAME-old-PID`` is put back first. Any other name (``.site-settings``,
``.site-old-designs``, ``.site-building-notes``, ``.site-old-20261205``) is left alone, as
are links and files.

**Folders apart.** The site, the export and the cache must each be a folder of their own,
not one inside another nor around the content or the configuration: a build replaces the
site and the export whole (:func:`check_apart`). A lock this thread already holds is refused
with the same error instead of waiting for itself.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import secrets
import shutil
import stat
import subprocess
import threading
from pathlib import Path
from typing import Iterable

from builder.folderexchange import exchange

try:
    import fcntl
except ImportError:  # not a POSIX system: builds are not kept apart
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

UNSUPPORTED = (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP)
MARK = ".archive-build-debris"
"""The file that marks a staging folder as the builder's (written first; its text means nothing)."""
PREVIOUS = "previous"
"""Where, inside the staging folder, the old tree waits during the fallback's two renames."""
_held: dict[str, int] = {}
"""Lock files held by this process -> the thread holding each."""


class FolderClash(ValueError):
    """Two folders of a build are the same or one is inside the other (see :func:`check_apart`)."""


def check_apart(written: dict[str, Path], read: dict[str, Path]) -> None:
    """Raise FolderClash unless every folder a build writes (label -> path) is apart from the
    others and from every path it reads: not the same, not inside, not around it."""
    written = {label: Path(os.path.realpath(path)) for label, path in written.items()}
    labels = list(written)
    pairs = [(a, written[a], b, written[b]) for i, a in enumerate(labels) for b in labels[i + 1:]]
    pairs += [(a, written[a], b, Path(os.path.realpath(path))) for a in labels for b, path in read.items()]
    for a, one, b, other in pairs:
        if one == other:
            problem = f"{a} and {b} are the same folder, {one}"
        elif one in other.parents:
            problem = f"{b}, {other}, is inside {a}, {one}"
        elif other in one.parents:
            problem = f"{a}, {one}, is inside {b}, {other}"
        else:
            continue
        raise FolderClash(f"{problem}: a build replaces the site and the Markdown export whole, so the site, "
                          f"the export and the cache must each be a folder of their own, apart from one another "
                          f"and from the content; set them apart (--site, or export_dir, cache_dir, content_dir "
                          f"in the archive plugin's options in mkdocs.yml)")


class Lock:
    """flock(2) on ``.NAME.lock`` beside ``target``, as a context manager; waits for the
    build holding it, and logs that it waits."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.path = target.parent / f".{target.name}.lock"
        self.fd: int | None = None

    def acquire(self) -> Lock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        key = os.path.realpath(self.path)
        if _held.get(key) == threading.get_ident():  # flock would wait for this very build forever
            raise FolderClash(f"this build already holds {self.path}: {self.target} is one of its folders twice "
                              f"(the site, the Markdown export and the cache must each be a folder of their own)")
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.info("another build of this archive is writing %s; waiting for it to finish (%s is locked)",
                         self.target, self.path)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                except BaseException:
                    os.close(fd)
                    raise
        self.fd, self.key = fd, key
        _held[key] = threading.get_ident()
        return self

    def release(self) -> None:
        if self.fd is not None:
            _held.pop(self.key, None)
            if fcntl is not None:  # released even if a forked worker still has the file open
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> Lock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def staging(target: Path) -> Path:
    """A new folder beside ``target``, marked as the builder's (removed as debris if its build is killed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        work = target.parent / f".{target.name}-building-{secrets.token_hex(4)}"
        try:
            work.mkdir(mode=0o700)
            break
        except FileExistsError:
            continue
    (work / MARK).write_text(f"a build of {target.name} works here; if none is running, the next removes this\n",
                             encoding="utf-8")
    return work


REMOVING = ".removing"
"""Beside a staging folder that a process of its own removes: that process's id."""

REMOVER = 'echo $$ > "$2"; rm -rf -- "$1"; rm -f -- "$2"'
"""What that process runs (sh): it writes its own id beside the folder first, and removes it last."""


def remove(work: Path, *, in_background: bool = False) -> None:
    """Remove a staging folder (with the old tree swapped into it). ``in_background``: by a
    process of its own that outlives this one (`rm -rf`, started by a shell that ends at once,
    so no process waits for it), for a large tree whose removal the person waiting need not
    wait for (about 2 s for 10,000 pages here). It writes its id beside the folder
    (``NAME.removing``), so that the next build leaves that folder to it. Being marked, the
    folder is debris: should that process be killed, the next build removes what is left."""
    shell = shutil.which("sh") if in_background else None
    if shell is not None and marked(work):
        note = work.with_name(work.name + REMOVING)
        try:
            subprocess.run([shell, "-c", 'sh -c "$3" sh "$1" "$2" </dev/null >/dev/null 2>&1 &', "sh", str(work),
                            str(note), REMOVER], check=True, timeout=30, start_new_session=True,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return
        except (OSError, subprocess.SubprocessError):
            pass
    shutil.rmtree(work, ignore_errors=True)


def _being_removed(folder: Path) -> bool:
    """Is a process of its own removing ``folder`` (see :func:`remove`): the process whose id
    is written beside it, still running, with the folder in its command line? A note left by
    a process that is gone is removed."""
    note = folder.with_name(folder.name + REMOVING)
    try:
        pid = int(note.read_text(encoding="ascii"))
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, ValueError, IndexError):
        command, state = [], None
    if state not in (None, "Z", "X") and os.fsencode(folder) in command:
        return True
    try:
        note.unlink()
    except OSError:
        pass
    return False


def debris(target: Path, *, export: bool = False) -> list[Path]:
    """What builds of ``target`` that were killed left beside it (meaningful with the lock held):
    marked staging folders, and the exact names earlier versions left (see the module's doc)."""
    name = re.escape(target.name)
    legacy = [rf"\.{name}-building-[a-z0-9_]{{8}}", rf"\.{name}-old-[1-9][0-9]{{0,6}}"]
    if export and target.parent.name == "build":  # the builder's own folder (the cache's too)
        legacy.append(rf"\.{name}-[a-z0-9_]{{8}}")
    pattern = re.compile("|".join(legacy))
    if not target.parent.is_dir():
        return []
    return sorted(path for path in target.parent.iterdir()
                  if pattern.fullmatch(path.name) and path.is_dir() and not path.is_symlink())


def marked(folder: Path) -> bool:
    """Is ``folder`` a staging folder this version made (it holds the mark, a plain file)?"""
    try:
        return stat.S_ISREG(os.lstat(folder / MARK).st_mode)
    except OSError:
        return False


def clear_debris(target: Path, *, export: bool = False) -> None:
    """Remove what killed builds of ``target`` left; first, if ``target`` is missing because a
    build was killed in the middle of the two renames (see the module's doc), put the old one back.
    ``export``: ``target`` is the Markdown export (earlier versions left other names there)."""
    found = debris(target, export=export)
    if not os.path.lexists(target):
        kept = [path / PREVIOUS for path in found if marked(path) and (path / PREVIOUS).is_dir()]
        kept += [path for path in found if path.name.startswith(f".{target.name}-old-")]
        if kept:
            latest = max(kept, key=lambda path: path.stat().st_mtime)
            os.rename(latest, target)
            log.warning("%s was missing (a build was killed while replacing it); the previous one was put back",
                        target)
            if latest in found:
                found.remove(latest)
    for path in found:
        if _being_removed(path):
            continue  # the build that left it is having it removed
        log.info("removing %s, left by a build of %s that was killed", path, target)
        shutil.rmtree(path, ignore_errors=True)


def must_be_a_folder(target: Path) -> None:
    """Refuse to replace what is not a folder (a file or a link the build would throw away)."""
    if os.path.lexists(target) and (target.is_symlink() or not target.is_dir()):
        raise FolderClash(f"{target} is not a folder; a build replaces a folder there whole, so it would be "
                          f"lost: move it away or choose another place")


def swap(new: Path, target: Path) -> None:
    """Put the folder ``new`` (inside a staging folder) in ``target``'s place, in one step where
    the system allows it; the previous ``target``, if there was one, is then at ``new``, for the
    caller to remove."""
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    try:
        exchange(new, target)
        return
    except OSError as exc:
        if exc.errno not in UNSUPPORTED:
            raise
    old = new.parent / PREVIOUS
    os.rename(target, old)
    os.rename(new, target)  # killed before this: the next build puts `old` back
    os.rename(old, new)


def write_tree(root: Path, files: Iterable[tuple[str, str]]) -> None:
    """Replace the folder ``root`` with exactly ``files`` (path, text), swapped in whole."""
    root = root.resolve()
    must_be_a_folder(root)
    with Lock(root):
        clear_debris(root, export=True)
        work = staging(root)
        try:
            new = work / "tree"
            new.mkdir()
            new.chmod(0o755)
            for rel, text in files:
                target = new / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8", newline="\n")
            swap(new, root)
        finally:
            shutil.rmtree(work, ignore_errors=True)
