"""The new site, made from the last one while the builder's stages run.

`archive build` builds the new site beside the last one, and the files it reuses (a page
whose key is unchanged, a published file, a part of the search index: 50,000 of them at
10,000 documents, in 15,000 folders) are hard links to the last site's. Making those folders
and links after everything else took 2–3 s of every rebuild here (a folder costs this
machine's disk 100–150 µs), while the second core stood idle during the seconds of the
builder's stages before. So a process of its own (:class:`Skeleton`, a Python without
imports) links every file the last site's memory names into the new site, making the folders
on the way, as the build starts (but the pages of a site made with other code, which no build
can reuse: bridge.incremental.Reuse.link_ahead).

What the build will not reuse must then never be written through: the link shares the last
site's file. Nothing is written into the new site before MkDocs has its navigation; then
(:meth:`Skeleton.settle`) every file linked in that is not reused is unlinked, but those the
bridge decides on later (the published files and the search index), which it always writes
as new files (bridge.published.write_kept: unlinked first). A folder where this build writes a
file goes too. Once all is written (:meth:`Skeleton.finish`), what this build did not make is
unlinked and the folders left empty removed: the new site holds exactly what a clean build
writes. Should the process fail (a file system without hard links), what it linked is
unlinked and the reused files are linked or copied one by one, as before.

**The spare.** Making the new site's folders was most of that process's time here: 15,000
folders at 10,000 documents, 100–700 µs each on this machine's disk (a file linked: 13 µs),
6–10 s in all, and the build waited for it 3.5–7 s of every rebuild. So a large site's last
tree, once swapped out, is not removed but kept beside the site as its spare
(``.NAME-spare``: bridge.spare), and the next build's new site starts as that tree: its
folders are already there, most of its files are the very files the site holds (the same
inodes), and the process unlinks (first) every file the last site's memory does not name and
every folder that holds none, then links again only the few files that differ.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from array import array
from collections.abc import Iterable
from pathlib import Path

from builder.bridge import rendered
from builder.bridge.spare import take_spare

_RECORDS = ("import os, stat, struct, sys\n"
            "out, record, none = sys.stdout.buffer, struct.Struct('<qqq').pack, struct.pack('<qqq', -1, -1, -1)\n")
_RECORD = "out.write(record(st.st_size, st.st_mtime_ns, st.st_ino) if stat.S_ISREG(st.st_mode) else none)\n"
"""What :data:`LINK` and :data:`LOOK` share: each path's record, as rendered.identity has it."""

LINK = (_RECORDS +
        "old = os.fsencode(sys.argv[1])\n"
        "names = sys.stdin.buffer.read().split(b'\\0')\n"
        "named, present, folders, mask = set(names), set(), [], os.umask(0)\n"
        "os.umask(mask)\n"
        "def fail(error):\n"
        "    raise error\n"
        "for root, dirs, files in os.walk(b'.', onerror=fail):\n"  # (a spare's: nothing in a new, empty folder)
        "    folders.append(root[2:])\n"
        "    present.update(os.path.join(root, f)[2:] for f in files)\n"
        "    for d in dirs:\n"
        "        path = os.path.join(root, d)\n"
        "        if os.path.islink(path):\n"
        "            present.add(path[2:])\n"
        "        elif stat.S_IMODE(os.lstat(path).st_mode) != 0o777 & ~mask:\n"
        "            os.chmod(path, 0o777 & ~mask)\n"
        "for name in present - named:\n"
        "    os.unlink(name)\n"
        "needed = {b''}\n"
        "for name in named:\n"
        "    folder = os.path.dirname(name)\n"
        "    while folder not in needed:\n"
        "        needed.add(folder)\n"
        "        folder = os.path.dirname(folder)\n"
        "folders.sort(key=lambda f: -f.count(b'/'))\n"  # (deepest first)
        "for folder in folders:\n"
        "    if folder not in needed:\n"
        "        os.rmdir(folder)\n"
        "for name in names:\n"
        "    source = os.path.join(old, name)\n"
        "    if name in present:\n"
        "        try:\n"
        "            st, was = os.lstat(name), os.stat(source)\n"
        "        except (FileNotFoundError, NotADirectoryError):\n"
        "            st = was = None\n"
        "        if st is not None and stat.S_ISREG(st.st_mode) and (st.st_ino, st.st_dev) == (was.st_ino, was.st_dev):\n"
        "            " + _RECORD +
        "            continue\n"
        "        os.unlink(name)\n"
        "    try:\n"
        "        os.link(source, name)\n"
        "    except (FileNotFoundError, NotADirectoryError):\n"
        "        if not os.path.isfile(source):\n"
        "            out.write(none)\n"
        "            continue\n"
        "        os.makedirs(os.path.dirname(name) or b'.', exist_ok=True)\n"
        "        os.link(source, name)\n"
        "    st = os.stat(name)\n"
        "    " + _RECORD +
        "for folder in folders:\n"
        "    try:\n"
        "        os.rmdir(folder or b'.')\n"
        "    except OSError:\n"
        "        pass\n")
