"""Where a build's time goes, for benchmarks: seconds by part, in three tables."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field


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
