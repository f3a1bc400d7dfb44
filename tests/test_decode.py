"""Stage decode: bytes -> numbered lines of clean Unicode; bad files reported and dropped."""

from __future__ import annotations

import codecs

import pytest

from builder.textdecode import DecodeError, decode_bytes, normalise
from helpers import process


# --- decode_bytes: the encoding order ---------------------------------------------------

@pytest.mark.parametrize("raw, text, encoding, fell_back", [
    pytest.param("Café “quoted” — ok".encode("utf-8"), "Café “quoted” — ok", "utf-8", False, id="utf-8"),
    pytest.param(codecs.BOM_UTF8 + "Café".encode("utf-8"), "Café", "utf-8-sig", False, id="utf-8-bom"),
    pytest.param(codecs.BOM_UTF16_LE + "Grüße “x”".encode("utf-16-le"), "Grüße “x”", "utf-16", False, id="utf-16-le-bom"),
    pytest.param(codecs.BOM_UTF16_BE + "Grüße “x”".encode("utf-16-be"), "Grüße “x”", "utf-16", False, id="utf-16-be-bom"),
    pytest.param(codecs.BOM_UTF32_BE + "Hi".encode("utf-32-be"), "Hi", "utf-32", False, id="utf-32-be-bom"),
    pytest.param(b"caf\xe9 \x93quoted\x94", "café “quoted”", "cp1252", True, id="cp1252"),
    pytest.param(b"", "", "utf-8", False, id="empty"),
])
def test_decode_bytes_encodings(raw, text, encoding, fell_back):
    assert decode_bytes(raw) == (text, encoding, fell_back)


def test_bom_is_not_left_in_the_text():
    text, _, _ = decode_bytes(codecs.BOM_UTF8 + b"Title\nBody")
    assert text == "Title\nBody"
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize("raw, code, message", [
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "source-binary",
                 "is a binary file, not text (it contains NUL bytes)", id="png-header"),
    pytest.param(b"\x80\x99\xa9\xae\xb0\xb1\x95\x96\x97", "source-undecodable",
                 "cannot be decoded as text: it is neither UTF-8 nor a legacy Western encoding", id="no-letters"),
    pytest.param(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "source-undecodable",
                 "starts with a UTF-16 byte-order mark but byte 4 is not valid UTF-16", id="bad-utf-16"),
])
def test_decode_bytes_refuses(raw, code, message):
    with pytest.raises(DecodeError) as info:
        decode_bytes(raw)
    assert (info.value.code, info.value.message) == (code, message)


def test_a_few_nul_bytes_do_not_make_a_file_binary():
    # Two stray NULs in a text of normal length: not binary, and the NULs are removed.
    archive, doc = process(b"A headline\n\nSome body text\x00 with a stray\x00 NUL or two in it.\n")
    assert archive.diagnostics == []
    assert [p.text for p in doc.paragraphs] == ["Some body text with a stray NUL or two in it."]


def test_bad_utf8_after_bom_names_the_right_byte():
    # Regression: the offset used to leave out the 3 BOM bytes ("byte 3").
    with pytest.raises(DecodeError) as info:
        decode_bytes(codecs.BOM_UTF8 + b"abc\xff")
    assert (info.value.code, info.value.message) == (
        "source-undecodable", "starts with a UTF-8-SIG byte-order mark but byte 6 is not valid UTF-8-SIG")


# --- normalise -----------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("a\r\nb", "a\nb"),
    ("a\rb", "a\nb"),
    ("a\r\n\r\nb\rc\n", "a\n\nb\nc\n"),
    ("x\x00y\x07z\x1b!\x7f?", "xyz!?"),
    ("zero\u200bwidth\ufeff", "zerowidth"),
    ("tab\there", "tab here"),
    ("form\x0cfeed\x0bvtab", "formfeedvtab"),
    ("Cafe\u0301", "Café"),  # NFC
    ("a\x85b\u2028c\u2029d", "a\nb\nc\nd"),  # NEL and the Unicode line/paragraph separators are line breaks
    ("C1\x81\x8d\x9f controls", "C1 controls"),
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


