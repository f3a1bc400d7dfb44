"""Stage: read a document's metadata from its own text.

It never invents: a field is filled only from a line that says it (a byline, a
"published on" line, a dateline, a photo credit, an author bio, a "Filed under" footer).
Lines that carried only metadata leave the body and are recorded as removals. Whatever
cannot be found stays empty and puts the document on the review list.
"""

from __future__ import annotations

import re

from builder.dates import parse_date
from builder.model import Archive, Diagnostic, Document, Line, Removal

TITLE_MAX_CHARS = 200
TITLE_MAX_WORDS = 25
BODY_WORDS = 30
CAPTION_MAX = 1000
"""A photo caption with its credit is at most this many characters."""
CAPTION_MAX_WORDS = 80
"""...and its caption at most this many words: a caption is short (a paragraph of article
text that ends with the next section's ALL-CAPS subheading is not one)."""
CAPTION_LINES = 3
"""A caption is near the top: one of the first lines of the body, before the article's text."""

PUBLISHED = re.compile(r"^\(?\s*+(?:originally\s++)?(?:published|posted|first published)(?:\s++on)?:?\s++(?P<date>.*?\S)\s*+\)?$", re.I)
BYLINE = re.compile(r"^[Bb][Yy]:?\s+(?P<rest>(?=[^\W\d_])[^a-z].{1,150})$")
AUTHOR_SPLIT = re.compile(r"\s*(?:,\s*and\s+|\s+and\s+|,\s*|\s*&\s*)\s*")
"""Applied to text whose whitespace is single spaces (runs of it would make it cubic)."""
AUTHOR_NOISE = re.compile(r"^(?:staff writer|staff|reuters|ap|afp|associated press|correspondent|editor)$", re.I)
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}?)(?:,\s++[A-Z][a-z]{2,8}\.?\s++\d{1,2})?\s*+"
    r"(?:\((?P<agency>[^()]{2,40})\))?\s*+[–—-]{1,2}\s++(?=\S)")
AGENCY_ONLY = re.compile(r"^\((?P<agency>[^()]{2,40})\)\s*+[–—-]{1,2}\s++(?=\S)")
REMNANT = re.compile(r"^\(\s*+\)?\s*+[–—-]{1,2}\s++(?=\S)")
CAPTION_CREDIT_PAREN = re.compile(
    r"^(?P<caption>.{20,}?)\s*\((?P<credit>[^()]*\b(?:photo|photograph|image|credit|getty|courtesy)\b[^()]*)\)$", re.I)
CAPTION_CREDIT_CAPS = re.compile(
    r"^(?P<caption>.{20,}[.!?”\"])\s+(?P<credit>[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){1,3})$")
BIO = re.compile(
    r"^(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}) is an? [^.]{0,160}?\b"
    r"(?:reporter|journalist|writer|correspondent|editor|columnist|contributor|freelancer)\b")
WRITES_FOR = re.compile(r"\bwrit(?:es|ing)\s+for\s+(?P<pub>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})")
SUBSCRIBE_TO = re.compile(r"\b(?i:subscribe to)\s+(?P<pub>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})")
REPORTING_BY = re.compile(r"^\(?\s*reporting by\s+(?P<names>[^;)]+)", re.I)
SECTION_REMOVALS = {
    "archive-header": re.compile(r"^(?:category|tag|section) archives?:\s*(?P<section>.+)$", re.I),
    "filed-under": re.compile(r"^(?:filed under|posted in)\s+(?P<section>.+)$", re.I),
}


def _words(text: str) -> int:
    return len(text.split())


SHORTENED = re.compile(r"(?:\.\s*\.\s*\.|…)$")
"""A headline cut short ("Rivals of the £400 Apple..."): an ellipsis, not a sentence's end."""
INITIALISM = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}$")
"""A headline ending in an initialism ("Talks with the U.S.") does not end a sentence."""


def _is_title(text: str) -> bool:
    """A headline: short, and not a sentence (a line ending in a full stop, comma, semicolon or
    colon is the body's first sentence or a lead-in), though it may end in an ellipsis or an
    initialism."""
    if len(text) > TITLE_MAX_CHARS or _words(text) > TITLE_MAX_WORDS or text.startswith(("(", "[")):
        return False  # (and the patterns below are applied to short lines only)
    return not re.search(r"[.,;:]$", text) or bool(SHORTENED.search(text) or INITIALISM.search(text))


def author_names(text: str) -> tuple[str, ...]:
    """'Ana Lima, Tom Berg and Reuters' -> ('Ana Lima', 'Tom Berg'): names in a byline or
    credit, agencies and job titles ('staff writer') left out. Web pages' authors too."""
    names = [name.strip(" .") for name in AUTHOR_SPLIT.split(" ".join(text.split()))]
    return tuple(name for name in names if name and not AUTHOR_NOISE.match(name))


def _titlecase_caps(text: str) -> str:
    """'DULCIE LEIMBACH' -> 'Dulcie Leimbach'; mixed case ('UN Photo by ...') is left alone."""
    return " ".join(word.capitalize() for word in text.split()) if text.isupper() else text


