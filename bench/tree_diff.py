"""Two folders compared byte for byte, and what differs said briefly (for bench.same_output)."""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SHOWN = 3
"""Differing files described in full per comparison; the rest are counted."""


@dataclass
class Outcome:
    files: int = 0
    """Files compared: those of either folder."""
    differences: list[str] = field(default_factory=list)
    """One line per differing file: its path and its first difference."""

    def add(self, other: Outcome) -> Outcome:
        return Outcome(self.files + other.files, self.differences + other.differences)


def files_of(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else {}


def digests(*folders: Path) -> dict[str, bytes]:
    """A digest of every file of the folders, by path (the folder's name first)."""
    return {f"{folder.name}/{rel}": hashlib.blake2b(path.read_bytes()).digest()
            for folder in folders for rel, path in files_of(folder).items()}


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> int:
    """Files added, removed or changed between two sets of :func:`digests`."""
    return sum(1 for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel))


def compare(a: Path, b: Path, names: tuple[str, str], prefix: str = "",
            normalise: dict[str, Callable[[bytes], bytes]] | None = None) -> Outcome:
    """Every file of ``a`` and ``b`` (folders; a missing folder has no files), byte for byte.
    ``normalise`` maps a path to what is applied to both copies before comparing them: for a
    value that is meant to differ, which the caller must say it set aside."""
    left, right = files_of(a), files_of(b)
    differences = []
    for rel in sorted(left.keys() | right.keys()):
        if rel not in right or rel not in left:
            differences.append(f"{prefix}{rel}: only in {names[0] if rel in left else names[1]}")
            continue
        x, y = left[rel].read_bytes(), right[rel].read_bytes()
        if normalise and rel in normalise and x != y:
            x, y = normalise[rel](x), normalise[rel](y)
        if x != y:
            differences.append(f"{prefix}{rel}: {describe(rel, x, y, names)}")
    return Outcome(len(left.keys() | right.keys()), differences)


def describe(rel: str, x: bytes, y: bytes, names: tuple[str, str]) -> str:
    """Where two different copies of a file first differ."""
    if rel.endswith(".gz"):
        try:
            dx, dy = gzip.decompress(x), gzip.decompress(y)
        except (OSError, EOFError, zlib.error):
            return first_difference(x, y, names)
        if dx == dy:
            return (f"the gzip header differs (modification time {int.from_bytes(x[4:8], 'little')} "
                    f"against {int.from_bytes(y[4:8], 'little')}), the content is identical")
        return "decompressed, " + first_difference(dx, dy, names)
    return first_difference(x, y, names)


def first_difference(x: bytes, y: bytes, names: tuple[str, str], around: int = 40) -> str:
    """The line and column of the first differing byte, and the text around it in each."""
    at = min(len(x), len(y))
    for start in range(0, at, 4096):  # a block at a time: a site's files run to megabytes
        if x[start:start + 4096] != y[start:start + 4096]:
            at = next(i for i in range(start, start + 4096) if x[i:i + 1] != y[i:i + 1])
            break
    line = x.count(b"\n", 0, at) + 1
    column = at - (x.rfind(b"\n", 0, at) + 1) + 1

    def near(data: bytes) -> str:
        start = max(0, at - around)
        text = data[start:at + around].decode("utf-8", errors="replace").replace("\n", "\u23ce")
        return ("…" if start else "") + text + ("…" if at + around < len(data) else "")

    sizes = f" ({len(x):,} against {len(y):,} bytes)" if len(x) != len(y) else ""
    return f"line {line}, column {column}{sizes}: {names[0]} {near(x)!r}, {names[1]} {near(y)!r}"


def summary(outcome: Outcome) -> list[str]:
    """The differing files, the first :data:`SHOWN` described."""
    shown = outcome.differences[:SHOWN]
    more = len(outcome.differences) - len(shown)
    return shown + ([f"... and {more} more file(s)"] if more else [])
