"""Where a build's time goes: seconds by part, in three tables (for benchmarks), and how far it
is (for the person waiting)."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable

Progress = Callable[[str, int, int], None]
"""Told how far a long part of a build is: ``progress(what, done, total)``, ``what`` being
"documents" (processed or taken from the result store; the CLI shows the sources read from
its first report), or one of the bridge's parts: pages made, exported, reused, read and
rendered, documents indexed for search, pages checked for links (see bridge.site.build_site)."""


@dataclass
class Timings:
    stages: dict[str, float] = field(default_factory=dict)  # the builder's phases and stages, wall seconds
    workers: dict[str, float] = field(default_factory=dict)  # per-document stages, seconds summed over batches (they run in parallel); cache reads and writes
    emit: dict[str, float] = field(default_factory=dict)  # inside emit, by part

    @staticmethod
    def add(table: dict[str, float], name: str, seconds: float) -> None:
        table[name] = table.get(name, 0.0) + seconds

    @contextmanager
    def timed(self, table: dict[str, float], name: str):
        """Add the seconds the block takes to ``table[name]``."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(table, name, time.perf_counter() - started)
