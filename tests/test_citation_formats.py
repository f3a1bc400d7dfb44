"""Citing a document (builder/emit/citations.py) and the foot of its page
(builder/emit/document_foot.py): the plain citation, BibTeX, RIS and CSL-JSON with the archive
page's address and the original one, no internal id; the page's address on the hosted site;
the documents before and after by date; and the footed page, which is not decoded to be made."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest
import yaml

from builder.emit import citations, document_foot
from builder.emit.citations import Place
from builder.emit.frontmatter import page
from builder.emit.urls import Urls
from builder.model import Archive, ContentPath, DocId, Document, Indexes, Metadata, SourceFile
from browser_support import unzip
from builder.bridge.bundle import make_bundle
from helpers import FAKE_CONTENT, REPO, set_plugin_option, soup_of

ARCHIVE = "China, the UN and Human Rights"
PAGE = "https://example.org/china-un-human-rights/documents/cns-2010/"
ORIGINAL = "https://www.cnsnews.com/news/article/china-backs-ban-ki-moon"


def doc(doc_id: str = "cns-2010", **meta) -> Document:
    source = SourceFile(ContentPath(f"sources/{doc_id}.txt"), FAKE_CONTENT / "sources" / f"{doc_id}.txt", b"")
    record = Document(DocId(doc_id), source)
    record.metadata = Metadata(**{"title": "China Backs Ban Ki-Moon", **meta})
    return record


CNS = dict(authors=("Patrick Goodenough",), date="2010-11-03", publication="CNSNews.com", url=ORIGINAL, language="en")


def test_plain_citation_names_the_archive_page_and_the_original():
    assert citations.plain(doc(**CNS), Place(ARCHIVE, PAGE)) == (
        "Patrick Goodenough. “China Backs Ban Ki-Moon.” CNSNews.com, 3 November 2010. "
        f"{ORIGINAL}. Archived in {ARCHIVE}, {PAGE}.")


def test_plain_citation_without_a_site_address_or_byline():
    record = doc(date="2014-02")
    assert citations.plain(record, Place(ARCHIVE)) == f"“China Backs Ban Ki-Moon.” February 2014. Archived in {ARCHIVE}."
    assert citations.plain(doc(), Place(ARCHIVE, PAGE)) == f"“China Backs Ban Ki-Moon.” undated. Archived in {ARCHIVE}, {PAGE}."


def test_bibtex_entry():
    assert citations.bibtex(doc(**CNS), Place(ARCHIVE, PAGE)).splitlines() == [
        "@article{goodenough2010china,",
        "  title = {China Backs Ban Ki-Moon},",
        "  author = {Patrick Goodenough},",
        "  journal = {CNSNews.com},",
        "  year = {2010},",
        "  month = {11},",
        "  date = {2010-11-03},",
        f"  url = {{{PAGE}}},",
        f"  note = {{Archived in {ARCHIVE}. Original address: \\url{{{ORIGINAL}}}}},",
        "  language = {en},",
        "}"]


def test_bibtex_without_a_publication_is_misc_and_cites_the_original_when_the_site_has_no_address():
    lines = citations.bibtex(doc(url=ORIGINAL, authors=("A. N. Other", "Zoë Ång")), Place(ARCHIVE)).splitlines()
    assert lines == ["@misc{otherndchina,",
                     "  title = {China Backs Ban Ki-Moon},",
                     "  author = {A. N. Other and Zoë Ång},",
                     f"  url = {{{ORIGINAL}}},",
                     f"  note = {{Archived in {ARCHIVE}}},",
                     "}"]
    # The key: the first author's last name, "nd" for no date, the title's first word.


def test_bibtex_keeps_an_entry_whole_whatever_the_text():
    hostile = doc(title="Braces } { and \\input{x} 100% of #1 & A_B ~ ^", authors=("O'Brien {Jr}",),
                  publication="P&L", date="2020", url="https://x.example/a}b{c\\d e")
    text = citations.bibtex(hostile, Place("Arch & Co", PAGE))
    assert text.count("{") == text.count("}")
    assert "  title = {Braces and inputx 100\\% of \\#1 \\& A\\_B {\\textasciitilde} {\\textasciicircum}}," in text
    assert f"  url = {{{PAGE}}}," in text
    assert "  note = {Archived in Arch \\& Co. Original address: \\url{https://x.example/abcde}}," in text


def test_bibtex_note_escapes_what_latex_would_take_in_an_original_address():
    """The note is text LaTeX typesets, where ``\\url`` is inside another command's argument: a
    '%' would start a comment (the rest of the entry lost) and a '#' is a parameter, unless
    written ``\\%`` and ``\\#``. The url field, read as it is, keeps them."""
    original = "https://x.example/a%20b?q=1#part"
    lines = citations.bibtex(doc(url=original), Place(ARCHIVE, PAGE)).splitlines()
    assert f"  url = {{{PAGE}}}," in lines
    assert f"  note = {{Archived in {ARCHIVE}. Original address: \\url{{https://x.example/a\\%20b?q=1\\#part}}}}," in lines
    assert citations.bibtex(doc(url=original), Place(ARCHIVE)).splitlines()[2] == f"  url = {{{original}}},"


