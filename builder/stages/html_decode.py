"""Captured web pages: their bytes -> text, in the encoding a browser would find.

A byte-order mark, else the page's own declaration (``<meta charset>``, ``<meta
http-equiv="Content-Type">``, an XML declaration) in its first bytes, else UTF-8, else
cp1252 with the fallback reported. Bytes that break the encoding the page is read in are each
replaced by '\ufffd', as a browser shows them, and the editor is told how many and on which lines;
a page that declares UTF-8 (or nothing) but has more such bytes than valid UTF-8 letters is a
legacy page, read as cp1252 with a warning. The byte-order mark, the binary check and the normalisation are those of every
source (``builder.textdecode``).
"""

from __future__ import annotations

import codecs
import re

from builder.stages.source_reader import Note
from builder.textdecode import DecodeError, bom_encoding, decode_replacing, refuse_binary

PRESCAN_BYTES = 4096
"""The encoding declaration is looked for in this many bytes at the start (browsers read 1,024;
saved pages often put a long comment or script first)."""

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


def _display(codec: str) -> str:
    return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}.get(codec, codec)


def decode_html(raw: bytes) -> tuple[str, str, list[Note]]:
    """Return (text, encoding, notes). Raises DecodeError with an editor message."""
    hint = "check those lines of the file; where a letter shows as '\ufffd' on its page, save the page again from the browser, or correct the file"
    found = bom_encoding(raw)
    if found:
        decoded = decode_replacing(raw, found[1])
        notes = [Note("source-bytes-replaced", f"starts with a {_display(found[1])} byte-order mark but "
                      + decoded.replaced(_display(found[1])), hint)] if decoded.bad_bytes else []
        return decoded.text, found[1], notes
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
        decoded = decode_replacing(raw, codec)
        if decoded.bad_bytes:
            notes.append(Note("source-bytes-replaced", f"declares the encoding '{label}' but " + decoded.replaced(label),
                              hint))
        return decoded.text, codec, notes
    decoded = decode_replacing(raw, "utf-8")
    if not decoded.bad_bytes:
        return decoded.text, "utf-8", notes
    # Some bytes are not UTF-8. When the page has more valid UTF-8 letters beyond ASCII than bad
    # bytes, it is UTF-8 with a few stray bytes (a pasted Latin-1 word, a cut character): read as
    # UTF-8, those bytes replaced, as a browser shows it. Otherwise it is a legacy page, read as
    # cp1252; unless that is not text either: then a page that declares UTF-8 is read as UTF-8
    # all the same, and one that declares nothing is refused (it is not a page).
    text = raw.decode("cp1252", errors="replace")
    legacy = decoded.other_non_ascii < decoded.bad_bytes and _looks_like_text(text)
    if not legacy and (codec or decoded.other_non_ascii >= decoded.bad_bytes):
        start = f"declares the encoding '{label}' but " if codec else ("declares no known encoding and "
                                                                       if label else "declares no encoding and ")
        notes.append(Note("source-bytes-replaced", start + decoded.replaced("UTF-8"), hint))
        return decoded.text, "utf-8", notes
    if not legacy:
        declares = "declares no known encoding" if label else "declares no encoding"
        raise DecodeError("source-undecodable",
                          f"cannot be decoded as text: it {declares} and is neither UTF-8 nor a legacy Western encoding",
                          "save the page again from the browser, or re-save the file as UTF-8")
    if codec:
        notes.append(Note("source-encoding-mismatch",
                          f"declares the encoding '{label}' but is not UTF-8; it was read as cp1252",
                          "check accented letters and quotes on its page, then fix the page's <meta charset>"))
    else:
        declares = "declares no known encoding" if label else "declares no encoding"
        notes.append(Note("source-encoding-fallback",
                          f"{declares} and is not valid UTF-8; it was read as cp1252",
                          "check accented letters and quotes on its page, then add <meta charset> or re-save the file as UTF-8"))
    return text, "cp1252", notes
