"""The one command line: `archive` (also `python -m builder`).

Each command is a thin call into the builder; this is the only module that prints or
chooses an exit status.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from builder import __version__
from builder.cli.streams import WARNINGS, CurrentStderr, process_age
from builder.report import as_github, as_text, summary

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _content_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="the content folder (default: content)")


def cmd_build(args: argparse.Namespace) -> int:
    from builder.bridge import SiteError
    from builder.bridge.site import build_site

    from builder.cli.progress import ProgressReport, build_summary

    started = args.started
    try:
        with ProgressReport() as progress:
            result = build_site(args.config, args.site, content_dir=args.content, strict=args.strict, progress=progress)
    except SiteError as exc:
        print(f"archive build: failed; {args.site} was left as it was.\n{exc}", file=sys.stderr)
        return EXIT_ERRORS
    print(build_summary(result, WARNINGS.count, time.perf_counter() - started, f"site written to {args.site}"))
    return _leave(args, EXIT_OK)


def cmd_bundle(args: argparse.Namespace) -> int:
    from builder.bridge import SiteError
    from builder.bridge.bundle import make_bundle
    from builder.cli.progress import ProgressReport, build_summary

    try:
        with ProgressReport(command="archive bundle") as progress:
            result = make_bundle(args.config, args.out, content_dir=args.content, progress=progress)
    except SiteError as exc:
        print(f"archive bundle: failed.\n{exc}", file=sys.stderr)
        return EXIT_ERRORS
    print(build_summary(result.build, WARNINGS.count, time.perf_counter() - args.started, f"{result.path} ({result.files:,} files); "
                        "unzip it anywhere and open index.html", command="archive bundle"))
    return _leave(args, EXIT_OK)


def _leave(args: argparse.Namespace, code: int) -> int:
    """Where the `archive` command itself ran a build, it ends here, once all is said and
    written: taking a large build's model apart object by object would keep the person
    waiting (1.5 s at 10,000 documents) for nothing. Called as a function (tests), it returns."""
    if getattr(args, "whole_process", False):
        import logging

        sys.stdout.flush()
        sys.stderr.flush()
        logging.shutdown()
        os._exit(code)
    return code


def cmd_serve(args: argparse.Namespace) -> int:
    from builder.bridge.serve import serve

    try:
        serve(args.config, args.dev_addr, args.content)
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


def cmd_check(args: argparse.Namespace) -> int:
    from builder.pipeline import collect

    archive = collect(args.content)
    if args.since:
        from builder.stages.redirects import vanished_ids

        archive.diagnostics.extend(vanished_ids(archive, args.since))
    shown = [d for d in archive.diagnostics if d.severity != "info" or args.verbose]
    for diagnostic in shown:
        if args.format == "github":
            print(as_github(diagnostic, archive.content_dir))
        else:
            print(as_text(diagnostic, archive.content_dir))
    failed = bool(archive.errors) or (args.strict and any(d.severity == "warning" for d in archive.diagnostics))
    print(f"archive check: {len(archive.documents)} documents; {summary(archive.diagnostics)}",
          file=sys.stderr if args.format == "github" else sys.stdout)
    return EXIT_ERRORS if failed else EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    from builder.pipeline import collect

    archive = collect(args.content)
    pending = [d for d in sorted(archive.documents, key=lambda d: d.id) if d.needs_review]
    for doc in pending:
        print(f"{doc.source.path}: missing {', '.join(doc.needs_review)}")
        print(f"    fix: add them to sources/{doc.source.abs_path.stem}.yml")
    for doc in sorted(archive.documents, key=lambda d: d.id):
        if args.removed and doc.removals:
            print(f"{doc.source.path}: removed lines")
            for removal in sorted(doc.removals, key=lambda r: r.line):
                print(f"    {removal.line:>4}  {removal.reason}: {removal.text[:100]}")
    print(f"archive review: {len(pending)} of {len(archive.documents)} documents need review")
    return EXIT_OK


def cmd_candidates(args: argparse.Namespace) -> int:
    from builder.candidates import find_candidates
    from builder.pipeline import collect

    archive = collect(args.content)
    candidates = find_candidates(archive, args.min)
    print(f"{'count':>5}  {'docs':>4}  name  (documents)")
    for candidate in candidates:
        print(f"{candidate.count:>5}  {len(candidate.documents):>4}  {candidate.name}  ({', '.join(sorted(candidate.documents))})")
    print(f"archive candidates: {len(candidates)} names occur at least {args.min} times and are not in the register; "
          f"add the real ones as entities/<id>.yml")
    return EXIT_OK


def cmd_quote(args: argparse.Namespace) -> int:
    from builder.pipeline import collect
    from builder.quote import quote

    result = quote(collect(args.content), args.document, args.passage, args.occurrence, args.author)
    if not result.ok:
        print(f"archive quote: {result.text}", file=sys.stderr)
        return EXIT_ERRORS
    print(f"# Save as content/annotations/{args.document}/<annotation-id>.yml")
    print(result.text, end="")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from builder.emit import Site
    from builder.pipeline import ContentErrors, build
    from builder.sitefolder import FolderClash, check_apart, write_tree

    try:
        check_apart({"the export folder (--out)": args.out}, {"the content folder (--content)": args.content})
    except FolderClash as exc:
        print(f"archive export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = build(args.content, Site(args.title))
    except ContentErrors as exc:
        for diagnostic in exc.archive.blocking_errors:
            print(as_text(diagnostic, exc.archive.content_dir), file=sys.stderr)
        return EXIT_ERRORS
    try:
        write_tree(args.out, ((path, page.text) for path, page in result.pages.items()))
    except FolderClash as exc:
        print(f"archive export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"archive export: {len(result.pages)} pages written to {args.out}")
    return EXIT_OK


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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="archive", description="Build an annotated, cross-linked archive from source documents.")
    p.add_argument("--version", action="version", version=f"archive {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the site (atomically: a failed build keeps the previous site)")
    _content_args(b)
    b.add_argument("--site", type=Path, default=Path("site"), help="output folder (default: site)")
    b.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)")
    b.add_argument("--strict", action="store_true", help="fail on warnings too")
    b.set_defaults(func=cmd_build)

    z = sub.add_parser("bundle", help="write a zip of the whole archive that works offline from file://")
    _content_args(z)
    z.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    z.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    z.set_defaults(func=cmd_bundle)

    s = sub.add_parser("serve", help="live preview that rebuilds when anything under the content folder changes")
    _content_args(s)
    s.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    s.set_defaults(func=cmd_serve)

    lc = sub.add_parser("linkcheck", help="check every internal link and anchor of a built site (archive build does this too)")
    lc.add_argument("--site", type=Path, default=Path("site"))
    lc.set_defaults(func=cmd_linkcheck)

    c = sub.add_parser("check", help="validate everything under the content folder; exit 1 on errors")
    _content_args(c)
    c.add_argument("--format", choices=("text", "github"), default="text",
                   help="text for people; github for GitHub Actions annotations")
    c.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    c.add_argument("--verbose", action="store_true", help="also show notices")
    c.add_argument("--since", default="HEAD", metavar="REV",
                   help="warn about ids published at this git revision that are gone without a redirect "
                        "(default: HEAD; '' to skip)")
    c.set_defaults(func=cmd_check)

    r = sub.add_parser("review", help="list documents whose metadata needs an editor")
    _content_args(r)
    r.add_argument("--removed", action="store_true", help="also list every line removed as boilerplate")
    r.set_defaults(func=cmd_review)

    k = sub.add_parser("candidates", help="list recurring names the entity register lacks (changes nothing)")
    _content_args(k)
    k.add_argument("--min", type=int, default=2, help="how many occurrences make a candidate (default: 2)")
    k.set_defaults(func=cmd_candidates)

    q = sub.add_parser("quote", help="print a ready-to-paste annotation for a passage of a document")
    _content_args(q)
    q.add_argument("document", help="the document's id (its file name without .txt)")
    q.add_argument("passage", help="the passage, copied from the document page")
    q.add_argument("--occurrence", type=int, default=0, help="which occurrence, when the passage occurs more than once")
    q.add_argument("--author", default="", help="your name, for the author field")
    q.set_defaults(func=cmd_quote)

    e = sub.add_parser("export", help="write the generated Markdown pages to a folder")
    _content_args(e)
    e.add_argument("--out", type=Path, default=Path("build/markdown"))
    e.add_argument("--title", default="Archive")
    e.set_defaults(func=cmd_export)

    n = sub.add_parser("new", help="create an empty archive to start from")
    n.add_argument("directory", type=Path)
    n.add_argument("--name", help="the archive's name (default: from the folder name)")
    n.set_defaults(func=cmd_new)
    return p


def main(argv: list[str] | None = None) -> int:
    import signal

    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `archive ... | head` ends quietly
    args = parser().parse_args(argv)
    # The seconds a build reports are those the person waited: from the start of the process
    # when it is the `archive` command itself (Python and its imports included).
    args.started = time.perf_counter() - (process_age() if argv is None else 0.0)
    args.whole_process = argv is None
    WARNINGS.count = 0
    if args.command in ("build", "serve", "bundle", "export"):
        _show_mkdocs_messages(verbose=args.command == "serve")
    return args.func(args)


def _show_mkdocs_messages(verbose: bool) -> None:
    """Print MkDocs' (and the archive plugin's) warnings, as `mkdocs build` would; when
    serving, also its progress (the address, each rebuild). The builder's own messages (such
    as waiting for another build of the archive) are always printed."""
    import logging

    for name, level in (("mkdocs", logging.INFO if verbose else logging.WARNING), ("builder", logging.INFO)):
        logger = logging.getLogger(name)
        if any(getattr(h, "_archive", False) for h in logger.handlers):
            continue
        handler = logging.StreamHandler(CurrentStderr())
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._archive = True  # type: ignore[attr-defined]
        handler.addFilter(WARNINGS)
        handler.setLevel(level)
        logger.addHandler(handler)
        logger.setLevel(level)
