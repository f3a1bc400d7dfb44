"""Two folders exchanged in one step: Linux's ``renameat2(RENAME_EXCHANGE)``, from the C
library or, where it lacks the function (glibc before 2.28), through syscall(2). builder.sitefolder
uses it to put a new site in the old one's place so that at every instant the place holds a
whole folder."""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import sys
from pathlib import Path
from typing import Callable

AT_FDCWD = -100
RENAME_EXCHANGE = 2
RENAMEAT2 = {"x86_64": 316, "amd64": 316, "i386": 353, "i686": 353, "aarch64": 276, "arm64": 276,
             "armv7l": 382, "armv6l": 382, "riscv64": 276, "ppc64le": 357, "ppc64": 357, "s390x": 347,
             "loongarch64": 276}
"""The renameat2 system call's number on Linux, by machine (for a C library without the function)."""

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
