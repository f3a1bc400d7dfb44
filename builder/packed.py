"""Bytes kept compressed, in memory and in the result store: LZ4 frames.

A build holds every generated page until MkDocs reads it, and most of each page is
repeated markup: at 10,000 documents the pages took 500 MB of the building process, more
than the model, and at 100,000 documents they would not fit beside it. LZ4 (the fastest
of the compressors measured on those pages; BENCHMARKS.md, session 18) keeps them in a
third of that for about half a second of CPU a build from scratch, and reads them back at
over a gigabyte a second. The frame keeps the size of what it holds, so a page's size is
known without reading it.
"""

from __future__ import annotations

import lz4.frame


def pack(data: bytes) -> bytes:
    """``data`` compressed (one LZ4 frame, its size kept in it): the same bytes give the
    same frame."""
    return lz4.frame.compress(data, store_size=True)


def unpack(frame) -> bytes:
    """The bytes :func:`pack` compressed into ``frame`` (bytes, or a memoryview of them)."""
    return lz4.frame.decompress(frame)


def unpacked_size(frame) -> int:
    """How many bytes ``frame`` unpacks to, read from its header."""
    return lz4.frame.get_frame_info(frame)["content_size"]
