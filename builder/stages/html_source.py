"""Captured web pages (.html, .htm): bytes -> the article's text as lines, plus the page's metadata.

The decode stage hands every HTML source here. Three steps:

1. **Encoding**, as a browser would find it: a byte-order mark, else the page's own
   declaration (``<meta charset>``, ``<meta http-equiv="Content-Type">``, an XML
   declaration) in its first bytes, else strict UTF-8, else cp1252 with the fallback reported.
   A page whose bytes break its declared encoding is reported and left out.
2. **Main text**, extracted by trafilatura (chosen on the article-extraction benchmark,
   see ``bench/extraction.py``): navigation, adverts, cookie banners, comments and related
   links are left behind; paragraphs, headings, list items and table rows come out in page
   order, each as one line, with a blank line between them. Nothing of the page's markup
   survives: the later stages see plain text and escape it like any text source.
3. **Metadata** the library found (title, authors, date, site name, canonical URL,
   description, section), completed from the page's ``<meta>`` tags, JSON-LD and
   ``<time datetime>`` where it found nothing, and the language (``<html lang>`` ...). The
   theme prints some of these fields as HTML, so a value that could open a tag is not kept
   (see without_markup); the address must be http(s).

Deterministic: the same bytes give the same result on any day and without a network. The
library never fetches anything here (it is given the page's text), and its date search runs
with a fixed latest date and without the free-text parser that fills gaps from the clock.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import html
import json
import logging
import re
from dataclasses import dataclass, field

from builder.dates import parse_date
from builder.model import Archive, Diagnostic, Document, Line, Metadata
from builder.schema import URL
from builder.stages.decode import DecodeError, decode_bom, normalise, refuse_binary
from builder.stages.extract import AUTHOR_NOISE, _split_authors

PRESCAN_BYTES = 4096
"""The encoding declaration is looked for in this many bytes at the start (browsers read 1,024;
saved pages often put a long comment or script first)."""

LATEST_DATE = "2100-12-31"
"""The date search never accepts a later date. Fixed, so that a build does not depend on the day
it runs (the library's default is today)."""

ARTICLE_LINE_CHARS, ARTICLE_MIN_CHARS = 40, 150
"""A page has article text when its lines of 40 characters or more add up to 150 (see has_article_text)."""

DESCRIPTION_MAX_CHARS = 500
"""A longer description (some sites put the whole article there) is cut at a word, with '…'."""

# Encodings a page may declare that are read as another one, as browsers do (WHATWG Encoding):
# Latin-1 and ASCII labels mean windows-1252, and the other legacy labels their Windows or
# extended supersets; a UTF-16/32 label in an ASCII-readable <meta> cannot be true, so it means
# UTF-8. UTF-7 is not honoured (browsers refuse it).
ENCODING_ALIASES = {"latin_1": "cp1252", "ascii": "cp1252", "iso8859_1": "cp1252", "iso8859_9": "cp1254",
                    "tis_620": "cp874", "iso8859_11": "cp874", "gb2312": "gb18030", "gbk": "gb18030",
                    "shift_jis": "cp932", "euc_kr": "cp949", "big5": "big5hkscs",
                    "utf_16": "utf-8", "utf_16_le": "utf-8", "utf_16_be": "utf-8",
                    "utf_32": "utf-8", "utf_32_le": "utf-8", "utf_32_be": "utf-8"}
REFUSED_ENCODINGS = {"utf_7"}
META_CHARSET = re.compile(rb"""<meta\s[^>]*?\bcharset\s*=\s*["']?\s*([a-zA-Z0-9._:-]+)""", re.I)
HTTP_EQUIV = re.compile(rb"""<meta\s[^>]*?http-equiv\s*=\s*["']?content-type\b[^>]*>""", re.I)
XML_DECLARATION = re.compile(rb"""^<\?xml\s[^>]*?encoding\s*=\s*["']([a-zA-Z0-9._:-]+)["']""")
HTML_COMMENT = re.compile(rb"<!--.*?-->", re.S)
# An element or comment left open runs to the end of the text, as in a browser: matching stays
# linear (a lazy ".*?" that never finds its end, tried again at every later opening, would not).
MARKUP = re.compile(r"<script\b.*?(?:</script\s*>|\Z)|<style\b.*?(?:</style\s*>|\Z)|<!--.*?(?:-->|\Z)|<[^<>]*>", re.I | re.S)
TAG = re.compile(r"<!--.*?(?:-->|\Z)|</?[a-zA-Z][^<>]*>", re.S)
TAG_OPEN = re.compile(r"<[a-zA-Z/!?]")
FORMATTING_TAG = re.compile(r"</?(?:a|abbr|b|big|br|cite|code|del|div|em|font|h[1-6]|hr|i|img|ins|li|mark|ol|p|q|s|small|"
                            r"span|strong|sub|sup|u|ul)(?:\s[^<>]*)?/?>", re.I)
MARKUP_CHECKED = ("title", "authors", "publication", "section", "description")
METADATA_LABELS = {"title": "a title", "authors": "an author's name", "publication": "a site name",
                   "section": "a section", "description": "a description"}

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$", re.I)
ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|[T\s])")
AUTHOR_ROLE = re.compile(r"\b(?:writers?|reporters?|correspondents?|editors?|staff|columnists?|contributors?)$", re.I)
BY_PREFIX = re.compile(r"^by\s+", re.I)
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")
ARTICLE_TYPES = re.compile(r"(?:Article|BlogPosting|Report|WebPage|Posting|Review)$")