class _Extractor:
    """Reads one document; methods fill ``doc.metadata`` and record what they consumed."""

    def __init__(self, archive: Archive, doc: Document) -> None:
        self.archive, self.doc, self.meta = archive, doc, doc.metadata

    def set(self, name: str, value, line: Line) -> None:
        if value and not self.meta.get(name):
            setattr(self.meta, name, value)
            self.doc.origins[name] = "source"

    def set_date(self, text: str, line: Line) -> bool:
        iso, note = parse_date(text)
        if not iso:
            return False
        if not self.meta.date:
            self.set("date", iso, line)
            if note:
                self.archive.report(Diagnostic("warning", self.doc.source.path, line.number, 1,
                                               "metadata-ambiguous-date", note,
                                               "if it is wrong, set the date in the document's sidecar file"))
        return True

    def header(self, lines: list[Line]) -> list[Line]:
        """Consume title, byline and date lines at the top; return the remaining lines."""
        rest = list(lines)
        while rest:
            line = rest[0]
            text = line.text.strip()
            published = PUBLISHED.match(text)
            byline = BYLINE.match(text)
            if published and self.set_date(published.group("date"), line):
                self.doc.remove(line, "metadata-date", "publication date line (kept as the date)")
            elif byline and len(text) <= 160:
                parts = [part.strip() for part in byline.group("rest").split("|")]
                self.set("authors", author_names(parts[0]), line)
                for part in parts[1:]:
                    self.set_date(part, line)
                self.doc.remove(line, "metadata-byline", "byline (kept as authors and date)")
            elif parse_date(text)[0] and _words(text) <= 8:
                self.set_date(text, line)
                self.doc.remove(line, "metadata-date", "date line (kept as the date)")
            elif not self.meta.title and _is_title(text):
                self.set("title", text, line)
                self.doc.remove(line, "metadata-title", "headline (kept as the title)")
            else:
                break
            rest.pop(0)
        return rest

    def dateline(self, lines: list[Line]) -> None:
        """The dateline opens the first paragraph that is not a photo caption."""
        line = next((line for line in lines[:4] if line.number not in self.doc.captions), None)
        if line is None:
            return
        text = line.text
        m = DATELINE.match(text)
        if m and m.group("place").strip(" -") and m.group("place").upper() == m.group("place"):
            self.set("dateline", m.group("place").strip(" -"), line)
            if m.group("agency"):
                self.set("publication", m.group("agency").strip(), line)
            return
        m = AGENCY_ONLY.match(text)
        if m:
            self.set("publication", m.group("agency").strip(), line)
            return
        m = REMNANT.match(text)
        if m:
            self.doc.removals.append(_partial(line, m.group(0), "dateline-remnant",
                                              "empty dateline left from the original page"))
            line.text = text[m.end():]

    def caption(self, lines: list[Line]) -> None:
        """A photo caption with its credit: short, and near the top, before the article's text
        begins (a line after a paragraph of article text is not a caption)."""
        for line in lines[:CAPTION_LINES]:
            text = line.text.strip()
            if len(text) > CAPTION_MAX:
                return  # article text; and the caption patterns are quadratic in the line's length
            m = CAPTION_CREDIT_PAREN.match(text) or CAPTION_CREDIT_CAPS.match(text)
            if m and _words(m.group("caption")) <= CAPTION_MAX_WORDS:
                self.set("caption", m.group("caption").strip(), line)
                self.set("photo_credit", _titlecase_caps(m.group("credit").strip()), line)
                self.doc.captions.add(line.number)
                return
            if _words(text) >= BODY_WORDS:
                return  # the article's text has begun

    def tail(self, lines: list[Line]) -> None:
        """Author bio, sign-off and credit lines at the end of the article."""
        last_body = max((i for i, line in enumerate(lines) if _words(line.text) >= BODY_WORDS), default=-1)
        for line in lines[max(0, len(lines) - 6):]:
            m = BIO.match(line.text.strip())
            if m:
                self.set("authors", (m.group("name"),), line)
                pub = WRITES_FOR.search(line.text)
                if pub:
                    self.set("publication", pub.group("pub"), line)
                self.doc.remove(line, "author-bio", "author biography (the name is kept as the author)")
        for line in lines:
            m = REPORTING_BY.match(line.text.strip())
            if m:
                self.set("authors", author_names(m.group("names")), line)
        names = {name.casefold() for name in self.meta.authors}
        signed = False
        for line in lines[last_body + 1:]:
            text = line.text.strip()
            if text.casefold() in names:
                self.doc.remove(line, "author-signoff", "author's name repeated after the article")
                signed = True
            elif signed and _words(text) <= 6 and not re.search(r"[.!?]$", text):
                self.doc.remove(line, "author-tagline", "author's title after the sign-off")
                signed = False

    def from_removals(self) -> None:
        for removal in self.doc.removals:
            pattern = SECTION_REMOVALS.get(removal.kind)
            m = pattern.match(removal.text.strip()) if pattern else None
            if m and not self.meta.section:
                self.meta.section = m.group("section").strip()
                self.doc.origins["section"] = "source"
            if removal.kind == "subscription-prompt" and not self.meta.publication:
                pub = SUBSCRIBE_TO.search(removal.text)
                if pub and pub.group("pub").split()[0].lower() not in ("our", "the", "a", "now"):
                    self.meta.publication = pub.group("pub")
                    self.doc.origins["publication"] = "source"

    def run(self) -> None:
        lines = [line for line in self.doc.kept_lines() if line.text.strip()]
        body = self.header(lines)
        self.caption(body)
        self.dateline(body)
        self.tail(body)
        self.from_removals()


def _partial(line: Line, text: str, kind: str, reason: str) -> Removal:
    return Removal(line.number, text, kind, reason, whole_line=False)


def extract_metadata(archive: Archive) -> Archive:
    for doc in archive.documents:
        _Extractor(archive, doc).run()
    return archive
