"""The editor's helpers: `archive candidates` (names the register lacks) and `quote` (an annotation ready to paste)."""

from __future__ import annotations

import argparse
import sys

from builder.cli.common import EXIT_ERRORS, EXIT_OK, content_args


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


def add(sub) -> None:
    """Register these commands on the `archive` parser's subcommands."""
    k = sub.add_parser("candidates", help="list recurring names the entity register lacks (changes nothing)")
    content_args(k)
    k.add_argument("--min", type=int, default=2, help="how many occurrences make a candidate (default: 2)")
    k.set_defaults(func=cmd_candidates)
    q = sub.add_parser("quote", help="print a ready-to-paste annotation for a passage of a document")
    content_args(q)
    q.add_argument("document", help="the document's id (its file name without .txt)")
    q.add_argument("passage", help="the passage, copied from the document page")
    q.add_argument("--occurrence", type=int, default=0, help="which occurrence, when the passage occurs more than once")
    q.add_argument("--author", default="", help="your name, for the author field")
    q.set_defaults(func=cmd_quote)