@dataclass
class Note:
    """A problem worth telling the editor that did not stop the page from being read."""

    code: str
    message: str  # follows "'<path>' "
    hint: str


@dataclass
class Extraction:
    """What a captured page gives: its text as lines, its metadata, how it was decoded."""

    lines: list[str]  # one paragraph or heading per line, "" between them
    metadata: Metadata
    encoding: str
    notes: list[Note] = field(default_factory=list)


# --- 1. encoding -------------------------------------------------------------------------

def _codec(label: str) -> str | None:
    """Python's codec for an encoding label, with the browsers' substitutions; None if unknown."""
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    name = name.replace("-", "_")
    if name in REFUSED_ENCODINGS:
        return None
    if name in ENCODING_ALIASES:
        return ENCODING_ALIASES[name]
    return {"utf_8": "utf-8", "cp1252": "cp1252"}.get(name, name)


def declared_encoding(raw: bytes) -> str:
    """The encoding label the page declares in its first bytes, or ''."""
    head = raw[:PRESCAN_BYTES]
    m = XML_DECLARATION.match(head)
    if m:
        return m.group(1).decode("ascii")
    head = HTML_COMMENT.sub(b"", head)
    found = []
    m = META_CHARSET.search(head)
    if m:
        found.append((m.start(), m.group(1)))
    for tag in HTTP_EQUIV.finditer(head):
        charset = re.search(rb"""content\s*=\s*["'][^"']*?charset\s*=\s*([a-zA-Z0-9._:-]+)""", tag.group(0), re.I)
        if charset:
            found.append((tag.start(), charset.group(1)))
            break
    return min(found)[1].decode("ascii") if found else ""


def _looks_like_text(page: str) -> bool:
    """The page's visible text is mostly letters (a wrong single-byte reading is not)."""
    visible_text = MARKUP.sub(" ", page)
    visible = sum(1 for ch in visible_text if not ch.isspace())
    letters = sum(1 for ch in visible_text if ch.isalpha())
    return not visible or letters / visible >= 0.5


