"""Stage: turn each source's bytes into numbered lines of clean Unicode text.

Order (measured reliable on short legacy texts): a byte-order mark (UTF-8, UTF-16,
UTF-32), then strict UTF-8, then cp1252 with the fallback reported. Line ends are
normalised to LF; NUL and other control characters are removed. A binary, undecodable
or empty file is reported and dropped; the rest of the archive goes on.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from builder.model import Archive, Diagnostic, Document, Line

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\u200b\ufeff]")
LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
BINARY_NUL_SHARE = 0.01


class DecodeError(Exception):
    """Why a file could not be read as text; the message is for the editor."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def decode_bom(raw: bytes, hint: str) -> tuple[str, str] | None:
    """(text, encoding) when the bytes start with a byte-order mark, None when they do not.
    Raises DecodeError when the mark does not match the bytes that follow."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                offset = exc.start + (len(bom) if encoding == "utf-8-sig" else 0)
                raise DecodeError("source-undecodable",
                                  f"starts with a {encoding.upper()} byte-order mark but byte {offset} is not valid {encoding.upper()}",
                                  hint) from None
    return None


def refuse_binary(raw: bytes, kind: str, hint: str) -> None:
    """Raise DecodeError for a binary file (more than a few NUL bytes) posing as a source."""
    if raw.count(b"\x00") > max(2, len(raw) * BINARY_NUL_SHARE):
        raise DecodeError("source-binary", f"is a binary file, not {kind} (it contains NUL bytes)", hint)


def decode_bytes(raw: bytes) -> tuple[str, str, bool]:
    """Return (text, encoding, fell_back). Raises DecodeError with an editor message."""
    found = decode_bom(raw, "re-save the file as UTF-8")
    if found:
        return *found, False
    refuse_binary(raw, "text", "convert it to plain text (.txt) before adding it")
    try:
        return raw.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    # The five bytes cp1252 leaves undefined become U+FFFD rather than sending the whole
    # file to latin-1 (which would turn every curly quote into an invisible control).
    text, encoding = raw.decode("cp1252", errors="replace"), "cp1252"
    letters = sum(1 for ch in text if ch.isalpha())
    visible = sum(1 for ch in text if not ch.isspace())
    if visible and letters / visible < 0.5:
        raise DecodeError("source-undecodable", "cannot be decoded as text: it is neither UTF-8 nor a legacy Western encoding",
                          "open it in an editor and re-save it as UTF-8")
    return text, encoding, True


def normalise(text: str) -> str:
    text = LINE_BREAKS.sub("\n", text)
    text = CONTROL.sub("", text).replace("\t", " ")
    return unicodedata.normalize("NFC", text)


def decode_document(archive: Archive, doc: Document) -> bool:
    """Decode one document in place; report and return False if it cannot be used."""
    if doc.source.is_html:  # a captured web page: its article text and metadata are extracted
        from builder.stages.html_source import decode_html_document

        return decode_html_document(archive, doc)
    path = doc.source.path
    try:
        text, encoding, fell_back = decode_bytes(doc.source.raw)
    except DecodeError as exc:
        archive.report(Diagnostic("error", path, 0, 0, exc.code, f"'{path}' {exc.message}; it was left out of the archive", exc.hint))
        return False
    doc.encoding = encoding
    if fell_back:
        archive.report(Diagnostic("warning", path, 0, 0, "source-encoding-fallback",
                                  f"'{path}' is not valid UTF-8; it was read as {encoding}",
                                  "check accented letters and quotes on its page, then re-save the file as UTF-8"))
    text = normalise(text)
    if not text.strip():
        archive.report(Diagnostic("error", path, 0, 0, "source-empty", f"'{path}' is empty; it was left out of the archive",
                                  "add the document's text, or delete the file"))
        return False
    doc.lines = [Line(n, line.rstrip()) for n, line in enumerate(text.split("\n"), start=1)]
    return True


def decode_sources(archive: Archive) -> Archive:
    archive.documents = [doc for doc in archive.documents if decode_document(archive, doc)]
    return archive
