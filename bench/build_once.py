"""Build one archive and print what it took as JSON (run in its own process by bench.run);
with ``--builder-only``, run only the builder's stages.

The process ends as `archive build` does (builder.cli.common.leave): once all is written, at
once, without taking the model apart, so that bench.run's "whole command" seconds are what a
person running `archive build` waits for."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from builder.bridge.site import build_site


def builder_only(config_file: Path) -> None:
    """The builder's stages alone (no rendering), with the options, cache and site settings
    the plugin would use for ``config_file``: for timing rebuilds again and again."""
    from mkdocs.config import load_config

    from builder.emit import Site
    from builder.pipeline import Options, build

    config = load_config(str(config_file))
    options = config.plugins["archive"].config
    started = time.perf_counter()
    result = build(config_file.parent / options.content_dir,
                   Site(config.site_name, config.site_description or "", config.site_url or ""),
                   Options(link_density=options.link_density, directory_urls=config.use_directory_urls, jobs=options.jobs),
                   cache_dir=config_file.parent / options.cache_dir)
    total = time.perf_counter() - started
    print(json.dumps({"total": total, "builder": sum(result.timings.stages.values()), "computed": result.computed,
                      "made": result.made}))


def main() -> None:
    if sys.argv[1] == "--builder-only":
        builder_only(Path(sys.argv[2]))
    else:
        whole_build(Path(sys.argv[1]), Path(sys.argv[2]))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def whole_build(config: Path, site: Path) -> None:
    started = time.perf_counter()
    result = build_site(config, site)
    total = time.perf_counter() - started
    timings = dict(result.timings.stages)
    builder = sum(v for k, v in timings.items() if k != "linkcheck")
    print(json.dumps({"total": total, "builder": builder, "linkcheck": timings.get("linkcheck", 0.0),
                      "render": total - builder - timings.get("linkcheck", 0.0), "stages": timings,
                      "worker_stages": result.timings.workers, "emit_parts": result.timings.emit,
                      "computed": result.computed, "made": result.made, "kept": result.kept,
                      "documents": _documents(result)}))


def _documents(result) -> int:
    """The documents built: the tally the build keeps (it lets go of the model before it renders
    on every core); the model's for older code, which side_by_side runs this file with."""
    tally = getattr(result, "tally", None)
    return tally.documents if tally is not None else len(result.archive.documents)


if __name__ == "__main__":
    main()