def decode_html(raw: bytes) -> tuple[str, str, list[Note]]:
    """Return (text, encoding, notes). Raises DecodeError with an editor message."""
    found = decode_bom(raw, "save the page again from the browser, or re-save the file as UTF-8")
    if found:
        return *found, []
    refuse_binary(raw, "a web page", "save the page again from the browser as 'Web Page, HTML only'")
    notes: list[Note] = []
    label = declared_encoding(raw)
    codec = _codec(label) if label else None
    if label and codec is None:
        notes.append(Note("source-encoding-unknown",
                          f"declares the encoding '{label}', which is not known; it was read as UTF-8 or cp1252",
                          "check accented letters and quotes on its page, then fix the page's <meta charset>"))
    if codec and codec != "utf-8":
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if not text.isascii():
            # Valid UTF-8 with letters beyond ASCII is almost never a legacy encoding by chance:
            # the label is wrong (a page re-saved as UTF-8 that kept its old <meta>).
            notes.append(Note("source-encoding-mismatch",
                              f"declares the encoding '{label}' but is UTF-8; it was read as UTF-8",
                              "check accented letters and quotes on its page, then fix the page's <meta charset>"))
            return text, "utf-8", notes
        if codec == "cp1252":
            # The five bytes cp1252 leaves undefined become U+FFFD, as in text sources.
            return raw.decode("cp1252", errors="replace"), "cp1252", notes
    if codec:
        try:
            return raw.decode(codec), codec, notes
        except UnicodeDecodeError as exc:
            raise DecodeError("source-undecodable",
                              f"declares the encoding '{label}' but byte {exc.start} is not valid {label}",
                              "save the page again from the browser, or re-save the file in the encoding it declares") from None
    try:
        return raw.decode("utf-8"), "utf-8", notes
    except UnicodeDecodeError:
        pass
    text = raw.decode("cp1252", errors="replace")
    declares = "declares no known encoding" if label else "declares no encoding"
    if not _looks_like_text(text):
        raise DecodeError("source-undecodable",
                          f"cannot be decoded as text: it {declares} and is neither UTF-8 nor a legacy Western encoding",
                          "save the page again from the browser, or re-save the file as UTF-8")
    notes.append(Note("source-encoding-fallback",
                      f"{declares} and is not valid UTF-8; it was read as cp1252",
                      "check accented letters and quotes on its page, then add <meta charset> or re-save the file as UTF-8"))
    return text, "cp1252", notes


# --- 2. main text --------------------------------------------------------------------------

@contextlib.contextmanager
def _quiet_libraries():
    """The library logs every page it judges too short; the build reports that itself."""
    loggers = [logging.getLogger(name) for name in ("trafilatura", "htmldate", "courlan")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def run_library(page: str):
    """trafilatura over the page's text: (its Document, the parsed tree). Document is None when it
    found no article. No network (it is given text, not an address), no clock (see LATEST_DATE)."""
    import trafilatura  # imported here: only archives with HTML sources pay for loading it
    from trafilatura.utils import load_html

    with _quiet_libraries():
        tree = load_html(page)
        if tree is None:
            return None, None
        result = trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
            include_links=False, include_formatting=False, deduplicate=False,
            date_extraction_params={"original_date": True, "extensive_search": False, "max_date": LATEST_DATE})
    return result, tree


def _clean(value) -> str:
    """One line of plain text: entities decoded, controls removed, whitespace collapsed. Anything
    that looks like markup stays as text (the pages escape it); see _clean_ld for JSON-LD."""
    if not isinstance(value, str):
        return ""
    return " ".join(normalise(html.unescape(value)).split())


def _clean_ld(value) -> str:
    """A JSON-LD string, where sites put HTML (``"description": "<p>...</p>"``): its tags are dropped."""
    return _clean(TAG.sub(" ", value) if isinstance(value, str) else value)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def has_article_text(lines: list[str]) -> bool:
    """Some running text: ARTICLE_MIN_CHARS characters in lines of ARTICLE_LINE_CHARS or more. What
    the library finds on a page without an article (menu items, a cookie notice) is short lines.
    Counted in characters, not words, so that it holds for Japanese or Chinese as for English."""
    return sum(len(line) for line in lines if len(line) >= ARTICLE_LINE_CHARS) >= ARTICLE_MIN_CHARS


