"""Captured web pages (.html, .htm) as sources: article text without the page's boilerplate, the page's
metadata, encodings as declared, hostile markup kept out, the original offered as text, and a clear
message for each page that cannot be used while the rest of the archive builds.

Every page here is written by the test; none is added to the demo archive.
"""

from __future__ import annotations

import codecs
import datetime as real_datetime
import socket

import pytest

from builder.model import Metadata
from builder.pipeline import collect
from builder.stages import html_metadata, html_source, read
from builder.stages.html_decode import decode_html, declared_encoding
from builder.stages.html_metadata import iso_date, language_tag
from builder.stages.html_source import extract
from helpers import (GOOD_SIDECARS, GOOD_SOURCES, article, body_paragraphs, heading_text, make_tiny_archive, meta_rows,
                     page_html, paragraph_text, process, soup_of)

# --- the pages ----------------------------------------------------------------------------------------------

ARTICLE = """<!DOCTYPE html>
<html lang="en-gb">
<head>
<meta charset="utf-8">
<title>Council votes on water rights | The Valley Courier</title>
<meta property="og:title" content="Council votes on water rights">
<meta property="og:site_name" content="The Valley Courier">
<meta name="author" content="Jane Roe">
<meta name="description" content="The council approved a new water-sharing plan on Tuesday.">
<link rel="canonical" href="https://courier.example.org/2021/03/council-water">
</head>
<body>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your experience on our site.</p><button>Accept all cookies</button></div>
<article>
<h1>Council votes on water rights</h1>
<p class="byline">By Jane Roe</p>
<time datetime="2021-03-09T18:30:00+01:00">9 March 2021</time>
<p>The town council voted seven to two on Tuesday evening to approve a new water-sharing plan with the neighbouring farms, ending a dispute that has lasted almost a decade.</p>
<h2>A long dispute</h2>
<p>Farmers had argued since 2012 that the old agreement gave the town more than its share during dry summers, and several had taken the matter to the regional court.</p>
<p>The mayor said the plan would be reviewed every five years and that the first review would include an independent hydrologist chosen by both sides.</p>
</article>
<aside class="related-posts"><h3>Related stories</h3><ul><li><a href="/a">Drought hits valley farms as river runs dry</a></li><li><a href="/b">Mayor re-elected for a third term</a></li></ul></aside>
<section id="comments" class="comments"><h3>3 comments</h3><div class="comment"><p>Great news for everyone in the valley, finally some sense from the council after all these years of arguing.</p></div></section>
<footer><p>© 2021 The Valley Courier. All rights reserved.</p></footer>
</body>
</html>
"""
ARTICLE_PARAGRAPHS = [
    "The town council voted seven to two on Tuesday evening to approve a new water-sharing plan with the "
    "neighbouring farms, ending a dispute that has lasted almost a decade.",
    "A long dispute",
    "Farmers had argued since 2012 that the old agreement gave the town more than its share during dry summers, "
    "and several had taken the matter to the regional court.",
    "The mayor said the plan would be reviewed every five years and that the first review would include an "
    "independent hydrologist chosen by both sides.",
]

JSON_LD = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>Harbour reopens after storm</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "name": "Coastal Times", "url": "https://coastal.example.net/"},
 {"@type": "NewsArticle", "headline": "Harbour reopens after storm",
  "author": [{"@type": "Person", "name": "Ana Lima"}, {"@type": "Person", "name": "Tom Berg"}],
  "datePublished": "2019-11-18T07:45:00Z", "inLanguage": "pt-BR",
  "publisher": {"@type": "Organization", "name": "Coastal Times"},
  "description": "<p>The harbour reopened on Monday.</p>",
  "mainEntityOfPage": {"@type": "WebPage", "@id": "https://coastal.example.net/harbour"}}]}
