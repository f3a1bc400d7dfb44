"""Text decoding: a file's bytes -> clean Unicode text. Any layer may use it.

Order (measured reliable on short legacy texts): a byte-order mark (UTF-8, UTF-16,
UTF-32), then strict UTF-8, then cp1252 with the fallback reported. :func:`normalise`
makes line ends LF and removes NUL and other control characters. A captured web page
first honours the encoding it declares (``builder.stages.html_decode``), and uses the
byte-order mark, binary check and normalisation from here.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

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
    """Line ends made LF, tabs made spaces, control characters removed, Unicode in NFC."""
    text = LINE_BREAKS.sub("\n", text)
    text = CONTROL.sub("", text).replace("\t", " ")
    return unicodedata.normalize("NFC", text)
