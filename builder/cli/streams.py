"""Where the CLI writes, and since when the person has waited."""

from __future__ import annotations

import os
import sys
from pathlib import Path


class CurrentStderr:
    """Standard error as it is when written to (a handler kept between two calls of main()
    in one process, as the tests make them, writes where the second call's sys.stderr goes)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def process_age() -> float:
    """Seconds since this process started (Linux: /proc), or 0 where that is unknown."""
    try:
        start = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(0.0, uptime - start / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return 0.0


class WarningCount:
    """Counts the warnings (and errors) the CLI's log handlers print: MkDocs' own and the
    plugin's, each once (a logging filter that lets every record through)."""

    def __init__(self) -> None:
        self.count = 0

    def filter(self, record) -> bool:
        if record.levelno >= 30:  # logging.WARNING
            self.count += 1
        return True


WARNINGS = WarningCount()