"""What the process of its own runs, in the new site's folder: links each NUL-separated path
it reads from the last site (``argv[1]``), making its folder when missing, and writes the
identity of the file linked (size, modification time, inode: three 8-byte integers, -1 for a
path the last site no longer holds, which is left out). Any other failure ends it with an error.
In a folder that holds a spare (see the module's doc), every file (or link) no path names is
unlinked first, then every folder that holds no named path (exactly: a name that differs only
in case is another folder), each folder given the mode a new one has; a file that is the last
site's own (its inode) stays, one that is not is linked again, and the folders left empty are
removed last (the site's own folder fails to go: it is never empty, or it stays). A folder it
cannot read ends it with an error."""


LOOK = (_RECORDS +
        "for name in sys.stdin.buffer.read().split(b'\\0'):\n"
        "    try:\n"
        "        st = os.stat(name)\n"
        "    except OSError:\n"
        "        out.write(none)\n"
        "        continue\n"
        "    " + _RECORD)
"""What a process of its own runs in a site's folder served in place (`archive serve`): writes
the identity of each NUL-separated path it reads, as :data:`LINK` does, linking nothing."""


def folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder (and every folder above it) holding one of ``paths`` (paths in the site)."""
    folders: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


class Looked:
    """What each of ``paths`` (site paths) in the folder ``old`` is (rendered.identity), found by
    a process of its own running ``script`` in ``cwd`` beside the build, and asked for without
    waiting for it (:meth:`identity`)."""

    def __init__(self, old: Path, paths: Iterable[str], script: str, cwd: Path) -> None:
        self.old = str(old)
        self.paths = sorted(paths)
        self.process: subprocess.Popen | None = None
        self.done = False  # the process ended well
        self.identities: dict[str, tuple[int, int, int] | None] | None = None  # of each path, once it is done
        self.found = None
        self._next_look = 0.0  # (when identity asks whether the process is done again)
        if not self.paths:
            return
        self.found = tempfile.TemporaryFile()  # what it writes: a file, never a pipe that fills and waits
        with tempfile.TemporaryFile() as names:  # the process reads them at its pace, never blocking the build
            names.write(b"\0".join(os.fsencode(path) for path in self.paths))
            names.seek(0)
            try:
                self.process = subprocess.Popen([sys.executable, "-I", "-S", "-c", script, str(old)], cwd=cwd,
                                                stdin=names, stdout=self.found, stderr=subprocess.DEVNULL)
            except OSError:  # no process to be had: the files are asked of the disk
                self.paths = []

    def wait(self) -> None:
        if self.process is not None:
            self.done = self.process.wait() == 0
            self.process = None
            if self.done:
                self.found.seek(0)
                data = self.found.read()
                numbers = array("q", data[:len(data) - len(data) % 24])  # (whole records only)
                if sys.byteorder != "little":
                    numbers.byteswap()
                it = iter(numbers.tolist())
                self.identities = {path: None if found[0] < 0 else found for path, found in zip(self.paths, zip(it, it, it))}
        if self.found is not None:
            self.found.close()
            self.found = None

    def identity(self, path: str) -> tuple[int, int, int] | None:
        """The identity of the file at ``path`` in ``old`` (rendered.identity): as the process
        found it, if it is done (not asked again of the disk); else asked of the disk (the build
        never waits for the process here: it may still be at work when the stages are done)."""
        if self.identities is None and self.process is not None and time.monotonic() >= self._next_look:
            self._next_look = time.monotonic() + 0.02
            if self.process.poll() is not None:
                self.wait()
        return self.identities.get(path) if self.identities is not None else rendered.identity(os.path.join(self.old, path))

    def stop(self) -> None:
        """End the process, if it still runs (the build failed, or is done with it)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None
        if self.found is not None:
            self.found.close()
            self.found = None


