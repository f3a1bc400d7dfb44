"""Reading the search index the way the browser's client does, with a decoder of the tests' own
(written from the format's description in builder/search/index.py, not from the writer)."""

from __future__ import annotations

import json
import re
from pathlib import Path

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
CALL = re.compile(r'^archiveSearchLoad\(("[^"]*"),(.*)\);\n$', re.S)


def index_files(folder: Path) -> dict[str, bytes]:
    """Every file of an index folder (site/search-index), by path relative to it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def load(files: dict[str, bytes], path: str):
    match = CALL.match(files[path].decode("utf-8"))
    assert match, files[path][:80]
    assert json.loads(match.group(1)) == path
    return json.loads(match.group(2))


def decode(postings: str) -> list[tuple[int, int]]:
    numbers, value = [], 0
    for character in postings:
        digit = ALPHABET.index(character)
        value = value * 32 + (digit & 31)
        if digit < 32:
            numbers.append(value)
            value = 0
    assert value == 0 and len(numbers) % 2 == 0
    pairs, record = [], 0
    for n in range(0, len(numbers), 2):
        record = numbers[n] if n == 0 else record + numbers[n]
        pairs.append((record, numbers[n + 1]))
    return pairs


def _order(term: str) -> bytes:
    return term.encode("utf-16-be")


def lookup(files, segment: dict, term: str, full: bool = True):
    """A term's (df, postings) as the client finds it: root's shard boundaries, then the shard."""
    shard = max(i for i, first in enumerate(segment["shards"]) if _order(first) <= _order(term))
    for name, df, postings, big in load(files, f"{segment['name']}/t/{shard}.js"):
        if name == term:
            return df, decode(load(files, f"{segment['name']}/b/{big}.js") if big and full else postings)
    return None


def fragments(files) -> dict[int, dict]:
    """Every record's fragment, by global id."""
    return {int(path.rsplit("/", 1)[1][:-3]): load(files, path) for path in files if path.startswith("r/")}


def find(files, term: str) -> set[int]:
    """The global ids of the records holding ``term``, over every segment."""
    found = set()
    for segment in load(files, "root.js")["segments"]:
        hit = lookup(files, segment, term)
        if hit is not None:
            found.update(segment["offset"] + record for record, _ in hit[1])
    return found
