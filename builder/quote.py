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


def quote(archive: Archive, doc_id: str, passage: str, occurrence: int = 0, author: str = "",
          today: dt.date | None = None) -> QuoteResult:
    docs = {d.id: d for d in archive.documents}
    if doc_id not in docs:
        import difflib

        close = difflib.get_close_matches(doc_id, sorted(docs), n=1)
        return QuoteResult(False, f"no document has the id '{doc_id}'" + (f"; did you mean '{close[0]}'?" if close else ""))
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
    return QuoteResult(True, dump(record))