def test_ris_record_zotero_imports():
    text = citations.ris(doc(**CNS), Place(ARCHIVE, PAGE))
    assert text.splitlines() == [
        "TY  - NEWS",
        "TI  - China Backs Ban Ki-Moon",
        "AU  - Patrick Goodenough",
        "T2  - CNSNews.com",
        "PY  - 2010",
        "DA  - 2010/11/03/",
        "LA  - en",
        f"UR  - {PAGE}",
        f"DB  - {ARCHIVE}",
        f"N1  - Original address: {ORIGINAL}",
        "ER  - "]


@pytest.mark.parametrize("date, expected", [("2021-05", ["PY  - 2021", "DA  - 2021/05//"]),
                                             ("2021", ["PY  - 2021", "DA  - 2021///"]), ("", [])])
def test_ris_partial_dates(date, expected):
    lines = citations.ris(doc(date=date, title="Line one\nline two"), Place(ARCHIVE)).splitlines()
    assert [line for line in lines if line[:2] in ("PY", "DA")] == expected
    assert lines[0] == "TY  - ELEC" and lines[1] == "TI  - Line one line two"  # one line a field
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines)


def test_csl_json_item():
    text = citations.csl_json(doc(**CNS), Place(ARCHIVE, PAGE))
    assert json.loads(text) == [{
        "id": "goodenough2010china", "type": "article-newspaper", "title": "China Backs Ban Ki-Moon",
        "author": [{"literal": "Patrick Goodenough"}], "container-title": "CNSNews.com",
        "issued": {"date-parts": [[2010, 11, 3]]}, "URL": PAGE, "archive": ARCHIVE,
        "note": f"Original address: {ORIGINAL}", "language": "en"}]
    assert text.endswith('\n    "language": "en"\n  }\n]')  # notes.js adds "accessed" before the item's end
    assert json.loads(citations.csl_json(doc(date="2021-05"), Place(ARCHIVE)))[0]["issued"] == {"date-parts": [[2021, 5]]}


def test_no_citation_ends_with_the_internal_id():
    record = doc("internal-id-xyz", **CNS)
    place = Place(ARCHIVE, "")
    for text in (citations.plain(record, place), citations.bibtex(record, place), citations.ris(record, place),
                 citations.csl_json(record, place)):
        assert "internal-id-xyz" not in text


@pytest.mark.parametrize("meta, key", [
    (CNS, "goodenough2010china"),
    (dict(publication="United Nations", date="2013-06-19", title="The Secretary-General meets"), "united2013secretarygeneral"),
    (dict(title="The"), "anonndthe"),
    (dict(authors=("Stéphanie Fillion",), date="2021-05", title="China’s Agenda for May"), "fillion2021chinas"),
])
def test_cite_keys(meta, key):
    assert citations.cite_key(doc(**meta)) == key


def test_cite_box_is_escaped_text_with_every_format():
    record = doc(title="<script>x</script> & co", authors=("<b>Eve</b>",))
    box = citations.cite_box(record, Place("A <i>site</i>", PAGE))
    assert "<script>" not in box and "<b>" not in box and "<i>" not in box
    assert box.count('<div class="archive-cite-format"') == 3
    assert [m for m in re.findall(r'data-format="([a-z-]+)" data-extension="([a-z]+)"', box)] == [
        ("bibtex", "bib"), ("ris", "ris"), ("csl-json", "json")]


# --- the page's address, its neighbours, its foot -----------------------------------------------------------

@pytest.mark.parametrize("site_url, directory_urls, expected", [
    ("https://example.org/archive/", True, "https://example.org/archive/documents/cns-2010/"),
    ("https://example.org/archive", True, "https://example.org/archive/documents/cns-2010/"),
    ("https://example.org/archive/", False, "https://example.org/archive/documents/cns-2010.html"),
    ("", True, ""),
    ("", False, ""),
])
def test_public_url_is_the_hosted_page_in_the_hosted_site_s_url_style(site_url, directory_urls, expected):
    assert document_foot.public_url(doc(), site_url, directory_urls) == expected


