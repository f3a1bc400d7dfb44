"""Text decoding: a file's bytes -> clean Unicode text. Any layer may use it.

Order (measured reliable on short legacy texts): a byte-order mark (UTF-8, UTF-16,
UTF-32), then strict UTF-8, then cp1252 with the fallback reported. :func:`normalise`
makes line ends LF and removes NUL and other control characters. A captured web page
first honours the encoding it declares (``builder.stages.html_decode``), and uses the
byte-order mark, binary check and normalisation from here, and :func:`decode_replacing` when
its bytes break the encoding it is read in: a browser shows such a page, each bad sequence as
'\ufffd', and so does the archive, saying how many bytes were replaced and on which lines.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

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
LINES_NAMED = 5
"""A message about replaced bytes names the lines of the first five, and counts the others."""


def _mark_invalid(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decoding error handler: each byte of an invalid sequence becomes a lone surrogate, which no
    decoder ever produces from valid bytes: U+DC00 + byte for the first, U+DD00 + byte for the
    others, so that the sequences can be told apart (one '\ufffd' each, as a browser shows them)."""
    bad = error.object[error.start:error.end]
    return chr(0xDC00 + bad[0]) + "".join(chr(0xDD00 + byte) for byte in bad[1:]), error.end


MARK_ERRORS = "archive-mark-invalid"
codecs.register_error(MARK_ERRORS, _mark_invalid)  # stateless: the same bytes always give the same text
MARKED = re.compile("[\udc00-\udcff][\udd00-\uddff]*")
FILE_LINE_END = re.compile(r"\r\n?|\n")  # as a text editor counts the lines of the file
NON_ASCII = re.compile("[^\x00-\x7f\udc00-\uddff]")


class DecodeError(Exception):
    """Why a file could not be read as text; the message is for the editor."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


@dataclass(frozen=True)
class Decoded:
    """Bytes decoded with each invalid sequence replaced by '\ufffd' (see decode_replacing)."""

    text: str
    bad_bytes: int = 0  # bytes in the sequences replaced
    bad_lines: tuple[int, ...] = ()  # the lines they are on, in order, each once
    other_non_ascii: int = 0  # characters beyond ASCII decoded from valid sequences

    def replaced(self, codec_name: str) -> str:
        """'1 byte is not valid UTF-8 (line 12); it was replaced with '\ufffd'' and the like."""
        lines = ", ".join(map(str, self.bad_lines[:LINES_NAMED]))
        more = len(self.bad_lines) - LINES_NAMED
        if more > 0:
            lines += f" and {more} more"
        elif len(self.bad_lines) > 1:
            head, _, last = lines.rpartition(", ")
            lines = f"{head} and {last}"
        where = f"line{'s' if len(self.bad_lines) > 1 else ''} {lines}"
        if self.bad_bytes == 1:
            return f"1 byte is not valid {codec_name} ({where}); it was replaced with '\ufffd', as a browser shows it"
        return (f"{self.bad_bytes:,} bytes are not valid {codec_name} ({where}); they were replaced with '\ufffd', "
                f"as a browser shows them")


def decode_replacing(raw: bytes, encoding: str) -> Decoded:
    """Decode ``raw`` as a browser does: each invalid sequence becomes one '\ufffd'. Counts the bytes
    replaced, the lines they are on (in the file, from 1) and the valid characters beyond ASCII."""
    marked = raw.decode(encoding, errors=MARK_ERRORS)
    bad_lines: list[int] = []
    bad_bytes = line = at = 0
    for match in MARKED.finditer(marked):
        line += len(FILE_LINE_END.findall(marked, at, match.start()))
        at = match.start()
        bad_bytes += len(match.group())
        if not bad_lines or bad_lines[-1] != line + 1:
            bad_lines.append(line + 1)
    if not bad_bytes:
        return Decoded(marked)
    return Decoded(MARKED.sub("\ufffd", marked), bad_bytes, tuple(bad_lines), len(NON_ASCII.findall(marked)))


def bom_encoding(raw: bytes) -> tuple[bytes, str] | None:
    """(the byte-order mark, its encoding) when the bytes start with one."""
    return next(((bom, encoding) for bom, encoding in BOMS if raw.startswith(bom)), None)


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