def text_lines(text: str, title: str) -> list[str]:
    """The library's text as lines: one paragraph per line, a blank line between paragraphs.
    The page's headline is dropped when the library repeats it at the top."""
    paragraphs = [" ".join(line.split()) for line in normalise(text or "").split("\n")]
    paragraphs = [p for p in paragraphs if p]
    while paragraphs and title and _same(paragraphs[0], title):
        paragraphs.pop(0)
    lines: list[str] = []
    for paragraph in paragraphs:
        if lines:
            lines.append("")
        lines.append(paragraph)
    return lines


# --- 3. metadata -----------------------------------------------------------------------------

def _meta(tree, *names: str) -> list[str]:
    """Values of <meta name|property|itemprop|http-equiv=... content=...>, in the order of ``names``."""
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop")
               or element.get("http-equiv") or "").strip().lower()
        content = element.get("content")
        if key and content and content.strip():
            found.setdefault(key, []).append(content)
    return [value for name in names for value in found.get(name, [])]


def _json_ld(tree) -> list[dict]:
    """Every JSON-LD object on the page (inside @graph and lists too), in page order."""
    objects: list[dict] = []

    def walk(node, depth: int) -> None:
        if depth > 8 or len(objects) > 200:
            return
        if isinstance(node, list):
            for item in node:
                walk(item, depth + 1)
        elif isinstance(node, dict):
            objects.append(node)
            walk(node.get("@graph"), depth + 1)

    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            walk(json.loads(script.text, strict=False), 0)
        except (ValueError, RecursionError):
            continue
    return objects


def _types(obj: dict) -> list[str]:
    kind = obj.get("@type")
    return [k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]


def _names(value) -> list[str]:
    """Texts in a JSON-LD value: a string, {"name": ...}, or a list of them (tags dropped)."""
    if isinstance(value, str):
        return [_clean_ld(value)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value[:20] for name in _names(item)]
    return []


def _article(objects: list[dict]) -> dict:
    """The JSON-LD object that describes the article (the first with an article-like type)."""
    return next((obj for obj in objects if any(ARTICLE_TYPES.search(t) for t in _types(obj))), {})


def iso_date(value: str) -> str:
    """'2019-11-19T10:00:00Z' -> '2019-11-19' (the page's own calendar date); also '2019-11', '2019'
    and dates written out ('November 19, 2019'). '' when there is no valid date."""
    value = _clean(value)
    m = ISO_DATE.match(value)
    if m:
        year, month, day = m.groups()
        try:
            dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            return ""
        return "-".join(part for part in (year, month, day) if part)
    return parse_date(value)[0]


def language_tag(value: str) -> str:
    """'en_us' -> 'en-US', 'EN' -> 'en'; '' unless it is a language tag."""
    value = _clean(value).replace("_", "-")
    if not LANGUAGE_TAG.match(value):
        return ""
    parts = value.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part.lower())
    return "-".join(out)


def http_url(value: str) -> str:
    value = _clean(value)
    return value if URL.match(value) else ""


def split_authors(values: list[str]) -> tuple[str, ...]:
    """Author names from the library ('A; B') or the page: job titles, agencies and links left out."""
    names: list[str] = []
    for value in values:
        for part in _clean(value).split(";"):
            part = BY_PREFIX.sub("", part.strip())
            if not part or URL.match(part) or "@" in part or "/" in part:
                continue
            for name in _split_authors(part):
                if not AUTHOR_ROLE.search(name) and not AUTHOR_NOISE.match(name) and len(name) <= 80 \
                        and name.casefold() not in {n.casefold() for n in names}:
                    names.append(name)
    return tuple(names)


