"""The commands that make or show the site: `archive build`, `bundle`, `serve`, `linkcheck`, `new`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from builder.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, archive_config, failure_reason, leave, site_content_args
from builder.cli.streams import WARNINGS


def cmd_build(args: argparse.Namespace) -> int:
    from builder.bridge import SiteError
    from builder.bridge.site import build_site

    from builder.cli.progress import ProgressReport, build_summary

    started = args.started
    found = archive_config(args, "archive build")
    if found is None:
        return EXIT_USAGE
    existed = args.site.exists()
    try:
        with ProgressReport() as progress:
            result = build_site(found.path, args.site, content_dir=found.content, strict=args.strict, progress=progress,
                                scheduler=args.scheduler)
    except SiteError as exc:
        kept = f"{args.site} was left as it was" if existed else f"no site was written to {args.site}"
        print(f"archive build: failed; {kept}.{failure_reason(exc)}", file=sys.stderr)
        return EXIT_ERRORS
    print(build_summary(result, WARNINGS.count, time.perf_counter() - started, f"site written to {args.site}"))
    return leave(args, EXIT_OK)


def cmd_bundle(args: argparse.Namespace) -> int:
    from builder.bridge import SiteError
    from builder.bridge.bundle import make_bundle
    from builder.cli.progress import ProgressReport, build_summary

    found = archive_config(args, "archive bundle")
    if found is None:
        return EXIT_USAGE
    try:
        with ProgressReport(command="archive bundle") as progress:
            result = make_bundle(found.path, args.out, content_dir=found.content, progress=progress)
    except SiteError as exc:
        print(f"archive bundle: failed.{failure_reason(exc)}", file=sys.stderr)
        return EXIT_ERRORS
    print(build_summary(result.build, WARNINGS.count, time.perf_counter() - args.started, f"{result.path} ({result.files:,} files); "
                        "unzip it anywhere and open index.html", command="archive bundle"))
    return leave(args, EXIT_OK)


def cmd_serve(args: argparse.Namespace) -> int:
    from builder.bridge.serve import serve

    found = archive_config(args, "archive serve")
    if found is None:
        return EXIT_USAGE
    try:
        serve(found.path, args.dev_addr, found.content)
    except OSError as exc:
        print(f"archive serve: cannot serve on {args.dev_addr}: {exc.strerror}; "
              f"try another address, e.g. --dev-addr 127.0.0.1:8001", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def cmd_linkcheck(args: argparse.Namespace) -> int:
    from builder.linkcheck import check_site

    report = check_site(args.site)
    for problem in report.problems:
        print(problem)
    print(f"archive linkcheck: {report.pages} pages, {report.links} links, {len(report.problems)} problem(s)")
    return EXIT_OK if report.ok else EXIT_ERRORS


def cmd_new(args: argparse.Namespace) -> int:
    from builder.scaffold import scaffold

    try:
        written = scaffold(args.directory, args.name)
    except FileExistsError as exc:
        print(f"archive new: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        print(f"created {path}")
    print(f"Next: put documents in {args.directory / 'content' / 'sources'}, then run "
          f"'archive build' in {args.directory}")
    return EXIT_OK


def add(sub) -> None:
    """Register these commands on the `archive` parser's subcommands."""
    b = sub.add_parser("build", help="build the site (atomically: a failed build keeps the previous site)")
    site_content_args(b)
    b.add_argument("--site", type=Path, default=Path("site"), help="output folder (default: site)")
    b.add_argument("--strict", action="store_true", help="fail on warnings too")
    b.add_argument("--scheduler", metavar="tcp://HOST:PORT", default=None,
                   help="run the per-document stages on the Dask cluster of this scheduler (needs `make cluster-extra`; "
                        "see the README, Running on a cluster)")
    b.set_defaults(func=cmd_build)
    z = sub.add_parser("bundle", help="write a zip of the whole archive that works offline from file://")
    site_content_args(z)
    z.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    z.set_defaults(func=cmd_bundle)
    s = sub.add_parser("serve", help="live preview that rebuilds when anything under the content folder changes")
    site_content_args(s)
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    s.set_defaults(func=cmd_serve)
    lc = sub.add_parser("linkcheck", help="check every internal link and anchor of a built site (archive build does this too)")
    lc.add_argument("--site", type=Path, default=Path("site"))
    lc.set_defaults(func=cmd_linkcheck)
    n = sub.add_parser("new", help="create an empty archive to start from")
    n.add_argument("directory", type=Path)
    n.add_argument("--name", help="the archive's name (default: from the folder name)")
    n.set_defaults(func=cmd_new)
