"""The editor's helpers: `archive candidates` (names the register lacks) and `quote` (an annotation ready to paste)."""

from __future__ import annotations

import argparse
import sys

from builder.cli.common import EXIT_ERRORS, EXIT_OK, content_args


FORMS_SHOWN = 3
"""Other forms shown on a candidate's line; its documents are shown as a count and
:data:`~builder.candidates.drafts.EXAMPLES` examples."""


def _candidate_line(rank: int, candidate) -> str:
    from builder.candidates.drafts import examples

    others = sorted(candidate.forms + candidate.spellings, key=lambda f: (-f[1], f[0]))
    forms = [f"{form} {count}" for form, count in others]
    if len(forms) > FORMS_SHOWN:
        forms = forms[:FORMS_SHOWN] + [f"{len(forms) - FORMS_SHOWN} more forms"]
    shown = examples(candidate)
    more = len(candidate.documents) - len(shown)
    documents = ", ".join(shown) + (f" and {more} more" if more else "")
    detail = "; ".join(part for part in (", ".join(forms), documents) if part)
    return f"{rank:>4}  {candidate.count:>5}  {len(candidate.documents):>4}  {candidate.name}  ({detail})"


def cmd_candidates(args: argparse.Namespace) -> int:
    from builder.candidates import find_candidates
    from builder.candidates.drafts import write_drafts
    from builder.pipeline import collect

    candidates = find_candidates(collect(args.content), args.min)
    if args.write:
        drafts = write_drafts(args.content, candidates, args.write)
        for draft in drafts:
            print(f"archive candidates: {draft.message}", file=sys.stdout if draft.written else sys.stderr)
        return EXIT_OK if all(draft.written for draft in drafts) else EXIT_ERRORS
    shown = candidates[:args.top] if args.top else candidates
    print("rank  count  docs  name  (other forms; documents)")
    for rank, candidate in enumerate(shown, start=1):
        print(_candidate_line(rank, candidate))
    listed = f"the {len(shown)} most frequent are listed (--top N for more, --top 0 for all); " \
        if len(shown) < len(candidates) else ""
    print(f"archive candidates: {len(candidates)} names occur at least {args.min} times and are not in the register; "
          f"{listed}add the real ones as entities/<id>.yml, or draft them with --write NAME or --write RANK")
    return EXIT_OK


def cmd_quote(args: argparse.Namespace) -> int:
    from builder.pipeline import collect
    from builder.quote import quote

    result = quote(collect(args.content), args.document, args.passage, args.occurrence, args.author)
    if not result.ok:
        print(f"archive quote: {result.text}", file=sys.stderr)
        return EXIT_ERRORS
    print(f"# Save as content/annotations/{result.doc_id}/<annotation-id>.yml")
    print(result.text, end="")
    return EXIT_OK


def add(sub) -> None:
    """Register these commands on the `archive` parser's subcommands."""
    k = sub.add_parser("candidates", help="list recurring names the entity register lacks, or draft register "
                                          "files for the ones you choose (--write)")
    content_args(k)
    k.add_argument("--min", type=int, default=2, help="how many occurrences make a candidate (default: 2)")
    k.add_argument("--top", type=int, default=50, metavar="N",
                   help="list the N most frequent candidates (default: 50; 0: all)")
    k.add_argument("--write", action="append", default=[], metavar="NAME|RANK",
                   help="draft content/entities/<id>.yml for this candidate, by name or rank, for you to complete "
                        "(repeatable; never overwrites a file)")
    k.set_defaults(func=cmd_candidates)
    q = sub.add_parser("quote", help="print a ready-to-paste annotation for a passage of a document")
    content_args(q)
    q.add_argument("document", help="the document's id, as in its page's address documents/<id>/, or its source "
                                    "file (sources/business/001.txt)")
    q.add_argument("passage", help="the passage, copied from the document page")
    q.add_argument("--occurrence", type=int, default=0, help="which occurrence, when the passage occurs more than once")
    q.add_argument("--author", default="", help="your name, for the author field")
    q.set_defaults(func=cmd_quote)
