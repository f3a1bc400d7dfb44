"""Build one archive and print what it took as JSON (run in its own process by bench.run)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from builder.publish import build_site


def main() -> None:
    config, site = Path(sys.argv[1]), Path(sys.argv[2])
    started = time.perf_counter()
    result = build_site(config, site)
    total = time.perf_counter() - started
    archive = result.archive
    timings = dict(archive.timings)
    builder = sum(v for k, v in timings.items() if k != "linkcheck")
    print(json.dumps({"total": total, "builder": builder, "linkcheck": timings.get("linkcheck", 0.0),
                      "render": total - builder - timings.get("linkcheck", 0.0), "stages": timings,
                      "worker_stages": archive.worker_timings, "emit_parts": archive.emit_timings, "computed": archive.computed,
                      "made": result.made, "kept": result.kept,
                      "documents": len(archive.documents)}))


if __name__ == "__main__":
    main()
