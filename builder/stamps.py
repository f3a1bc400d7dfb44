"""Answers asked of the system (the builder's code version, the installed libraries) kept in
this process, and asked again only when what they depend on changes: a folder of Python's path
(a library installed or removed), or a file of the builder (its size or time).

A build asks for the code version a few times (each store's key starts with it) and reading and
hashing every file of the builder took a tenth of a second each time; `archive serve`'s rebuilds
and any process that builds more than once (the tests) asked for it again with every build.
"""

from __future__ import annotations

import os
import sys

_known: dict[str, tuple[object, object]] = {}  # what was asked -> (what it depends on, the answer)


def asked(name: str, depends, answer):
    """The answer to ``name`` kept in this process while ``depends`` is the same, else
    ``answer()`` (kept)."""
    found = _known.get(name)
    if found is None or found[0] != depends:
        found = _known[name] = (depends, answer())
    return found[1]


def path_folders() -> tuple:
    """Each folder of Python's path and its time: installing or removing a library changes it."""
    stamps = []
    for entry in sys.path:
        try:
            stamps.append((entry, os.stat(entry or ".").st_mtime_ns))
        except OSError:
            stamps.append((entry, None))
    return tuple(stamps)


def code_files(folder: str) -> tuple:
    """Every Python file under ``folder``, its size and time, by path."""
    stamps = []
    folders = [folder]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    st = entry.stat()
                    stamps.append((entry.path, st.st_size, st.st_mtime_ns))
    return tuple(sorted(stamps))
