"""The new site's folders, made while the builder's stages run.

`archive build` builds the new site beside the last one and links every page it reuses into
it (bridge.incremental.Reuse.place). At 10,000 documents that is 15,000 folders, and making
them took 1.5–2.5 s of every rebuild here: the file system's own work (a folder costs this
machine's disk 100–150 µs), done after everything else, while the second core stood idle
during the seconds of the builder's stages before it. So the folders of everything the last
site's memory holds are made by a process of its own (:class:`Skeleton`, a Python of its own,
no imports) as the build starts, beside the stages; the links then find them made.

Nothing is written into them before MkDocs has its navigation, and the site that results is
what a clean build writes: where this build writes a file at the path of one of those folders,
the folder goes first (:meth:`Skeleton.clear`, in on_nav, before anything is written); folders
that nothing fills (the last site's pages that are gone) are removed at the end
(:meth:`Skeleton.sweep`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

MAKE = ("import os, sys\n"
        "for name in sys.stdin.buffer.read().split(b'\\0'):\n"
        "    if name:\n"
        "        os.makedirs(name, exist_ok=True)\n")
"""What the process of its own runs: makes each NUL-separated folder it reads, under its folder."""


def folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder (and every folder above it) holding one of ``paths`` (paths in the site)."""
    folders: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


class Skeleton:
    """The folders of ``paths`` (what the last site held), being made under ``site_dir`` (the
    new, empty site) by a process of its own."""

    def __init__(self, site_dir: Path, paths: Iterable[str]) -> None:
        self.site_dir = site_dir
        self.folders = folders_of(paths)
        self.process: subprocess.Popen | None = None
        self.made = False  # every folder made (the process ended well)
        if not self.folders:
            return
        with tempfile.TemporaryFile() as names:  # the process reads them at its pace, never blocking the build
            names.write(b"\0".join(os.fsencode(folder) for folder in sorted(self.folders)))
            names.seek(0)
            try:
                self.process = subprocess.Popen([sys.executable, "-I", "-S", "-c", MAKE], cwd=site_dir,
                                                stdin=names, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except OSError:  # no process to be had: the folders are made as the pages are linked
                self.folders = set()

    def wait(self) -> None:
        """Until the folders are made (or the process failed: then each is made when needed)."""
        if self.process is not None:
            self.made = self.process.wait() == 0
            self.process = None

    def clear(self, outputs: Iterable[str]) -> None:
        """Remove each folder at the path of a file this build writes (``outputs``), with the
        folders inside it: nothing has been written into them yet."""
        clashes = self.folders.intersection(outputs)
        if not clashes:
            return
        self.wait()
        for clash in sorted(clashes):
            shutil.rmtree(os.path.join(self.site_dir, clash), ignore_errors=True)
        self.folders = {f for f in self.folders if not any(f == c or f.startswith(c + "/") for c in clashes)}

    def sweep(self, written: Iterable[str]) -> None:
        """Once all is written (``written``: the paths of the files this build put in the
        site), remove the folders left empty, deepest first."""
        self.wait()
        for folder in sorted(self.folders - folders_of(written), key=lambda f: (-f.count("/"), f)):
            try:
                os.rmdir(os.path.join(self.site_dir, folder))
            except OSError:  # not empty (MkDocs or the theme wrote in it), or already gone
                pass

    def stop(self) -> None:
        """The build failed: end the process (its folder is removed with the staging folder)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None
