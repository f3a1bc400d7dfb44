"""No captured page that a browser can show is left out of the archive (issue 20).

Pages that declared UTF-8 but held a stray Latin-1 byte, or a multi-byte character cut short,
were left out as undecodable. A browser shows such a page with '\ufffd' for each bad sequence:
so does the archive now, and it tells the editor how many bytes and on which lines. A short post
or a song's short lines were left out as "no article text"; they are kept.
"""

from __future__ import annotations

import codecs

import pytest

from builder.stages.html_decode import decode_html
from builder.textdecode import Decoded, decode_replacing
from helpers import process

HINT = ("check those lines of the file; where a letter shows as '\ufffd' on its page, save the page again from the "
        "browser, or correct the file")
BODY = ("<p>Der Gemeinderat hat am Dienstagabend mit sieben zu zwei Stimmen einen neuen Plan für die Verteilung des "
        "Wassers beschlossen, nach fast zehn Jahren Streit mit den Höfen im Tal.</p>\n"
        "<p>Die Bürgermeisterin sagte, der Plan werde alle fünf Jahre überprüft, und ein unabhängiger Hydrologe solle "
        "an der ersten Prüfung teilnehmen.</p>\n")


def german_page(declaration: str, extra: bytes) -> bytes:
    """A UTF-8 page (with umlauts) with ``extra`` bytes in a paragraph of its own, on line 6."""
    head = f"<!DOCTYPE html>\n<html lang=\"de\">\n<head>{declaration}<title>Wasser für alle</title></head>\n<body>\n"
    return (head.encode("utf-8") + b"<article>\n<p>" + extra + b"</p>\n" + BODY.encode("utf-8")
            + b"</article>\n</body>\n</html>\n")


# --- decode_replacing: the bytes, counted -------------------------------------------------------

@pytest.mark.parametrize("raw, text, bad_bytes, bad_lines", [
    pytest.param(b"caf\xc3\xa9", "café", 0, (), id="valid"),
    pytest.param(b"Mitgef\xfchl w\xe4hlen", "Mitgef\ufffdhl w\ufffdhlen", 2, (1,), id="stray-latin-1"),
    pytest.param(b"a\n\xe4\xb8 b", "a\n\ufffd b", 2, (2,), id="truncated-sequence-is-one-replacement"),
    pytest.param(b"a\r\nb\rc\n\xff", "a\r\nb\rc\n\ufffd", 1, (4,), id="lines-as-an-editor-counts-them"),
    pytest.param(b"end of a cut file \xe6\x96", "end of a cut file \ufffd", 2, (1,), id="cut-at-the-end"),
    pytest.param(b"\xff\n\xfe\xfd\n\n\xc0", "\ufffd\n\ufffd\ufffd\n\n\ufffd", 4, (1, 2, 4), id="several-lines"),
])
def test_decode_replacing(raw, text, bad_bytes, bad_lines):
    decoded = decode_replacing(raw, "utf-8")
    assert (decoded.text, decoded.bad_bytes, decoded.bad_lines) == (text, bad_bytes, bad_lines)


def test_decode_replacing_counts_the_valid_letters_beyond_ascii():
    assert decode_replacing("Grüße ".encode("utf-8") + b"\xff", "utf-8").other_non_ascii == 2


def test_decode_replacing_in_a_multi_byte_legacy_encoding():
    decoded = decode_replacing("東京".encode("shift_jis") + b"\n\x81\x20", "cp932")
    assert decoded.text.startswith("東京\n") and "\ufffd" in decoded.text
    assert decoded.bad_lines == (2,)


@pytest.mark.parametrize("decoded, message", [
    (Decoded("", 1, (12,)), "1 byte is not valid UTF-8 (line 12); it was replaced with '\ufffd', as a browser shows it"),
    (Decoded("", 2, (3,)), "2 bytes are not valid UTF-8 (line 3); they were replaced with '\ufffd', as a browser shows them"),
    (Decoded("", 4, (85, 86)),
     "4 bytes are not valid UTF-8 (lines 85 and 86); they were replaced with '\ufffd', as a browser shows them"),
    (Decoded("", 1200, tuple(range(1, 8))), "1,200 bytes are not valid UTF-8 (lines 1, 2, 3, 4, 5 and 2 more); "
                                            "they were replaced with '\ufffd', as a browser shows them"),
])
def test_replaced_message(decoded, message):
    assert decoded.replaced("UTF-8") == message


# --- decode_html: which reading, and what the editor is told ------------------------------------

@pytest.mark.parametrize("raw, needle, encoding, message", [
    pytest.param(german_page('<meta charset="utf-8">', b"Mitgef\xfchl w\xe4hlen!"), "Mitgef\ufffdhl w\ufffdhlen!", "utf-8",
                 "declares the encoding 'utf-8' but 2 bytes are not valid UTF-8 (line 6); they were replaced with "
                 "'\ufffd', as a browser shows them", id="declared-utf-8-stray-latin-1"),
    pytest.param(german_page('<meta charset="UTF-8">', b"\xe5\x8c\x97\xe4\xba Peking"), "北\ufffd Peking", "utf-8",
                 "declares the encoding 'UTF-8' but 2 bytes are not valid UTF-8 (line 6); they were replaced with "
                 "'\ufffd', as a browser shows them", id="declared-utf-8-truncated-sequence"),
    pytest.param(german_page("", b"Mitgef\xfchl"), "Mitgef\ufffdhl", "utf-8",
                 "declares no encoding and 1 byte is not valid UTF-8 (line 6); it was replaced with '\ufffd', as a "
                 "browser shows it", id="undeclared-utf-8-with-a-stray-byte"),
    pytest.param(codecs.BOM_UTF8 + german_page("", b"Mitgef\xfchl"), "Mitgef\ufffdhl", "utf-8-sig",
                 "starts with a UTF-8 byte-order mark but 1 byte is not valid UTF-8 (line 6); it was replaced with "
                 "'\ufffd', as a browser shows it", id="utf-8-bom"),
    pytest.param(b'<meta charset="shift_jis">\n<p>' + "東京".encode("cp932") + b"\x81\x20</p>", "東京", "cp932",
                 "declares the encoding 'shift_jis' but 1 byte is not valid shift_jis (line 2); it was replaced "
                 "with '\ufffd', as a browser shows it", id="declared-shift-jis"),
])
def test_a_page_whose_bytes_break_its_encoding_is_read_with_replacements(raw, needle, encoding, message):
    text, used, notes = decode_html(raw)
    assert needle in text and used == encoding
    assert [(n.code, n.message, n.hint) for n in notes] == [("source-bytes-replaced", message, HINT)]
    assert "Bürgermeisterin" in text or encoding == "cp932"  # the valid letters around are read as they are