</script>
</head>
<body>
<main>
<p>The harbour reopened to fishing boats on Monday morning, three days after the storm tore two pontoons from their moorings and sank a trawler at the quay.</p>
<p>Harbour master Rui Costa said divers had checked the channel overnight and found it clear, though a speed limit of four knots would stay in place until the end of the week.</p>
</main>
</body>
</html>
"""

HOSTILE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>&lt;script&gt;alert(1)&lt;/script&gt; Hostile page</title>
<meta name="description" content="&lt;img src=x onerror=alert(9)&gt;A page full of attacks">
<script>alert("head")</script></head>
<body onload="alert(0)">
<article>
<p>This report quotes the attack string &lt;script&gt;alert(1)&lt;/script&gt; exactly as the attacker typed it into the comment form of the ministry website.</p>
<script>alert(2)</script>
<p onclick="alert(3)">The second paragraph carries an onclick handler <img src="x.png" onerror="alert(4)"> and an image with an onerror handler that must never reach the archive.</p>
<p>A third paragraph links <a href="javascript:alert(5)">to a javascript address</a> and mentions &lt;img src=x onerror=alert(6)&gt; as plain text, which must show literally.</p>
<svg onload="alert(7)"><text>svg text</text></svg>
<iframe src="https://evil.example/" onload="alert(8)"></iframe>
</article>
</body>
</html>
"""
HOSTILE_PARAGRAPHS = [
    "This report quotes the attack string <script>alert(1)</script> exactly as the attacker typed it into the "
    "comment form of the ministry website.",
    "The second paragraph carries an onclick handler and an image with an onerror handler that must never reach "
    "the archive.",
    "A third paragraph links to a javascript address and mentions <img src=x onerror=alert(6)> as plain text, "
    "which must show literally.",
]


def geneva(declaration: str) -> bytes:
    """A page in windows-1252 bytes, with the given encoding declaration in its head (or none)."""
    return f"""<!DOCTYPE html>
<html><head>{declaration}<title>Café society in Geneva</title></head>
<body><article>
<p>The “quoted” word appears in this paragraph, naïve as it is, in a story about the café society of Geneva and its crème brûlée.</p>
<p>A second paragraph follows — with an em dash — so that the extractor finds enough text to call it an article of some length.</p>
</article></body></html>
""".encode("cp1252")


GENEVA_PARAGRAPHS = [
    "The “quoted” word appears in this paragraph, naïve as it is, in a story about the café society of Geneva "
    "and its crème brûlée.",
    "A second paragraph follows — with an em dash — so that the extractor finds enough text to call it an "
    "article of some length.",
]