def cited_url(page_file: Path) -> str:
    """The archive page's address the cite box of a built document page names (its RIS UR line)."""
    ris = soup_of(page_file).select_one("pre.archive-cite-ris").get_text()
    (url,) = [line.removeprefix("UR  - ") for line in ris.splitlines() if line.startswith("UR  - ")]
    return url


@pytest.mark.parametrize("directory_urls", [True, False])
def test_a_citation_names_a_page_the_hosted_site_has_and_the_bundle_names_the_same(make_archive, tmp_path, directory_urls):
    """The site's own use_directory_urls decides the cited address (documents/x/ or
    documents/x.html: the file the hosted site has), and the offline bundle, whose pages are
    .html files whatever the setting, cites the hosted page too."""
    archive = make_archive()
    config = yaml.safe_load(archive.config.read_text(encoding="utf-8"))
    config["site_url"] = "https://example.org/sub/"
    config["use_directory_urls"] = directory_urls
    archive.config.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    site = archive.build()
    page = "documents/nichols-2023" + ("/" if directory_urls else ".html")
    hosted_file = site / (page + "index.html" if directory_urls else page)
    assert cited_url(hosted_file) == "https://example.org/sub/" + page
    result = make_bundle(archive.config, tmp_path / "dist", content_dir=archive.content)
    bundled = unzip(result.path, tmp_path / "unzipped") / result.path.stem.removesuffix("-offline")
    assert cited_url(bundled / "documents" / "nichols-2023.html") == "https://example.org/sub/" + page
    # The page's head says the same, in the site and in the bundle (canonical link, citation_public_url).
    for page_file in (hosted_file, bundled / "documents" / "nichols-2023.html"):
        soup = soup_of(page_file)
        assert soup.find("link", rel="canonical")["href"] == "https://example.org/sub/" + page, page_file
        assert soup.find("meta", attrs={"name": "citation_public_url"})["content"] == "https://example.org/sub/" + page
    # Any page's: the home page and an overview.
    for name, hosted in (("index.html", "" if directory_urls else "index.html"),
                         ("topics/index.html", "topics/" if directory_urls else "topics/index.html")):
        assert soup_of(bundled / name).find("link", rel="canonical")["href"] == "https://example.org/sub/" + hosted


def test_neighbours_by_date_oldest_to_newest_and_undated_left_out():
    archive = Archive(content_dir=FAKE_CONTENT)
    archive.documents = [doc(name, date=date, title=name.upper()) for name, date in
                         [("u", ""), ("c", "2014-02"), ("b1", "2013-06-19"), ("a", "2010-11-03"), ("d", "2021-05"),
                          ("b2", "2013-06-19")]]
    newest_first = Indexes(archive).newest_first  # the same date: by id, so b2 after b1 oldest first
    assert [d.id for d in document_foot.chronological(newest_first)] == ["a", "b2", "b1", "c", "d"]
    feet = document_foot.feet(newest_first, document_foot.neighbours(newest_first), ARCHIVE, "", Urls())

    def around(doc_id):
        return re.findall(r'rel="(prev|next)" href="([^"]+)"', feet[doc_id])

    assert around("a") == [("next", "../b2/")]
    assert around("b1") == [("prev", "../b2/"), ("next", "../c/")]
    assert around("d") == [("prev", "../c/")]
    assert around("u") == [] and "archive-neighbours" not in feet["u"]
    assert "<time datetime=\"2013-06-19\">19 June 2013</time>" in feet["a"]
    assert all(f.startswith('<div class="archive-citation">') for f in feet.values())


def test_a_footed_page_is_not_decoded_to_be_made_and_reads_as_one():
    plain = page({"title": "T", "id": "x"}, "# T\n\nBody.")
    kept = pickle.loads(pickle.dumps(plain))  # as read from the result store: still pickled
    footed = document_foot.footed(kept, document_foot.packed('<div class="archive-neighbours">\nN\n</div><!-- /archive-neighbours -->'))
    assert kept._pickled is not None and footed._pickled is not None  # nothing decoded yet
    assert footed.digest() != kept.digest()
    assert footed.text == plain.text + '\n<div class="archive-neighbours">\nN\n</div><!-- /archive-neighbours -->\n'
    assert footed._pickled is not None  # the export's text leaves it pickled
    assert footed.body == "# T\n\nBody.\n\n<div class=\"archive-neighbours\">\nN\n</div><!-- /archive-neighbours -->\n"
    again = pickle.loads(pickle.dumps(footed))
    assert (again.front, again.body, again.digest()) == (footed.front, footed.body, footed.digest())
    assert document_foot.footed(plain, b"") is plain
