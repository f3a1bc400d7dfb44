"""`archive quote`: a ready-to-paste annotation for a passage of a document.

It finds the passage the way the anchoring stage will, and adds the shortest prefix or
suffix (whole words) that makes it unique when it occurs more than once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from builder.anchoring import APPROXIMATE_MAX, NormalText, disambiguator, listing, look_for_close, normalise
from builder.model import Archive
from builder.yamlio import dump


@dataclass
class QuoteResult:
    ok: bool
    text: str  # the YAML to paste, or the explanation
    doc_id: str = ""  # the document quoted (its annotations folder is annotations/<doc_id>/)


def document_named(archive: Archive, name: str) -> str | None:
    """The id of the document ``name`` names: its id, or its source file's path (with or
    without content/ and sources/ before it: 'business/001.txt' is the document
    'business-001')."""
    ids = {d.id for d in archive.documents}
    if name in ids:
        return name
    path = name.replace("\\", "/").removeprefix("./").removeprefix("content/")
    by_path = {d.source.path: d.id for d in archive.documents}
    return by_path.get(path) or by_path.get(f"sources/{path}")


def quote(archive: Archive, doc_id: str, passage: str, occurrence: int = 0, author: str = "",
          today: dt.date | None = None) -> QuoteResult:
    """The annotation for ``passage`` of the document ``doc_id`` names (its id or its source
    file, see :func:`document_named`), or why there is none."""
    docs = {d.id: d for d in archive.documents}
    named = document_named(archive, doc_id)
    if named is None:
        import difflib

        if "/" in doc_id or "." in doc_id:  # a file's path, not an id
            paths = sorted(d.source.path for d in archive.documents)
            close = difflib.get_close_matches(doc_id if doc_id.startswith("sources/") else f"sources/{doc_id}", paths, n=1)
            return QuoteResult(False, f"no document's source file is '{doc_id}'"
                                      + (f"; did you mean '{close[0]}'?" if close else ""))
        close = difflib.get_close_matches(doc_id, sorted(docs), n=1)
        return QuoteResult(False, f"no document has the id '{doc_id}'" + (f"; did you mean '{close[0]}'?" if close else ""))
    doc_id = named
    normal = NormalText.of(docs[doc_id].paragraphs)
    exact = normalise(passage)
    starts = normal.find_all(exact)
    if not starts:
        absence = look_for_close(normal, exact)
        if absence.found or absence.near:
            ratio, start, end, complete = absence.found or absence.near
            what = "the closest passage" if complete else "the most similar passage found"
            return QuoteResult(False, f"the passage is not in {doc_id}; {what} ({ratio:.0%} alike) is:\n"
                                      f"  {normal.text[start:end]}")
        if absence.gave_up or len(exact) > APPROXIMATE_MAX:
            return QuoteResult(False, f"the passage is not in {doc_id}: {absence.hint}")
        return QuoteResult(False, f"the passage is not in {doc_id}")
    if len(starts) > 1 and not occurrence:
        return QuoteResult(False, f"the passage occurs {len(starts)} times in {doc_id}; choose one with --occurrence N:"
                                  f"{listing(normal, starts, len(exact))}")
    which = (occurrence or 1) - 1
    if which >= len(starts):
        return QuoteResult(False, f"there are only {len(starts)} occurrences")
    record: dict = {"exact": " ".join(passage.split())}  # one line: line breaks do not matter to anchoring
    if len(starts) > 1:
        key, value = disambiguator(normal, starts, len(exact), which)
        if not value:
            return QuoteResult(False, f"the passage occurs {len(starts)} times in {doc_id}, and no nearby text singles out "
                                      f"occurrence {which + 1}: quote a longer passage")
        record[key] = value
    from builder.stages.annotations import PLACEHOLDERS

    record.update({"kind": "note", "body": PLACEHOLDERS["body"],
                   "author": author or PLACEHOLDERS["author"], "date": (today or dt.date.today()).isoformat()})
    return QuoteResult(True, dump(record), doc_id)