BOILERPLATE_ONLY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The Valley Courier</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner"><p>We use cookies.</p><button>Accept all cookies</button></div>
<footer><p>© 2021 The Valley Courier</p></footer>
</body></html>
"""

HUGE = b"<html><body><p>" + b"x" * (read.MAX_SOURCE_BYTES - 33) + b"</p></body></html>\n"  # one byte over

PAGES = {
    "council-water.html": ARTICLE,
    "harbour.htm": JSON_LD,
    "hostile.html": HOSTILE,
    "geneva-meta.html": geneva('<meta charset="windows-1252">'),
    "geneva-legacy.html": geneva(""),
    "boilerplate.html": BOILERPLATE_ONLY,
    "huge.html": HUGE,
}

# (path, severity, code, message, hint), in the order the build reports them.
EXPECTED = [
    ("sources/boilerplate.html", "error", "source-no-text",
     "'sources/boilerplate.html' has no article text that could be extracted; it was left out of the archive",
     "check that the file is the saved article itself, not a front page, a login or cookie wall, or a page that "
     "loads its text with JavaScript"),
    ("sources/geneva-legacy.html", "warning", "source-encoding-fallback",
     "'sources/geneva-legacy.html' declares no encoding and is not valid UTF-8; it was read as cp1252",
     "check accented letters and quotes on its page, then add <meta charset> or re-save the file as UTF-8"),
    # The same article, saved with its encoding declared and without: a copy (see tests/test_duplicates.py).
    ("sources/geneva-meta.html", "warning", "duplicate-near",
     "'sources/geneva-meta.html' is nearly identical to 'sources/geneva-legacy.html' (100% of their words alike, in "
     "order; the threshold is 90%)",
     "add 'duplicate_of: geneva-legacy' to sources/geneva-meta.yml (its page then forwards to the original), or "
     "delete 'sources/geneva-meta.html'; if they are different documents, add 'not_duplicate_of: [geneva-legacy]' "
     "to sources/geneva-meta.yml"),
    ("sources/hostile.html", "warning", "source-metadata-markup",
     "'sources/hostile.html' gives a title that contains HTML markup; it was not kept",
     "set 'title' in the document's sidecar file"),
    ("sources/huge.html", "error", "source-too-large",
     "'huge.html' is 5,000,001 bytes, over the limit of 5,000,000",
     "save the page again as 'Web Page, HTML only' (without images), or copy its text into a .txt file"),
]


@pytest.fixture(scope="module")
def html_build(tmp_path_factory):
    """The two good text documents plus every page above, built once; returns (archive, site)."""
    assert len(HUGE) == read.MAX_SOURCE_BYTES + 1
    archive = make_tiny_archive(tmp_path_factory.mktemp("html") / "archive", {**GOOD_SOURCES, **PAGES}, GOOD_SIDECARS)
    return archive, archive.build()


def page(site, doc_id):
    return soup_of(page_html(site, f"documents/{doc_id}.md"))


def header(soup) -> dict[str, str]:
    return {label: dd.get_text() for label, dd in meta_rows(soup).items()}


def paragraphs(soup) -> list[str]:
    return [paragraph_text(p) for p in body_paragraphs(soup).values()]


# --- the built archive --------------------------------------------------------------------------------------

def test_the_other_documents_still_build(html_build):
    _, site = html_build
    assert sorted(p.name for p in (site / "documents").iterdir()) == [
        "council-water", "geneva-legacy", "geneva-meta", "goodenough-2010", "harbour", "hostile", "nichols-2023"]


def test_each_unusable_page_is_reported_exactly(html_build):
    archive, _ = html_build
    found = collect(archive.content)
    assert [(d.path, d.severity, d.code, d.message, d.hint) for d in found.diagnostics] == EXPECTED
    assert [(d.line, d.column) for d in found.diagnostics] == [(0, 0)] * len(EXPECTED)
    assert found.blocking_errors == []


def test_metadata_from_title_og_author_time_and_canonical_tags(html_build):
    _, site = html_build
    soup = page(site, "council-water")
    assert heading_text(article(soup).h1) == "Council votes on water rights"
    assert header(soup) == {
        "Authors": "Jane Roe",
        "Date": "9 March 2021",
        "Publication": "The Valley Courier",
        "Original address": "https://courier.example.org/2021/03/council-water",
        "Language": "en-GB",
        "Summary": "The council approved a new water-sharing plan on Tuesday.",
        "Source": "view the captured original (86 words) · download",
    }
    rows = meta_rows(soup)
    assert rows["Date"].find("time")["datetime"] == "2021-03-09"
    assert rows["Original address"].find("a")["href"] == "https://courier.example.org/2021/03/council-water"
    # Found in the page, not supplied by an editor.
    assert rows["Authors"].select("span.archive-editor-mark") == []


def test_metadata_fields_are_marked_as_found_in_the_source(html_build):
    archive, _ = html_build
    doc = collect(archive.content).document("council-water")
    assert doc.origins == {name: "source" for name in
                           ("title", "authors", "date", "publication", "url", "language", "description")}
    assert doc.needs_review == []
    assert doc.encoding == "utf-8"


def test_metadata_from_json_ld(html_build):
    _, site = html_build
    soup = page(site, "harbour")
    assert heading_text(article(soup).h1) == "Harbour reopens after storm"
    assert header(soup) == {
        "Authors": "Ana Lima, Tom Berg",
        "Date": "18 November 2019",
        "Publication": "Coastal Times",
        "Original address": "https://coastal.example.net/harbour",
        "Language": "pt-BR",
        "Summary": "The harbour reopened on Monday.",
        "Source": "view the captured original (59 words) · download",
    }


def test_paragraphs_and_headings_in_page_order_without_boilerplate(html_build):
    _, site = html_build
    soup = page(site, "council-water")
    # The headline is the page title, not repeated as a paragraph; the byline and date line became metadata;
    # the subheading is kept in its place.
    assert paragraphs(soup) == ARTICLE_PARAGRAPHS
    assert [p["id"] for p in body_paragraphs(soup).values()] == ["p1", "p2", "p3", "p4"]
    text = article(soup).get_text()
    for boilerplate in ("Home", "Sport", "cookies", "Accept all", "Related stories", "Drought hits", "re-elected",
                        "3 comments", "Great news", "All rights reserved", "©"):
        assert boilerplate not in text, boilerplate


def test_hostile_markup_never_reaches_the_site(html_build):
    _, site = html_build
    soup = page(site, "hostile")
    # The page's <title> carries markup: it is not kept (see test_each_unusable_page_is_reported_exactly).
    assert heading_text(article(soup).h1) == "Untitled document (hostile)"
    assert paragraphs(soup) == HOSTILE_PARAGRAPHS
    for p in body_paragraphs(soup).values():
        assert p.find_all(True) == [], p  # text only: no element from the page
    # No page of the site runs the page's scripts, carries its handlers or links to javascript:.
    for path in sorted(site.rglob("*.html")):
        built = soup_of(path)
        assert [s for s in built.find_all("script") if "alert(" in s.get_text()] == [], path
        assert [(tag.name, name) for tag in built.find_all(True) for name in tag.attrs if name.lower().startswith("on")] == [], path
        assert [a for a in built.find_all("a", href=True) if a["href"].strip().lower().startswith("javascript:")] == [], path
        assert built.find_all(["iframe", "svg"], src=True) == [], path
        assert built.find_all("img", src="x.png") == [], path


def test_encoding_declared_by_meta_charset(html_build):
    archive, site = html_build
    soup = page(site, "geneva-meta")
    assert heading_text(article(soup).h1) == "Café society in Geneva"
    assert paragraphs(soup) == GENEVA_PARAGRAPHS
    assert collect(archive.content).document("geneva-meta").encoding == "cp1252"


def test_undeclared_cp1252_page_is_read_with_a_warning(html_build):
    archive, site = html_build
    assert paragraphs(page(site, "geneva-legacy")) == GENEVA_PARAGRAPHS
    found = collect(archive.content)
    assert found.document("geneva-legacy").encoding == "cp1252"
    assert [d.code for d in found.diagnostics if d.path == "sources/geneva-legacy.html"] == ["source-encoding-fallback"]


def test_original_is_offered_as_text_and_linked(html_build):
    archive, site = html_build
    published_files = ["council-water.html.txt", "geneva-legacy.html.txt", "geneva-meta.html.txt", "goodenough-2010.txt",
                       "harbour.htm.txt", "hostile.html.txt", "nichols-2023.txt"]
    assert sorted(p.name for p in (site / "sources").iterdir()) == sorted(
        published_files + [f"{name}.html" for name in published_files])  # each with its page (emit.originals)
    for name in ("council-water.html", "harbour.htm", "hostile.html", "geneva-legacy.html"):
        published = site / "sources" / f"{name}.txt"
        assert published.read_bytes() == (archive.sources / name).read_bytes()
        doc_id = name.rsplit(".", 1)[0]
        link, download = meta_rows(page(site, doc_id))["Source"].find_all("a")
        assert link.get_text() == "view the captured original"
        assert link["title"] == "The web page as captured, shown as text (its HTML is never run)"
        assert link["href"] == f"../../sources/{name}.txt.html"
        assert download["href"] == f"../../sources/{name}.txt"
        assert (site / "documents" / doc_id / download["href"]).resolve() == published.resolve()
    assert not list(site.rglob("*.html.html")) and not (site / "sources" / "hostile.html").exists()


# --- decoding, stage by stage ------------------------------------------------------------------------------

def test_http_equiv_content_type_declares_the_encoding():
    raw = geneva('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
    archive, doc = process(raw, "geneva.html")
    assert archive.diagnostics == []
    assert doc.encoding == "cp1252"
    assert [p.text for p in doc.paragraphs] == GENEVA_PARAGRAPHS


def test_xhtml_page_with_an_xml_declaration():
    page = ('<?xml version="1.0" encoding="ISO-8859-2"?>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="pl"><head><title>Zażółć gęślą jaźń</title></head>'
            "<body><div><p>Zażółć gęślą jaźń - to zdanie zawiera wszystkie polskie litery diakrytyczne i jest często "
            "używane do testów.</p><p>Drugi akapit artykułu, także dość długi, aby ekstraktor uznał tekst za artykuł.</p>"
            "</div></body></html>")
    archive, doc = process(page.encode("iso-8859-2"), "pl.html")
    assert archive.diagnostics == []
    assert (doc.encoding, doc.metadata.title, doc.metadata.language) == ("iso8859_2", "Zażółć gęślą jaźń", "pl")
    assert [p.text for p in doc.paragraphs] == [
        "Zażółć gęślą jaźń - to zdanie zawiera wszystkie polskie litery diakrytyczne i jest często używane do testów.",
        "Drugi akapit artykułu, także dość długi, aby ekstraktor uznał tekst za artykuł."]


@pytest.mark.parametrize("head, label", [
    ('<meta charset="utf-8">', "utf-8"),
    ("<meta charset=ISO-8859-1>", "ISO-8859-1"),
    ('<meta http-equiv="content-type" content="text/html; charset=Shift_JIS">', "Shift_JIS"),
    ('<meta content="text/html;charset=koi8-r" http-equiv="Content-Type">', "koi8-r"),
    ('<!-- <meta charset="koi8-r"> --><meta charset="utf-8">', "utf-8"),
    ("", ""),
])
def test_declared_encoding(head, label):
    assert declared_encoding(f"<!DOCTYPE html><html><head>{head}<title>t</title></head>".encode("ascii")) == label


def test_xml_declaration_declares_the_encoding():
    assert declared_encoding(b'<?xml version="1.0" encoding="ISO-8859-2"?>\n<html></html>') == "ISO-8859-2"


@pytest.mark.parametrize("raw, text, encoding, codes", [
    pytest.param('<meta charset="utf-8"><p>Grüße “x”</p>'.encode("utf-8"), "<p>Grüße “x”</p>", "utf-8", [], id="utf-8"),
    pytest.param(b"<meta charset=latin-1><p>caf\xe9 \x93x\x94</p>", "<p>café “x”</p>", "cp1252", [], id="latin-1-as-cp1252"),
    pytest.param('<meta charset="koi8-r"><p>Привет</p>'.encode("koi8-r"), "<p>Привет</p>", "koi8_r", [], id="koi8-r"),
    pytest.param(codecs.BOM_UTF16_LE + "<p>Grüße</p>".encode("utf-16-le"), "<p>Grüße</p>", "utf-16", [], id="utf-16-bom"),
    pytest.param(codecs.BOM_UTF8 + b'<meta charset="windows-1252"><p>caf\xc3\xa9</p>', "<p>café</p>", "utf-8-sig", [],
                 id="bom-beats-meta"),
    pytest.param('<meta charset="utf-16"><p>Grüße</p>'.encode("utf-8"), "<p>Grüße</p>", "utf-8", [], id="utf-16-label-means-utf-8"),
    pytest.param('<meta charset="windows-1252"><p>café</p>'.encode("utf-8"), "<p>café</p>", "utf-8",
                 ["source-encoding-mismatch"], id="declared-cp1252-but-utf-8"),
    pytest.param('<meta charset="klingon"><p>café</p>'.encode("utf-8"), "<p>café</p>", "utf-8",
                 ["source-encoding-unknown"], id="unknown-label"),
    pytest.param(b"<p>caf\xe9</p>", "<p>café</p>", "cp1252", ["source-encoding-fallback"], id="undeclared-cp1252"),
    pytest.param('<meta charset="shift_jis"><p>①髙</p>'.encode("cp932"), "<p>①髙</p>", "cp932", [], id="shift_jis-as-cp932"),
    pytest.param('<meta charset="gb2312"><p>镕</p>'.encode("gb18030"), "<p>镕</p>", "gb18030", [], id="gb2312-as-gb18030"),
    pytest.param('<meta charset="euc-kr"><p>한국</p>'.encode("utf-8"), "<p>한국</p>", "utf-8", ["source-encoding-mismatch"],
                 id="declared-euc-kr-but-utf-8"),
    pytest.param(b'<meta charset="utf-7"><p>a+ADw-b</p>', "<p>a+ADw-b</p>", "utf-8", ["source-encoding-unknown"],
                 id="utf-7-refused"),
    pytest.param(b'<meta charset="klingon"><p>caf\xe9</p>', "<p>café</p>", "cp1252",
                 ["source-encoding-unknown", "source-encoding-fallback"], id="unknown-label-then-cp1252"),
])
def test_decode_html(raw, text, encoding, codes):
    decoded, used, notes = decode_html(raw)
    assert decoded.endswith(text)
    assert used == encoding
    assert [n.code for n in notes] == codes


def test_unknown_label_then_fallback_messages():
    _, _, notes = decode_html(b'<meta charset="klingon"><p>caf\xe9</p>')
    assert [n.message for n in notes] == [
        "declares the encoding 'klingon', which is not known; it was read as UTF-8 or cp1252",
        "declares no known encoding and is not valid UTF-8; it was read as cp1252"]


def test_declared_encoding_mismatch_message():
    _, _, notes = decode_html('<meta charset="windows-1252"><p>café</p>'.encode("utf-8"))
    assert [(n.message, n.hint) for n in notes] == [(
        "declares the encoding 'windows-1252' but is UTF-8; it was read as UTF-8",
        "check accented letters and quotes on its page, then fix the page's <meta charset>")]


@pytest.mark.parametrize("raw, code, message, hint", [
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00", "source-binary",
                 "'sources/p.html' is a binary file, not a web page (it contains NUL bytes); it was left out of the archive",
                 "save the page again from the browser as 'Web Page, HTML only'", id="binary"),
    pytest.param(bytes(range(0xa1, 0xaa)) * 40, "source-undecodable",  # '¡¢£¤¥¦§¨©': no letters
                 "'sources/p.html' cannot be decoded as text: it declares no encoding and is neither UTF-8 nor a legacy "
                 "Western encoding; it was left out of the archive",
                 "save the page again from the browser, or re-save the file as UTF-8", id="not-text"),
    pytest.param(b"", "source-empty", "'sources/p.html' is empty; it was left out of the archive",
                 "add the document's text, or delete the file", id="empty"),
    pytest.param(b"  \n", "source-empty", "'sources/p.html' is empty; it was left out of the archive",
                 "add the document's text, or delete the file", id="blank"),
    pytest.param(BOILERPLATE_ONLY, "source-no-text",
                 "'sources/p.html' has no article text that could be extracted; it was left out of the archive",
                 "check that the file is the saved article itself, not a front page, a login or cookie wall, or a page "
                 "that loads its text with JavaScript", id="boilerplate-only"),
    pytest.param("<html><head><title>Only a title</title></head><body></body></html>", "source-no-text",
                 "'sources/p.html' has no article text that could be extracted; it was left out of the archive",
                 "check that the file is the saved article itself, not a front page, a login or cookie wall, or a page "
                 "that loads its text with JavaScript", id="no-body"),
])
def test_unusable_page_is_dropped_with_a_message(raw, code, message, hint):
    archive, doc = process(raw, "p.html")
    assert doc is None
    assert [(d.severity, d.code, d.message, d.hint) for d in archive.diagnostics] == [("error", code, message, hint)]


def test_a_page_the_parser_fails_on_is_dropped_with_a_message(monkeypatch):
    def fail(page):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(html_source, "run_library", fail)
    archive, doc = process(ARTICLE, "p.html")
    assert doc is None
    assert [(d.severity, d.code, d.message, d.hint) for d in archive.diagnostics] == [(
        "error", "source-unreadable",
        "'sources/p.html' could not be read as a web page (RecursionError); it was left out of the archive",
        "save the page again from the browser as 'Web Page, HTML only'")]


def test_page_over_the_size_limit_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_SOURCE_BYTES", 3000)
    archive = make_tiny_archive(tmp_path / "a", {"big.html": "<p>" + "x" * 3000 + "</p>", "small.htm": ARTICLE}, {},
                                about=False)
    found = collect(archive.content)
    assert [(d.severity, d.path, d.code, d.message, d.hint) for d in found.diagnostics] == [
        ("error", "sources/big.html", "source-too-large", "'big.html' is 3,007 bytes, over the limit of 3,000",
         "save the page again as 'Web Page, HTML only' (without images), or copy its text into a .txt file")]
    assert [d.id for d in found.documents] == ["small"]


# --- reading ---------------------------------------------------------------------------------------------------

def test_html_and_htm_in_any_case_are_sources_and_share_the_id_space(tmp_path):
    archive = make_tiny_archive(tmp_path / "a", {"one.html": ARTICLE, "Two.HTM": JSON_LD, "three.txt": GOOD_SOURCES[
        "nichols-2023.txt"], "one.txt": GOOD_SOURCES["goodenough-2010.txt"], "page.xhtml": ARTICLE}, {}, about=False)
    found = collect(archive.content)
    assert [d.id for d in found.documents] == ["two", "one", "three"]  # in file-name order
    assert [(d.path, d.code) for d in found.diagnostics] == [("sources/one.txt", "source-duplicate-id"),
                                                             ("sources/page.xhtml", "source-unsupported")]


def test_an_editors_sidecar_overrides_what_the_page_says(tmp_path):
    archive = make_tiny_archive(tmp_path / "a", {"council.html": ARTICLE},
                                {"council.yml": "title: Water vote\nauthors: [J. Roe]\n"}, about=False)
    doc = collect(archive.content).document("council")
    assert (doc.metadata.title, doc.metadata.authors, doc.metadata.publication) == ("Water vote", ("J. Roe",),
                                                                                   "The Valley Courier")
    assert (doc.origins["title"], doc.origins["authors"], doc.origins["publication"]) == ("editor", "editor", "source")


def test_metadata_with_markup_is_not_kept():
    meta = Metadata(title="<script>alert(1)</script> News", authors=("Ana Lima", "<svg onload=alert(1)>", "Tom Berg"),
                    publication="Times</title><script>x", section="World", description='"><iframe src=x>',
                    url="https://example.org/a", language="en")
    notes = html_metadata.without_markup(meta)
    assert meta == Metadata(authors=("Ana Lima", "Tom Berg"), section="World", url="https://example.org/a", language="en")
    assert [(n.code, n.message, n.hint) for n in notes] == [
        ("source-metadata-markup", "gives a title that contains HTML markup; it was not kept",
         "set 'title' in the document's sidecar file"),
        ("source-metadata-markup", "gives an author's name that contains HTML markup; it was not kept",
         "set 'authors' in the document's sidecar file"),
        ("source-metadata-markup", "gives a site name that contains HTML markup; it was not kept",
         "set 'publication' in the document's sidecar file"),
        ("source-metadata-markup", "gives a description that contains HTML markup; it was not kept",
         "set 'description' in the document's sidecar file"),
    ]


def test_formatting_tags_leaked_into_metadata_are_dropped():
    meta = Metadata(title="<img src=x onerror=alert(1)> News <b>today</b>", authors=("<b onclick=alert(1)>Sam</b>",),
                    description="<p>Share this <!-- x -->on WhatsApp</p>")
    assert html_metadata.without_markup(meta) == []
    assert (meta.title, meta.authors, meta.description) == ("News today", ("Sam",), "Share this on WhatsApp")


def test_an_unclosed_comment_in_metadata_is_not_kept_and_the_editor_is_told():
    # Regression: a comment left open was cut to the end of the value, and the rest kept silently.
    meta = Metadata(title="Council votes <!-- on water rights", authors=("Sam <!-- x --> Lee", "<!--" * 20_000),
                    description="Share this <!-- x --> on <!-- WhatsApp")
    notes = html_metadata.without_markup(meta)
    # In the description (an attribute's value) only a '"' as well could do harm: it is kept as it reads.
    assert (meta.title, meta.authors, meta.description) == ("", ("Sam Lee",), "Share this on <!-- WhatsApp")
    assert [(n.code, n.message) for n in notes] == [
        ("source-metadata-markup", "gives a title that contains HTML markup; it was not kept"),
        ("source-metadata-markup", "gives an author's name that contains HTML markup; it was not kept"),
    ]


def test_angle_brackets_as_quotation_marks_stay_in_a_description():
    # Korean writing puts titles of works in <...>; inside the description's attribute that opens no tag.
    meta = Metadata(title="Review", description="Visitors saw <The Palace: Tale of Jang Noksu> at the theatre")
    assert html_metadata.without_markup(meta) == []
    assert meta.description == "Visitors saw <The Palace: Tale of Jang Noksu> at the theatre"


def test_markup_in_the_site_name_is_not_kept():
    page = ARTICLE.replace('content="The Valley Courier"', 'content="&lt;/title&gt;&lt;script&gt;x"')
    result = extract(page.encode("utf-8"))
    assert result.metadata.publication == ""
    assert [n.code for n in result.notes] == ["source-metadata-markup"]


def test_a_less_than_sign_that_opens_no_tag_is_kept():
    page = ARTICLE.replace("<title>Council votes on water rights |", "<title>Votes: 7 < 9 and 2 <= 3 |").replace(
        'content="Council votes on water rights"', 'content="Votes: 7 &lt; 9 and 2 &lt;= 3"').replace(
        "<h1>Council votes on water rights</h1>", "<h1>Votes: 7 &lt; 9 and 2 &lt;= 3</h1>")
    result = extract(page.encode("utf-8"))
    assert (result.metadata.title, result.notes) == ("Votes: 7 < 9 and 2 <= 3", [])


# Was a stored XSS: the theme prints the front matter 'title' unescaped; emit/frontmatter.py escapes it now.
def test_markup_in_a_title_taken_from_the_text_is_not_run(build_archive):
    page = ("<html><body><p>&lt;b onmouseover=alert(1)&gt;Breaking&lt;/b&gt; news</p>"
            f"<p>{ARTICLE_PARAGRAPHS[0]}</p><p>{ARTICLE_PARAGRAPHS[2]}</p></body></html>")
    _, site = build_archive({"breaking.html": page}, {})
    built = soup_of(page_html(site, "documents/breaking.md"))
    assert [(tag.name, name) for tag in built.find_all(True) for name in tag.attrs if name.startswith("on")] == []


# --- extraction details --------------------------------------------------------------------------------------

def test_the_later_stages_read_a_byline_the_page_left_in_the_text():
    # No author in the page's metadata: the text stages find the byline and take it out of the body.
    page = ARTICLE.replace('<meta name="author" content="Jane Roe">\n', "").replace(
        '<p class="byline">By Jane Roe</p>', "<p>By Jane Roe and Sam Poe</p>")
    archive, doc = process(page, "council.html")
    assert archive.diagnostics == []
    assert doc.metadata.authors == ("Jane Roe", "Sam Poe")
    assert [p.text for p in doc.paragraphs] == ARTICLE_PARAGRAPHS


def test_title_repeated_at_the_top_of_the_text_is_not_a_paragraph():
    result = extract(ARTICLE.encode("utf-8"))
    assert result.metadata.title == "Council votes on water rights"
    assert result.lines == [ARTICLE_PARAGRAPHS[0], "", ARTICLE_PARAGRAPHS[1], "", ARTICLE_PARAGRAPHS[2], "",
                            ARTICLE_PARAGRAPHS[3]]


def test_metadata_found_in_meta_tags_when_the_library_has_none():
    tree_only = html_metadata.page_metadata(None, html_source.run_library(ARTICLE)[1])
    assert tree_only == Metadata(title="Council votes on water rights", authors=("Jane Roe",), date="2021-03-09",
                                 publication="The Valley Courier", url="https://courier.example.org/2021/03/council-water",
                                 language="en-GB", description="The council approved a new water-sharing plan on Tuesday.")


def test_only_http_addresses_become_the_url():
    page = ARTICLE.replace("https://courier.example.org/2021/03/council-water", 'javascript:alert("x")')
    assert extract(page.encode("utf-8")).metadata.url == ""


def test_a_long_description_is_shortened():
    page = ARTICLE.replace("The council approved a new water-sharing plan on Tuesday.", "word " * 200)
    description = extract(page.encode("utf-8")).metadata.description
    assert description == ("word " * 100).strip() + "…"
    assert len(description) <= html_metadata.DESCRIPTION_MAX_CHARS + 1


@pytest.mark.parametrize("value, iso", [
    ("2021-03-09T18:30:00+01:00", "2021-03-09"),
    ("2021-03-09", "2021-03-09"),
    ("2021-03", "2021-03"),
    ("2021", "2021"),
    ("November 3, 2010", "2010-11-03"),
    ("2021-02-30", ""),
    ("soon", ""),
])
def test_iso_date(value, iso):
    assert iso_date(value) == iso


@pytest.mark.parametrize("value, tag", [("en", "en"), ("EN-us", "en-US"), ("en_GB", "en-GB"), ("zh-hant-tw", "zh-Hant-TW"),
                                        ("english", ""), ("e", ""), ("en us", "")])
def test_language_tag(value, tag):
    assert language_tag(value) == tag


# --- deterministic, offline ----------------------------------------------------------------------------------

def test_same_page_same_result():
    assert extract(ARTICLE.encode("utf-8")) == extract(ARTICLE.encode("utf-8"))


def test_no_network_is_used(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the extraction tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert extract(JSON_LD.encode("utf-8")).metadata.date == "2019-11-18"


def test_the_date_does_not_depend_on_the_day_of_the_build(monkeypatch):
    import htmldate.validators

    class LongAgo(real_datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2001, 1, 1, tzinfo=tz)

    # With the library's default (the latest acceptable date is today), a 2019 date would be refused in 2001.
    monkeypatch.setattr(htmldate.validators, "datetime", LongAgo)
    page = JSON_LD.replace('"datePublished": "2019-11-18T07:45:00Z", ', "")
    page = page.replace("<title>", '<meta property="article:published_time" content="2019-11-18T07:45:00Z"><title>')
    assert extract(page.encode("utf-8")).metadata.date == "2019-11-18"