def _strip_site(title: str, site: str) -> str:
    """'Headline | Site' -> 'Headline' when Site is the page's site name."""
    for separator in TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if sep and head and site and _same(tail, site):
            return head.strip()
    return title


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def page_metadata(result, tree) -> Metadata:
    """The library's metadata, completed from the page where the library has nothing."""
    meta = Metadata()
    objects = _json_ld(tree) if tree is not None else []
    article = _article(objects)
    if result is not None:
        meta.title = _clean(result.title)
        meta.authors = split_authors([result.author] if result.author else [])
        meta.date = iso_date(result.date or "")
        meta.publication = _clean(result.sitename)
        meta.url = http_url(result.url or "")
        meta.description = _clean(result.description)
        meta.section = _clean((result.categories or [""])[0])
    if tree is None:
        return meta
    if not meta.publication:
        meta.publication = next(filter(None, map(_clean, _meta(tree, "og:site_name", "application-name")
                                                 + _names(article.get("publisher")))), "")
    if not meta.title:
        candidates = _meta(tree, "og:title", "twitter:title") + _names(article.get("headline"))
        candidates += [t.text_content() for t in tree.iter("title")][:1] + [h.text_content() for h in tree.iter("h1")][:1]
        meta.title = next(filter(None, map(_clean, candidates)), "")
    if not meta.authors:
        meta.authors = split_authors(_names(article.get("author"))) or split_authors(
            _meta(tree, "author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author"))
    if not meta.date:
        dates = [article.get("datePublished"), article.get("dateCreated")]
        dates += _meta(tree, "article:published_time", "datepublished", "date", "dc.date.issued", "dc.date",
                       "pubdate", "publish-date", "parsely-pub-date", "sailthru.date")
        dates += [t.get("datetime") for t in tree.iter("time")][:1]
        meta.date = next(filter(None, (iso_date(d) for d in dates if isinstance(d, str))), "")
    if not meta.url:
        urls = [link.get("href") or "" for link in tree.iter("link") if "canonical" in (link.get("rel") or "").lower().split()]
        urls += _meta(tree, "og:url")
        for value in (article.get("url"), article.get("mainEntityOfPage")):  # a string, or {"@id": ...}
            value = value.get("@id") or value.get("url") if isinstance(value, dict) else value
            urls += [value] if isinstance(value, str) else []
        meta.url = next(filter(None, map(http_url, urls)), "")
    if not meta.description:
        descriptions = _meta(tree, "description", "og:description", "twitter:description")
        descriptions += _names(article.get("description") if isinstance(article.get("description"), str) else None)
        meta.description = next(filter(None, map(_clean, descriptions)), "")
    if not meta.section:
        sections = _meta(tree, "article:section") + _names(article.get("articleSection"))
        meta.section = next(filter(None, map(_clean, sections)), "")
    root = tree.getroottree().getroot()
    languages = [root.get(name) or "" for name in ("lang", "xml:lang", "{http://www.w3.org/XML/1998/namespace}lang")]
    languages += _meta(tree, "content-language", "language", "og:locale", "dc.language")
    languages += [article["inLanguage"]] if isinstance(article.get("inLanguage"), str) else []
    meta.language = next(filter(None, map(language_tag, languages)), "")
    meta.title = _strip_site(meta.title, meta.publication)
    meta.description = _shorten(meta.description, DESCRIPTION_MAX_CHARS)
    return meta


# --- the whole page ------------------------------------------------------------------------------

def extract(raw: bytes) -> Extraction:
    """Decode a captured page and extract its article. Raises DecodeError when it cannot be read;
    ``lines`` is empty when the page has no article text."""
    page, encoding, notes = decode_html(raw)
    result, tree = run_library(page)
    metadata = page_metadata(result, tree)
    lines = text_lines(result.text if result is not None else "", metadata.title)
    if not has_article_text(lines):
        lines = []
    notes += without_markup(metadata)
    return Extraction(lines, metadata, encoding, notes)