def test_a_page_that_declares_utf_8_but_is_all_cp1252_is_read_as_cp1252():
    raw = b'<meta charset="utf-8"><p>Die B\xfcrgermeisterin sagte, der Plan werde alle f\xfcnf Jahre \x93gepr\xfcft\x94.</p>'
    text, used, notes = decode_html(raw)
    assert "Die Bürgermeisterin sagte, der Plan werde alle fünf Jahre “geprüft”." in text and used == "cp1252"
    assert [(n.code, n.message) for n in notes] == [
        ("source-encoding-mismatch", "declares the encoding 'utf-8' but is not UTF-8; it was read as cp1252")]


def test_a_page_that_declares_utf_8_is_read_even_when_it_is_no_legacy_text_either():
    raw = b'<meta charset="utf-8"><p>' + bytes(range(0xa1, 0xaa)) * 3 + b"</p>"
    text, used, notes = decode_html(raw)
    assert used == "utf-8" and text.endswith("<p>" + "\ufffd" * 27 + "</p>")
    assert [n.code for n in notes] == ["source-bytes-replaced"]


def test_a_mostly_utf_8_page_without_a_declaration_is_no_longer_read_as_cp1252():
    # Before, one stray byte sent the whole page to cp1252: every umlaut became two letters ("Ã¼").
    text, used, _ = decode_html(german_page("", b"\xff"))
    assert used == "utf-8" and "Bürgermeisterin" in text and "Ã" not in text


def test_the_same_bytes_give_the_same_text_and_message():
    raw = german_page('<meta charset="utf-8">', b"Mitgef\xfchl \xe4\xb8")
    assert decode_html(raw) == decode_html(raw)


# --- through the decode stage: the page is kept, the warning names the file ---------------------

def test_a_page_with_stray_bytes_is_kept_with_a_warning_naming_the_file():
    archive, doc = process(german_page('<meta charset="utf-8">', b"Ein Gef\xfchl, das wir alle kennen und teilen."),
                           "wasser.html")
    assert doc is not None and doc.encoding == "utf-8"
    assert [(d.severity, d.path, d.code, d.message, d.hint) for d in archive.diagnostics] == [(
        "warning", "sources/wasser.html", "source-bytes-replaced",
        "'sources/wasser.html' declares the encoding 'utf-8' but 1 byte is not valid UTF-8 (line 6); it was replaced "
        "with '\ufffd', as a browser shows it", HINT)]
    texts = [p.text for p in doc.paragraphs]
    assert "Ein Gef\ufffdhl, das wir alle kennen und teilen." in texts
    assert any(t.startswith("Die Bürgermeisterin sagte") for t in texts)
    assert not archive.diagnostics[0].blocking


# --- short pages ------------------------------------------------------------------------------------

SHORT_POST = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Die Möglichkeit nichts zu tun ist auch eine Möglichkeit | Blog</title></head>
<body><div class="post"><h1>Die Möglichkeit nichts zu tun ist auch eine Möglichkeit</h1>
<div class="entry-content"><p>„Ich weiß, ich bin betrunken und sollte das vielleicht nicht sagen…“</p>
<p>– „Dann sag es nicht.“</p><p>– „Ok.“</p></div></div></body></html>"""
LYRICS = """<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>放心去飞</title></head>
<body><article><h1>放心去飞</h1><div class="lyrics">
<p>爱 逝去的爱 讨不回来</p><p>我还有话想对你说</p><p>舍不得说 来不及说</p><p>离别的话最难说出口</p>
</div></article></body></html>"""
COOKIE_WALL = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The Valley Courier</title></head>
<body><div class="cookie-banner"><p>We use cookies.</p><button>Accept all cookies</button></div></body></html>"""


@pytest.mark.parametrize("raw, first", [
    pytest.param(SHORT_POST, "„Ich weiß, ich bin betrunken und sollte das vielleicht nicht sagen…“", id="short-post"),
    pytest.param(LYRICS, "爱 逝去的爱 讨不回来", id="short-lines-in-chinese"),
])
def test_a_short_page_is_kept(raw, first):
    archive, doc = process(raw, "short.html")
    assert archive.diagnostics == [] and doc is not None
    assert doc.paragraphs[0].text == first


def test_a_page_with_only_a_cookie_notice_is_still_left_out_with_a_message():
    archive, doc = process(COOKIE_WALL, "wall.html")
    assert doc is None
    assert [(d.severity, d.code, d.message) for d in archive.diagnostics] == [
        ("error", "source-no-text", "'sources/wall.html' has no article text that could be extracted; it was left out of "
                                    "the archive")]
