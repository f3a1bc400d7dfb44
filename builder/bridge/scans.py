"""What the link check read in each page of a site, kept beside the site's memory
(bridge.rendered) for the next build's link check."""

from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path
from typing import Any

from builder.linkscan import shared


def scans_file(memory: Path) -> Path:
    """The scans kept beside the memory file ``memory``."""
    return memory.with_suffix(".scans.sqlite")


class Scans:
    """What the link check read in each page of a site (linkcheck's scans), in an SQLite file
    beside the site's memory: read for the pages that changed and the pages they link to,
    or, when a change could break other pages' links, for all of them. Each is kept with the
    identity (size, time, inode) of the file it was read from, and given back only for that
    file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path)
        connection.execute("CREATE TABLE IF NOT EXISTS scans (page TEXT PRIMARY KEY, size INTEGER, "
                           "mtime_ns INTEGER, inode INTEGER, scan BLOB)")
        return connection

    def get(self, identities: dict[str, tuple[int, int, int]]) -> dict[str, Any]:
        """The scans of the pages given, each if it was read from the file of that identity;
        a page asked for and not given back must be read again."""
        found: dict[str, Any] = {}
        if not identities:
            return found
        try:
            connection = self._connect()
        except sqlite3.Error:
            return found
        try:
            wanted = list(identities)
            if len(wanted) > 500:  # most of the table: read it in one pass
                rows = connection.execute("SELECT page, size, mtime_ns, inode, scan FROM scans")
                rows = [row for row in rows if row[0] in identities]
            else:
                rows = []
                for start in range(0, len(wanted), 400):
                    chunk = wanted[start:start + 400]
                    rows += connection.execute("SELECT page, size, mtime_ns, inode, scan FROM scans WHERE page IN "
                                               f"({','.join('?' * len(chunk))})", chunk).fetchall()
            keep = {}.setdefault  # (one object for each link and id of them all: linkscan.shared)
            for page, size, mtime_ns, inode, blob in rows:
                if identities[page] == (size, mtime_ns, inode):
                    try:
                        found[page] = shared(pickle.loads(blob), keep)
                    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
                        pass
        except sqlite3.Error:
            return {}
        finally:
            connection.close()
        return found

    def put(self, scans: dict[str, tuple[tuple[int, int, int], Any]], gone: set[str]) -> None:
        """Keep the scans given (page -> (identity of its file, scan)) and drop those of ``gone``."""
        connection = self._connect()
        try:
            with connection:
                connection.executemany("DELETE FROM scans WHERE page = ?", [(page,) for page in gone])
                connection.executemany("INSERT OR REPLACE INTO scans VALUES (?, ?, ?, ?, ?)",
                                       [(page, *identity, pickle.dumps(scan, protocol=pickle.HIGHEST_PROTOCOL))
                                        for page, (identity, scan) in scans.items()])
        finally:
            connection.close()

    def drop(self) -> None:
        for path in (self.path, self.path.with_name(self.path.name + "-journal")):
            try:
                path.unlink()
            except FileNotFoundError:
                pass