class Skeleton(Looked):
    """The files of ``paths`` (what the last site's memory names) in ``old``, being linked into
    ``site_dir`` (the new, empty site) by a process of its own, which finds what each file
    linked is (:data:`LINK`)."""

    def __init__(self, site_dir: Path, paths: Iterable[str], old: Path) -> None:
        self.site_dir = site_dir
        self.emptied: set[str] = set()  # the folders files were unlinked from: only these may be left empty
        self.spare = bool(paths) and take_spare(old, site_dir)  # (the new site is then the last site's spare)
        super().__init__(old, paths, LINK, site_dir)
        self.folders = folders_of(self.paths)  # (none when no process could be had: the reused files are linked at the end)

    @property
    def linked(self) -> bool:
        """Every file linked (the process ended well)."""
        return self.done

    def settle(self, outputs: Iterable[str], keep) -> None:
        """Before anything is written: unlink each file linked in but those ``keep`` (a
        predicate of its path) says stay (reused, or decided on later by the bridge, which
        writes them as new files), and remove each folder at the path of a file this build
        writes (``outputs``). If the process failed, unlink all it linked."""
        self.wait()
        if self.spare and not self.linked:  # (what the spare holds is not known: put aside, removed with the build's folder)
            os.rename(self.site_dir, self.site_dir.with_name(f"{self.site_dir.name}-spare-not-used"))
            self.site_dir.mkdir()
            self.site_dir.chmod(0o755)
        kept = []
        for path in self.paths:
            if self.linked and keep(path):
                kept.append(path)
            else:
                _unlink(os.path.join(self.site_dir, path))
                self.emptied.add(path.rpartition("/")[0])
        self.paths = kept  # what stays linked in: what finish may still have to unlink
        clashes = self.folders.intersection(outputs)
        for clash in sorted(clashes):
            shutil.rmtree(os.path.join(self.site_dir, clash), ignore_errors=True)
        if clashes:
            self.folders = {f for f in self.folders if not any(f == c or f.startswith(c + "/") for c in clashes)}

    def finish(self, made) -> None:
        """Once all is written (``made``: the paths of every file this build keyed, reused or
        written): unlink what stayed linked in and is not among them (a part of the search
        index no longer made), and remove the folders left empty, deepest first."""
        self.wait()
        for path in self.paths:
            if path not in made:
                _unlink(os.path.join(self.site_dir, path))
                self.emptied.add(path.rpartition("/")[0])
        # Only a folder files were unlinked from, or one above it, may be empty (the process makes
        # a folder for a file it links): 15,000 folders tried one by one took 0.15 s of a rebuild.
        for folder in sorted(self.folders & folders_of(f"{f}/" for f in self.emptied), key=lambda f: (-f.count("/"), f)):
            try:
                os.rmdir(os.path.join(self.site_dir, folder))
            except OSError:  # not empty, or already gone
                pass


def _unlink(path: str) -> None:
    """Unlink what was linked in at ``path``, if anything (a folder there was not)."""
    try:
        os.unlink(path)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        pass


def remove_empty_folders(folder: str, root: Path) -> None:
    """Remove ``folder`` and its parents up to ``root`` (not included) while they are empty."""
    top = os.path.abspath(root)
    folder = os.path.abspath(folder)
    while folder.startswith(top + os.sep):
        try:
            os.rmdir(folder)
        except OSError:  # not empty
            return
        folder = os.path.dirname(folder)