def _without_comments(value: str) -> str:
    """``value`` with each closed HTML comment made a space. An unclosed one is left, so the value
    is not kept and the editor is told; one scan, so linear (a lazy regular expression looking for
    a '-->' that never comes would scan to the end again from every '<!--')."""
    kept, at = [], 0
    while (opening := value.find("<!--", at)) >= 0 and (closing := value.find("-->", opening + 4)) >= 0:
        kept += [value[at:opening], " "]
        at = closing + 3
    return "".join(kept) + value[at:]


def without_markup(meta: Metadata) -> list[Note]:
    """Keep HTML markup out of metadata the theme prints as it is.

    The theme prints a document's title, an author's or a publication's name (as the title of
    its page) as HTML, and the description inside a quoted attribute. So: common formatting tags
    a site leaked into its metadata (``<p>``, ``<br>``, ``<b>``, ``<img ...>``) are dropped; a
    value that could still open a tag ('<' then a letter, '/', '!' or '?') is not kept, and the
    editor is told (a real headline almost never has one; the sidecar file can set it). In the
    description, inside an attribute, only a '"' together with such a sequence could do harm.
    """
    notes = []
    for name in MARKUP_CHECKED:
        value = meta.get(name)
        values = [" ".join(FORMATTING_TAG.sub(" ", _without_comments(v)).split()) for v in (value if isinstance(value, tuple) else (value,))]
        unsafe = [v for v in values if TAG_OPEN.search(v) and (name != "description" or '"' in v)]
        kept = [v for v in values if v and v not in unsafe]
        setattr(meta, name, tuple(kept) if isinstance(value, tuple) else (kept[0] if kept else ""))
        if unsafe:
            label = METADATA_LABELS[name]
            notes.append(Note("source-metadata-markup",
                              f"gives {label} that contains HTML markup; it was not kept",
                              f"set '{name}' in the document's sidecar file"))
    return notes


def decode_html_document(archive: Archive, doc: Document) -> bool:
    """The decode stage for an HTML source: text lines, encoding and metadata set on ``doc``
    (fields marked as found in the source); problems reported. False: leave the document out."""
    path = doc.source.path
    if not doc.source.raw.strip():
        archive.report(Diagnostic("error", path, 0, 0, "source-empty", f"'{path}' is empty; it was left out of the archive",
                                  "add the document's text, or delete the file"))
        return False
    try:
        extraction = extract(doc.source.raw)
    except DecodeError as exc:
        archive.report(Diagnostic("error", path, 0, 0, exc.code, f"'{path}' {exc.message}; it was left out of the archive", exc.hint))
        return False
    except Exception as exc:  # a page the parser cannot cope with must not stop the whole archive
        archive.report(Diagnostic("error", path, 0, 0, "source-unreadable",
                                  f"'{path}' could not be read as a web page ({type(exc).__name__}); it was left out of the archive",
                                  "save the page again from the browser as 'Web Page, HTML only'"))
        return False
    for note in extraction.notes:
        archive.report(Diagnostic("warning", path, 0, 0, note.code, f"'{path}' {note.message}", note.hint))
    doc.encoding = extraction.encoding
    if not extraction.lines:
        archive.report(Diagnostic("error", path, 0, 0, "source-no-text",
                                  f"'{path}' has no article text that could be extracted; it was left out of the archive",
                                  "check that the file is the saved article itself, not a front page, a login or cookie wall, "
                                  "or a page that loads its text with JavaScript"))
        return False
    doc.lines = [Line(n, text) for n, text in enumerate(extraction.lines, start=1)]
    for name in ("title", "authors", "date", "publication", "section", "url", "language", "description"):
        value = extraction.metadata.get(name)
        if value and not doc.metadata.get(name):
            setattr(doc.metadata, name, value)
            doc.origins[name] = "source"
    return True
