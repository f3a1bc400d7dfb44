"""The commands that read the content and report on it: `archive check`, `review`, `export`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, content_args
from builder.report import as_github, as_text, summary


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


REVIEW_EXAMPLES = 3
"""Documents `archive review` lists under each problem unless told otherwise (--limit)."""


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of documents (0 or more), not {text!r}")
    return value


def cmd_review(args: argparse.Namespace) -> int:
    from builder.model.review import documents_in, review_groups
    from builder.pipeline import collect

    archive = collect(args.content)
    groups = review_groups(archive)
    for group in groups:
        print(group.heading)
        print(f"    fix: {group.problem.fix}")
        shown = group.documents if args.limit == 0 else group.documents[:args.limit]
        for listed in shown:
            print(f"    {listed.path}" + (f": {listed.detail}" if listed.detail else ""))
        if len(shown) < len(group.documents):
            print(f"    ... and {len(group.documents) - len(shown):,} more (--limit N lists N, --limit 0 every one)")
    for doc in sorted(archive.documents, key=lambda d: d.id):
        if args.removed and doc.removals:
            print(f"{doc.source.path}: removed lines")
            for removal in sorted(doc.removals, key=lambda r: r.line):
                print(f"    {removal.line:>4}  {removal.reason}: {removal.text[:100]}")
    print(f"archive review: {documents_in(groups):,} of {len(archive.documents):,} documents need review")
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


def add(sub) -> None:
    """Register these commands on the `archive` parser's subcommands."""
    c = sub.add_parser("check", help="validate everything under the content folder; exit 1 on errors")
    content_args(c)
    c.add_argument("--format", choices=("text", "github"), default="text",
                   help="text for people; github for GitHub Actions annotations")
    c.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    c.add_argument("--verbose", action="store_true", help="also show notices")
    c.add_argument("--since", default="HEAD", metavar="REV",
                   help="warn about ids published at this git revision that are gone without a redirect "
                        "(default: HEAD; '' to skip)")
    c.set_defaults(func=cmd_check)
    r = sub.add_parser("review", help="list documents whose metadata needs an editor")
    content_args(r)
    r.add_argument("--limit", type=_count, default=REVIEW_EXAMPLES, metavar="N",
                   help=f"documents listed under each problem (default: {REVIEW_EXAMPLES}; 0: every one)")
    r.add_argument("--removed", action="store_true", help="also list every line removed as boilerplate")
    r.set_defaults(func=cmd_review)
    e = sub.add_parser("export", help="write the generated Markdown pages to a folder")
    content_args(e)
    e.add_argument("--out", type=Path, default=Path("build/markdown"))
    e.add_argument("--title", default="Archive")
    e.set_defaults(func=cmd_export)
