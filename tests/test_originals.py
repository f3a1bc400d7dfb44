"""The captured original of each document as a page of its own (issue 21, item 8): readable
served by `python3 -m http.server` (the README's server, which sends text files without a
charset) and from the disk, its text escaped, beside the file as received."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from browser_support import describe_violations, require_chromium, run_axe, serious, serve
from builder.emit import originals
from builder.emit.urls import Urls
from builder.model import ContentPath, DocId, Document, Metadata, SourceFile
from helpers import FAKE_CONTENT, demo_archive

HOSTILE = "</pre><script>__pwned(1)</script><img src=x onerror=__pwned(2)> & &amp; <!-- -->"


def document(name: str, raw: bytes, encoding: str = "utf-8", title: str = "China’s “Agenda”", language: str = "") -> Document:
    doc = Document(DocId(name.rsplit(".", 1)[0].replace(".", "-")),
                   SourceFile(ContentPath(f"sources/{name}"), FAKE_CONTENT / "sources" / name, raw), encoding)
    doc.metadata = Metadata(title=title, language=language)
    return doc


def parsed(doc: Document, urls: Urls = Urls()) -> BeautifulSoup:
    return BeautifulSoup(originals.page_of(doc, urls, "Site & Co").decode("utf-8"), "html.parser")


def test_the_page_declares_its_charset_and_shows_the_text_as_text():
    doc = document("agenda.txt", f"China’s agenda\r\n\r\n{HOSTILE}\n\x00\x07end\tof text\n".encode("utf-8"))
    soup = parsed(doc)
    assert soup.head.meta.attrs == {"charset": "utf-8"}  # the first element of <head>
    assert soup.find("pre").get_text() == f"China’s agenda\n\n{HOSTILE}\nend\tof text\n"
    assert soup.find_all(["script", "img"]) == [] and "onerror" not in str(soup.find("main").attrs)
    assert soup.title.get_text() == "Original: China’s “Agenda” - Site & Co"
    assert soup.h1.get_text() == "Original: agenda.txt"


def test_a_legacy_text_is_shown_as_the_builder_read_it():
    doc = document("legacy.txt", "Café – “quoted”".encode("cp1252"), encoding="cp1252")
    soup = parsed(doc)
    assert soup.find("pre").get_text() == "Café – “quoted”"
    assert "read as Windows-1252 (cp1252)" in soup.select_one("p.about").get_text()


def test_a_captured_web_page_is_shown_as_its_html_source_never_run():
    raw = f'<html><head><meta charset="iso-8859-2"></head><body><p>Łódź {HOSTILE}</p></body></html>'.encode("iso-8859-2")
    doc = document("page.html", raw, encoding="iso8859-2")
    soup = parsed(doc)
    assert soup.find("pre").get_text() == raw.decode("iso-8859-2")
    assert soup.find_all(["script", "img"]) == [] and len(soup.find_all("p")) == 2  # the page's own two, none of the source's
    assert "the web page as captured, shown as text (its HTML is never run)" in soup.select_one("p.about").get_text()
    assert originals.path_of(doc) == "sources/page.html.txt.html"
    assert soup.select_one("p.about a")["href"] == "page.html.txt"


@pytest.mark.parametrize("directory, back", [(True, "../documents/agenda/"), (False, "../documents/agenda.html")])
def test_links_back_to_the_document_and_to_the_file_to_download(directory, back):
    doc = document("agenda.txt", b"text")
    soup = parsed(doc, Urls(directory))
    assert soup.header.p.a["href"] == back
    download = soup.select_one("p.about a")
    assert (download["href"], download.has_attr("download"), download.get_text()) == ("agenda.txt", True, "Download the file")


def test_a_file_name_that_needs_escaping_in_a_url():
    doc = document("a #1?.txt", b"text")
    # The file is published as "a #1%3F.txt" ('?' is no character of a portable file name: see
    # model.documents.portable_path), and its name is escaped in the link.
    assert doc.source.published_path == "sources/a #1%3F.txt"
    assert parsed(doc).select_one("p.about a")["href"] == "a%20%231%253F.txt"


@pytest.mark.parametrize("language, shown", [("en", "en"), ("pt-BR", "pt-BR"), ("english", None), ('en" onload="x', None)])
def test_the_text_s_language_only_when_it_is_a_language_tag(language, shown):
    assert parsed(document("a.txt", b"text", language=language)).find("pre").get("lang") == shown


def test_an_unknown_encoding_name_reads_as_utf8():
    assert parsed(document("a.txt", "é".encode("utf-8"), encoding="no-such-codec")).find("pre").get_text() == "é"


def test_every_document_has_one_and_no_other_file_is_overwritten():
    docs = demo_archive().documents
    pages = originals.files(docs, Urls(), "Demo")
    assert list(pages) == sorted(f"{d.source.published_path}.html" for d in docs)
    assert not set(pages) & {d.source.published_path for d in docs}
    assert originals.files(docs, Urls(), "Demo") == pages  # deterministic


# --- in a browser: served as the README serves the site, and from the disk ------------------------------

@pytest.fixture(scope="module")
def site_with_originals(demo, tmp_path_factory):
    """The demo site (directory URLs) with the originals' pages written in, as emit publishes them."""
    require_chromium()
    site = tmp_path_factory.mktemp("originals") / "site"
    shutil.copytree(demo.site, site)
    for path, data in originals.files(demo_archive().documents, Urls(), "Demo").items():
        (site / path).write_bytes(data)
    return site


def test_the_original_reads_right_served_and_from_the_disk_where_the_raw_file_does_not(site_with_originals, browser):
    name = "sources/china-backs-ban-ki-moon.txt"
    with serve(site_with_originals) as base:
        page = browser.new_page()
        try:
            errors: list[str] = []
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(str(e)))
            for url in (base + name + ".html", (site_with_originals / f"{name}.html").as_uri()):
                page.goto(url, wait_until="load")
                text = page.inner_text("pre")
                assert "Beijing’s support" in text and "â€" not in text, url
                found = serious(run_axe(page))
                assert not found, describe_violations("original", found)
                page.click("header p a")  # back to the document's page
                page.wait_for_load_state("load")
                assert page.url.rstrip("/").endswith("documents/china-backs-ban-ki-moon") or \
                    page.url.endswith("documents/china-backs-ban-ki-moon/index.html"), page.url
            assert errors == []
            # What the page is for: the file itself, served without a charset, is garbled.
            page.goto(base + name, wait_until="load")
            assert "Beijingâ€™s support" in page.inner_text("body")
        finally:
            page.close()  # (and its context: the browser is the test process's)


def test_the_byte_check_for_control_characters_finds_what_textdecode_removes():
    """originals skips the pass that removes control characters from a UTF-8 source when its
    bytes hold none: the byte check must find exactly the characters the pass removes."""
    from builder.textdecode import CONTROL

    points = [cp for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF] + [0x1F600, 0xE0001, 0x10FFFF]
    wrong = [hex(cp) for cp in points
             if (CONTROL.fullmatch(chr(cp)) is not None) != originals._controls_in_utf8(f"a{chr(cp)}b".encode("utf-8"))]
    assert wrong == []
