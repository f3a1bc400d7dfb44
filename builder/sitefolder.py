"""What a build replaces whole (the site, the Markdown export, the offline zip): one build
at a time, swapped in at once, and nothing left behind by a build that was killed.

**Lock.** A build holds ``.NAME.lock``, beside ``NAME``, with flock(2) for as long as it
writes ``NAME`` or the folders beside it. A second build waits for it, and says so. The
kernel releases the lock when the holder ends, however it ends (``kill -9`` included), so a
killed build never leaves a stale lock. The file stays: removing it would let a waiting
build and a new one lock two different files. Locks are taken in one order, never the
other way round: the offline zip's (archive bundle), the site's (publish.build_site), the
cache's (the plugin, while the pipeline runs), the Markdown export's (:func:`write_tree`).

**Swap.** A build writes into ``.NAME-building-XXXXXXXX`` beside ``NAME``, then exchanges
the two with Linux's ``renameat2(RENAME_EXCHANGE)``: at every instant ``NAME`` is a whole
folder, the old one or the new one. The old tree, now under the staging name, is removed
last. Where the exchange is not available (another system, glibc before 2.28 on a kernel
without the system call, or a file system that refuses it with EINVAL), ``NAME`` is renamed
to ``.NAME-old-PID`` and the staging folder to ``NAME``. A kill between those two renames
leaves no ``NAME``, but a whole ``.NAME-old-PID``: the next build puts it back before
anything else (:func:`clear_debris`), so that a failed next build still leaves the old site.

**Debris.** With the lock held, no live build owns any ``.NAME-building-*`` or
``.NAME-old-*`` folder beside ``NAME`` (nor ``.NAME-`` and 8 random characters, what earlier
versions left): all are what killed builds left, and are removed.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import platform
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable

try:
    import fcntl
except ImportError:  # not a POSIX system: builds are not kept apart
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

AT_FDCWD = -100
RENAME_EXCHANGE = 2
RENAMEAT2 = {"x86_64": 316, "amd64": 316, "i386": 353, "i686": 353, "aarch64": 276, "arm64": 276,
             "armv7l": 382, "armv6l": 382, "riscv64": 276, "ppc64le": 357, "ppc64": 357, "s390x": 347,
             "loongarch64": 276}
"""The renameat2 system call's number on Linux, by machine (for a C library without the function)."""
UNSUPPORTED = (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP)


class Lock:
    """flock(2) on ``.NAME.lock`` beside ``target``, as a context manager; waits for the
    build holding it, and logs that it waits."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.path = target.parent / f".{target.name}.lock"
        self.fd: int | None = None

    def acquire(self) -> Lock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
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
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            if fcntl is not None:  # released even if a forked worker still has the file open
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> Lock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def staging(target: Path) -> Path:
    """A new empty folder beside ``target``, removed as debris if its build is killed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))


def debris(target: Path) -> list[Path]:
    """What builds of ``target`` that were killed left beside it (meaningful with the lock held)."""
    pattern = re.compile(rf"\.{re.escape(target.name)}-(?:building-.*|old-.*|[a-z0-9_]{{8}})", re.S)
    if not target.parent.is_dir():
        return []
    return sorted(path for path in target.parent.iterdir()
                  if pattern.fullmatch(path.name) and path.is_dir() and not path.is_symlink())


def clear_debris(target: Path) -> None:
    """Remove what killed builds of ``target`` left; first, if ``target`` is missing because a
    build was killed in the middle of the two renames (see the module's doc), put the old one back."""
    found = debris(target)
    old = [path for path in found if path.name.startswith(f".{target.name}-old-")]
    if old and not os.path.lexists(target):
        latest = max(old, key=lambda path: path.stat().st_mtime)
        os.rename(latest, target)
        log.warning("%s was missing (a build was killed while replacing it); the previous one was put back",
                    target)
        found.remove(latest)
    for path in found:
        shutil.rmtree(path, ignore_errors=True)


def swap(new: Path, target: Path) -> None:
    """Put the folder ``new`` in ``target``'s place, in one step where the system allows it;
    the previous ``target``, if there was one, is then at ``new``, for the caller to remove."""
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    try:
        exchange(new, target)
        return
    except OSError as exc:
        if exc.errno not in UNSUPPORTED:
            raise
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    os.rename(target, old)
    os.rename(new, target)  # killed before this: the next build puts `old` back
    os.rename(old, new)


def exchange(a: Path, b: Path) -> None:
    """Exchange two paths atomically (Linux renameat2 with RENAME_EXCHANGE); OSError with
    ENOSYS where the system has no such call, EINVAL where the file system refuses it."""
    call = _renameat2()
    if call is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available", str(a))
    if call(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


def _renameat2() -> Callable[..., int] | None:
    """renameat2 from the C library (glibc 2.28 and later), else through syscall(2)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    function = getattr(libc, "renameat2", None)
    if function is not None:
        function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
        function.restype = ctypes.c_int
        return function
    return _by_syscall(libc)


def _by_syscall(libc) -> Callable[..., int] | None:
    number = RENAMEAT2.get(platform.machine())
    syscall = getattr(libc, "syscall", None)
    if number is None or syscall is None:
        return None
    syscall.restype = ctypes.c_long

    def call(olddir: int, old: bytes, newdir: int, new: bytes, flags: int) -> int:
        return syscall(ctypes.c_long(number), ctypes.c_int(olddir), ctypes.c_char_p(old), ctypes.c_int(newdir),
                       ctypes.c_char_p(new), ctypes.c_uint(flags))
    return call


def write_tree(root: Path, files: Iterable[tuple[str, str]]) -> None:
    """Replace the folder ``root`` with exactly ``files`` (path, text), swapped in whole."""
    root = root.resolve()
    with Lock(root):
        clear_debris(root)
        new = staging(root)
        try:
            new.chmod(0o755)
            for rel, text in files:
                target = new / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8", newline="\n")
            swap(new, root)
        finally:
            shutil.rmtree(new, ignore_errors=True)