# --- the stage on whole documents: line numbers, messages -----------------------------------

def test_crlf_and_lone_cr_become_numbered_lines():
    archive, doc = process(b"Title line\r\n\r\nBody one is here.\rBody two is here.\r\n")
    assert archive.diagnostics == []
    assert [(line.number, line.text) for line in doc.lines] == [
        (1, "Title line"), (2, ""), (3, "Body one is here."), (4, "Body two is here."), (5, "")]


def test_control_characters_are_stripped_from_paragraphs():
    _, doc = process("A headline\n\nBody\x00 with\x07 a bell,\x1b an escape and\x7f a delete.\n")
    assert [p.text for p in doc.paragraphs] == ["Body with a bell, an escape and a delete."]


def test_utf16_document_goes_through_the_whole_stage():
    raw = codecs.BOM_UTF16_BE + "Grüße aus Genf\r\n\r\nDer Rat tagte am Montag.\r\n".encode("utf-16-be")
    archive, doc = process(raw)
    assert archive.diagnostics == []
    assert doc.encoding == "utf-16"
    assert doc.metadata.title == "Grüße aus Genf"
    assert [p.text for p in doc.paragraphs] == ["Der Rat tagte am Montag."]


def test_cp1252_fallback_decodes_and_warns_exactly():
    archive, doc = process(b"caf\xe9 \x93quoted\x94", name="legacy.txt")
    assert doc is not None
    assert doc.encoding == "cp1252"
    assert doc.lines[0].text == "café “quoted”"
    assert [(d.severity, d.code, d.message, d.hint) for d in archive.diagnostics] == [(
        "warning", "source-encoding-fallback",
        "'sources/legacy.txt' is not valid UTF-8; it was read as cp1252",
        "check accented letters and quotes on its page, then re-save the file as UTF-8")]
    assert not archive.diagnostics[0].blocking


@pytest.mark.parametrize("raw, code, message, hint", [
    pytest.param(b"", "source-empty", "'sources/bad.txt' is empty; it was left out of the archive",
                 "add the document's text, or delete the file", id="empty"),
    pytest.param(b" \r\n\t\n  ", "source-empty", "'sources/bad.txt' is empty; it was left out of the archive",
                 "add the document's text, or delete the file", id="whitespace-only"),
    pytest.param(codecs.BOM_UTF8, "source-empty", "'sources/bad.txt' is empty; it was left out of the archive",
                 "add the document's text, or delete the file", id="bom-only"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00", "source-binary",
                 "'sources/bad.txt' is a binary file, not text (it contains NUL bytes); it was left out of the archive",
                 "convert it to plain text (.txt) before adding it", id="binary"),
    pytest.param(b"\x80\x99\xa9\xae\xb0\xb1\x95\x96\x97", "source-undecodable",
                 "'sources/bad.txt' cannot be decoded as text: it is neither UTF-8 nor a legacy Western encoding; "
                 "it was left out of the archive",
                 "open it in an editor and re-save it as UTF-8", id="undecodable"),
])
def test_unusable_files_are_dropped_with_exact_messages(raw, code, message, hint):
    archive, doc = process(raw, name="bad.txt")
    assert doc is None
    assert [(d.severity, d.path, d.line, d.code, d.message, d.hint) for d in archive.diagnostics] == [
        ("error", "sources/bad.txt", 0, code, message, hint)]
    # A bad source file drops only that document; it does not stop the build.
    assert archive.blocking_errors == []


def test_one_undefined_cp1252_byte_does_not_spoil_the_quotes():
    # Regression: one byte undefined in cp1252 (0x81, 0x8D, 0x8F, 0x90, 0x9D) used to send the whole file to
    # latin-1, turning every curly quote into an invisible C1 control character.
    archive, doc = process(b"A headline\n\nThe \x93quoted\x94 word and one stray \x81 byte.\n")
    assert doc.encoding == "cp1252"
    assert [d.code for d in archive.diagnostics] == ["source-encoding-fallback"]
    text = doc.paragraphs[0].text
    assert text == "The “quoted” word and one stray \ufffd byte."
    assert not any("\x80" <= ch <= "\x9f" for ch in text)
